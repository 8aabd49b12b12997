import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  ANSWER,
  answer,
  assign,
  did,
  FEEDBACK,
  feedbackScene,
  feedbackSnapshot,
  newProposal,
  ok,
  pid,
  proposalAt,
  raw,
  type FeedbackScene,
} from './support.js';

type Status =
  | 'SUBMITTED'
  | 'UNDER_REVIEW'
  | 'ACCEPTED'
  | 'IN_PROGRESS'
  | 'REJECTED'
  | 'IMPLEMENTED'
  | 'WITHDRAWN';

const STATUSES: Status[] = [
  'SUBMITTED',
  'UNDER_REVIEW',
  'ACCEPTED',
  'IN_PROGRESS',
  'REJECTED',
  'IMPLEMENTED',
  'WITHDRAWN',
];

/** "an answer may set", the lifecycle table of ../shared/api/README.md, written out again. */
const MAY_SET: Record<Status, Status[]> = {
  SUBMITTED: [],
  UNDER_REVIEW: ['UNDER_REVIEW', 'ACCEPTED', 'REJECTED'],
  ACCEPTED: ['ACCEPTED', 'IN_PROGRESS', 'IMPLEMENTED', 'REJECTED'],
  IN_PROGRESS: ['IN_PROGRESS', 'IMPLEMENTED'],
  REJECTED: ['REJECTED', 'UNDER_REVIEW'],
  IMPLEMENTED: [],
  WITHDRAWN: [],
};

const uid = (u: TestUser) => toGlobalId('User', u.user.id);

/** The stored answers of a proposal, in the order they were written. */
async function storedAnswers(t: TestApp, proposalId: string) {
  return (await t.db.query(
    `SELECT id, proposal_id, department_id, transfer_id, author_id, status, body
       FROM official_answer WHERE proposal_id = $1 ORDER BY created_at, id`,
    [proposalId],
  )) as {
    id: string;
    proposal_id: string;
    department_id: string;
    transfer_id: string;
    author_id: string;
    status: Status;
    body: string;
  }[];
}

async function proposalRow(t: TestApp, id: string) {
  const [row] = await t.db.query(
    `SELECT status, department_id, awaiting_answer, progress, response_due_at FROM proposal WHERE id = $1`,
    [id],
  );
  return row;
}

