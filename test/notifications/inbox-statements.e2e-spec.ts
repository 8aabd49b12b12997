import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import {
  ANSWER,
  comment,
  insertNotifications,
  newProposal,
  newWorkshop,
  NOTIFICATION_FIELDS,
  ok,
  pid,
  PROGRESS,
  proposalAt,
  raw,
  register,
  startScene,
  type Scene,
} from './support.js';

/**
 * The statements a page of notifications costs, with `subject { __typename ... on Node { id } }`:
 * a fixed number for each set of subject types on the page, whether it holds 1, 5 or 20
 * notifications (no N+1 over notifications nor over their subjects).
 */

let s: Scene;
beforeAll(async () => {
  s = await startScene();
});
afterAll(() => s.t.close());

const SUBJECT_TYPES = [
  'Proposal',
  'Comment',
  'OfficialAnswer',
  'ProgressUpdate',
  'Workshop',
  'WorkshopRegistration',
] as const;
type SubjectType = (typeof SUBJECT_TYPES)[number];

/** A new object of `type` that `recipient` may see, answered as its database id. */
async function subjectOf(type: SubjectType, recipient: TestUser): Promise<string> {
  switch (type) {
    case 'Proposal':
      return (await newProposal(s)).id;
    case 'Comment':
      return raw(await comment(s, s.citizen, pid(await newProposal(s))));
    case 'OfficialAnswer': {
      const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      const data = await ok(
        s.t,
        ANSWER,
        { input: { proposalId: pid(proposal), status: 'ACCEPTED', body: '추진합니다.' } },
        s.parksStaff.token,
      );
      return raw(data.answerProposal.id);
    }
    case 'ProgressUpdate': {
      const proposal = await proposalAt(s, 'ACCEPTED', s.parks);
      const data = await ok(
        s.t,
        PROGRESS,
        { input: { proposalId: pid(proposal), progress: 30, body: '진행 중' } },
        s.parksStaff.token,
      );
      return raw(data.postProgressUpdate.id);
    }
    case 'Workshop':
      return (await newWorkshop(s, s.parks, null)).id;
    case 'WorkshopRegistration':
      return (await register(s, recipient, (await newWorkshop(s, s.roads, null)).id)).id;
  }
}

/** A user with notifications about new objects of `types`, the first one the oldest. */
async function recipientWith(types: readonly SubjectType[]): Promise<TestUser> {
  const recipient = await createUser(s.t.db, s.t.jwt);
  const rows = [];
  for (const [i, subjectType] of types.entries()) {
    rows.push({
      subjectType,
      subjectId: await subjectOf(subjectType, recipient),
      createdAt: new Date(Date.now() - (types.length - i) * 1000),
    });
  }
  await insertNotifications(s.t, recipient.user.id, rows);
  return recipient;
}

/** `n` subject types cycling through all six. */
const mixed = (n: number) => Array.from({ length: n }, (_, i) => SUBJECT_TYPES[i % 6]!);

const PAGE = `query Page($first: Int) { notifications(first: $first) { nodes { ${NOTIFICATION_FIELDS} } } }`;

/** The statements one request for a page of all of a recipient's notifications costs. */
async function statementsFor(types: readonly SubjectType[]): Promise<number> {
  const recipient = await recipientWith(types);
  const { result, queries } = await countQueries(s.t.db, () =>
    s.t.gql(PAGE, { first: types.length }, recipient.token),
  );
  expect(result.errors).toBeUndefined();
  const nodes: { subject: { __typename: string } | null }[] = result.data.notifications.nodes;
  // Every subject is there (visible to its recipient), newest first: every loader ran.
  expect(nodes.map((node) => node.subject?.__typename)).toEqual([...types].reverse());
  return queries.length;
}

/*
 * What a page costs: the viewer (1), the page (1), one batch per subject type present, and one
 * batch of proposals for each type whose visibility is the proposal's (Comment, OfficialAnswer,
 * ProgressUpdate, and the Proposal subjects themselves): each such chain loads its proposals in
 * a batch of its own.
 */
it('a page of 1 notification costs 3 or 4 statements, by the type of its subject', async () => {
  const costs: Record<string, number> = {};
  for (const type of SUBJECT_TYPES) costs[type] = await statementsFor([type]);
  expect(costs).toEqual({
    Proposal: 3,
    Comment: 4,
    OfficialAnswer: 4,
    ProgressUpdate: 4,
    Workshop: 3,
    WorkshopRegistration: 3,
  });
});

it('pages of 6, 12 and 20 notifications of all six subject types cost 11 statements each; 5 of five types cost 10', async () => {
  expect(await statementsFor(mixed(5))).toBe(10);
  expect(await statementsFor(mixed(6))).toBe(11);
  expect(await statementsFor(mixed(12))).toBe(11);
  expect(await statementsFor(mixed(20))).toBe(11);
});

/*
 * Issue 17's fields: who acted (a citizen, an official and their department, a moderator, the
 * platform) and where the e-mail stands. Each is one batch for the whole page, whatever its size
 * and mix: the users (1), the departments (1, once an official's act is on the page), the
 * e-mail states (1), beside the viewer and the page. A page of 1 (a citizen's act) costs 4.
 */
const ACTOR_PAGE = `query Page($first: Int) { notifications(first: $first) { nodes {
  id message emailState actor { system user { id displayName } department { id name } } } } }`;

async function actorStatementsFor(n: number): Promise<number> {
  const recipient = await createUser(s.t.db, s.t.jwt);
  const subjectId = (await newProposal(s)).id;
  const actors = [
    { actorKind: 'USER' as const, actorId: s.citizen.user.id },
    {
      actorKind: 'DEPARTMENT' as const,
      actorId: s.parksStaff.user.id,
      actorDepartmentId: s.parks.id,
    },
    { actorKind: 'USER' as const, actorId: s.citizen2.user.id },
    {
      actorKind: 'DEPARTMENT' as const,
      actorId: s.roadsStaff.user.id,
      actorDepartmentId: s.roads.id,
    },
    { actorKind: 'MODERATOR' as const, actorId: s.moderator.user.id },
    { actorKind: 'SYSTEM' as const },
  ];
  await insertNotifications(
    s.t,
    recipient.user.id,
    Array.from({ length: n }, (_, i) => ({
      subjectId,
      messageKey: 'notification.PROPOSAL_OVERDUE',
      params: { title: `제목 ${i}` },
      createdAt: new Date(Date.now() - (n - i) * 1000),
      ...actors[i % actors.length],
    })),
  );
  const { result, queries } = await countQueries(s.t.db, () =>
    s.t.gql(ACTOR_PAGE, { first: n }, recipient.token),
  );
  expect(result.errors).toBeUndefined();
  const nodes: {
    message: string;
    actor: { system: boolean; user: unknown; department: unknown };
  }[] = result.data.notifications.nodes;
  expect(nodes).toHaveLength(n);
  // Every actor was resolved: the oldest is the first of the cycle, a citizen.
  expect(nodes[n - 1]!.actor).toEqual({
    system: false,
    user: { id: expect.any(String), displayName: s.citizen.user.displayName },
    department: null,
  });
  expect(nodes[0]!.message).toBe(`The answer to "제목 ${n - 1}" is overdue.`);
  return queries.length;
}

it('Notification.actor and emailState cost one batch each, whether the page holds 1, 6 or 20', async () => {
  const one = await actorStatementsFor(1);
  expect([one, await actorStatementsFor(6), await actorStatementsFor(20)]).toEqual([4, 5, 5]);
});
