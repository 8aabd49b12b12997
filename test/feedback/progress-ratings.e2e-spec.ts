import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  answer,
  assign,
  did,
  FEEDBACK,
  feedbackScene,
  feedbackSnapshot,
  newProposal,
  ok,
  pid,
  PROGRESS,
  proposalAt,
  RATE,
  raw,
  STATS,
  type FeedbackScene,
} from './support.js';

const uid = (u: TestUser) => toGlobalId('User', u.user.id);

const NODE = `query Node($id: ID!) { node(id: $id) { __typename id
  ... on OfficialAnswer { status body department { slug } proposal { id } rating { score comment } }
  ... on ProgressUpdate { progress body author { id } } } }`;
const NODES = `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

async function progressRows(t: TestApp, proposalId: string) {
  return (await t.db.query(
    `SELECT id, department_id, author_id, progress, body FROM progress_update
      WHERE proposal_id = $1 ORDER BY created_at, id`,
    [proposalId],
  )) as { id: string; department_id: string; author_id: string; progress: number; body: string }[];
}

async function proposalRow(t: TestApp, id: string) {
  const [row] = await t.db.query('SELECT status, progress FROM proposal WHERE id = $1', [id]);
  return row as { status: string; progress: number };
}

async function ratingRow(t: TestApp, answerGlobalId: string) {
  const rows = await t.db.query(
    'SELECT rater_id, score, comment FROM answer_rating WHERE answer_id = $1',
    [raw(answerGlobalId)],
  );
  return rows[0] ?? null;
}

/** No two rows of `table` for the proposal were written at the same moment. */
async function ties(t: TestApp, table: string, proposalId: string): Promise<number> {
  const [{ n }] = await t.db.query(
    `SELECT count(*)::int AS n FROM (
       SELECT created_at <= lag(created_at) OVER (ORDER BY created_at, id) AS tie
         FROM ${table} WHERE proposal_id = $1) x WHERE tie`,
    [proposalId],
  );
  return n;
}

describe('progress updates, ratings and node()', () => {
  let t: TestApp;
  let s: FeedbackScene;

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
  });
  afterAll(() => t.close());

  const post = (
    proposal: ProposalEntity | string,
    progress: unknown,
    body: unknown,
    who: TestUser | null,
  ) =>
    t.gql(
      PROGRESS,
      {
        input: {
          proposalId: typeof proposal === 'string' ? proposal : pid(proposal),
          progress,
          body,
        },
      },
      who?.token ?? null,
    );

  const rate = (answerId: string, score: unknown, comment: unknown, who: TestUser | null) =>
    t.gql(
      RATE,
      { input: comment === undefined ? { answerId, score } : { answerId, score, comment } },
      who?.token ?? null,
    );

  /** A proposal assigned to `department` and answered ACCEPTED by its staff; the answer. */
  async function answered(
    department = s.parks,
    by = s.parksStaff,
    authorId = s.author.user.id,
  ): Promise<{ p: ProposalEntity; a: any }> {
    const p = await proposalAt(s, 'UNDER_REVIEW', department, {}, authorId);
    return { p, a: await answer(s, by, p, 'ACCEPTED', '수용합니다.') };
  }

  describe('postProgressUpdate', () => {
    it('moves ACCEPTED to IN_PROGRESS on the first update and keeps it there; progress is the latest value, up or down', async () => {
      const p = await proposalAt(s, 'ACCEPTED', s.parks);
      const steps: [number, TestUser, string][] = [
        [40, s.parksStaff, '자재를 주문했습니다.'],
        [20, s.parksStaff2, '설계를 다시 합니다.'],
        [0, s.admin, '공사를 중단했습니다.'],
        [100, s.parksStaff, '설치를 마쳤습니다.'],
      ];
      const ids: string[] = [];
      for (const [progress, who, body] of steps) {
        const res = await post(p, progress, body, who);
        expect(res.errors).toBeUndefined();
        expect(res.data.postProgressUpdate).toEqual({
          id: expect.any(String),
          progress,
          body,
          createdAt: expect.any(String),
          author: { id: uid(who) },
        });
        ids.push(res.data.postProgressUpdate.id);
        // Progress 100 is not IMPLEMENTED: only an answer says that.
        expect(await proposalRow(t, p.id)).toEqual({ status: 'IN_PROGRESS', progress });
      }

      expect(await progressRows(t, p.id)).toEqual(
        steps.map(([progress, who, body], i) => ({
          id: raw(ids[i]!),
          department_id: s.parks.id,
          author_id: who.user.id,
          progress,
          body,
        })),
      );
      const view = (await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal;
      expect(view).toMatchObject({ status: 'IN_PROGRESS', progress: 100 });
      expect(view.progressUpdates.map((u: any) => [u.id, u.progress, u.author.id])).toEqual(
        steps.map(([progress, who], i) => [ids[i], progress, uid(who)]),
      );
      // A progress update is not an answer.
      expect(view.answers).toEqual([]);
    });

    it('keeps an IN_PROGRESS proposal IN_PROGRESS', async () => {
      const p = await proposalAt(s, 'IN_PROGRESS', s.parks, { progress: 70 });
      const res = await post(p, 60, '일정이 늦어집니다.', s.parksStaff);
      expect(res.errors).toBeUndefined();
      expect(await proposalRow(t, p.id)).toEqual({ status: 'IN_PROGRESS', progress: 60 });
    });

    it.each(['SUBMITTED', 'UNDER_REVIEW', 'REJECTED', 'IMPLEMENTED', 'WITHDRAWN'] as const)(
      'refuses a progress update on a %s proposal with CONFLICT, for its staff and an admin',
      async (status) => {
        const p = await proposalAt(s, status, s.parks, { progress: 10 });
        const before = await feedbackSnapshot(t, p.id);
        for (const who of [s.parksStaff, s.admin]) {
          const res = await post(p, 50, '진행 중입니다.', who);
          expect(codeOf(res)).toBe('CONFLICT');
          expect(res.data?.postProgressUpdate ?? null).toBeNull();
        }
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      },
    );

    it('refuses an unassigned SUBMITTED proposal with CONFLICT, for staff and an admin alike (as answers do)', async () => {
      const p = await newProposal(s);
      const before = await feedbackSnapshot(t, p.id);
      expect(codeOf(await post(p, 10, '시작', s.admin))).toBe('CONFLICT');
      expect(codeOf(await post(p, 10, '시작', s.parksStaff))).toBe('CONFLICT');
      expect(await feedbackSnapshot(t, p.id)).toEqual(before);
    });

    describe('who may post', () => {
      it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
        const p = await proposalAt(s, 'ACCEPTED', s.parks);
        const before = await feedbackSnapshot(t, p.id);
        expect(codeOf(await post(p, 10, '익명', null))).toBe('UNAUTHENTICATED');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      });

      it.each([
        ['a citizen', 'citizen'],
        ['a moderator', 'moderator'],
        ["the proposal's author", 'author'],
        ['staff of another department', 'roadsStaff'],
        ['staff of a third department', 'welfareStaff'],
      ] as const)('refuses %s with FORBIDDEN, writing nothing', async (_l, who) => {
        const p = await proposalAt(s, 'ACCEPTED', s.parks);
        const before = await feedbackSnapshot(t, p.id);
        expect(codeOf(await post(p, 10, '진행', s[who]))).toBe('FORBIDDEN');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      });

      it('refuses suspended staff of the department and a suspended admin with FORBIDDEN', async () => {
        const p = await proposalAt(s, 'ACCEPTED', s.parks);
        const before = await feedbackSnapshot(t, p.id);
        expect(codeOf(await post(p, 10, '진행', s.suspendedParksStaff))).toBe('FORBIDDEN');
        expect(codeOf(await post(p, 10, '진행', s.suspendedAdmin))).toBe('FORBIDDEN');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      });

      it('refuses staff of a department the proposal was transferred away from; the new one may post', async () => {
        const p = await newProposal(s);
        await assign(s, s.welfareStaff, p, s.roads, '도로 민원');
        await answer(s, s.roadsStaff, p, 'ACCEPTED', '도로과에서 수용합니다.');
        await assign(s, s.roadsStaff, p, s.parks, '공원 안의 길입니다');
        const before = await feedbackSnapshot(t, p.id);
        expect(codeOf(await post(p, 30, '도로과 진행', s.roadsStaff))).toBe('FORBIDDEN');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
        const res = await post(p, 30, '공원녹지과 진행', s.parksStaff);
        expect(res.errors).toBeUndefined();
        expect((await progressRows(t, p.id))[0]!.department_id).toBe(s.parks.id);
      });

      it('lets an admin post for the assigned department', async () => {
        const p = await proposalAt(s, 'ACCEPTED', s.roads);
        const res = await post(p, 25, '시에서 알립니다.', s.admin);
        expect(res.data.postProgressUpdate.author.id).toBe(uid(s.admin));
        expect(await progressRows(t, p.id)).toEqual([
          expect.objectContaining({ department_id: s.roads.id, author_id: s.admin.user.id }),
        ]);
      });

      it.each([
        ['its staff', 'parksStaff'],
        ['staff of another department', 'roadsStaff'],
      ] as const)('answers NOT_FOUND to %s for a hidden proposal', async (_l, who) => {
        const p = await proposalAt(s, 'ACCEPTED', s.parks, { hidden: true });
        const before = await feedbackSnapshot(t, p.id);
        expect(codeOf(await post(p, 10, '진행', s[who]))).toBe('NOT_FOUND');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      });
    });

    describe('hostile input', () => {
      let p: ProposalEntity;
      let before: unknown;
      beforeAll(async () => {
        p = await proposalAt(s, 'ACCEPTED', s.parks, { progress: 5 });
      });
      beforeEach(async () => {
        before = await feedbackSnapshot(t, p.id);
      });
      const unchanged = async () => expect(await feedbackSnapshot(t, p.id)).toEqual(before);

      it.each([
        ['-1', -1],
        ['101', 101],
        ['-2147483648', -2147483648],
      ])('refuses progress %s as BAD_USER_INPUT on progress', async (_l, progress) => {
        const res = await post(p, progress, '진행', s.parksStaff);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['progress']);
        await unchanged();
      });

      it.each([
        ['a fraction', 50.5],
        ['a string', '50'],
        ['null', null],
        ['a boolean', true],
        ['beyond a 32-bit Int', 2 ** 31],
      ])('refuses progress that is %s as BAD_USER_INPUT', async (_l, progress) => {
        expect(codeOf(await post(p, progress, '진행', s.parksStaff))).toBe('BAD_USER_INPUT');
        await unchanged();
      });

      it.each([
        ['empty', ''],
        ['only spaces', '   '],
        ['only newlines and tabs', '\n\t'],
        ['5,001 characters', '가'.repeat(5001)],
        ['5,001 astral characters', '😀'.repeat(5001)],
        ['a NUL character', '진행\u0000'],
        ['a carriage return', '첫 줄\r둘째 줄'],
        ['an escape sequence', '\u001b[2J'],
      ])('refuses a body that is %s as BAD_USER_INPUT on body', async (_l, body) => {
        const res = await post(p, 50, body, s.parksStaff);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['body']);
        await unchanged();
      });

      it('refuses a body of the wrong type', async () => {
        expect(codeOf(await post(p, 50, 12345, s.parksStaff))).toBe('BAD_USER_INPUT');
        expect(codeOf(await post(p, 50, null, s.parksStaff))).toBe('BAD_USER_INPUT');
        await unchanged();
      });

      it.each([
        ['junk', () => '???'],
        ['a raw uuid', () => p.id],
        ['a Department id', () => did(s.parks)],
        ['an OfficialAnswer id', () => toGlobalId('OfficialAnswer', p.id)],
        ['a ProgressUpdate id', () => toGlobalId('ProgressUpdate', randomUUID())],
      ])('refuses %s as proposalId with BAD_USER_INPUT on proposalId', async (_l, id) => {
        const res = await post(id(), 50, '진행', s.parksStaff);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['proposalId']);
        await unchanged();
      });

      it('answers NOT_FOUND for a Proposal id that does not exist', async () => {
        expect(codeOf(await post(pid(randomUUID()), 50, '진행', s.admin))).toBe('NOT_FOUND');
        await unchanged();
      });

      it('names every bad field at once', async () => {
        const res = await post('x', 101, '', s.parksStaff);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['body', 'progress', 'proposalId']);
        await unchanged();
      });

      it('stores 5,000 characters, trimmed and NFC-normalised, and HTML verbatim', async () => {
        const q = await proposalAt(s, 'ACCEPTED', s.parks);
        const long = '가'.repeat(4990);
        const nfd = `  ${'공사 중'.normalize('NFD')}${long}\n `;
        const first = await post(q, 10, nfd, s.parksStaff);
        expect(first.errors).toBeUndefined();
        expect(first.data.postProgressUpdate.body).toBe(`공사 중${long}`);
        const html = '<b>50%</b> <script>alert(1)</script>';
        const second = await post(q, 50, html, s.parksStaff);
        expect(second.data.postProgressUpdate.body).toBe(html);
        expect((await progressRows(t, q.id)).map((r) => r.body)).toEqual([`공사 중${long}`, html]);
      });
    });

    it('lands every one of 12 updates sent at once, and progress is the last one stored', async () => {
      const p = await proposalAt(s, 'ACCEPTED', s.parks);
      const values = [5, 90, 15, 80, 25, 70, 35, 60, 45, 50, 0, 100];
      const senders = [s.parksStaff, s.parksStaff2, s.admin];
      const responses = await Promise.all(
        values.map((v, i) => post(p, v, `동시 진행 ${v}`, senders[i % 3]!)),
      );
      for (const res of responses) expect(res.errors).toBeUndefined();
      const rows = await progressRows(t, p.id);
      expect(rows.map((r) => r.progress).sort((a, b) => a - b)).toEqual(
        [...values].sort((a, b) => a - b),
      );
      expect(await ties(t, 'progress_update', p.id)).toBe(0);
      expect(await proposalRow(t, p.id)).toEqual({
        status: 'IN_PROGRESS',
        progress: rows.at(-1)!.progress,
      });
      const view = (await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal;
      expect(view.progress).toBe(rows.at(-1)!.progress);
      expect(view.progressUpdates.map((u: any) => raw(u.id))).toEqual(rows.map((r) => r.id));
    });

    it('refuses the updates that come after an IMPLEMENTED answer sent at the same time, and progress stays 100', async () => {
      const p = await proposalAt(s, 'ACCEPTED', s.parks);
      const values = [10, 20, 30, 40, 50, 60, 70, 80];
      const [done, ...updates] = await Promise.all([
        t.gql(
          `mutation($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }`,
          { input: { proposalId: pid(p), status: 'IMPLEMENTED', body: '완료했습니다.' } },
          s.admin.token,
        ),
        ...values.map((v, i) => post(p, v, `진행 ${v}`, i % 2 ? s.parksStaff : s.parksStaff2)),
      ]);
      // From ACCEPTED or IN_PROGRESS an answer may always set IMPLEMENTED.
      expect(done!.errors).toBeUndefined();
      const refused = updates.filter((res) => res.errors);
      for (const res of refused) expect(codeOf(res)).toBe('CONFLICT');
      const [{ later }] = await t.db.query(
        `SELECT count(*)::int AS later FROM progress_update u JOIN official_answer a
            ON a.proposal_id = u.proposal_id
          WHERE u.proposal_id = $1 AND u.created_at >= a.created_at`,
        [p.id],
      );
      expect(later).toBe(0);
      expect(await progressRows(t, p.id)).toHaveLength(values.length - refused.length);
      expect(await proposalRow(t, p.id)).toEqual({ status: 'IMPLEMENTED', progress: 100 });
    });
  });

  describe('rateAnswer', () => {
    it('lets the author rate an answer; the rating is public on the answer', async () => {
      const { p, a } = await answered();
      const res = await rate(a.id, 4, '  빠른 답변 감사합니다  ', s.author);
      expect(res.errors).toBeUndefined();
      expect(res.data.rateAnswer).toMatchObject({
        id: a.id,
        status: 'ACCEPTED',
        rating: { score: 4, comment: '빠른 답변 감사합니다', createdAt: expect.any(String) },
      });
      expect(Math.abs(Date.parse(res.data.rateAnswer.rating.createdAt) - Date.now())).toBeLessThan(
        60_000,
      );
      expect(await ratingRow(t, a.id)).toEqual({
        rater_id: s.author.user.id,
        score: 4,
        comment: '빠른 답변 감사합니다',
      });
      for (const viewer of [null, s.citizen.token, s.parksStaff.token]) {
        const view = (await ok(t, FEEDBACK, { id: pid(p) }, viewer)).proposal;
        expect(view.answers[0].rating).toEqual(res.data.rateAnswer.rating);
        expect((await ok(t, NODE, { id: a.id }, viewer)).node.rating).toEqual({
          score: 4,
          comment: '빠른 답변 감사합니다',
        });
      }
    });

    it.each([
      ['without a comment', undefined],
      ['with a null comment', null],
    ])('takes a rating %s', async (_l, comment) => {
      const { a } = await answered();
      const res = await rate(a.id, 5, comment, s.author);
      expect(res.errors).toBeUndefined();
      expect(res.data.rateAnswer.rating).toMatchObject({ score: 5, comment: null });
      expect(await ratingRow(t, a.id)).toMatchObject({ score: 5, comment: null });
    });

    it('rates each answer separately: two answers of one proposal, two ratings', async () => {
      const { p, a } = await answered();
      const b = await answer(s, s.parksStaff, p, 'IN_PROGRESS', '착공했습니다.');
      expect((await rate(a.id, 2, null, s.author)).errors).toBeUndefined();
      expect((await rate(b.id, 5, null, s.author)).errors).toBeUndefined();
      const view = (await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal;
      expect(view.answers.map((x: any) => x.rating.score)).toEqual([2, 5]);
    });

    it('refuses a second rating of the same answer with CONFLICT, keeping the first', async () => {
      const { p, a } = await answered();
      expect((await rate(a.id, 3, '보통', s.author)).errors).toBeUndefined();
      const before = await feedbackSnapshot(t, p.id);
      for (const [score, comment] of [
        [3, '보통'],
        [1, '다시 생각해 보니 별로'],
        [5, undefined],
      ] as const) {
        const res = await rate(a.id, score, comment, s.author);
        expect(codeOf(res)).toBe('CONFLICT');
        expect(res.data?.rateAnswer ?? null).toBeNull();
      }
      expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      expect(await ratingRow(t, a.id)).toMatchObject({ score: 3, comment: '보통' });
    });

    it('lets exactly one of two ratings sent at once through, the other CONFLICT', async () => {
      const pairs = await Promise.all([answered(), answered(), answered(), answered()]);
      const results = await Promise.all(
        pairs.flatMap(({ a }) => [
          rate(a.id, 1, '첫째', s.author),
          rate(a.id, 5, '둘째', s.author),
        ]),
      );
      for (const [i, { a }] of pairs.entries()) {
        const [one, two] = [results[2 * i]!, results[2 * i + 1]!];
        const winners = [one, two].filter((res) => !res.errors);
        const losers = [one, two].filter((res) => res.errors);
        expect(winners).toHaveLength(1);
        expect(losers.map(codeOf)).toEqual(['CONFLICT']);
        const [{ n }] = await t.db.query(
          'SELECT count(*)::int AS n FROM answer_rating WHERE answer_id = $1',
          [raw(a.id)],
        );
        expect(n).toBe(1);
        expect(await ratingRow(t, a.id)).toMatchObject({
          score: winners[0]!.data.rateAnswer.rating.score,
          comment: winners[0]!.data.rateAnswer.rating.comment,
        });
      }
    });

    describe('who may rate', () => {
      it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
        const { p, a } = await answered();
        const before = await feedbackSnapshot(t, p.id);
        expect(codeOf(await rate(a.id, 5, null, null))).toBe('UNAUTHENTICATED');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      });

      it.each([
        ['another citizen', 'citizen'],
        ['the staff member who answered', 'parksStaff'],
        ['staff of another department', 'roadsStaff'],
        ['a moderator', 'moderator'],
        ['an admin who did not write the proposal', 'admin'],
      ] as const)('refuses %s with FORBIDDEN, writing nothing', async (_l, who) => {
        const { p, a } = await answered();
        const before = await feedbackSnapshot(t, p.id);
        const res = await rate(a.id, 1, '별로입니다', s[who]);
        expect(codeOf(res)).toBe('FORBIDDEN');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
        // The author still may.
        expect((await rate(a.id, 4, null, s.author)).errors).toBeUndefined();
      });

      it('refuses an ADMIN who wrote the proposal with FORBIDDEN', async () => {
        const { p, a } = await answered(s.parks, s.parksStaff, s.admin.user.id);
        const before = await feedbackSnapshot(t, p.id);
        expect(codeOf(await rate(a.id, 5, '제 제안입니다', s.admin))).toBe('FORBIDDEN');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      });

      it('refuses a suspended author with FORBIDDEN', async () => {
        const suspended = await createUser(t.db, t.jwt, {
          suspendedUntil: new Date(Date.now() + 86_400_000),
        });
        const { p, a } = await answered(s.parks, s.parksStaff, suspended.user.id);
        const before = await feedbackSnapshot(t, p.id);
        expect(codeOf(await rate(a.id, 5, null, suspended))).toBe('FORBIDDEN');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      });

      it.each([
        ['a staff member', 'roadsStaff'],
        ['a moderator', 'moderator'],
      ] as const)('lets %s who wrote the proposal rate its answer', async (_l, who) => {
        const { a } = await answered(s.parks, s.parksStaff, s[who].user.id);
        const res = await rate(a.id, 2, '조금 늦었습니다', s[who]);
        expect(res.errors).toBeUndefined();
        expect(await ratingRow(t, a.id)).toEqual({
          rater_id: s[who].user.id,
          score: 2,
          comment: '조금 늦었습니다',
        });
      });

      it('hides the answer of a hidden proposal: NOT_FOUND for others, FORBIDDEN for a moderator, and the author may still rate', async () => {
        const { p, a } = await answered();
        await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
        const before = await feedbackSnapshot(t, p.id);
        for (const who of [s.citizen, s.parksStaff, s.roadsStaff]) {
          expect(codeOf(await rate(a.id, 1, null, who))).toBe('NOT_FOUND');
        }
        expect(codeOf(await rate(a.id, 1, null, s.moderator))).toBe('FORBIDDEN');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
        const res = await rate(a.id, 3, '숨겨졌지만 평가합니다', s.author);
        expect(res.errors).toBeUndefined();
        expect(await ratingRow(t, a.id)).toMatchObject({ score: 3, rater_id: s.author.user.id });
      });
    });

    describe('hostile input', () => {
      let p: ProposalEntity;
      let a: any;
      let before: unknown;
      beforeAll(async () => {
        ({ p, a } = await answered());
      });
      beforeEach(async () => {
        before = await feedbackSnapshot(t, p.id);
      });
      const unchanged = async () => expect(await feedbackSnapshot(t, p.id)).toEqual(before);

      it.each([0, 6, -1, 100])('refuses score %s as BAD_USER_INPUT on score', async (score) => {
        const res = await rate(a.id, score, null, s.author);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['score']);
        await unchanged();
      });

      it.each([
        ['a fraction', 2.5],
        ['a string', '5'],
        ['null', null],
        ['a list', [5]],
      ])('refuses a score that is %s as BAD_USER_INPUT', async (_l, score) => {
        expect(codeOf(await rate(a.id, score, null, s.author))).toBe('BAD_USER_INPUT');
        await unchanged();
      });

      it.each([
        ['empty', ''],
        ['only spaces', '    '],
        ['2,001 characters', '가'.repeat(2001)],
        ['2,001 astral characters', '😀'.repeat(2001)],
        ['a NUL character', '좋아요\u0000'],
        ['a bell character', '\u0007좋아요'],
        ['a carriage return', '좋아\r요'],
      ])('refuses a comment that is %s as BAD_USER_INPUT on comment', async (_l, comment) => {
        const res = await rate(a.id, 4, comment, s.author);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['comment']);
        await unchanged();
      });

      it('refuses a comment of the wrong type', async () => {
        expect(codeOf(await rate(a.id, 4, 12345, s.author))).toBe('BAD_USER_INPUT');
        expect(codeOf(await rate(a.id, 4, { text: '좋아요' }, s.author))).toBe('BAD_USER_INPUT');
        await unchanged();
      });

      it.each([
        ['junk', () => 'not-an-id'],
        ['an empty string', () => ''],
        ['a raw uuid', () => raw(a.id)],
        ['the id of its Proposal', () => pid(p)],
        ['a User id', () => uid(s.parksStaff)],
        [
          'a ProgressUpdate id with the answer’s uuid',
          () => toGlobalId('ProgressUpdate', raw(a.id)),
        ],
      ])('refuses %s as answerId with BAD_USER_INPUT on answerId', async (_l, id) => {
        const res = await rate(id(), 4, null, s.author);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['answerId']);
        await unchanged();
      });

      it('answers NOT_FOUND for an OfficialAnswer id that does not exist, or that is a proposal’s uuid', async () => {
        for (const id of [randomUUID(), p.id]) {
          const res = await rate(toGlobalId('OfficialAnswer', id), 4, null, s.author);
          expect(codeOf(res)).toBe('NOT_FOUND');
        }
        await unchanged();
      });

      it('names every bad field at once', async () => {
        const res = await rate('x', 9, '', s.author);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['answerId', 'comment', 'score']);
        await unchanged();
      });

      it('takes a 2,000-character comment, trimmed and NFC-normalised, with HTML kept verbatim', async () => {
        const { a: b } = await answered();
        const text = `<i>${'좋'.repeat(1993)}</i>`;
        expect(Array.from(text)).toHaveLength(2000);
        const res = await rate(b.id, 5, `\n ${text.normalize('NFD')} \t`, s.author);
        expect(res.errors).toBeUndefined();
        expect(res.data.rateAnswer.rating.comment).toBe(text);
        expect((await ratingRow(t, b.id)).comment).toBe(text);
      });
    });

    it('feeds DepartmentStats.averageSatisfaction: the mean of its answers’ ratings, to 2 decimals', async () => {
      const stats = async () => (await ok(t, STATS, { id: did(s.welfare) }, null)).node.stats;
      expect((await stats()).averageSatisfaction).toBeNull();

      const one = await answered(s.welfare, s.welfareStaff);
      const second = await answer(s, s.welfareStaff, one.p, 'IN_PROGRESS', '착공했습니다.');
      const byAdmin = await answered(s.welfare, s.admin);
      const other = await answered(s.welfare, s.welfareStaff, s.citizen.user.id);
      const elsewhere = await answered(s.parks, s.parksStaff);
      // An unrated answer counts for nothing.
      await answered(s.welfare, s.welfareStaff);

      await rate(one.a.id, 5, null, s.author);
      expect((await stats()).averageSatisfaction).toBe(5);
      await rate(second.id, 5, null, s.author);
      await rate(byAdmin.a.id, 4, null, s.author);
      // (5 + 5 + 4) / 3 = 4.666...
      expect((await stats()).averageSatisfaction).toBe(4.67);
      // Another department's rating does not count here.
      await rate(elsewhere.a.id, 1, null, s.author);
      expect((await stats()).averageSatisfaction).toBe(4.67);
      await rate(other.a.id, 1, null, s.citizen);
      // (5 + 5 + 4 + 1) / 4
      expect((await stats()).averageSatisfaction).toBe(3.75);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM answer_rating r JOIN official_answer a ON a.id = r.answer_id
          WHERE a.department_id = $1`,
        [s.welfare.id],
      );
      expect(n).toBe(4);
    });
  });

  describe('node() for answers and progress updates', () => {
    let p: ProposalEntity;
    let answerId: string;
    let progressId: string;
    beforeAll(async () => {
      p = await proposalAt(s, 'ACCEPTED', s.parks);
      answerId = (await answer(s, s.parksStaff, p, 'ACCEPTED', '예산을 확보했습니다.')).id;
      progressId = (
        await ok(
          t,
          PROGRESS,
          { input: { proposalId: pid(p), progress: 30, body: '착공' } },
          s.parksStaff.token,
        )
      ).postProgressUpdate.id;
      await ok(t, RATE, { input: { answerId, score: 4 } }, s.author.token);
    });

    const everyone = () =>
      [
        ['anonymous', null],
        ['a citizen', s.citizen],
        ['the staff who answered', s.parksStaff],
        ['a moderator', s.moderator],
        ['an admin', s.admin],
        ['the author', s.author],
      ] as const;

    const expectVisible = async (who: TestUser | null) => {
      const token = who?.token ?? null;
      expect((await ok(t, NODE, { id: answerId }, token)).node).toEqual({
        __typename: 'OfficialAnswer',
        id: answerId,
        status: 'ACCEPTED',
        body: '예산을 확보했습니다.',
        department: { slug: 'parks' },
        proposal: { id: pid(p) },
        rating: { score: 4, comment: null },
      });
      expect((await ok(t, NODE, { id: progressId }, token)).node).toEqual({
        __typename: 'ProgressUpdate',
        id: progressId,
        progress: 30,
        body: '착공',
        author: { id: uid(s.parksStaff) },
      });
      expect((await ok(t, NODES, { ids: [answerId, progressId] }, token)).nodes).toEqual([
        { __typename: 'OfficialAnswer', id: answerId },
        { __typename: 'ProgressUpdate', id: progressId },
      ]);
    };

    it('shows both to everyone while the proposal is visible', async () => {
      for (const [, who] of everyone()) await expectVisible(who);
    });

    it('answers null for ids that name nothing, or the wrong type', async () => {
      const ids = [
        toGlobalId('OfficialAnswer', randomUUID()),
        toGlobalId('ProgressUpdate', randomUUID()),
        toGlobalId('OfficialAnswer', raw(progressId)),
        toGlobalId('ProgressUpdate', raw(answerId)),
        toGlobalId('OfficialAnswer', 'not-a-uuid'),
      ];
      for (const id of ids) expect((await ok(t, NODE, { id }, s.admin.token)).node).toBeNull();
      expect((await ok(t, NODES, { ids }, s.admin.token)).nodes).toEqual(ids.map(() => null));
    });

    it('answers null to anonymous viewers, citizens and staff once the proposal is hidden; moderators, admins and the author still see both', async () => {
      await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
      try {
        for (const who of [null, s.citizen, s.parksStaff, s.roadsStaff]) {
          const token = who?.token ?? null;
          expect((await ok(t, NODE, { id: answerId }, token)).node).toBeNull();
          expect((await ok(t, NODE, { id: progressId }, token)).node).toBeNull();
          expect((await ok(t, NODES, { ids: [answerId, progressId] }, token)).nodes).toEqual([
            null,
            null,
          ]);
        }
        for (const who of [s.moderator, s.admin, s.author]) await expectVisible(who);
      } finally {
        await t.db.query('UPDATE proposal SET hidden = false WHERE id = $1', [p.id]);
      }
    });
  });
});
