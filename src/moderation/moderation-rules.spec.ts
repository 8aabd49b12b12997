import { Role } from '../core/access/role.js';
import { EnvironmentError, validateEnvironment } from '../core/config/environment.js';
import { ModerationAction } from './moderation-enums.js';
import {
  isStaffContent,
  mayHideAutomatically,
  mayModerateContent,
  maySuspend,
  reportCountsTowardHide,
  reportsHide,
  type ModeratedContent,
} from './moderation-rules.js';

const { HIDE, RESTORE } = ModerationAction;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const ROLES = [Role.CITIZEN, Role.STAFF, Role.MODERATOR, Role.ADMIN];

const content = (overrides: Partial<ModeratedContent> = {}): ModeratedContent => ({
  authorId: 'author',
  authorRole: Role.CITIZEN,
  officialComment: false,
  hiddenByReports: false,
  ...overrides,
});
const actor = (role: Role, id = 'actor') => ({ id, role });

describe('isStaffContent and mayHideAutomatically', () => {
  it.each(ROLES)('content by a %s', (role) => {
    const staff = role !== Role.CITIZEN;
    expect(isStaffContent(content({ authorRole: role }))).toBe(staff);
    expect(mayHideAutomatically(content({ authorRole: role }))).toBe(!staff);
  });

  it('an official comment is staff content whoever holds the account now', () => {
    const official = content({ authorRole: Role.CITIZEN, officialComment: true });
    expect(isStaffContent(official)).toBe(true);
    expect(mayHideAutomatically(official)).toBe(false);
  });
});

describe('mayModerateContent', () => {
  // [actor, author, HIDE, RESTORE] for content that a person hid or nobody hid.
  it.each([
    [Role.CITIZEN, Role.CITIZEN, false, false],
    [Role.STAFF, Role.CITIZEN, false, false],
    [Role.MODERATOR, Role.CITIZEN, true, true],
    [Role.MODERATOR, Role.STAFF, false, false],
    [Role.MODERATOR, Role.MODERATOR, false, false],
    [Role.MODERATOR, Role.ADMIN, false, false],
    [Role.ADMIN, Role.CITIZEN, true, true],
    [Role.ADMIN, Role.STAFF, true, true],
    [Role.ADMIN, Role.MODERATOR, true, true],
    [Role.ADMIN, Role.ADMIN, false, false],
  ])('%s on content by a %s: HIDE %s, RESTORE %s', (by, author, hide, restore) => {
    const target = content({ authorRole: author });
    expect(mayModerateContent(actor(by), target, HIDE)).toBe(hide);
    expect(mayModerateContent(actor(by), target, RESTORE)).toBe(restore);
  });

  it('a moderator may not decide on an official comment, unless restoring what the reports hid', () => {
    const official = content({ officialComment: true });
    expect(mayModerateContent(actor(Role.MODERATOR), official, HIDE)).toBe(false);
    expect(mayModerateContent(actor(Role.MODERATOR), official, RESTORE)).toBe(false);
    const hidByReports = { ...official, hiddenByReports: true };
    expect(mayModerateContent(actor(Role.MODERATOR), hidByReports, RESTORE)).toBe(true);
    expect(mayModerateContent(actor(Role.MODERATOR), hidByReports, HIDE)).toBe(false);
    expect(mayModerateContent(actor(Role.ADMIN), official, HIDE)).toBe(true);
  });

  it.each(ROLES)('a moderator may RESTORE, not HIDE, what the reports hid of a %s', (author) => {
    const target = content({ authorRole: author, hiddenByReports: true });
    expect(mayModerateContent(actor(Role.MODERATOR), target, RESTORE)).toBe(true);
    expect(mayModerateContent(actor(Role.MODERATOR), target, HIDE)).toBe(author === Role.CITIZEN);
  });

  it.each(ROLES)('nobody decides on their own content, even what the reports hid (%s)', (role) => {
    for (const hiddenByReports of [false, true]) {
      const own = content({ authorId: 'me', authorRole: role, hiddenByReports });
      expect(mayModerateContent(actor(role, 'me'), own, HIDE)).toBe(false);
      expect(mayModerateContent(actor(role, 'me'), own, RESTORE)).toBe(false);
    }
  });

  it('citizens and staff decide on nothing, whatever the reports did', () => {
    for (const by of [Role.CITIZEN, Role.STAFF]) {
      const target = content({ hiddenByReports: true });
      expect(mayModerateContent(actor(by), target, RESTORE)).toBe(false);
    }
  });
});

