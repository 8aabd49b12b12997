import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import {
  ADD_COMMENT,
  cid,
  commentOn,
  DELETE_COMMENT,
  itemRow,
  moderationSnapshot,
  newProposal,
  hiddenNotices,
  ok,
  pid,
  raw,
  report,
  reportRows,
  startModerationScene,
  decisionRows,
  sorted,
  type ModerationScene,
} from './support.js';

const CREATE_WORKSHOP = `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`;

describe('reportContent', () => {
  let s: ModerationScene;
  beforeAll(async () => {
    s = await startModerationScene();
  });
  afterAll(() => s.t.close());

  describe('what a report records', () => {
    it('stores a report of a proposal with its snapshot and opens a queue item, hiding nothing', async () => {
      const p = await newProposal(s);
      const res = await report(s, s.citizen, pid(p), 'OFFENSIVE', '  욕설이 포함되어 있습니다  ');
      expect(res.errors).toBeUndefined();
      const answered = res.data.reportContent;
      expect(answered).toEqual({
        id: expect.any(String),
        reason: 'OFFENSIVE',
        details: '욕설이 포함되어 있습니다',
        contentSnapshot: `${p.title}\n\n${p.body}`,
        createdAt: expect.any(String),
        reporter: { id: toGlobalId('User', s.citizen.user.id) },
        target: { __typename: 'Proposal', id: pid(p) },
      });
      expect(Math.abs(Date.parse(answered.createdAt) - Date.now())).toBeLessThan(60_000);

      const rows = await reportRows(s.t, pid(p));
      expect(rows).toEqual([
        {
          id: raw(answered.id),
          reporter_id: s.citizen.user.id,
          reason: 'OFFENSIVE',
          details: '욕설이 포함되어 있습니다',
          content_snapshot: `${p.title}\n\n${p.body}`,
          created_at: new Date(answered.createdAt),
        },
      ]);
      const item = await itemRow(s.t, pid(p));
      expect(item).toMatchObject({
        report_count: 1,
        open_report_count: 1,
        last_reported_at: new Date(answered.createdAt),
        resolved_at: null,
        activity_at: new Date(answered.createdAt),
      });
      const [{ hidden }] = await s.t.db.query('SELECT hidden FROM proposal WHERE id = $1', [p.id]);
      expect(hidden).toBe(false);
      expect(await decisionRows(s.t, pid(p))).toEqual([]);
      expect(await hiddenNotices(s.t, pid(p))).toEqual([]);
    });

    it('stores a report of a comment with the body as its snapshot and no details', async () => {
      const p = await newProposal(s);
      const comment = await commentOn(s, s.author, p, '광고 댓글입니다');
      const res = await report(s, s.citizen, comment, 'SPAM');
      expect(res.errors).toBeUndefined();
      expect(res.data.reportContent).toMatchObject({
        reason: 'SPAM',
        details: null,
        contentSnapshot: '광고 댓글입니다',
        target: { __typename: 'Comment', id: comment },
      });
      const rows = await reportRows(s.t, comment);
      expect(rows.map((r) => [r.reporter_id, r.reason, r.details, r.content_snapshot])).toEqual([
        [s.citizen.user.id, 'SPAM', null, '광고 댓글입니다'],
      ]);
      expect(await itemRow(s.t, comment)).toMatchObject({ report_count: 1, open_report_count: 1 });
    });

    it('reports a comment on a workshop (a comment without a proposal)', async () => {
      const created = await ok(
        s.t,
        CREATE_WORKSHOP,
        {
          input: {
            title: '공원 워크숍',
            description: '함께 이야기해요',
            kind: 'OTHER',
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            endsAt: new Date(Date.now() + 90_000_000).toISOString(),
          },
        },
        s.staff.token,
      );
      const added = await ok(
        s.t,
        ADD_COMMENT,
        { input: { subjectId: created.createWorkshop.id, body: '워크숍 댓글' } },
        s.author.token,
      );
      const comment = added.addComment.id;
      const res = await report(s, s.citizen, comment, 'OFF_TOPIC');
      expect(res.errors).toBeUndefined();
      expect(res.data.reportContent.contentSnapshot).toBe('워크숍 댓글');
      expect(await itemRow(s.t, comment)).toMatchObject({ report_count: 1 });

      // The workshop itself is not reportable: its id is refused before anything is read.
      const itself = await report(s, s.citizen, created.createWorkshop.id);
      expect(codeOf(itself)).toBe('BAD_USER_INPUT');
      expect(badFields(itself)).toEqual(['targetId']);
    });

    it.each(['PERSONAL_INFORMATION', 'OTHER'])('accepts the reason %s', async (reason) => {
      const p = await newProposal(s);
      const res = await report(s, s.citizen, pid(p), reason, '줄바꿈\n과\t탭은 됩니다');
      expect(res.errors).toBeUndefined();
      expect(res.data.reportContent.reason).toBe(reason);
      expect(res.data.reportContent.details).toBe('줄바꿈\n과\t탭은 됩니다');
    });

    it('accepts details of exactly 1000 characters', async () => {
      const p = await newProposal(s);
      const res = await report(s, s.citizen, pid(p), 'OTHER', '가'.repeat(1000));
      expect(res.errors).toBeUndefined();
      expect((await reportRows(s.t, pid(p)))[0]!.details).toBe('가'.repeat(1000));
    });

    it.each(['staff', 'moderator', 'admin'] as const)('lets %s report', async (who) => {
      const p = await newProposal(s);
      const res = await report(s, s[who], pid(p));
      expect(res.errors).toBeUndefined();
      expect((await reportRows(s.t, pid(p))).map((r) => r.reporter_id)).toEqual([s[who].user.id]);
    });

    it('lets a moderator report a hidden proposal they can see, without a second hide', async () => {
      const p = await newProposal(s, s.author, { hidden: true });
      const before = await hiddenNotices(s.t, pid(p));
      const res = await report(s, s.moderator, pid(p));
      expect(res.errors).toBeUndefined();
      expect(await itemRow(s.t, pid(p))).toMatchObject({ report_count: 1, open_report_count: 1 });
      expect(await decisionRows(s.t, pid(p))).toEqual([]);
      expect(await hiddenNotices(s.t, pid(p))).toEqual(before);
    });
  });

  describe('refusals, each writing nothing', () => {
    async function expectRefused(
      send: () => Promise<Awaited<ReturnType<typeof report>>>,
      code: string,
      fields?: string[],
    ) {
      const before = await moderationSnapshot(s.t);
      const res = await send();
      expect(codeOf(res)).toBe(code);
      if (fields) expect(badFields(res)).toEqual(fields);
      expect(res.data?.reportContent ?? null).toBeNull();
      expect(await moderationSnapshot(s.t)).toEqual(before);
    }

    it('refuses an anonymous report with UNAUTHENTICATED', async () => {
      const p = await newProposal(s);
      await expectRefused(() => report(s, null, pid(p)), 'UNAUTHENTICATED');
    });

    it('refuses a suspended citizen with FORBIDDEN', async () => {
      const p = await newProposal(s);
      await expectRefused(() => report(s, s.suspended, pid(p)), 'FORBIDDEN');
    });

    it('answers NOT_FOUND for a hidden proposal a citizen cannot see, and for staff', async () => {
      const p = await newProposal(s, s.author, { hidden: true });
      await expectRefused(() => report(s, s.citizen, pid(p)), 'NOT_FOUND');
      await expectRefused(() => report(s, s.staff, pid(p)), 'NOT_FOUND');
    });

    it('answers NOT_FOUND for a comment on a hidden proposal', async () => {
      const p = await newProposal(s);
      const comment = await commentOn(s, s.author, p, '숨겨질 제안의 댓글');
      await s.t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
      await expectRefused(() => report(s, s.citizen, comment), 'NOT_FOUND');
    });

    it('answers FORBIDDEN to the author of a hidden proposal reporting it (they can see it)', async () => {
      const p = await newProposal(s, s.author, { hidden: true });
      await expectRefused(() => report(s, s.author, pid(p)), 'FORBIDDEN');
    });

    it('answers NOT_FOUND for ids of the right type that do not exist', async () => {
      await expectRefused(() => report(s, s.citizen, pid(randomUUID())), 'NOT_FOUND');
      await expectRefused(() => report(s, s.citizen, cid(randomUUID())), 'NOT_FOUND');
    });

    it('refuses a report of a deleted comment with CONFLICT', async () => {
      const p = await newProposal(s);
      const comment = await commentOn(s, s.author, p, '지울 댓글');
      await ok(s.t, DELETE_COMMENT, { id: comment }, s.author.token);
      await expectRefused(() => report(s, s.citizen, comment), 'CONFLICT');
    });

    it('refuses a report of one’s own proposal or comment with FORBIDDEN', async () => {
      const p = await newProposal(s);
      const comment = await commentOn(s, s.citizen, p, '내 댓글');
      await expectRefused(() => report(s, s.author, pid(p)), 'FORBIDDEN');
      await expectRefused(() => report(s, s.citizen, comment), 'FORBIDDEN');
    });

    it('refuses a second report by the same person with CONFLICT, whatever the reason', async () => {
      const p = await newProposal(s);
      const comment = await commentOn(s, s.author, p, '두 번 신고할 댓글');
      expect((await report(s, s.citizen, pid(p), 'SPAM')).errors).toBeUndefined();
      expect((await report(s, s.citizen, comment, 'SPAM')).errors).toBeUndefined();
      await expectRefused(() => report(s, s.citizen, pid(p), 'SPAM'), 'CONFLICT');
      await expectRefused(() => report(s, s.citizen, pid(p), 'OFFENSIVE', '다른 이유'), 'CONFLICT');
      await expectRefused(() => report(s, s.citizen, comment, 'OTHER'), 'CONFLICT');
      expect(await itemRow(s.t, pid(p))).toMatchObject({ report_count: 1, open_report_count: 1 });
      expect(await itemRow(s.t, comment)).toMatchObject({ report_count: 1, open_report_count: 1 });
    });

    it('lets exactly one of ten simultaneous reports by one person through', async () => {
      const p = await newProposal(s);
      const comment = await commentOn(s, s.author, p, '동시에 신고할 댓글');
      for (const target of [pid(p), comment]) {
        const results = await Promise.all(
          Array.from({ length: 10 }, () => report(s, s.other, target)),
        );
        const codes = sorted(results.map((r) => (r.errors ? codeOf(r) : 'OK')));
        expect(codes).toEqual([...Array<string>(9).fill('CONFLICT'), 'OK']);
        expect((await reportRows(s.t, target)).map((r) => r.reporter_id)).toEqual([
          s.other.user.id,
        ]);
        expect(await itemRow(s.t, target)).toMatchObject({ report_count: 1, open_report_count: 1 });
      }
      expect(await decisionRows(s.t, pid(p))).toEqual([]);
    });

    describe('hostile details', () => {
      it.each([
        ['1001 characters', 'a'.repeat(1001)],
        ['a control character', '신고합니다\u0007'],
        ['a NUL character', '신고\u0000합니다'],
        ['an escape sequence', '\u001b[31m빨강'],
        ['only whitespace', ' \n\t  '],
        ['an empty string', ''],
      ])('refuses %s with BAD_USER_INPUT on details', async (_label, details) => {
        const p = await newProposal(s);
        await expectRefused(
          () => report(s, s.citizen, pid(p), 'OTHER', details),
          'BAD_USER_INPUT',
          ['details'],
        );
      });

      it('refuses details of the wrong type', async () => {
        const p = await newProposal(s);
        await expectRefused(
          () =>
            s.t.gql(
              `mutation($input: ReportContentInput!) { reportContent(input: $input) { id } }`,
              { input: { targetId: pid(p), reason: 'SPAM', details: 42 } },
              s.citizen.token,
            ),
          'BAD_USER_INPUT',
        );
      });
    });

    it.each([['RUDE'], ['spam'], [''], [3]])(
      'refuses the reason %p, not one of the enum, with BAD_USER_INPUT',
      async (reason) => {
        const p = await newProposal(s);
        await expectRefused(
          () =>
            s.t.gql(
              `mutation($input: ReportContentInput!) { reportContent(input: $input) { id } }`,
              { input: { targetId: pid(p), reason } },
              s.citizen.token,
            ),
          'BAD_USER_INPUT',
        );
      },
    );

    it('refuses a missing reason', async () => {
      const p = await newProposal(s);
      await expectRefused(
        () =>
          s.t.gql(
            `mutation($input: ReportContentInput!) { reportContent(input: $input) { id } }`,
            { input: { targetId: pid(p) } },
            s.citizen.token,
          ),
        'BAD_USER_INPUT',
      );
    });

    it.each([
      ['junk', () => 'not-an-id'],
      ['an empty id', () => ''],
      ['a raw uuid', () => randomUUID()],
      ['a User id', () => toGlobalId('User', randomUUID())],
      ['a Department id', () => toGlobalId('Department', randomUUID())],
      ['a Workshop id', () => toGlobalId('Workshop', randomUUID())],
      ['a Report id', () => toGlobalId('Report', randomUUID())],
      ['a Proposal id with a junk uuid', () => toGlobalId('Proposal', 'not-a-uuid')],
    ])('refuses %s as targetId with BAD_USER_INPUT on targetId', async (_label, id) => {
      await expectRefused(() => report(s, s.citizen, id()), 'BAD_USER_INPUT', ['targetId']);
    });

    it('refuses a real user’s id as targetId (another type), naming targetId', async () => {
      await expectRefused(
        () => report(s, s.citizen, toGlobalId('User', s.author.user.id)),
        'BAD_USER_INPUT',
        ['targetId'],
      );
    });
  });
});
