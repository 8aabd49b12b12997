import { Role } from '../../src/core/access/role.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import { codeOf } from '../helpers/test-app.js';
import {
  auditAbout,
  citizens,
  commentOn,
  DAY_MS,
  decisionRows,
  freshCitizens,
  hiddenInDb,
  hiddenNotices,
  LIFT,
  moderate,
  moderateOk,
  moderationSnapshot,
  newProposal,
  ok,
  pid,
  raw,
  report,
  reportAll,
  setAccountAge,
  sorted,
  startModerationScene,
  uid,
  userOf,
  ESTABLISHED_HOURS,
  type ModerationScene,
} from './support.js';

/**
 * Issue 14: a small brigade must not be able to hide what others wrote, nor silence the city.
 * Only reports by established reporters count toward the automatic hide (moderation-rules.ts,
 * reportCountsTowardHide: accounts older than MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS for
 * citizens, no suspension ended within MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS), and
 * reports never hide staff content (mayHideAutomatically), which only admins decide.
 */

const AUTO_NOTE = (n: number) => `Hidden automatically: ${n} people reported it.`;

const QUEUE = `query Queue { moderationQueue(first: 20) { nodes {
  reportCount openReportCount openCountedReportCount needsAdmin resolvedAt hidden
  target { ... on Proposal { id } ... on Comment { id } }
  reports { countsTowardHide reporter { id } } } } }`;

interface QueueItem {
  reportCount: number;
  openReportCount: number;
  openCountedReportCount: number;
  needsAdmin: boolean;
  resolvedAt: string | null;
  hidden: boolean;
  target: { id: string };
  reports: { countsTowardHide: boolean; reporter: { id: string } }[];
}

/** The queue's item of `targetId` (among the 20 most recently active), as `viewer` reads it. */
async function queueItem(s: ModerationScene, viewer: TestUser, targetId: string) {
  const data = await ok(s.t, QUEUE, {}, viewer.token);
  return (data.moderationQueue.nodes as QueueItem[]).find((n) => n.target.id === targetId);
}

/** The counters of the target's queue item, straight from the database. */
async function counts(s: ModerationScene, targetId: string) {
  const column = targetId === pid(raw(targetId)) ? 'proposal_id' : 'comment_id';
  const rows: { report_count: number; open_report_count: number; counted: number }[] =
    await s.t.db.query(
      `SELECT report_count, open_report_count, open_counted_report_count AS counted
         FROM moderation_item WHERE ${column} = $1`,
      [raw(targetId)],
    );
  return rows[0];
}

/** Whether each reporter's report of the target counts, by reporter id. */
async function countedBy(s: ModerationScene, targetId: string): Promise<Record<string, boolean>> {
  const rows: { reporter_id: string; counts_toward_hide: boolean }[] = await s.t.db.query(
    `SELECT reporter_id, counts_toward_hide FROM content_report
      WHERE proposal_id = $1 OR comment_id = $1`,
    [raw(targetId)],
  );
  return Object.fromEntries(rows.map((r) => [r.reporter_id, r.counts_toward_hide]));
}

/** Sets when a user's suspension ends (or ended), relative to the database's clock. */
async function suspensionEnds(s: ModerationScene, who: TestUser, fromNowMs: number) {
  await s.t.db.query(
    `UPDATE app_user SET suspended_until = clock_timestamp() + make_interval(secs => $2::float8)
      WHERE id = $1`,
    [who.user.id, fromNowMs / 1000],
  );
}

/** Expects a moderation refused with `code` and nothing written anywhere moderation writes. */
async function expectRefused(
  s: ModerationScene,
  who: TestUser,
  targetId: string,
  action: string,
  code = 'FORBIDDEN',
) {
  const before = await moderationSnapshot(s.t);
  const res = await moderate(s, who, targetId, action);
  expect(codeOf(res)).toBe(code);
  expect(res.data?.moderateContent ?? null).toBeNull();
  expect(await moderationSnapshot(s.t)).toEqual(before);
}

