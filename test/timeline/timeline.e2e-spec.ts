import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { ProposalEventKind } from '../../src/timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../../src/timeline/record-proposal-event.js';
import { WorkshopEntity } from '../../src/workshops/workshop.entity.js';
import { WorkshopKind } from '../../src/workshops/workshop-status.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  answer,
  assign,
  did,
  feedbackScene,
  newProposal,
  ok,
  pid,
  raw,
  type FeedbackScene,
} from '../feedback/support.js';

/**
 * Proposal.timeline (issue 16): each change of a proposal appends one event in its own
 * transaction, with its actor and what changed; HIDDEN and RESTORED reach only the author,
 * moderators and admins; pages are keyset pages of one statement.
 */
const EVENT = `id kind at status reason escalationLevel
  actor { system user { id } department { id } }
  fromDepartment { id } toDepartment { id }`;
const TIMELINE = `query Timeline($id: ID!, $first: Int, $after: String) { proposal(id: $id) {
  timeline(first: $first, after: $after) { totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor } nodes { ${EVENT} } } } }`;
const NODE = `query Node($id: ID!) { node(id: $id) { __typename ... on ProposalEvent { ${EVENT} } } }`;

const CREATE = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { id createdAt } }`;
const UPDATE = `mutation($input: UpdateProposalInput!) { updateProposal(input: $input) { id updatedAt } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawProposal(id: $id) { id status updatedAt } }`;
const PROGRESS = `mutation($input: PostProgressUpdateInput!) { postProgressUpdate(input: $input) { id createdAt } }`;
const OUTCOME = `mutation($input: PublishWorkshopOutcomeInput!) { publishWorkshopOutcome(input: $input) {
  id outcomePublishedAt } }`;
const REPORT = `mutation($input: ReportContentInput!) { reportContent(input: $input) { id } }`;
const MODERATE = `mutation($input: ModerateContentInput!) { moderateContent(input: $input) { hidden } }`;
const FEEDBACK = `query($id: ID!) { proposal(id: $id) { transfers { createdAt } answers { createdAt } } }`;

describe('Proposal.timeline', () => {
  let t: TestApp;
  let s: FeedbackScene;

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
  });
  afterAll(() => t.close());

  const uid = (u: TestUser) => toGlobalId('User', u.user.id);

  async function timeline(proposalId: string, who: TestUser | null, first = 100) {
    const data = await ok(t, TIMELINE, { id: proposalId, first }, who?.token ?? null);
    return data.proposal.timeline;
  }

  /** An event as the tests compare it: what it says, without its id and time. */
  const shape = (e: any) => ({
    kind: e.kind,
    status: e.status,
    reason: e.reason,
    system: e.actor.system,
    user: e.actor.user?.id ?? null,
    department: e.actor.department?.id ?? null,
    from: e.fromDepartment?.id ?? null,
    to: e.toDepartment?.id ?? null,
  });
  const event = (
    kind: string,
    who: TestUser | null,
    more: Partial<ReturnType<typeof shape>> = {},
  ) => ({
    kind,
    status: null,
    reason: null,
    system: false,
    user: who ? uid(who) : null,
    department: null,
    from: null,
    to: null,
    ...more,
  });

  async function startedWorkshop(organizerId: string): Promise<WorkshopEntity> {
    const repo = t.db.getRepository(WorkshopEntity);
    return repo.save(
      repo.create({
        title: '공원 설계 워크숍',
        description: '함께 설계합니다',
        kind: WorkshopKind.DESIGN_CAMP,
        organizerId,
        startsAt: new Date(Date.now() - 3_600_000),
        endsAt: new Date(Date.now() + 3_600_000),
      }),
    );
  }

  it('tells a proposal life in order, each event with its actor and what changed', async () => {
    const created = await ok(
      t,
      CREATE,
      { input: { title: '공원에 그늘막을', body: '여름에 그늘이 없습니다.' } },
      s.author.token,
    );
    const id = created.createProposal.id;
    const proposal = { id: raw(id) } as ProposalEntity;
    const edited = await ok(
      t,
      UPDATE,
      { input: { id, body: '여름 내내 그늘이 없습니다.' } },
      s.author.token,
    );
    await assign(s, s.admin, proposal, s.parks, '공원 담당');
    await assign(s, s.parksStaff, proposal, s.roads, '도로변 시설입니다');
    await answer(s, s.roadsStaff, proposal, 'ACCEPTED', '설치하겠습니다.');
    await ok(
      t,
      PROGRESS,
      { input: { proposalId: id, progress: 30, body: '발주했습니다.' } },
      s.roadsStaff.token,
    );
    const workshop = await startedWorkshop(s.roads.id);
    const outcome = await ok(
      t,
      OUTCOME,
      {
        input: {
          workshopId: toGlobalId('Workshop', workshop.id),
          outcome: '결과',
          proposalIds: [id],
        },
      },
      s.roadsStaff.token,
    );
    // Publishing again with the same link is a correction, not a new link.
    await ok(
      t,
      OUTCOME,
      {
        input: {
          workshopId: toGlobalId('Workshop', workshop.id),
          outcome: '고친 결과',
          proposalIds: [id],
        },
      },
      s.roadsStaff.token,
    );

    const page = await timeline(id, null);
    expect(page.nodes.map(shape)).toEqual([
      event('SUBMITTED', s.author),
      event('EDITED', s.author),
      event('ASSIGNED', s.admin, { to: did(s.parks), reason: '공원 담당' }),
      event('TRANSFERRED', s.parksStaff, {
        department: did(s.parks),
        from: did(s.parks),
        to: did(s.roads),
        reason: '도로변 시설입니다',
      }),
      event('ANSWERED', s.roadsStaff, { department: did(s.roads), status: 'ACCEPTED' }),
      event('PROGRESS_UPDATED', s.roadsStaff, { department: did(s.roads), status: 'IN_PROGRESS' }),
      event('WORKSHOP_LINKED', s.roadsStaff, { department: did(s.roads) }),
    ]);
    expect(page.totalCount).toBe(7);

    // Each event carries the time of the record it describes (to the millisecond).
    const at = page.nodes.map((e: any) => new Date(e.at).getTime());
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const history = (await ok(t, FEEDBACK, { id }, null)).proposal;
    const near = (a: number, b: string) =>
      expect(Math.abs(a - new Date(b).getTime())).toBeLessThanOrEqual(1);
    expect(at[0]).toBe(new Date(created.createProposal.createdAt).getTime());
    expect(at[1]).toBe(new Date(edited.updateProposal.updatedAt).getTime());
    near(at[2], history.transfers[0].createdAt);
    near(at[3], history.transfers[1].createdAt);
    near(at[4], history.answers[0].createdAt);
    expect(at[6]).toBe(new Date(outcome.publishWorkshopOutcome.outcomePublishedAt).getTime());
  });

  it('records a withdrawal and an interim answer', async () => {
    const proposal = await newProposal(s);
    await assign(s, s.admin, proposal, s.parks);
    await answer(s, s.parksStaff, proposal, 'UNDER_REVIEW', '검토 중입니다.');
    const withdrawn = await ok(t, WITHDRAW, { id: pid(proposal) }, s.author.token);
    const page = await timeline(pid(proposal), s.citizen);
    expect(page.nodes.map(shape)).toEqual([
      event('SUBMITTED', s.author),
      event('ASSIGNED', s.admin, { to: did(s.parks), reason: '담당 부서입니다' }),
      event('ANSWERED', s.parksStaff, { department: did(s.parks), status: 'UNDER_REVIEW' }),
      event('WITHDRAWN', s.author, { status: 'WITHDRAWN' }),
    ]);
    expect(page.nodes[3].at).toBe(withdrawn.withdrawProposal.updatedAt);
  });

  it('records nothing for a change that was refused', async () => {
    const proposal = await newProposal(s);
    await assign(s, s.admin, proposal, s.parks);
    const before = await timeline(pid(proposal), s.author);
    // welfare staff may not transfer what parks holds; an answer may not skip the lifecycle.
    const transfer = await t.gql(
      `mutation($input: AssignProposalInput!) { assignProposal(input: $input) { id } }`,
      { input: { proposalId: pid(proposal), departmentId: did(s.roads), reason: '넘깁니다' } },
      s.welfareStaff.token,
    );
    expect(codeOf(transfer)).toBe('FORBIDDEN');
    const skip = await t.gql(
      `mutation($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }`,
      { input: { proposalId: pid(proposal), status: 'IMPLEMENTED', body: '끝났습니다' } },
      s.parksStaff.token,
    );
    expect(codeOf(skip)).toBeDefined();
    const edit = await t.gql(
      UPDATE,
      { input: { id: pid(proposal), title: '새 제목' } },
      s.citizen.token,
    );
    expect(codeOf(edit)).toBeDefined();
    expect(await timeline(pid(proposal), s.author)).toEqual(before);
    const [{ count }] = await t.db.query(
      'SELECT count(*)::int AS count FROM proposal_event WHERE proposal_id = $1',
      [proposal.id],
    );
    expect(count).toBe(2);
  });

  describe('hidden and restored', () => {
    let proposal: ProposalEntity;
    let reporters: TestUser[];

    beforeAll(async () => {
      proposal = await newProposal(s);
      // Staff reports count toward the automatic hide whatever their accounts' age.
      reporters = [s.roadsStaff, s.welfareStaff, s.parksStaff2];
      for (const reporter of reporters) {
        await ok(t, REPORT, { input: { targetId: pid(proposal), reason: 'SPAM' } }, reporter.token);
      }
      const moderate = (action: string) =>
        ok(
          t,
          MODERATE,
          { input: { targetId: pid(proposal), action, note: '검토함' } },
          s.moderator.token,
        );
      if ((await moderate('RESTORE')).moderateContent.hidden) throw new Error('not restored');
      // A second RESTORE of visible content changes nothing on the timeline.
      await moderate('RESTORE');
    });

    it('the author, moderators and admins see them, with who hid and who restored', async () => {
      for (const who of [s.author, s.moderator, s.admin]) {
        const page = await timeline(pid(proposal), who);
        expect(page.nodes.map(shape)).toEqual([
          event('SUBMITTED', s.author),
          event('HIDDEN', null, { system: true }),
          event('RESTORED', s.moderator),
        ]);
        expect(page.totalCount).toBe(3);
      }
    });

    it('nobody else sees them: not in the page, the count or node(id)', async () => {
      const restricted = (await timeline(pid(proposal), s.author)).nodes.filter(
        (e: any) => e.kind !== 'SUBMITTED',
      );
      for (const who of [null, s.citizen, s.parksStaff, ...reporters]) {
        const page = await timeline(pid(proposal), who);
        expect(page.nodes.map((e: any) => e.kind)).toEqual(['SUBMITTED']);
        expect(page.totalCount).toBe(1);
        expect(page.pageInfo.hasNextPage).toBe(false);
        for (const e of restricted) {
          const res = await t.gql(NODE, { id: e.id }, who?.token ?? null);
          expect(res.errors).toBeUndefined();
          expect(res.data.node).toBeNull();
        }
        const submitted = page.nodes[0];
        const node = await ok(t, NODE, { id: submitted.id }, who?.token ?? null);
        expect(node.node).toEqual({ __typename: 'ProposalEvent', ...submitted });
      }
      for (const who of [s.author, s.moderator, s.admin]) {
        for (const e of restricted) {
          expect((await ok(t, NODE, { id: e.id }, who.token)).node.kind).toBe(e.kind);
        }
      }
    });

    it("a moderator's hide names the moderator; a hidden proposal's events reach nobody else", async () => {
      await ok(
        t,
        MODERATE,
        { input: { targetId: pid(proposal), action: 'HIDE', note: '숨김' } },
        s.moderator.token,
      );
      const page = await timeline(pid(proposal), s.author);
      expect(page.nodes.map(shape).at(-1)).toEqual(event('HIDDEN', s.moderator));
      const submitted = page.nodes[0];
      const res = await t.gql(TIMELINE, { id: pid(proposal) }, s.citizen.token);
      expect(res.data.proposal).toBeNull();
      expect((await ok(t, NODE, { id: submitted.id }, s.citizen.token)).node).toBeNull();
    });
  });

  describe('pages', () => {
    let proposal: ProposalEntity;
    let all: any[];

    beforeAll(async () => {
      proposal = await newProposal(s);
      // 24 more events by 24 people and 3 departments: 25 in all, each a different actor.
      const departments = [s.parks, s.roads, s.welfare];
      const base = Date.now() - 3_600_000;
      for (let i = 0; i < 24; i++) {
        const actor = await createUser(t.db, t.jwt, {
          role: Role.STAFF,
          departmentId: departments[i % 3]!.id,
        });
        await recordProposalEvent(t.db.manager, {
          proposalId: proposal.id,
          kind: ProposalEventKind.TRANSFERRED,
          actor: { userId: actor.user.id, departmentId: departments[i % 3]!.id },
          // Two events at each moment: the id breaks the tie, and no page loses or repeats one.
          at: new Date(base + Math.floor(i / 2) * 1000 + 1),
          fromDepartmentId: departments[i % 3]!.id,
          toDepartmentId: departments[(i + 1) % 3]!.id,
          reason: `이유 ${i}`,
        });
      }
      all = (await timeline(pid(proposal), null)).nodes;
      if (all.length !== 25) throw new Error(`${all.length} events, not 25`);
    });

    it('page after page, every event exactly once and in order', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const data: any = await ok(t, TIMELINE, { id: pid(proposal), first: 7, after }, null);
        const page = data.proposal.timeline;
        expect(page.totalCount).toBe(25);
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        seen.push(...page.nodes.map((e: any) => e.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all.map((e) => e.id));
    });

    it('first: 0 is an empty page; first past 100 and negative are refused', async () => {
      const empty = (await ok(t, TIMELINE, { id: pid(proposal), first: 0 }, null)).proposal
        .timeline;
      expect(empty.nodes).toEqual([]);
      expect(empty.totalCount).toBe(25);
      for (const first of [101, -1]) {
        const res = await t.gql(TIMELINE, { id: pid(proposal), first }, null);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['first']);
      }
      // Omitted: 20.
      const data = await ok(
        t,
        `query($id: ID!) { proposal(id: $id) { timeline { nodes { id } } } }`,
        { id: pid(proposal) },
        null,
      );
      expect(data.proposal.timeline.nodes).toHaveLength(20);
    });

    it('a forged cursor or one of another list is BAD_USER_INPUT on after', async () => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const forged = [
        'not a cursor',
        encode(['timeline', '2026-02-30T00:00:00.000Z', raw(all[0].id)]),
        encode(['timeline', all[0].at, 'not-a-uuid']),
        encode(['timeline', all[0].at]),
        encode(['comments-oldest-first', all[0].at, raw(all[0].id)]),
      ];
      for (const after of forged) {
        const res = await t.gql(TIMELINE, { id: pid(proposal), first: 5, after }, null);
        expect({ after, code: codeOf(res), fields: badFields(res) }).toEqual({
          after,
          code: 'BAD_USER_INPUT',
          fields: ['after'],
        });
      }
    });

    it('a page of 20 is one statement, and 20 different actors cost what one does', async () => {
      const query = `query($id: ID!, $first: Int) { proposal(id: $id) { timeline(first: $first) {
        nodes { kind actor { system user { id displayName } department { id name } }
          fromDepartment { name } toDepartment { name } } } } }`;
      const run = (first: number) =>
        countQueries(t.db, async () => {
          const res = await t.gql(query, { id: pid(proposal), first }, s.citizen.token);
          expect(res.errors).toBeUndefined();
          return res.data.proposal.timeline.nodes;
        });
      const one = await run(1);
      const twenty = await run(20);
      expect(twenty.result).toHaveLength(20);
      expect(new Set(twenty.result.map((e: any) => e.actor.user.id)).size).toBe(20);
      const timelineStatements = (q: string[]) =>
        q.filter((sql) => /FROM "proposal_event"/.test(sql));
      expect(timelineStatements(twenty.queries)).toHaveLength(1);
      expect(twenty.queries.length).toBe(one.queries.length);
      // The viewer's session, the proposal, the page, its departments, its users.
      expect(twenty.queries).toHaveLength(5);

      const counted = await countQueries(t.db, () =>
        ok(
          t,
          `query($id: ID!) { proposal(id: $id) { timeline(first: 20) { totalCount nodes { id } } } }`,
          { id: pid(proposal) },
          null,
        ),
      );
      expect(timelineStatements(counted.queries)).toHaveLength(2);
    });
  });

  it('node(id) refuses an id of another type and finds nothing for an unknown event', async () => {
    const proposal = await newProposal(s);
    const [first] = (await timeline(pid(proposal), null)).nodes;
    const asProposal = toGlobalId('Proposal', raw(first.id));
    expect((await ok(t, NODE, { id: asProposal }, null)).node).toBeNull();
    const unknown = toGlobalId('ProposalEvent', '00000000-0000-4000-8000-000000000000');
    expect((await ok(t, NODE, { id: unknown }, null)).node).toBeNull();
  });

  it('each proposal has only its own events', async () => {
    const culture = await createDepartment(t.db, { slug: 'culture-tl', name: '문화과' });
    const a = await newProposal(s);
    const b = await newProposal(s);
    await assign(s, s.admin, a, culture);
    expect((await timeline(pid(b), null)).nodes.map((e: any) => e.kind)).toEqual(['SUBMITTED']);
    expect((await timeline(pid(a), null)).nodes.map((e: any) => e.kind)).toEqual([
      'SUBMITTED',
      'ASSIGNED',
    ]);
  });
});
