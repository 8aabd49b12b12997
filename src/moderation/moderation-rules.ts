import { Role } from '../core/access/role.js';
import { ModerationAction } from './moderation-enums.js';

/**
 * The moderation rules of ../shared/api/README.md ("Who may do what", "Moderation"), in one
 * place with the limits of their inputs. The automatic hide is configured by
 * MODERATION_HIDE_THRESHOLD (default 3), MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS (72) and
 * MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS (90).
 */
export const MODERATION_LIMITS = {
  /** A report's optional details. */
  details: [1, 1000],
  /** A moderator's note on HIDE or RESTORE, and the reason of a suspension. */
  note: [1, 1000],
  /**
   * Reports and decisions listed on one queue item (the most recent): plain lists, so their
   * length is part of a query's cost (core/graphql/cost-model.ts).
   */
  itemHistory: 20,
  /** The longest suspension. */
  maxSuspensionDays: 3650,
} as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** What the rules need to know of a reported or moderated proposal or comment. */
export interface ModeratedContent {
  authorId: string;
  /** The author's role now. */
  authorRole: Role;
  /**
   * A comment written as the department's (or organizer's) answer: `Comment.isOfficial`, fixed
   * when it was written, so it stays the city's word if its writer later changes role.
   */
  officialComment: boolean;
  /** Hidden by the reports, and no person has decided on it since. */
  hiddenByReports: boolean;
}

/**
 * Content in the city's own voice: written by staff, a moderator or an admin, or an official
 * comment. Only admins decide on it (nobody on an admin's), and reports never hide it
 * automatically: a handful of accounts must not be able to silence the city's answer.
 */
export function isStaffContent(content: Pick<ModeratedContent, 'authorRole' | 'officialComment'>) {
  return content.authorRole !== Role.CITIZEN || content.officialComment;
}

/**
 * Whether `actor` may HIDE or RESTORE `content`. Moderators act on citizens' content; admins
 * on anyone's but admins'; nobody on their own. Whatever the reports hid, a moderator may
 * RESTORE: an automatic hide is nobody's decision, so the hierarchy does not protect it (this
 * reaches staff content hidden by reports before it was exempt, or written by a citizen who
 * became staff after the hide).
 */
export function mayModerateContent(
  actor: { id: string; role: Role },
  content: ModeratedContent,
  action: ModerationAction,
): boolean {
  if (actor.id === content.authorId) return false;
  if (actor.role === Role.ADMIN) return content.authorRole !== Role.ADMIN;
  if (actor.role !== Role.MODERATOR) return false;
  if (!isStaffContent(content)) return true;
  return action === ModerationAction.RESTORE && content.hiddenByReports;
}

/**
 * Whether reports may hide `content` without a person: only what a moderator could restore,
 * that is citizens' content. Reports on staff content wait in the queue for an admin.
 */
export function mayHideAutomatically(
  content: Pick<ModeratedContent, 'authorRole' | 'officialComment'>,
): boolean {
  return !isStaffContent(content);
}

/**
 * Whether `actor` may suspend `subject` (and lift their suspension): moderators suspend
 * citizens; admins anyone but admins; nobody themselves.
 */
export function maySuspend(actor: { id: string; role: Role }, subject: { id: string; role: Role }) {
  if (actor.id === subject.id) return false;
  if (actor.role === Role.ADMIN) return subject.role !== Role.ADMIN;
  if (actor.role === Role.MODERATOR) return subject.role === Role.CITIZEN;
  return false;
}

/** The brigade defence of the automatic hide (Environment, MODERATION_REPORTER_*). */
export interface ReporterStandards {
  /** Hours a citizen's account must exist before their reports count (0: at once). */
  minAccountAgeHours: number;
  /** Days after the end of a suspension during which the user's reports do not count. */
  suspensionCooldownDays: number;
}

/**
 * Whether a report by `reporter`, made at `now`, counts toward the automatic hide. Every
 * report is kept and shown to moderators; only these count, so that a few freshly made
 * accounts (or people just back from a suspension) cannot hide what others wrote. Staff,
 * moderators and admins hold roles an admin gave them, so their accounts' age does not matter.
 * A suspension lifted early (liftSuspension) clears `suspendedUntil`: a moderator trusted the
 * person again.
 */
export function reportCountsTowardHide(
  reporter: { role: Role; createdAt: Date; suspendedUntil: Date | null },
  now: Date,
  standards: ReporterStandards,
): boolean {
  if (
    reporter.suspendedUntil !== null &&
    reporter.suspendedUntil.getTime() + standards.suspensionCooldownDays * DAY_MS > now.getTime()
  ) {
    return false;
  }
  if (reporter.role !== Role.CITIZEN) return true;
  return now.getTime() - reporter.createdAt.getTime() >= standards.minAccountAgeHours * HOUR_MS;
}

/** Whether the counting reports since the last RESTORE hide the content automatically. */
export function reportsHide(countedReportCount: number, threshold: number): boolean {
  return countedReportCount >= threshold;
}
