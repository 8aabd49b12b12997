import { Role } from '../core/access/role.js';

/**
 * The moderation rules of ../shared/api/README.md ("Who may do what", "Moderation"), in one
 * place with the limits of their inputs. The threshold of the automatic hide is configured by
 * MODERATION_HIDE_THRESHOLD (default 3).
 */
export const MODERATION_LIMITS = {
  /** A report's optional details. */
  details: [1, 1000],
  /** A moderator's note on HIDE or RESTORE, and the reason of a suspension. */
  note: [1, 1000],
  /** The longest suspension. */
  maxSuspensionDays: 3650,
} as const;

/**
 * Whether `actor` may moderate the content of `subject`, or suspend them: moderators act on
 * citizens only (not on staff, other moderators or admins); admins on anyone but admins.
 * `actor` null is the automatic hide by reports, which reaches everyone but admins (nobody
 * could restore an admin's content). Nobody moderates themselves: it follows from the above.
 */
export function mayModerate(actor: { role: Role } | null, subject: { role: Role }): boolean {
  if (actor === null || actor.role === Role.ADMIN) return subject.role !== Role.ADMIN;
  if (actor.role === Role.MODERATOR) return subject.role === Role.CITIZEN;
  return false;
}

/** Whether the reports counted since the last RESTORE hide the content automatically. */
export function reportsHide(openReportCount: number, threshold: number): boolean {
  return openReportCount >= threshold;
}