describe('the brigade defence (production defaults: 72 hours, 90 days)', () => {
  let s: ModerationScene;
  beforeAll(async () => {
    s = await startModerationScene();
  });
  afterAll(() => s.t.close());

  it('ten fresh accounts reporting a citizen’s proposal hide nothing; their reports wait for a moderator', async () => {
    const p = await newProposal(s);
    const brigade = await freshCitizens(s, 10);
    const results = await Promise.all(brigade.map((r) => report(s, r, pid(p))));
    expect(results.map((r) => r.errors)).toEqual(Array(10).fill(undefined));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    expect(await counts(s, pid(p))).toEqual({
      report_count: 10,
      open_report_count: 10,
      counted: 0,
    });
    expect(Object.values(await countedBy(s, pid(p)))).toEqual(Array(10).fill(false));
    expect(await decisionRows(s.t, pid(p))).toEqual([]);
    expect(await hiddenNotices(s.t, pid(p))).toEqual([]);
    expect(await auditAbout(s.t, pid(p))).toEqual([]);
    // Still readable by everyone, and waiting in the queue with what a moderator needs to see.
    expect((await s.t.gql(`{ proposal(id: "${pid(p)}") { hidden } }`)).data.proposal).toEqual({
      hidden: false,
    });
    const item = await queueItem(s, s.moderator, pid(p));
    expect(item).toMatchObject({
      reportCount: 10,
      openReportCount: 10,
      openCountedReportCount: 0,
      needsAdmin: false,
      resolvedAt: null,
      hidden: false,
    });
    expect(item!.reports.map((r) => r.countsTowardHide)).toEqual(Array(10).fill(false));
  });

  it('fresh reports do not add up with established ones: the third established report hides it', async () => {
    const p = await newProposal(s);
    const [a, b, c] = await citizens(s, 3);
    await reportAll(s, [a!, b!, ...(await freshCitizens(s, 5))], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    expect(await counts(s, pid(p))).toEqual({ report_count: 7, open_report_count: 7, counted: 2 });

    await reportAll(s, [c!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    expect(await counts(s, pid(p))).toEqual({ report_count: 8, open_report_count: 8, counted: 3 });
    expect(
      (await decisionRows(s.t, pid(p))).map((d) => [d.action, d.moderator_id, d.note]),
    ).toEqual([['HIDE', null, AUTO_NOTE(3)]]);
    expect((await hiddenNotices(s.t, pid(p))).map((n) => n.recipient_id)).toEqual([
      s.author.user.id,
    ]);

    // A RESTORE starts both counts over; fresh reports after it still do not count.
    const restored = await moderateOk(s, s.moderator, pid(p), 'RESTORE', '광고 아님');
    expect(restored).toMatchObject({ hidden: false, openReportCount: 0 });
    expect(await counts(s, pid(p))).toEqual({ report_count: 8, open_report_count: 0, counted: 0 });
    await reportAll(s, [...(await freshCitizens(s, 3)), ...(await citizens(s, 2))], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    expect(await counts(s, pid(p))).toEqual({ report_count: 13, open_report_count: 5, counted: 2 });
  });

  it('counts a citizen’s account from 72 hours old: a minute short of it does not count', async () => {
    const p = await newProposal(s);
    const [justShort, justOld] = await freshCitizens(s, 2);
    await setAccountAge(s.t, [justShort!], 72 - 1 / 60);
    await setAccountAge(s.t, [justOld!], 72);
    await reportAll(s, await citizens(s, 2), pid(p));
    await reportAll(s, [justShort!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    await reportAll(s, [justOld!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    const counted = await countedBy(s, pid(p));
    expect([counted[justShort!.user.id], counted[justOld!.user.id]]).toEqual([false, true]);
  });

  it('counts staff, moderators and admins however new their accounts (an admin gave them the role)', async () => {
    for (const role of [Role.STAFF, Role.MODERATOR, Role.ADMIN]) {
      const p = await newProposal(s);
      const newcomer = await userOf(s, role); // made just now
      await reportAll(s, [...(await citizens(s, 2)), newcomer], pid(p));
      expect(await hiddenInDb(s.t, pid(p))).toBe(true);
      expect((await countedBy(s, pid(p)))[newcomer.user.id]).toBe(true);
    }
  });

  it('does not count a reporter whose suspension ended within 90 days (at its edge); a lifted one counts', async () => {
    const p = await newProposal(s);
    const [endedYesterday, endedJustShort, endedLongAgo, lifted, established] = await citizens(
      s,
      5,
    );
    const staffEndedYesterday = await userOf(s, Role.STAFF);
    await suspensionEnds(s, endedYesterday!, -DAY_MS);
    await suspensionEnds(s, endedJustShort!, -(90 * DAY_MS - 60_000));
    await suspensionEnds(s, endedLongAgo!, -(90 * DAY_MS + 60_000));
    await suspensionEnds(s, staffEndedYesterday, -DAY_MS);
    // Suspended now: lifted early by a moderator, who trusts them again.
    await suspensionEnds(s, lifted!, DAY_MS);
    await ok(s.t, LIFT, { input: { userId: uid(lifted!), reason: '오해였음' } }, s.moderator.token);

    await reportAll(s, [endedYesterday!, endedJustShort!, staffEndedYesterday], pid(p));
    expect(await counts(s, pid(p))).toEqual({ report_count: 3, open_report_count: 3, counted: 0 });
    await reportAll(s, [endedLongAgo!, lifted!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    expect(await counts(s, pid(p))).toMatchObject({ counted: 2 });
    await reportAll(s, [established!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    expect(await countedBy(s, pid(p))).toEqual({
      [endedYesterday!.user.id]: false,
      [endedJustShort!.user.id]: false,
      [staffEndedYesterday.user.id]: false,
      [endedLongAgo!.user.id]: true,
      [lifted!.user.id]: true,
      [established!.user.id]: true,
    });
  });

  it('a suspended reporter cannot report at all (FORBIDDEN), so counts nothing', async () => {
    const p = await newProposal(s);
    const before = await moderationSnapshot(s.t);
    expect(codeOf(await report(s, s.suspended, pid(p)))).toBe('FORBIDDEN');
    expect(await moderationSnapshot(s.t)).toEqual(before);
  });

  it('six reports at once, three by fresh accounts: hidden exactly once, by the third established report', async () => {
    const p = await newProposal(s);
    const established = await citizens(s, 3);
    const fresh = await freshCitizens(s, 3);
    const everyone = [...established, ...fresh];
    const results = await Promise.all(everyone.map((r) => report(s, r, pid(p))));
    // The established reports all go through (the last of them hides it); a fresh report that
    // queues behind the hide finds a hidden proposal, which citizens cannot reach.
    established.forEach((_r, i) => expect(results[i]!.errors).toBeUndefined());
    fresh.forEach((_r, i) => expect([undefined, 'NOT_FOUND']).toContain(codeOf(results[3 + i]!)));
    const accepted = everyone.filter((_r, i) => !results[i]!.errors).map((r) => r.user.id);
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    expect(sorted(Object.keys(await countedBy(s, pid(p))))).toEqual(sorted(accepted));
    expect(await counts(s, pid(p))).toEqual({
      report_count: accepted.length,
      open_report_count: accepted.length,
      counted: 3,
    });
    expect((await decisionRows(s.t, pid(p))).map((d) => [d.action, d.note])).toEqual([
      ['HIDE', AUTO_NOTE(3)],
    ]);
    expect(await hiddenNotices(s.t, pid(p))).toHaveLength(1);
  });

  it('a brigade on a comment hides nothing either: its body stays readable to all', async () => {
    const comment = await commentOn(s, s.citizen, await newProposal(s), '소수 의견입니다');
    await reportAll(s, await freshCitizens(s, 6), comment);
    await reportAll(s, await citizens(s, 2), comment);
    expect(await hiddenInDb(s.t, comment)).toBe(false);
    expect(await counts(s, comment)).toEqual({ report_count: 8, open_report_count: 8, counted: 2 });
    const thread = await s.t.gql(`{ node(id: "${comment}") { ... on Comment { body hidden } } }`);
    expect(thread.data.node).toEqual({ body: '소수 의견입니다', hidden: false });
  });
});

describe('official content: never hidden by reports, decided by admins', () => {
  let s: ModerationScene;
  /** A proposal assigned to the scene's department, so its staff answer officially. */
  const assigned = () =>
    newProposal(s, s.author, {
      departmentId: s.department.id,
      status: ProposalStatus.UNDER_REVIEW,
    });
  const IS_OFFICIAL = `query($id: ID!) { node(id: $id) { ... on Comment { isOfficial hidden body } } }`;

  beforeAll(async () => {
    s = await startModerationScene();
  });
  afterAll(() => s.t.close());

  it('an official answer-comment reported by five established citizens stays shown; the queue flags it for an admin', async () => {
    const answer = await commentOn(s, s.staff, await assigned(), '다음 달에 그늘막을 설치합니다.');
    expect((await ok(s.t, IS_OFFICIAL, { id: answer }, null)).node.isOfficial).toBe(true);
    await reportAll(s, await citizens(s, 5), answer);
    expect(await hiddenInDb(s.t, answer)).toBe(false);
    expect(await counts(s, answer)).toEqual({ report_count: 5, open_report_count: 5, counted: 5 });
    expect(await decisionRows(s.t, answer)).toEqual([]);
    expect(await hiddenNotices(s.t, answer)).toEqual([]);
    expect(await auditAbout(s.t, answer)).toEqual([]);
    expect((await ok(s.t, IS_OFFICIAL, { id: answer }, s.citizen.token)).node).toEqual({
      isOfficial: true,
      hidden: false,
      body: '다음 달에 그늘막을 설치합니다.',
    });
    for (const viewer of [s.moderator, s.admin]) {
      expect(await queueItem(s, viewer, answer)).toMatchObject({
        needsAdmin: true,
        openCountedReportCount: 5,
        resolvedAt: null,
        hidden: false,
      });
    }
  });

  it('only an admin hides or restores it: a moderator is FORBIDDEN either way, changing nothing', async () => {
    const answer = await commentOn(s, s.staff, await assigned(), '검토 후 답변드리겠습니다.');
    await reportAll(s, await citizens(s, 3), answer);
    await expectRefused(s, s.moderator, answer, 'HIDE');
    await expectRefused(s, s.moderator, answer, 'RESTORE');

    const hidden = await moderateOk(s, s.admin, answer, 'HIDE', '개인정보 포함');
    expect(hidden).toMatchObject({ hidden: true });
    expect((await hiddenNotices(s.t, answer)).map((n) => [n.recipient_id, n.actor_id])).toEqual([
      [s.staff.user.id, s.admin.user.id],
    ]);
    // An admin's hide is a decision: the moderator may not undo it.
    await expectRefused(s, s.moderator, answer, 'RESTORE');
    expect(await hiddenInDb(s.t, answer)).toBe(true);
    await moderateOk(s, s.admin2, answer, 'RESTORE', '수정 후 복구');
    expect(await hiddenInDb(s.t, answer)).toBe(false);
  });

  it.each([
    ['a staff member’s own proposal', Role.STAFF],
    ['a moderator’s proposal', Role.MODERATOR],
  ])('%s: never hidden by reports, flagged for an admin', async (_label, role) => {
    const writer = await userOf(s, role);
    const p = await newProposal(s, writer);
    await reportAll(s, await citizens(s, 3), pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    expect(await queueItem(s, s.admin, pid(p))).toMatchObject({
      needsAdmin: true,
      openCountedReportCount: 3,
    });
    await expectRefused(s, s.moderator, pid(p), 'HIDE');
  });

  it('an official comment stays the city’s word when its writer leaves the staff', async () => {
    const formerStaff = await userOf(s, Role.STAFF);
    const answer = await commentOn(s, formerStaff, await assigned(), '담당 부서의 답변입니다.');
    await s.t.db.query(`UPDATE app_user SET role = 'CITIZEN', department_id = NULL WHERE id = $1`, [
      formerStaff.user.id,
    ]);
    await reportAll(s, await citizens(s, 4), answer);
    expect(await hiddenInDb(s.t, answer)).toBe(false);
    expect(await decisionRows(s.t, answer)).toEqual([]);
    expect((await queueItem(s, s.moderator, answer))!.needsAdmin).toBe(true);
    await expectRefused(s, s.moderator, answer, 'HIDE');
    // A comment by the same person now, as a citizen, is an ordinary one.
    const plain = await commentOn(s, formerStaff, await newProposal(s), '시민으로서 의견');
    await reportAll(s, await citizens(s, 3), plain);
    expect(await hiddenInDb(s.t, plain)).toBe(true);
  });

  it('a citizen’s comment in the same thread is not flagged and is hidden by three established reports', async () => {
    const p = await assigned();
    const official = await commentOn(s, s.staff, p, '공식 답변');
    const citizens3 = await citizens(s, 3);
    const heckle = await commentOn(s, s.citizen, p, '광고 댓글');
    await reportAll(s, citizens3, heckle);
    await reportAll(s, citizens3, official);
    expect([await hiddenInDb(s.t, heckle), await hiddenInDb(s.t, official)]).toEqual([true, false]);
    expect((await queueItem(s, s.moderator, heckle))!.needsAdmin).toBe(false);
    expect((await queueItem(s, s.moderator, official))!.needsAdmin).toBe(true);
  });
});

describe('the brigade defence is configurable', () => {
  let s: ModerationScene;
  beforeAll(async () => {
    s = await startModerationScene({
      MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS: '1',
      MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS: '0',
    });
  });
  afterAll(() => s.t.close());

  it('with 1 hour and 0 days: an account of 59 minutes does not count, one of 2 hours and one just back from a suspension do', async () => {
    const p = await newProposal(s);
    const [young, grown, justBack] = await freshCitizens(s, 3);
    await setAccountAge(s.t, [young!], 59 / 60);
    await setAccountAge(s.t, [grown!], 2);
    await setAccountAge(s.t, [justBack!], ESTABLISHED_HOURS);
    await suspensionEnds(s, justBack!, -60_000);
    await reportAll(s, [young!, grown!, justBack!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    expect(await countedBy(s, pid(p))).toEqual({
      [young!.user.id]: false,
      [grown!.user.id]: true,
      [justBack!.user.id]: true,
    });
    await reportAll(s, await citizens(s, 1), pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
  });
});
