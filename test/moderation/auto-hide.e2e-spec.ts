import { Role } from '../../src/core/access/role.js';
import { codeOf } from '../helpers/test-app.js';
import {
  auditAbout,
  citizens,
  commentOn,
  countersOf,
  decisionRows,
  hiddenInDb,
  itemRow,
  moderateOk,
  newProposal,
  hiddenNotices,
  PROPOSAL,
  pid,
  raw,
  report,
  reportAll,
  reportRows,
  startModerationScene,
  THREAD,
  userOf,
  sorted,
  type ModerationScene,
} from './support.js';

const AUTO_NOTE = (n: number) => `Hidden automatically: ${n} people reported it.`;

describe('the automatic hide', () => {
  let s: ModerationScene;
  beforeAll(async () => {
    s = await startModerationScene();
  });
  afterAll(() => s.t.close());

  it('hides a proposal at the third report (default threshold), records it and tells the author once', async () => {
    const p = await newProposal(s);
    const [a, b, c] = await citizens(s, 3);
    await reportAll(s, [a!, b!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    expect(await itemRow(s.t, pid(p))).toMatchObject({ report_count: 2, open_report_count: 2 });
    expect(await decisionRows(s.t, pid(p))).toEqual([]);
    expect(await hiddenNotices(s.t, pid(p))).toEqual([]);
    expect((await s.t.gql(PROPOSAL, { id: pid(p) }, s.citizen.token)).data.proposal).not.toBeNull();

    const third = await report(s, c!, pid(p));
    expect(third.errors).toBeUndefined();
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    expect(await decisionRows(s.t, pid(p))).toEqual([
      {
        action: 'HIDE',
        moderator_id: null,
        note: AUTO_NOTE(3),
        content_snapshot: `${p.title}\n\n${p.body}`,
      },
    ]);
    expect(await hiddenNotices(s.t, pid(p))).toEqual([
      {
        recipient_id: s.author.user.id,
        actor_id: null,
        actor_kind: 'SYSTEM',
        kind: 'CONTENT_HIDDEN',
        subject_type: 'Proposal',
        subject_id: p.id,
        message: `Your proposal "${p.title}" was hidden after several reports, until a moderator reviews it.`,
      },
    ]);
    expect(await auditAbout(s.t, pid(p))).toEqual([
      {
        action: 'CONTENT_HIDDEN',
        actor_id: null,
        target_type: 'Proposal',
        target_id: p.id,
        note: AUTO_NOTE(3),
        before: 'visible',
        after: 'hidden',
      },
    ]);
    // The automatic hide waits for a moderator: not resolved.
    expect(await itemRow(s.t, pid(p))).toMatchObject({
      report_count: 3,
      open_report_count: 3,
      resolved_at: null,
    });
    // Gone for other citizens, still there for its author, marked hidden.
    expect((await s.t.gql(PROPOSAL, { id: pid(p) }, s.citizen.token)).data.proposal).toBeNull();
    expect((await s.t.gql(PROPOSAL, { id: pid(p) }, s.author.token)).data.proposal).toMatchObject({
      id: pid(p),
      hidden: true,
    });
  });

  it('hides a proposal exactly once when six different citizens report it at the same moment', async () => {
    const p = await newProposal(s);
    const reporters = await citizens(s, 6);
    const results = await Promise.all(reporters.map((r) => report(s, r, pid(p))));
    // The reports queue behind the proposal's lock: the third hides it, and the citizens
    // whose reports come after it can no longer see it (NOT_FOUND, as for any hidden proposal).
    expect(sorted(results.map((r) => (r.errors ? codeOf(r) : 'OK')))).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'OK',
      'OK',
      'OK',
    ]);
    const accepted = reporters.filter((_r, i) => !results[i]!.errors).map((r) => r.user.id);
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    expect(sorted((await reportRows(s.t, pid(p))).map((r) => r.reporter_id))).toEqual(
      sorted(accepted),
    );
    expect(await itemRow(s.t, pid(p))).toMatchObject({
      report_count: 3,
      open_report_count: 3,
      resolved_at: null,
    });
    expect(await decisionRows(s.t, pid(p))).toEqual([
      expect.objectContaining({ action: 'HIDE', moderator_id: null, note: AUTO_NOTE(3) }),
    ]);
    const notices = await hiddenNotices(s.t, pid(p));
    expect(notices.map((n) => [n.recipient_id, n.kind, n.actor_id])).toEqual([
      [s.author.user.id, 'CONTENT_HIDDEN', null],
    ]);
    expect((await auditAbout(s.t, pid(p))).map((e) => e.action)).toEqual(['CONTENT_HIDDEN']);
  });

  it('hides a proposal exactly once when six moderators (who still see it; their new accounts count, an admin gave them the role) report it at once: six reports', async () => {
    const p = await newProposal(s);
    const reporters = await Promise.all(Array.from({ length: 6 }, () => userOf(s, Role.MODERATOR)));
    const results = await Promise.all(reporters.map((r) => report(s, r, pid(p))));
    expect(results.map((r) => r.errors)).toEqual(Array(6).fill(undefined));
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    expect(sorted((await reportRows(s.t, pid(p))).map((r) => r.reporter_id))).toEqual(
      sorted(reporters.map((r) => r.user.id)),
    );
    expect(await itemRow(s.t, pid(p))).toMatchObject({ report_count: 6, open_report_count: 6 });
    expect(
      (await decisionRows(s.t, pid(p))).map((d) => [d.action, d.moderator_id, d.note]),
    ).toEqual([['HIDE', null, AUTO_NOTE(3)]]);
    expect((await hiddenNotices(s.t, pid(p))).map((n) => n.recipient_id)).toEqual([
      s.author.user.id,
    ]);
  });

  it('hides a reply exactly once under six simultaneous reports, lowering the counts once', async () => {
    const p = await newProposal(s);
    const top = await commentOn(s, s.citizen, p, '원 댓글');
    const reply = await commentOn(s, s.other, p, '문제의 답글', top);
    const before = (await s.t.gql(THREAD, { id: pid(p) })).data.proposal;
    expect(before.commentCount).toBe(2);
    expect(before.comments.nodes[0].replyCount).toBe(1);

    const reporters = await citizens(s, 6);
    const results = await Promise.all(reporters.map((r) => report(s, r, reply)));
    // As for proposals: the third report hides it, and the reports queued behind it find a
    // hidden comment, which citizens cannot reach (its body would come back in the report).
    expect(sorted(results.map((r) => (r.errors ? codeOf(r) : 'OK')))).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'OK',
      'OK',
      'OK',
    ]);

    expect(await hiddenInDb(s.t, reply)).toBe(true);
    expect(await itemRow(s.t, reply)).toMatchObject({ report_count: 3, open_report_count: 3 });
    expect((await decisionRows(s.t, reply)).map((d) => [d.action, d.moderator_id])).toEqual([
      ['HIDE', null],
    ]);
    expect(await hiddenNotices(s.t, reply)).toEqual([
      {
        recipient_id: s.other.user.id,
        actor_id: null,
        actor_kind: 'SYSTEM',
        kind: 'CONTENT_HIDDEN',
        subject_type: 'Comment',
        subject_id: raw(reply),
        message: 'Your comment was hidden after several reports, until a moderator reviews it.',
      },
    ]);
    const after = (await s.t.gql(THREAD, { id: pid(p) })).data.proposal;
    expect(after.commentCount).toBe(1);
    expect(after.comments.nodes[0].replyCount).toBe(0);
    expect(after.comments.nodes[0].replies.nodes).toEqual([
      { id: reply, body: null, hidden: true, deleted: false },
    ]);
    const counters = await countersOf(s.t, p.id);
    expect(counters.stored).toEqual(counters.actual);
  });

  // Until issue 14 the automatic hide reached staff and moderators, whose content no moderator
  // may then restore: three accounts could silence a department's answer. Now reports hide
  // only what a moderator could restore (mayHideAutomatically).
  it.each([Role.ADMIN, Role.STAFF, Role.MODERATOR])(
    'never hides what a %s wrote, however many report it: it waits in the queue for an admin, nobody notified',
    async (role) => {
      const writer = await userOf(s, role);
      const p = await newProposal(s, writer);
      const comment = await commentOn(s, writer, await newProposal(s), '직원 댓글');
      const reporters = await citizens(s, 4);
      await Promise.all(reporters.map((r) => report(s, r, pid(p))));
      await reportAll(s, reporters, comment);
      for (const target of [pid(p), comment]) {
        expect(await hiddenInDb(s.t, target)).toBe(false);
        expect(await itemRow(s.t, target)).toMatchObject({
          report_count: 4,
          open_report_count: 4,
          resolved_at: null,
        });
        expect(await decisionRows(s.t, target)).toEqual([]);
        expect(await hiddenNotices(s.t, target)).toEqual([]);
        expect(await auditAbout(s.t, target)).toEqual([]);
      }
      expect(
        (await s.t.gql(PROPOSAL, { id: pid(p) }, s.citizen.token)).data.proposal,
      ).toMatchObject({ hidden: false });
    },
  );

  it("a comment a moderator hid is out of citizens' reach: no report, no second hide, no notice", async () => {
    const comment = await commentOn(s, s.citizen, await newProposal(s), '이미 숨긴 댓글');
    await moderateOk(s, s.moderator, comment, 'HIDE', '개인정보 노출');
    const itemBefore = await itemRow(s.t, comment);
    // It keeps its place in the thread, with a null body: a report (which answers with a
    // snapshot of the body) is NOT_FOUND, as for a hidden proposal.
    for (const reporter of await citizens(s, 3)) {
      expect(codeOf(await report(s, reporter, comment))).toBe('NOT_FOUND');
    }
    expect(await reportRows(s.t, comment)).toEqual([]);
    expect((await decisionRows(s.t, comment)).map((d) => [d.action, d.moderator_id])).toEqual([
      ['HIDE', s.moderator.user.id],
    ]);
    expect((await hiddenNotices(s.t, comment)).map((n) => [n.kind, n.actor_id])).toEqual([
      ['CONTENT_HIDDEN', s.moderator.user.id],
    ]);
    expect(await itemRow(s.t, comment)).toEqual(itemBefore);
  });

  it('after a RESTORE only new reports count: two new ones do not hide it, the third does', async () => {
    const p = await newProposal(s);
    const first = await citizens(s, 3);
    await reportAll(s, first, pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);

    const restored = await moderateOk(s, s.moderator, pid(p), 'RESTORE', '문제 없음');
    expect(restored).toMatchObject({ hidden: false, reportCount: 3, openReportCount: 0 });
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);

    // The first reporters cannot report again, so they cannot count twice.
    for (const r of first) expect(codeOf(await report(s, r, pid(p)))).toBe('CONFLICT');

    const [d, e, f] = await citizens(s, 3);
    await reportAll(s, [d!, e!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    expect(await itemRow(s.t, pid(p))).toMatchObject({ report_count: 5, open_report_count: 2 });
    expect((await decisionRows(s.t, pid(p))).map((x) => x.action)).toEqual(['HIDE', 'RESTORE']);

    await reportAll(s, [f!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    expect(await itemRow(s.t, pid(p))).toMatchObject({
      report_count: 6,
      open_report_count: 3,
      resolved_at: null,
    });
    expect(
      (await decisionRows(s.t, pid(p))).map((x) => [x.action, x.moderator_id, x.note]),
    ).toEqual([
      ['HIDE', null, AUTO_NOTE(3)],
      ['RESTORE', s.moderator.user.id, '문제 없음'],
      ['HIDE', null, AUTO_NOTE(3)],
    ]);
    // One notification per hide; none for the RESTORE.
    expect((await hiddenNotices(s.t, pid(p))).map((n) => [n.kind, n.actor_id])).toEqual([
      ['CONTENT_HIDDEN', null],
      ['CONTENT_HIDDEN', null],
    ]);
  });

  it('a RESTORE of visible content dismisses its reports: the count toward the hide starts over', async () => {
    const p = await newProposal(s);
    await reportAll(s, await citizens(s, 2), pid(p));
    const dismissed = await moderateOk(s, s.moderator, pid(p), 'RESTORE', '신고 기각');
    expect(dismissed).toMatchObject({ hidden: false, reportCount: 2, openReportCount: 0 });
    expect(dismissed.resolvedAt).not.toBeNull();

    const [a, b, c] = await citizens(s, 3);
    await reportAll(s, [a!, b!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    await reportAll(s, [c!], pid(p));
    expect(await hiddenInDb(s.t, pid(p))).toBe(true);
    expect(await itemRow(s.t, pid(p))).toMatchObject({ report_count: 5, open_report_count: 3 });
    expect((await hiddenNotices(s.t, pid(p))).map((n) => n.kind)).toEqual(['CONTENT_HIDDEN']);
  });
});