describe('answerProposal', () => {
  let t: TestApp;
  let s: FeedbackScene;
  /** Staff of parks whose suspension is over. */
  let formerlySuspended: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
    const staffOfParks = { role: Role.STAFF, departmentId: s.parks.id };
    formerlySuspended = await createUser(t.db, t.jwt, {
      ...staffOfParks,
      suspendedUntil: new Date(Date.now() - 60_000),
    });
  });
  afterAll(() => t.close());

  const send = (
    proposal: ProposalEntity | string,
    status: unknown,
    body: unknown,
    who: TestUser | null,
  ) =>
    t.gql(
      ANSWER,
      {
        input: {
          proposalId: typeof proposal === 'string' ? proposal : pid(proposal),
          status,
          body,
        },
      },
      who?.token ?? null,
    );

  describe('the lifecycle table, cell by cell', () => {
    const cells = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));
    const allowed = cells.filter(([from, to]) => MAY_SET[from].includes(to));
    const refused = cells.filter(([from, to]) => !MAY_SET[from].includes(to));

    it('covers all 49 cells: 11 moves an answer may make and 38 it may not', () => {
      expect(allowed).toHaveLength(11);
      expect(refused).toHaveLength(38);
    });

    it.each(allowed)('from %s an answer may set %s', async (from, to) => {
      const p = await proposalAt(s, from, s.parks, { progress: 30 });
      const [routing] = await t.db.query(
        'SELECT id FROM department_transfer WHERE proposal_id = $1',
        [p.id],
      );
      const before = await proposalRow(t, p.id);
      const body = `${from}에서 ${to}(으)로 답변합니다.`;

      const res = await send(p, to, body, s.parksStaff);
      expect(res.errors).toBeUndefined();
      expect(res.data.answerProposal).toEqual({
        id: expect.any(String),
        status: to,
        body,
        createdAt: expect.any(String),
        author: { id: uid(s.parksStaff) },
        department: { id: did(s.parks), slug: 'parks' },
        proposal: { id: pid(p), status: to },
        rating: null,
      });

      // The answer is kept with its author, department, the routing it answers, status and body.
      expect(await storedAnswers(t, p.id)).toEqual([
        {
          id: raw(res.data.answerProposal.id),
          proposal_id: p.id,
          department_id: s.parks.id,
          transfer_id: routing.id,
          author_id: s.parksStaff.user.id,
          status: to,
          body,
        },
      ]);
      // The proposal now has the status; it is answered; only IMPLEMENTED touches progress.
      expect(await proposalRow(t, p.id)).toEqual({
        ...before,
        status: to,
        awaiting_answer: false,
        progress: to === 'IMPLEMENTED' ? 100 : 30,
      });
      const view = (await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal;
      expect(view.status).toBe(to);
      expect(view.answers.map((a: any) => [a.id, a.status])).toEqual([
        [res.data.answerProposal.id, to],
      ]);
    });

    it.each(refused)(
      'from %s an answer may not set %s: CONFLICT, nothing changed',
      async (from, to) => {
        const p = await proposalAt(s, from, s.parks, { progress: 30 });
        const before = await feedbackSnapshot(t, p.id);
        const res = await send(p, to, '상태를 바꿉니다.', s.parksStaff);
        expect(codeOf(res)).toBe('CONFLICT');
        expect(res.data?.answerProposal ?? null).toBeNull();
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      },
    );

    it.each(STATUSES)(
      'refuses an answer setting %s on an unassigned SUBMITTED proposal with CONFLICT, for staff and admin alike',
      async (to) => {
        const p = await newProposal(s);
        const before = await feedbackSnapshot(t, p.id);
        for (const who of [s.parksStaff, s.admin]) {
          const res = await send(p, to, '먼저 답합니다.', who);
          expect(codeOf(res)).toBe('CONFLICT');
        }
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      },
    );

    it('keeps IMPLEMENTED and WITHDRAWN final for an admin too', async () => {
      for (const from of ['IMPLEMENTED', 'WITHDRAWN'] as const) {
        const p = await proposalAt(s, from, s.parks);
        const before = await feedbackSnapshot(t, p.id);
        for (const to of STATUSES)
          expect(codeOf(await send(p, to, '재검토', s.admin))).toBe('CONFLICT');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      }
    });

    it('follows a proposal through the table over the API: reviewed, rejected, reconsidered, accepted, implemented', async () => {
      const p = await newProposal(s);
      await assign(s, s.roadsStaff, p, s.parks);
      const path: Status[] = [
        'UNDER_REVIEW',
        'REJECTED',
        'REJECTED',
        'UNDER_REVIEW',
        'ACCEPTED',
        'IN_PROGRESS',
        'IMPLEMENTED',
      ];
      for (const to of path)
        expect((await answer(s, s.parksStaff, p, to)).proposal.status).toBe(to);
      expect((await storedAnswers(t, p.id)).map((a) => a.status)).toEqual(path);
      expect(await proposalRow(t, p.id)).toMatchObject({ status: 'IMPLEMENTED', progress: 100 });
      expect(codeOf(await send(p, 'IN_PROGRESS', '다시', s.parksStaff))).toBe('CONFLICT');
    });
  });

  describe('who may answer', () => {
    it('refuses an anonymous caller with UNAUTHENTICATED, and a forged token too', async () => {
      const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      const before = await feedbackSnapshot(t, p.id);
      expect(codeOf(await send(p, 'ACCEPTED', '익명', null))).toBe('UNAUTHENTICATED');
      const forged = await t.gql(
        ANSWER,
        { input: { proposalId: pid(p), status: 'ACCEPTED', body: '위조' } },
        `${s.parksStaff.token}x`,
      );
      expect(codeOf(forged)).toBe('UNAUTHENTICATED');
      expect(await feedbackSnapshot(t, p.id)).toEqual(before);
    });

    it.each([
      ['a citizen', 'citizen'],
      ['a moderator', 'moderator'],
      ["the proposal's author (a citizen)", 'author'],
      ['staff of another department', 'roadsStaff'],
      ['staff of a third department', 'welfareStaff'],
    ] as const)('refuses %s with FORBIDDEN, writing nothing', async (_label, who) => {
      const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      const before = await feedbackSnapshot(t, p.id);
      for (const to of ['UNDER_REVIEW', 'ACCEPTED', 'REJECTED']) {
        const res = await send(p, to, '제가 답합니다.', s[who]);
        expect(codeOf(res)).toBe('FORBIDDEN');
        expect(res.data?.answerProposal ?? null).toBeNull();
      }
      expect(await feedbackSnapshot(t, p.id)).toEqual(before);
    });

    it('refuses suspended staff of the assigned department and a suspended admin with FORBIDDEN', async () => {
      const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      const before = await feedbackSnapshot(t, p.id);
      expect(codeOf(await send(p, 'ACCEPTED', '정지됨', s.suspendedParksStaff))).toBe('FORBIDDEN');
      expect(codeOf(await send(p, 'ACCEPTED', '정지됨', s.suspendedAdmin))).toBe('FORBIDDEN');
      expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      // Once the suspension is over, the same role may answer again.
      const res = await send(p, 'ACCEPTED', '정지가 끝났습니다.', formerlySuspended);
      expect(res.errors).toBeUndefined();
      expect(res.data.answerProposal.author.id).toBe(uid(formerlySuspended));
    });

    it('refuses staff of a department the proposal was transferred away from', async () => {
      const p = await newProposal(s);
      await assign(s, s.roadsStaff, p, s.roads, '도로 민원');
      await answer(s, s.roadsStaff, p, 'UNDER_REVIEW', '도로과에서 검토합니다.');
      await assign(s, s.roadsStaff, p, s.parks, '공원 안의 길입니다');
      const before = await feedbackSnapshot(t, p.id);
      const res = await send(p, 'ACCEPTED', '아직 우리 일입니다.', s.roadsStaff);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      // The department it went to may.
      expect((await answer(s, s.parksStaff2, p, 'ACCEPTED')).department.slug).toBe('parks');
    });

    it('refuses a staff member who wrote the proposal but works elsewhere', async () => {
      const p = await proposalAt(s, 'UNDER_REVIEW', s.parks, {}, s.roadsStaff.user.id);
      const before = await feedbackSnapshot(t, p.id);
      expect(codeOf(await send(p, 'ACCEPTED', '제 제안입니다.', s.roadsStaff))).toBe('FORBIDDEN');
      expect(await feedbackSnapshot(t, p.id)).toEqual(before);
    });

    it('lets any staff member of the assigned department answer', async () => {
      const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      const first = await answer(s, s.parksStaff, p, 'UNDER_REVIEW', '확인 중입니다.');
      const second = await answer(s, s.parksStaff2, p, 'ACCEPTED', '수용합니다.');
      expect([first.author.id, second.author.id]).toEqual([uid(s.parksStaff), uid(s.parksStaff2)]);
      expect([first.department.slug, second.department.slug]).toEqual(['parks', 'parks']);
    });

    it('lets an admin answer for the assigned department: the answer is that department’s', async () => {
      const p = await proposalAt(s, 'UNDER_REVIEW', s.roads);
      const res = await answer(s, s.admin, p, 'ACCEPTED', '시에서 수용합니다.');
      expect(res.author.id).toBe(uid(s.admin));
      expect(res.department).toEqual({ id: did(s.roads), slug: 'roads' });
      const [row] = await storedAnswers(t, p.id);
      expect(row).toMatchObject({ author_id: s.admin.user.id, department_id: s.roads.id });
    });

    it.each([
      ['its staff', 'parksStaff'],
      ['staff of another department', 'roadsStaff'],
    ] as const)(
      'answers NOT_FOUND to %s for a hidden proposal, writing nothing',
      async (_l, who) => {
        const p = await proposalAt(s, 'UNDER_REVIEW', s.parks, { hidden: true });
        const before = await feedbackSnapshot(t, p.id);
        const res = await send(p, 'ACCEPTED', '숨긴 제안', s[who]);
        expect(codeOf(res)).toBe('NOT_FOUND');
        expect(await feedbackSnapshot(t, p.id)).toEqual(before);
      },
    );
  });

  describe('hostile input', () => {
    let p: ProposalEntity;
    let before: unknown;
    beforeAll(async () => {
      p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
    });
    beforeEach(async () => {
      before = await feedbackSnapshot(t, p.id);
    });
    const unchanged = async () => expect(await feedbackSnapshot(t, p.id)).toEqual(before);

    it.each([
      ['empty', ''],
      ['only spaces', '     '],
      ['only newlines and tabs', '\n\t\n'],
      ['10,001 characters', '가'.repeat(10_001)],
      ['10,001 astral characters', '😀'.repeat(10_001)],
      ['a NUL character', '답변\u0000입니다'],
      ['a bell character', '답변\u0007'],
      ['a carriage return', '첫 줄\r\n둘째 줄'],
      ['an escape sequence', '\u001b[31m빨강\u001b[0m'],
      ['a C1 control character', '다음\u0085줄'],
    ])('refuses a body that is %s as BAD_USER_INPUT on body', async (_l, body) => {
      const res = await send(p, 'ACCEPTED', body, s.parksStaff);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['body']);
      expect(res.data?.answerProposal ?? null).toBeNull();
      await unchanged();
    });

    it.each([
      ['not a status', 'DONE'],
      ['a status in lower case', 'accepted'],
      ['a number', 3],
      ['null', null],
      ['a list', ['ACCEPTED']],
      ['an object', { eq: 'ACCEPTED' }],
    ])('refuses a status that is %s as BAD_USER_INPUT', async (_l, status) => {
      const res = await send(p, status, '답변', s.parksStaff);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      await unchanged();
    });

    it.each([
      ['a number', 12345],
      ['a list', ['가', '나']],
      ['null', null],
    ])('refuses a body that is %s (wrong type) as BAD_USER_INPUT', async (_l, body) => {
      expect(codeOf(await send(p, 'ACCEPTED', body, s.parksStaff))).toBe('BAD_USER_INPUT');
      await unchanged();
    });

    it.each([
      ['junk', () => 'not-an-id'],
      ['an empty string', () => ''],
      ['a number', () => 42],
      ['a raw uuid', () => p.id],
      ['a Department id', () => did(s.parks)],
      ['a User id', () => uid(s.author)],
      ['an OfficialAnswer id', () => toGlobalId('OfficialAnswer', randomUUID())],
      [
        'a Proposal id with a broken uuid',
        () => Buffer.from('Proposal:1234').toString('base64url'),
      ],
    ])('refuses %s as proposalId with BAD_USER_INPUT on proposalId', async (_l, id) => {
      const res = await t.gql(
        ANSWER,
        { input: { proposalId: id(), status: 'ACCEPTED', body: '답변' } },
        s.parksStaff.token,
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['proposalId']);
      await unchanged();
    });

    it('answers NOT_FOUND for a well-formed Proposal id that does not exist, for staff and admin', async () => {
      for (const who of [s.parksStaff, s.admin]) {
        expect(codeOf(await send(pid(randomUUID()), 'ACCEPTED', '답변', who))).toBe('NOT_FOUND');
      }
      await unchanged();
    });

    it('names every bad field at once', async () => {
      const res = await send('x', 'ACCEPTED', ' \u0000 ', s.parksStaff);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['body', 'proposalId']);
      await unchanged();
    });

    it('stores the body trimmed and NFC-normalised, keeping inner newlines and tabs', async () => {
      const q = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      const decomposed = '그늘막을 설치하겠습니다'.normalize('NFD');
      expect(decomposed).not.toBe('그늘막을 설치하겠습니다');
      const res = await send(q, 'ACCEPTED', ` \n\t${decomposed}\n\t둘째 줄 \n `, s.parksStaff);
      expect(res.errors).toBeUndefined();
      const expected = '그늘막을 설치하겠습니다\n\t둘째 줄';
      expect(res.data.answerProposal.body).toBe(expected);
      expect((await storedAnswers(t, q.id))[0]!.body).toBe(expected);
    });

    it.each([
      ['HTML', '<script>alert("x")</script><b>굵게</b> &amp; <img src=x onerror=alert(1)>'],
      ['SQL', "'); DROP TABLE official_answer; --"],
      ['emoji', '👍🏽 🇰🇷 𝒜'],
    ])('keeps %s verbatim, as plain text', async (_l, body) => {
      const q = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      const res = await send(q, 'UNDER_REVIEW', body, s.parksStaff);
      expect(res.data.answerProposal.body).toBe(body);
      expect((await storedAnswers(t, q.id))[0]!.body).toBe(body);
      const view = (await ok(t, FEEDBACK, { id: pid(q) }, null)).proposal;
      expect(view.answers[0].body).toBe(body);
    });

    it.each([
      ['one character', '네'],
      ['10,000 characters', '가'.repeat(10_000)],
      ['10,000 astral characters', '😀'.repeat(10_000)],
      ['10,000 syllables typed as decomposed jamo', '한'.normalize('NFD').repeat(10_000)],
    ])('accepts a body of %s', async (_l, body) => {
      const q = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      const res = await send(q, 'UNDER_REVIEW', body, s.parksStaff);
      expect(res.errors).toBeUndefined();
      expect((await storedAnswers(t, q.id))[0]!.body).toBe(body.normalize('NFC'));
    });
  });

  describe('the answers of a proposal', () => {
    it('lists them oldest first with author and department, to anonymous viewers too, each with the department that wrote it', async () => {
      const p = await newProposal(s);
      await assign(s, s.welfareStaff, p, s.parks, '공원 민원');
      const a1 = await answer(s, s.parksStaff, p, 'UNDER_REVIEW', '공원녹지과에서 확인 중입니다.');
      await assign(s, s.parksStaff, p, s.roads, '도로과 소관입니다');
      const a2 = await answer(s, s.roadsStaff, p, 'ACCEPTED', '도로과에서 수용합니다.');
      const a3 = await answer(s, s.admin, p, 'IN_PROGRESS', '공사를 시작합니다.');

      for (const viewer of [null, s.citizen.token, s.parksStaff.token]) {
        const view = (await ok(t, FEEDBACK, { id: pid(p) }, viewer)).proposal;
        expect(view.status).toBe('IN_PROGRESS');
        expect(view.department.slug).toBe('roads');
        expect(
          view.answers.map((a: any) => [a.id, a.status, a.body, a.author.id, a.department.slug]),
        ).toEqual([
          [a1.id, 'UNDER_REVIEW', '공원녹지과에서 확인 중입니다.', uid(s.parksStaff), 'parks'],
          [a2.id, 'ACCEPTED', '도로과에서 수용합니다.', uid(s.roadsStaff), 'roads'],
          [a3.id, 'IN_PROGRESS', '공사를 시작합니다.', uid(s.admin), 'roads'],
        ]);
        const times = view.answers.map((a: any) => Date.parse(a.createdAt));
        expect([...times].sort((x, y) => x - y)).toEqual(times);
      }

      // Each answer links to the routing it answers: the first one to the assignment to parks,
      // the later ones to the transfer to roads.
      const routings = await t.db.query(
        'SELECT id, to_department_id FROM department_transfer WHERE proposal_id = $1 ORDER BY created_at',
        [p.id],
      );
      expect(routings.map((r: any) => r.to_department_id)).toEqual([s.parks.id, s.roads.id]);
      expect((await storedAnswers(t, p.id)).map((a) => a.transfer_id)).toEqual([
        routings[0].id,
        routings[1].id,
        routings[1].id,
      ]);
    });

    it('is empty before any answer, and hidden with its proposal from anonymous viewers', async () => {
      const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      expect((await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal.answers).toEqual([]);
      await answer(s, s.parksStaff, p, 'ACCEPTED');
      await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
      expect((await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal).toBeNull();
      expect((await ok(t, FEEDBACK, { id: pid(p) }, s.citizen.token)).proposal).toBeNull();
      const seen = (await ok(t, FEEDBACK, { id: pid(p) }, s.moderator.token)).proposal;
      expect(seen.answers.map((a: any) => a.status)).toEqual(['ACCEPTED']);
    });
  });

  describe('answers at once', () => {
    /**
     * The "done when": answers sent at the same moment by several people are
     * serialised, each checked against the status the previous one left, so the stored answers
     * replay through the lifecycle table and the proposal ends where the last one put it.
     */
    it.each([
      [
        'ACCEPTED',
        [
          'IMPLEMENTED',
          'IN_PROGRESS',
          'REJECTED',
          'ACCEPTED',
          'IN_PROGRESS',
          'IMPLEMENTED',
          'ACCEPTED',
          'REJECTED',
          'IN_PROGRESS',
          'ACCEPTED',
          'IMPLEMENTED',
          'IN_PROGRESS',
        ],
      ],
      [
        'UNDER_REVIEW',
        [
          'ACCEPTED',
          'REJECTED',
          'UNDER_REVIEW',
          'IN_PROGRESS',
          'ACCEPTED',
          'IMPLEMENTED',
          'UNDER_REVIEW',
          'REJECTED',
          'ACCEPTED',
          'IN_PROGRESS',
          'UNDER_REVIEW',
          'IMPLEMENTED',
        ],
      ],
      [
        'REJECTED',
        [
          'UNDER_REVIEW',
          'REJECTED',
          'ACCEPTED',
          'UNDER_REVIEW',
          'IN_PROGRESS',
          'REJECTED',
          'ACCEPTED',
          'IMPLEMENTED',
          'UNDER_REVIEW',
          'REJECTED',
          'ACCEPTED',
          'IN_PROGRESS',
        ],
      ],
    ] as [Status, Status[]][])(
      'from %s, 12 answers at once replay through the table and the last one decides',
      async (start, targets) => {
        // At least one target is allowed from the start, so at least one answer must land.
        expect(targets.some((to) => MAY_SET[start].includes(to))).toBe(true);
        const p = await proposalAt(s, start, s.parks, { progress: 30 });
        const senders = [s.parksStaff, s.parksStaff2, s.admin];
        const responses = await Promise.all(
          targets.map((to, i) => send(p, to, `동시 답변 ${i}: ${to}`, senders[i % 3]!)),
        );

        const landed = new Map<string, { to: Status; by: TestUser }>();
        const refusedTargets: Status[] = [];
        responses.forEach((res, i) => {
          if (res.errors) {
            expect(res.errors).toHaveLength(1);
            expect(codeOf(res)).toBe('CONFLICT');
            refusedTargets.push(targets[i]!);
          } else {
            expect(res.data.answerProposal.status).toBe(targets[i]);
            expect(res.data.answerProposal.proposal.status).toBe(targets[i]);
            landed.set(raw(res.data.answerProposal.id), { to: targets[i]!, by: senders[i % 3]! });
          }
        });
        expect(landed.size).toBeGreaterThan(0);
        expect(landed.size + refusedTargets.length).toBe(targets.length);

        const rows = await storedAnswers(t, p.id);
        expect(rows.map((r) => r.id).sort()).toEqual([...landed.keys()].sort());
        for (const row of rows) {
          expect(row).toMatchObject({
            status: landed.get(row.id)!.to,
            author_id: landed.get(row.id)!.by.user.id,
            department_id: s.parks.id,
          });
        }
        // Written one after another: no two answers share a moment.
        const [{ ties }] = await t.db.query(
          `SELECT count(*)::int AS ties FROM (
             SELECT created_at <= lag(created_at) OVER (ORDER BY created_at, id) AS tie
               FROM official_answer WHERE proposal_id = $1) x WHERE tie`,
          [p.id],
        );
        expect(ties).toBe(0);

        // Replay: each stored answer is a move the table allows from the one before.
        const passedThrough: Status[] = [start];
        for (const row of rows) {
          const previous = passedThrough.at(-1)!;
          expect({
            from: previous,
            to: row.status,
            allowed: MAY_SET[previous].includes(row.status),
          }).toEqual({
            from: previous,
            to: row.status,
            allowed: true,
          });
          passedThrough.push(row.status);
        }
        // Each refused answer was refused rightly: the proposal was, at some point, somewhere
        // the table does not allow that move from.
        for (const to of refusedTargets) {
          expect(passedThrough.some((status) => !MAY_SET[status].includes(to))).toBe(true);
        }

        const final = passedThrough.at(-1)!;
        expect(await proposalRow(t, p.id)).toMatchObject({
          status: final,
          awaiting_answer: false,
          progress: final === 'IMPLEMENTED' ? 100 : 30,
        });
        const view = (await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal;
        expect(view.status).toBe(final);
        expect(view.answers.map((a: any) => raw(a.id))).toEqual(rows.map((r) => r.id));
      },
    );
  });
});