describe('maySuspend', () => {
  it.each([
    [Role.MODERATOR, Role.CITIZEN, true],
    [Role.MODERATOR, Role.STAFF, false],
    [Role.MODERATOR, Role.MODERATOR, false],
    [Role.MODERATOR, Role.ADMIN, false],
    [Role.ADMIN, Role.CITIZEN, true],
    [Role.ADMIN, Role.STAFF, true],
    [Role.ADMIN, Role.MODERATOR, true],
    [Role.ADMIN, Role.ADMIN, false],
    [Role.STAFF, Role.CITIZEN, false],
    [Role.CITIZEN, Role.CITIZEN, false],
  ])('a %s suspending a %s: %s', (by, subject, allowed) => {
    expect(maySuspend(actor(by), { id: 'subject', role: subject })).toBe(allowed);
  });

  it.each(ROLES)('nobody suspends themselves (%s)', (role) => {
    expect(maySuspend(actor(role, 'me'), { id: 'me', role })).toBe(false);
  });
});

describe('reportCountsTowardHide', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const standards = { minAccountAgeHours: 72, suspensionCooldownDays: 90 };
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const reporter = (overrides: Partial<Parameters<typeof reportCountsTowardHide>[0]> = {}) => ({
    role: Role.CITIZEN,
    createdAt: ago(30 * DAY_MS),
    suspendedUntil: null,
    ...overrides,
  });

  it("counts a citizen's account from exactly the minimum age, not a millisecond before", () => {
    expect(reportCountsTowardHide(reporter({ createdAt: ago(72 * HOUR_MS) }), now, standards)).toBe(
      true,
    );
    expect(
      reportCountsTowardHide(reporter({ createdAt: ago(72 * HOUR_MS - 1) }), now, standards),
    ).toBe(false);
    expect(reportCountsTowardHide(reporter({ createdAt: now }), now, standards)).toBe(false);
  });

  it('does not count an account made in the future (a clock skew), rather than a negative age', () => {
    expect(
      reportCountsTowardHide(reporter({ createdAt: new Date(now.getTime() + HOUR_MS) }), now, {
        ...standards,
        minAccountAgeHours: 0,
      }),
    ).toBe(false);
  });

  it.each([Role.STAFF, Role.MODERATOR, Role.ADMIN])(
    'counts a %s however new the account',
    (role) => {
      expect(reportCountsTowardHide(reporter({ role, createdAt: now }), now, standards)).toBe(true);
    },
  );

  it.each(ROLES)(
    'does not count a %s whose suspension ended within the cooldown, at its edge',
    (role) => {
      const ended = (ms: number) => reporter({ role, suspendedUntil: ago(ms) });
      expect(reportCountsTowardHide(ended(DAY_MS), now, standards)).toBe(false);
      expect(reportCountsTowardHide(ended(90 * DAY_MS - 1), now, standards)).toBe(false);
      expect(reportCountsTowardHide(ended(90 * DAY_MS), now, standards)).toBe(true);
      // Suspended now (the guard refuses their writes anyway).
      expect(reportCountsTowardHide(ended(-DAY_MS), now, standards)).toBe(false);
    },
  );

  it('with both standards at 0 counts every account, fresh or just back from a suspension', () => {
    const none = { minAccountAgeHours: 0, suspensionCooldownDays: 0 };
    expect(reportCountsTowardHide(reporter({ createdAt: now }), now, none)).toBe(true);
    expect(reportCountsTowardHide(reporter({ suspendedUntil: ago(1) }), now, none)).toBe(true);
    expect(reportCountsTowardHide(reporter({ suspendedUntil: now }), now, none)).toBe(true);
  });
});

describe('reportsHide', () => {
  it('hides at the threshold, not before', () => {
    expect(reportsHide(2, 3)).toBe(false);
    expect(reportsHide(3, 3)).toBe(true);
    expect(reportsHide(1, 1)).toBe(true);
    expect(reportsHide(0, 1)).toBe(false);
  });
});

describe('the brigade defence configuration', () => {
  it('defaults to 72 hours and 90 days', () => {
    expect(validateEnvironment({})).toMatchObject({
      MODERATION_HIDE_THRESHOLD: 3,
      MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS: 72,
      MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS: 90,
    });
  });

  it('accepts the bounds', () => {
    for (const [hours, days] of [
      ['0', '0'],
      ['8760', '3650'],
    ]) {
      expect(
        validateEnvironment({
          MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS: hours,
          MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS: days,
        }),
      ).toMatchObject({
        MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS: Number(hours),
        MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS: Number(days),
      });
    }
  });

  it.each([['-1'], ['8761'], ['1.5'], ['seventy-two'], ['1e9']])(
    'refuses %s, naming the variable',
    (bad) => {
      expect(() => validateEnvironment({ MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS: bad })).toThrow(
        EnvironmentError,
      );
      expect(() => validateEnvironment({ MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS: bad })).toThrow(
        /MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS/,
      );
      expect(() =>
        validateEnvironment({ MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS: bad }),
      ).toThrow(/MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS/);
    },
  );
});
