import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import {
  badFields,
  codeOf,
  startTestApp,
  type GraphqlResponse,
  type TestApp,
} from '../helpers/test-app.js';
import {
  answer,
  ASSIGN,
  assign,
  did,
  FEEDBACK,
  feedbackScene,
  feedbackSnapshot,
  newProposal,
  ok,
  pid,
  type FeedbackScene,
} from './support.js';

/**
 * assignProposal: who may route (first assignment by triage or an admin, transfers by the
 * current department or an admin), what a routing does to the status and the deadline, what it
 * refuses, and what happens when several routings of one proposal arrive at once.
 */
describe('assignProposal', () => {
  const DAY = 86_400_000;
  let t: TestApp;
  let s: FeedbackScene;
  /** A fourth department with its own staff member, for races between triage desks. */
  let culture: DepartmentEntity;
  let cultureStaff: TestUser;
  let secondAdmin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
    culture = await createDepartment(t.db, { slug: 'culture', name: '문화과' });
    const user = (overrides = {}) => createUser(t.db, t.jwt, overrides);
    cultureStaff = await user({ role: Role.STAFF, departmentId: culture.id });
    secondAdmin = await user({ role: Role.ADMIN });
  });
  afterAll(() => t.close());

  const uid = (u: TestUser) => toGlobalId('User', u.user.id);

  /** Sends assignProposal as `who` (null: anonymous) and returns the raw response. */
  function route(
    who: TestUser | null,
    proposal: ProposalEntity | string,
    department: DepartmentEntity | string,
    extra: Record<string, unknown> = {},
  ): Promise<GraphqlResponse> {
    return t.gql(
      ASSIGN,
      {
        input: {
          proposalId: typeof proposal === 'string' ? proposal : pid(proposal),
          departmentId: typeof department === 'string' ? department : did(department),
          reason: '담당 부서입니다',
          ...extra,
        },
      },
      who?.token ?? null,
    );
  }

  /** Every routing row of the database, to prove a refused write added none anywhere. */
  const allTransfers = async (): Promise<number> =>
    Number((await t.db.query('SELECT count(*)::int AS n FROM department_transfer'))[0].n);

  /** Sends a refused routing and proves it changed nothing about the proposal. */
  async function expectRefused(
    proposal: ProposalEntity,
    send: () => Promise<GraphqlResponse>,
    code: string,
    fields?: string[],
  ): Promise<GraphqlResponse> {
    const before = await feedbackSnapshot(t, proposal.id);
    const rows = await allTransfers();
    const res = await send();
    expect(codeOf(res)).toBe(code);
    if (fields) expect(badFields(res)).toEqual(fields);
    expect(res.data?.assignProposal ?? null).toBeNull();
    expect(await feedbackSnapshot(t, proposal.id)).toEqual(before);
    expect(await allTransfers()).toBe(rows);
    return res;
  }

  const ANSWER_PATH: Record<string, string[]> = {
    UNDER_REVIEW: [],
    ACCEPTED: ['ACCEPTED'],
    IN_PROGRESS: ['ACCEPTED', 'IN_PROGRESS'],
    REJECTED: ['REJECTED'],
    IMPLEMENTED: ['ACCEPTED', 'IMPLEMENTED'],
  };

  /** A proposal routed to `department` by an admin, brought to `status` by answers (or withdrawn). */
  async function assignedTo(
    department: DepartmentEntity,
    status = 'UNDER_REVIEW',
  ): Promise<ProposalEntity> {
    const proposal = await newProposal(s);
    await assign(s, s.admin, proposal, department, '처음 배정');
    if (status === 'WITHDRAWN') {
      await ok(
        t,
        'mutation W($id: ID!) { withdrawProposal(id: $id) { id } }',
        { id: pid(proposal) },
        s.author.token,
      );
    } else {
      for (const step of ANSWER_PATH[status]!) await answer(s, s.admin, proposal, step);
    }
    const [row] = await t.db.query('SELECT status FROM proposal WHERE id = $1', [proposal.id]);
    expect(row.status).toBe(status);
    return proposal;
  }

  const proposalRow = async (id: string) =>
    (
      await t.db.query(
        `SELECT status, department_id, response_due_at, awaiting_answer, updated_at
           FROM proposal WHERE id = $1`,
        [id],
      )
    )[0];

  const transferRows = (proposalId: string) =>
    t.db.query(
      `SELECT from_department_id, to_department_id, reason, by_id, response_due_at, created_at
         FROM department_transfer WHERE proposal_id = $1 ORDER BY created_at, id`,
      [proposalId],
    );

  describe('who may route', () => {
    it('refuses an anonymous caller as UNAUTHENTICATED and writes nothing', async () => {
      const p = await newProposal(s);
      await expectRefused(p, () => route(null, p, s.parks), 'UNAUTHENTICATED');
    });

    it.each([
      ['a citizen', () => s.citizen],
      ["the proposal's author", () => s.author],
      ['a moderator', () => s.moderator],
      ['a suspended staff member', () => s.suspendedParksStaff],
      ['a suspended admin', () => s.suspendedAdmin],
    ])('refuses %s as FORBIDDEN, for a first assignment and a transfer', async (_label, who) => {
      const unassigned = await newProposal(s);
      await expectRefused(unassigned, () => route(who(), unassigned, s.roads), 'FORBIDDEN');
      // Assigned to parks: even the suspended parks staff member may not pass it on.
      const assigned = await assignedTo(s.parks);
      await expectRefused(assigned, () => route(who(), assigned, s.roads), 'FORBIDDEN');
    });

    it.each([
      ['staff of parks', () => s.parksStaff, () => s.roads],
      ['staff of roads, to its own department', () => s.roadsStaff, () => s.roads],
      ['staff of welfare', () => s.welfareStaff, () => s.parks],
      ['an admin', () => s.admin, () => s.welfare],
    ])(
      'lets %s make the first assignment: SUBMITTED becomes UNDER_REVIEW, from = null',
      async (_label, who, to) => {
        const p = await newProposal(s);
        const res = await route(who(), p, to(), { reason: '접수 분류' });
        expect(res.errors).toBeUndefined();
        const routed = res.data.assignProposal;
        expect(routed).toMatchObject({
          id: pid(p),
          status: 'UNDER_REVIEW',
          overdue: false,
          department: { id: did(to()), slug: to().slug },
        });
        expect(routed.transfers).toEqual([
          {
            id: expect.any(String),
            reason: '접수 분류',
            responseDueAt: routed.responseDueAt,
            createdAt: expect.any(String),
            from: null,
            to: { id: did(to()), slug: to().slug },
            by: { id: uid(who()) },
          },
        ]);
        expect(await proposalRow(p.id)).toMatchObject({
          status: 'UNDER_REVIEW',
          department_id: to().id,
          awaiting_answer: true,
        });
        const rows = await transferRows(p.id);
        expect(rows).toEqual([
          expect.objectContaining({
            from_department_id: null,
            to_department_id: to().id,
            reason: '접수 분류',
            by_id: who().user.id,
          }),
        ]);
      },
    );

    it.each([
      ['staff of the current department', () => s.parksStaff],
      ['an admin', () => s.admin],
    ])('lets %s transfer an assigned proposal', async (_label, who) => {
      const p = await assignedTo(s.parks);
      const res = await route(who(), p, s.roads, { reason: '도로 관련입니다' });
      expect(res.errors).toBeUndefined();
      expect(res.data.assignProposal.department.slug).toBe('roads');
      expect(
        res.data.assignProposal.transfers.map((x: any) => [
          x.from?.slug ?? null,
          x.to.slug,
          x.by.id,
        ]),
      ).toEqual([
        [null, 'parks', uid(s.admin)],
        ['parks', 'roads', uid(who())],
      ]);
      expect((await proposalRow(p.id)).department_id).toBe(s.roads.id);
    });

    it('refuses a transfer by staff of another department as FORBIDDEN, even the triage desk that routed it', async () => {
      const p = await newProposal(s);
      await assign(s, s.parksStaff, p, s.roads, '도로과 소관');
      // parks did the triage; the proposal is now roads' to pass on, not parks'.
      await expectRefused(p, () => route(s.parksStaff, p, s.welfare), 'FORBIDDEN');
      await expectRefused(p, () => route(s.parksStaff, p, s.parks), 'FORBIDDEN');
      await expectRefused(p, () => route(s.welfareStaff, p, s.welfare), 'FORBIDDEN');
      await expectRefused(p, () => route(cultureStaff, p, s.parks), 'FORBIDDEN');
      // Not even to the department it is already in: FORBIDDEN is decided first.
      await expectRefused(p, () => route(s.welfareStaff, p, s.roads), 'FORBIDDEN');
    });

    it('refuses a responseDueAt given by staff as FORBIDDEN, on a first assignment and on a transfer', async () => {
      const due = new Date(Date.now() + 30 * DAY).toISOString();
      const unassigned = await newProposal(s);
      await expectRefused(
        unassigned,
        () => route(s.parksStaff, unassigned, s.parks, { responseDueAt: due }),
        'FORBIDDEN',
      );
      const assigned = await assignedTo(s.parks);
      await expectRefused(
        assigned,
        () => route(s.parksStaff, assigned, s.roads, { responseDueAt: due }),
        'FORBIDDEN',
      );
    });

    it('treats an explicit null responseDueAt from staff as not given', async () => {
      const p = await newProposal(s);
      const res = await route(s.parksStaff, p, s.parks, { responseDueAt: null });
      expect(res.errors).toBeUndefined();
      expect(res.data.assignProposal.responseDueAt).toEqual(expect.any(String));
    });
  });

  describe('lifecycle', () => {
    it.each(['UNDER_REVIEW', 'ACCEPTED', 'IN_PROGRESS', 'REJECTED'])(
      'keeps a %s proposal in its status when it is transferred',
      async (status) => {
        const p = await assignedTo(s.parks, status);
        const res = await route(s.parksStaff, p, s.welfare, { reason: '복지과로 넘깁니다' });
        expect(res.errors).toBeUndefined();
        expect(res.data.assignProposal).toMatchObject({
          status,
          department: { slug: 'welfare' },
        });
        expect(await proposalRow(p.id)).toMatchObject({
          status,
          department_id: s.welfare.id,
          awaiting_answer: true,
        });
        // And once more by an admin: still the same status.
        const again = await route(s.admin, p, s.roads);
        expect(again.data.assignProposal.status).toBe(status);
      },
    );

    it.each(['IMPLEMENTED', 'WITHDRAWN'])(
      'refuses to route a %s proposal as CONFLICT, for its staff and an admin',
      async (status) => {
        const p = await assignedTo(s.parks, status);
        await expectRefused(p, () => route(s.parksStaff, p, s.roads), 'CONFLICT');
        await expectRefused(p, () => route(s.admin, p, s.roads), 'CONFLICT');
      },
    );

    it('refuses the first assignment of a proposal withdrawn before triage as CONFLICT', async () => {
      const p = await newProposal(s, { status: ProposalStatus.WITHDRAWN });
      await expectRefused(p, () => route(s.parksStaff, p, s.parks), 'CONFLICT');
      await expectRefused(p, () => route(s.admin, p, s.parks), 'CONFLICT');
    });

    it('refuses a transfer to the department the proposal is in as CONFLICT', async () => {
      const p = await assignedTo(s.roads);
      await expectRefused(p, () => route(s.roadsStaff, p, s.roads), 'CONFLICT');
      await expectRefused(p, () => route(s.admin, p, s.roads), 'CONFLICT');
      const due = new Date(Date.now() + 20 * DAY).toISOString();
      await expectRefused(p, () => route(s.admin, p, s.roads, { responseDueAt: due }), 'CONFLICT');
    });

    it('lists the routings oldest first: from null, then from the previous department, with reason, by and responseDueAt', async () => {
      const p = await newProposal(s);
      await assign(s, s.welfareStaff, p, s.roads, '도로 파손 민원');
      await assign(s, s.roadsStaff, p, s.parks, '공원 안의 길');
      const explicit = new Date(Date.now() + 40 * DAY);
      explicit.setMilliseconds(123);
      const last = await route(s.admin, p, s.welfare, {
        reason: '복지 시설 문제',
        responseDueAt: explicit.toISOString(),
      });
      expect(last.errors).toBeUndefined();

      const view = (await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal;
      expect(view.transfers).toEqual(last.data.assignProposal.transfers);
      const first = view.transfers[0].responseDueAt;
      expect(
        view.transfers.map((x: any) => ({
          from: x.from?.slug ?? null,
          to: x.to.slug,
          reason: x.reason,
          by: x.by.id,
          responseDueAt: x.responseDueAt,
        })),
      ).toEqual([
        {
          from: null,
          to: 'roads',
          reason: '도로 파손 민원',
          by: uid(s.welfareStaff),
          responseDueAt: first,
        },
        {
          from: 'roads',
          to: 'parks',
          reason: '공원 안의 길',
          by: uid(s.roadsStaff),
          responseDueAt: first,
        },
        {
          from: 'parks',
          to: 'welfare',
          reason: '복지 시설 문제',
          by: uid(s.admin),
          responseDueAt: explicit.toISOString(),
        },
      ]);
      const created = view.transfers.map((x: any) => Date.parse(x.createdAt));
      expect([...created].sort((a, b) => a - b)).toEqual(created);
      expect(new Set(view.transfers.map((x: any) => x.id)).size).toBe(3);
      expect(view.responseDueAt).toBe(explicit.toISOString());
      expect(view.department.slug).toBe('welfare');
      expect(view.status).toBe('UNDER_REVIEW');
    });

    it('sets responseDueAt 14 days after the first assignment, and records it on the routing', async () => {
      const p = await newProposal(s);
      const before = Date.now();
      const res = await route(s.roadsStaff, p, s.roads);
      const after = Date.now();
      const due = Date.parse(res.data.assignProposal.responseDueAt);
      expect(due).toBeGreaterThanOrEqual(before + 14 * DAY - 1000);
      expect(due).toBeLessThanOrEqual(after + 14 * DAY + 1000);
      const [row] = await transferRows(p.id);
      expect(row.response_due_at.toISOString()).toBe(res.data.assignProposal.responseDueAt);
      expect((await proposalRow(p.id)).response_due_at.toISOString()).toBe(
        res.data.assignProposal.responseDueAt,
      );
    });

    it('keeps responseDueAt across three transfers, however long they take', async () => {
      const p = await newProposal(s);
      const first = (await assign(s, s.parksStaff, p, s.parks)).assignProposal.responseDueAt;
      // Time passes between transfers: the clock still does not restart.
      await t.db.query(
        "UPDATE department_transfer SET created_at = created_at - interval '5 days' WHERE proposal_id = $1",
        [p.id],
      );
      const hops: [TestUser, DepartmentEntity][] = [
        [s.parksStaff, s.roads],
        [s.roadsStaff, s.welfare],
        [s.admin, s.parks],
      ];
      for (const [who, to] of hops) {
        const res = await route(who, p, to);
        expect(res.errors).toBeUndefined();
        expect(res.data.assignProposal.responseDueAt).toBe(first);
      }
      const rows = await transferRows(p.id);
      expect(rows).toHaveLength(4);
      expect(rows.map((r: any) => r.response_due_at.toISOString())).toEqual([
        first,
        first,
        first,
        first,
      ]);
      expect((await proposalRow(p.id)).response_due_at.toISOString()).toBe(first);
    });

    it("applies an admin's responseDueAt on a first assignment and on a transfer, and records each", async () => {
      const p = await newProposal(s);
      const due1 = new Date(Date.now() + 3 * DAY);
      const res1 = await route(s.admin, p, s.parks, { responseDueAt: due1.toISOString() });
      expect(res1.errors).toBeUndefined();
      expect(res1.data.assignProposal).toMatchObject({
        status: 'UNDER_REVIEW',
        responseDueAt: due1.toISOString(),
      });
      const due2 = new Date(Date.now() + 300 * DAY);
      const res2 = await route(s.admin, p, s.roads, { responseDueAt: due2.toISOString() });
      expect(res2.errors).toBeUndefined();
      expect(res2.data.assignProposal.responseDueAt).toBe(due2.toISOString());
      // A later transfer without a date keeps the admin's date.
      const res3 = await route(s.roadsStaff, p, s.welfare);
      expect(res3.data.assignProposal.responseDueAt).toBe(due2.toISOString());
      const rows = await transferRows(p.id);
      expect(rows.map((r: any) => r.response_due_at.toISOString())).toEqual([
        due1.toISOString(),
        due2.toISOString(),
        due2.toISOString(),
      ]);
      expect((await proposalRow(p.id)).response_due_at.toISOString()).toBe(due2.toISOString());
    });

    it('accepts an admin date just inside 365 days', async () => {
      const p = await newProposal(s);
      const due = new Date(Date.now() + 365 * DAY - 60_000).toISOString();
      const res = await route(s.admin, p, s.parks, { responseDueAt: due });
      expect(res.errors).toBeUndefined();
      expect(res.data.assignProposal.responseDueAt).toBe(due);
    });

    it('moves updatedAt on a first assignment and on a transfer', async () => {
      const p = await newProposal(s);
      const old = new Date('2025-01-01T00:00:00.000Z');
      await t.db.query('UPDATE proposal SET updated_at = $2 WHERE id = $1', [p.id, old]);
      const before = Date.now();
      const first = await assign(s, s.parksStaff, p, s.parks);
      expect(Date.parse(first.assignProposal.updatedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect((await proposalRow(p.id)).updated_at.toISOString()).toBe(
        first.assignProposal.updatedAt,
      );

      await t.db.query('UPDATE proposal SET updated_at = $2 WHERE id = $1', [p.id, old]);
      const second = await assign(s, s.parksStaff, p, s.roads);
      expect(Date.parse(second.assignProposal.updatedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect((await proposalRow(p.id)).updated_at.toISOString()).toBe(
        second.assignProposal.updatedAt,
      );
    });

    it('leaves updatedAt alone on supportProposal, unsupportProposal and addComment, while the counters move', async () => {
      const p = await assignedTo(s.parks);
      const old = new Date('2025-01-01T00:00:00.000Z');
      await t.db.query('UPDATE proposal SET updated_at = $2 WHERE id = $1', [p.id, old]);
      const FIELDS = 'id updatedAt supportCount commentCount';
      const supported = await ok(
        t,
        `mutation S($id: ID!) { supportProposal(id: $id) { ${FIELDS} } }`,
        { id: pid(p) },
        s.citizen.token,
      );
      expect(supported.supportProposal).toMatchObject({
        supportCount: 1,
        updatedAt: old.toISOString(),
      });
      await ok(
        t,
        'mutation C($input: AddCommentInput!) { addComment(input: $input) { id } }',
        { input: { subjectId: pid(p), body: '저도 찬성합니다' } },
        s.citizen.token,
      );
      await ok(
        t,
        'mutation C($input: AddCommentInput!) { addComment(input: $input) { id } }',
        { input: { subjectId: pid(p), body: '공식 답변 드립니다' } },
        s.parksStaff.token,
      );
      const view = await ok(
        t,
        `query P($id: ID!) { proposal(id: $id) { ${FIELDS} } }`,
        { id: pid(p) },
        null,
      );
      expect(view.proposal).toMatchObject({
        supportCount: 1,
        commentCount: 2,
        updatedAt: old.toISOString(),
      });
      const unsupported = await ok(
        t,
        `mutation U($id: ID!) { unsupportProposal(id: $id) { ${FIELDS} } }`,
        { id: pid(p) },
        s.citizen.token,
      );
      expect(unsupported.unsupportProposal).toMatchObject({
        supportCount: 0,
        updatedAt: old.toISOString(),
      });
      expect((await proposalRow(p.id)).updated_at.toISOString()).toBe(old.toISOString());
    });
  });

  describe('hostile input', () => {
    it.each([
      ['an empty reason', ''],
      ['a reason of spaces, tabs and newlines', ' \t\n  \n'],
      ['a reason of 1001 characters', '가'.repeat(1001)],
      ['a reason that is 1001 characters even after trimming', `  ${'a'.repeat(1001)}  `],
      ['a reason with a bell character', '공원\u0007과'],
      ['a reason with a carriage return', '첫 줄\r\n둘째 줄'],
      ['a reason with a NUL', 'a\u0000b'],
      ['a reason with a C1 control', 'a\u0085b'],
      ['a reason with a lone surrogate', 'a\ud800b'],
    ])('refuses %s as BAD_USER_INPUT naming reason', async (_label, reason) => {
      const p = await newProposal(s);
      await expectRefused(p, () => route(s.parksStaff, p, s.parks, { reason }), 'BAD_USER_INPUT', [
        'reason',
      ]);
      const assigned = await assignedTo(s.parks);
      await expectRefused(
        assigned,
        () => route(s.admin, assigned, s.roads, { reason }),
        'BAD_USER_INPUT',
        ['reason'],
      );
    });

    it.each([
      ['a number', 12345],
      ['a list', ['이유']],
      ['an object', { text: '이유' }],
      ['null', null],
      ['a boolean', true],
    ])('refuses %s as reason (wrong type) as BAD_USER_INPUT', async (_label, reason) => {
      const p = await newProposal(s);
      await expectRefused(p, () => route(s.parksStaff, p, s.parks, { reason }), 'BAD_USER_INPUT');
    });

    it('refuses a missing reason as BAD_USER_INPUT', async () => {
      const p = await newProposal(s);
      await expectRefused(
        p,
        () =>
          t.gql(
            ASSIGN,
            { input: { proposalId: pid(p), departmentId: did(s.parks) } },
            s.parksStaff.token,
          ),
        'BAD_USER_INPUT',
      );
    });

    it('stores the reason trimmed and NFC-normalised, keeping inner newlines and tabs', async () => {
      const p = await newProposal(s);
      // 공원 written as decomposed jamo, and é as e + combining acute.
      const decomposed = '공원'.normalize('NFD');
      expect(decomposed).not.toBe('공원');
      const res = await route(s.parksStaff, p, s.parks, {
        reason: `  \n${decomposed} cafe\u0301\n\t둘째 줄  \t`,
      });
      expect(res.errors).toBeUndefined();
      const expected = '공원 café\n\t둘째 줄';
      expect(res.data.assignProposal.transfers[0].reason).toBe(expected);
      expect((await transferRows(p.id))[0].reason).toBe(expected);
    });

    it('accepts a reason of exactly 1000 characters, counted in code points', async () => {
      const p = await newProposal(s);
      const reason = '🌳'.repeat(1000); // 2000 UTF-16 units, 1000 characters
      const res = await route(s.parksStaff, p, s.parks, { reason });
      expect(res.errors).toBeUndefined();
      expect((await transferRows(p.id))[0].reason).toBe(reason);
    });

    it.each([
      ['junk', { proposalId: 'not-an-id' }, ['proposalId']],
      ['an empty string', { proposalId: '' }, ['proposalId']],
      ['a User id', { proposalId: 'USER' }, ['proposalId']],
      ['a Department id', { proposalId: 'DEPARTMENT' }, ['proposalId']],
      [
        'a Proposal id without a uuid',
        { proposalId: toGlobalId('Proposal', '12345') },
        ['proposalId'],
      ],
      ['junk departmentId', { departmentId: 'parks' }, ['departmentId']],
      ['a User id as departmentId', { departmentId: 'USER' }, ['departmentId']],
      ['a Proposal id as departmentId', { departmentId: 'PROPOSAL' }, ['departmentId']],
      ['a raw uuid as departmentId', { departmentId: 'RAW' }, ['departmentId']],
      ['junk in both ids', { proposalId: 'x', departmentId: 'y' }, ['departmentId', 'proposalId']],
    ])('refuses %s as BAD_USER_INPUT naming the field', async (_label, change, fields) => {
      const p = await newProposal(s);
      const resolve = (v: string) =>
        v === 'USER'
          ? toGlobalId('User', s.parksStaff.user.id)
          : v === 'DEPARTMENT'
            ? did(s.parks)
            : v === 'PROPOSAL'
              ? pid(p)
              : v === 'RAW'
                ? s.parks.id
                : v;
      const input: Record<string, unknown> = {
        proposalId: pid(p),
        departmentId: did(s.parks),
        reason: '담당',
      };
      for (const [key, value] of Object.entries(change)) input[key] = resolve(value);
      await expectRefused(
        p,
        () => t.gql(ASSIGN, { input }, s.admin.token),
        'BAD_USER_INPUT',
        fields,
      );
    });

    it('refuses a Department id that names no department as BAD_USER_INPUT departmentId', async () => {
      const p = await newProposal(s);
      // A well-formed Department id carrying a user's uuid, and one carrying a fresh uuid.
      for (const departmentId of [
        toGlobalId('Department', s.parksStaff.user.id),
        toGlobalId('Department', randomUUID()),
      ]) {
        await expectRefused(p, () => route(s.parksStaff, p, departmentId), 'BAD_USER_INPUT', [
          'departmentId',
        ]);
      }
      const assigned = await assignedTo(s.parks);
      await expectRefused(
        assigned,
        () => route(s.admin, assigned, toGlobalId('Department', randomUUID())),
        'BAD_USER_INPUT',
        ['departmentId'],
      );
    });

    it('refuses a Proposal id that names no proposal as NOT_FOUND, for staff and an admin', async () => {
      const rows = await allTransfers();
      for (const who of [s.parksStaff, s.admin]) {
        for (const id of [randomUUID(), s.parks.id, s.author.user.id]) {
          const res = await route(who, toGlobalId('Proposal', id), s.parks);
          expect(codeOf(res)).toBe('NOT_FOUND');
          expect(res.data?.assignProposal ?? null).toBeNull();
        }
      }
      expect(await allTransfers()).toBe(rows);
    });

    it('answers NOT_FOUND to staff for a hidden proposal, which an admin may still route', async () => {
      const unassigned = await newProposal(s, { hidden: true });
      await expectRefused(unassigned, () => route(s.parksStaff, unassigned, s.parks), 'NOT_FOUND');
      const first = await route(s.admin, unassigned, s.parks);
      expect(first.errors).toBeUndefined();
      expect(first.data.assignProposal).toMatchObject({
        status: 'UNDER_REVIEW',
        department: { slug: 'parks' },
      });
      // Assigned to parks now, but hidden: parks' own staff still cannot see it to pass it on.
      await expectRefused(unassigned, () => route(s.parksStaff, unassigned, s.roads), 'NOT_FOUND');
      const transfer = await route(s.admin, unassigned, s.roads);
      expect(transfer.errors).toBeUndefined();
      expect(transfer.data.assignProposal.transfers).toHaveLength(2);
    });

    it.each([
      ['in the past', () => new Date(Date.now() - DAY).toISOString()],
      ['a second ago', () => new Date(Date.now() - 1000).toISOString()],
      ['now', () => new Date().toISOString()],
      ['366 days ahead', () => new Date(Date.now() + 366 * DAY).toISOString()],
      [
        '365 days and a minute ahead',
        () => new Date(Date.now() + 365 * DAY + 60_000).toISOString(),
      ],
      ['in the year 9999', () => '9999-12-31T00:00:00.000Z'],
    ])('refuses an admin responseDueAt %s as BAD_USER_INPUT responseDueAt', async (_label, due) => {
      const unassigned = await newProposal(s);
      await expectRefused(
        unassigned,
        () => route(s.admin, unassigned, s.parks, { responseDueAt: due() }),
        'BAD_USER_INPUT',
        ['responseDueAt'],
      );
      const assigned = await assignedTo(s.parks);
      await expectRefused(
        assigned,
        () => route(s.admin, assigned, s.roads, { responseDueAt: due() }),
        'BAD_USER_INPUT',
        ['responseDueAt'],
      );
    });

    it.each([
      ['words', 'next tuesday'],
      ['an impossible date', '2026-13-45T00:00:00Z'],
      ['an empty string', ''],
      ['a number', 1_900_000_000_000],
      ['an object', { at: '2030-01-01' }],
      ['a boolean', true],
    ])(
      'refuses %s as responseDueAt (not a date) as BAD_USER_INPUT',
      async (_label, responseDueAt) => {
        const p = await newProposal(s);
        await expectRefused(
          p,
          () => route(s.admin, p, s.parks, { responseDueAt }),
          'BAD_USER_INPUT',
        );
      },
    );
  });

  describe('races', () => {
    it('lets exactly one of two triage desks routing at once make the first assignment; the other is FORBIDDEN', async () => {
      const proposals = await Promise.all([1, 2, 3, 4, 5].map(() => newProposal(s)));
      // parks staff sends each to roads while culture staff sends it to culture. Whoever comes
      // second meets an assigned proposal of a department that is not theirs: a transfer they
      // may not make.
      const results = await Promise.all(
        proposals.map((p) =>
          Promise.all([
            route(s.parksStaff, p, s.roads, { reason: '도로과로' }),
            route(cultureStaff, p, culture, { reason: '문화과로' }),
          ]),
        ),
      );
      for (const [i, [viaParks, viaCulture]] of results.entries()) {
        const p = proposals[i]!;
        const codes = [viaParks, viaCulture]
          .map((r) => (r.errors ? codeOf(r) : 'OK'))
          .sort((a, b) => String(a).localeCompare(String(b)));
        expect(codes).toEqual(['FORBIDDEN', 'OK']);
        const winner = viaParks.errors ? viaCulture : viaParks;
        const winnerDept = viaParks.errors ? culture : s.roads;
        expect(winner.data.assignProposal.transfers).toHaveLength(1);
        const rows = await transferRows(p.id);
        expect(rows).toEqual([
          expect.objectContaining({ from_department_id: null, to_department_id: winnerDept.id }),
        ]);
        expect(await proposalRow(p.id)).toMatchObject({
          status: 'UNDER_REVIEW',
          department_id: winnerDept.id,
          awaiting_answer: true,
        });
      }
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM department_transfer
          WHERE from_department_id IS NULL AND proposal_id = ANY($1::uuid[])`,
        [proposals.map((p) => p.id)],
      );
      expect(n).toBe(proposals.length);
    });

    it('turns the second of two admins routing at once into a transfer, consistent with the department', async () => {
      const proposals = await Promise.all([1, 2, 3, 4].map(() => newProposal(s)));
      const results = await Promise.all(
        proposals.map((p) =>
          Promise.all([route(s.admin, p, s.roads), route(secondAdmin, p, s.welfare)]),
        ),
      );
      for (const [i, pair] of results.entries()) {
        const p = proposals[i]!;
        for (const res of pair) expect(res.errors).toBeUndefined();
        expect(pair.map((r) => r.data.assignProposal.department.slug)).toEqual([
          'roads',
          'welfare',
        ]);
        const rows = await transferRows(p.id);
        expect(rows).toHaveLength(2);
        expect(rows[0].from_department_id).toBeNull();
        expect(rows[1].from_department_id).toBe(rows[0].to_department_id);
        expect(rows[1].to_department_id).not.toBe(rows[0].to_department_id);
        expect(rows[0].response_due_at.getTime()).toBe(rows[1].response_due_at.getTime());
        const row = await proposalRow(p.id);
        expect(row.department_id).toBe(rows[1].to_department_id);
        expect(row.status).toBe('UNDER_REVIEW');
        // Each row is the routing of the admin who sent it: whoever came second made a transfer.
        const sent = new Map([
          [s.admin.user.id, s.roads.id],
          [secondAdmin.user.id, s.welfare.id],
        ]);
        expect(rows.map((r: any) => sent.get(r.by_id))).toEqual(
          rows.map((r: any) => r.to_department_id),
        );
      }
    });

    it('chains a dozen transfers by admins at once: each from is the previous to, and the proposal ends where the last went', async () => {
      const p = await newProposal(s);
      const first = await assign(s, s.admin, p, s.parks);
      const due = first.assignProposal.responseDueAt;
      const cycle = [s.roads, s.welfare, culture, s.parks];
      const sends = Array.from({ length: 12 }, (_, i) =>
        route(i % 2 ? secondAdmin : s.admin, p, cycle[i % cycle.length]!, { reason: `이관 ${i}` }),
      );
      const results = await Promise.all(sends);
      const succeeded = results.filter((r) => !r.errors);
      // A transfer to where the proposal already is at its turn is a CONFLICT; nothing else fails.
      for (const r of results.filter((r) => r.errors)) expect(codeOf(r)).toBe('CONFLICT');
      expect(succeeded.length).toBeGreaterThanOrEqual(1);

      const rows = await transferRows(p.id);
      expect(rows).toHaveLength(1 + succeeded.length);
      expect(rows[0].from_department_id).toBeNull();
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i].from_department_id).toBe(rows[i - 1].to_department_id);
        expect(rows[i].to_department_id).not.toBe(rows[i].from_department_id);
        expect(rows[i].created_at.getTime()).toBeGreaterThanOrEqual(
          rows[i - 1].created_at.getTime(),
        );
      }
      expect(rows.map((r: any) => r.response_due_at.toISOString())).toEqual(rows.map(() => due));
      const successReasons = results.flatMap((r, i) => (r.errors ? [] : [`이관 ${i}`])).sort();
      for (const [i, r] of results.entries()) {
        if (!r.errors) expect(r.data.assignProposal.department.id).toBe(did(cycle[i % 4]!));
      }
      expect(
        rows
          .slice(1)
          .map((r: any) => r.reason)
          .sort(),
      ).toEqual(successReasons);
      const row = await proposalRow(p.id);
      expect(row.department_id).toBe(rows.at(-1).to_department_id);
      expect(row.status).toBe('UNDER_REVIEW');
      const view = (await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal;
      expect(view.department.id).toBe(did(rows.at(-1).to_department_id));
      expect(view.transfers.map((x: any) => x.from?.id ?? null)).toEqual(
        rows.map((r: any) => (r.from_department_id ? did(r.from_department_id) : null)),
      );
    });
  });
});
