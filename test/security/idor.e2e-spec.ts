import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  type GraphQLArgument,
  type GraphQLInputField,
} from 'graphql';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { DELETE, EDIT } from '../comments/support.js';
import { RATE } from '../feedback/support.js';
import {
  ADD_COMMENT,
  ANSWER,
  ASSIGN,
  CANCEL,
  comment,
  did,
  MARK_READ,
  newProposal,
  newWorkshop,
  nid,
  ok,
  pid,
  PROGRESS,
  proposalAt,
  PUBLISH_OUTCOME,
  raw,
  register,
  REPORT,
  UPDATE_WORKSHOP,
  wid,
} from '../notifications/support.js';
import { SUPPORT, UNSUPPORT, UPDATE, WITHDRAW } from '../proposals/support.js';
import {
  databaseState,
  expectRefusedUnchanged,
  startSecurityScene,
  type SecurityScene,
} from './support.js';

/**
 * Insecure direct object references: every mutation that takes the id of something owned (a
 * proposal, comment, registration, notification, answer, workshop) tried by someone who does
 * not own it: another citizen, staff of another department, a moderator where the role table
 * gives moderators nothing. Each must be FORBIDDEN (the object is visible but not theirs) or
 * NOT_FOUND (they may not even see it), and the whole database must be as it was.
 */

let s: SecurityScene;
/** SUBMITTED, by the scene's author. */
let submitted: ProposalEntity;
/** UNDER_REVIEW at parks, answered once (an interim reply) by parks staff. */
let underReview: ProposalEntity;
let answerId: string;
/** ACCEPTED at parks. */
let accepted: ProposalEntity;
/** Hidden by moderation, SUBMITTED, by the author. */
let hidden: ProposalEntity;
/** The citizen's comment on `submitted`, and the citizen's comment on the parks workshop. */
let citizensComment: string;
let workshopComment: string;
/** A parks workshop tomorrow with the citizen registered, and one that has started. */
let workshop: { id: string; title: string };
let startedWorkshop: { id: string; title: string };

beforeAll(async () => {
  s = await startSecurityScene();
  submitted = await newProposal(s);
  underReview = await proposalAt(s, 'UNDER_REVIEW', s.parks);
  answerId = (
    await ok(
      s.t,
      ANSWER,
      { input: { proposalId: pid(underReview), status: 'UNDER_REVIEW', body: '검토 중입니다.' } },
      s.parksStaff.token,
    )
  ).answerProposal.id;
  accepted = await proposalAt(s, 'ACCEPTED', s.parks);
  hidden = await newProposal(s, { hidden: true });
  citizensComment = await comment(s, s.citizen, pid(submitted));
  workshop = await newWorkshop(s, s.parks, 10);
  startedWorkshop = await newWorkshop(s, s.parks, 10);
  await s.t.db.query(
    `UPDATE workshop SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'
      WHERE id = $1`,
    [startedWorkshop.id],
  );
  await register(s, s.citizen, workshop.id);
  workshopComment = await comment(s, s.citizen, wid(workshop.id));
});
afterAll(() => s.t.close());

const gql = (query: string, variables: Record<string, unknown>, who: TestUser) =>
  s.t.gql(query, variables, who.token);

describe('proposals: updateProposal, withdrawProposal, unsupportProposal', () => {
  it.each<[string, () => TestUser]>([
    ['another citizen', () => s.citizen],
    ['staff', () => s.parksStaff],
    ['a moderator', () => s.moderator],
  ])("updateProposal of the author's proposal by %s: FORBIDDEN", async (_label, who) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(UPDATE, { input: { id: pid(submitted), title: '가로챈 제목입니다' } }, who()),
    );
  });

  it('updateProposal of a hidden proposal by another citizen: NOT_FOUND', async () => {
    await expectRefusedUnchanged(s.t, 'NOT_FOUND', () =>
      gql(UPDATE, { input: { id: pid(hidden), title: '가로챈 제목입니다' } }, s.citizen),
    );
  });

  it.each<[string, () => TestUser]>([
    ['another citizen', () => s.citizen],
    ['staff of the department that has it', () => s.parksStaff],
    ['a moderator', () => s.moderator],
  ])("withdrawProposal of the author's proposal by %s: FORBIDDEN", async (_label, who) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(WITHDRAW, { id: pid(underReview) }, who()),
    );
  });

  it('withdrawProposal of a hidden proposal by another citizen: NOT_FOUND', async () => {
    await expectRefusedUnchanged(s.t, 'NOT_FOUND', () =>
      gql(WITHDRAW, { id: pid(hidden) }, s.citizen),
    );
  });

  it("unsupportProposal removes only the viewer's own support, never another's", async () => {
    await ok(s.t, SUPPORT, { id: pid(submitted) }, s.citizen2.token);
    const before = await databaseState(s.t);
    const res = await gql(UNSUPPORT, { id: pid(submitted) }, s.citizen3);
    expect(res.errors).toBeUndefined();
    expect(res.data.unsupportProposal).toMatchObject({
      supportCount: 1,
      viewerHasSupported: false,
    });
    expect(await databaseState(s.t)).toEqual(before);
  });
});

describe('comments: editComment, deleteComment, addComment', () => {
  it.each<[string, () => TestUser]>([
    ['another citizen', () => s.citizen2],
    ["the proposal's author", () => s.author],
    ['a moderator (who hides through moderation instead)', () => s.moderator],
    ['staff', () => s.parksStaff],
  ])("editComment of the citizen's comment by %s: FORBIDDEN", async (_label, who) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(EDIT, { input: { id: citizensComment, body: '남의 댓글을 고쳤습니다' } }, who()),
    );
  });

  it.each<[string, () => TestUser]>([
    ['another citizen', () => s.citizen2],
    ["the proposal's author", () => s.author],
    ['a moderator', () => s.moderator],
  ])("deleteComment of the citizen's comment by %s: FORBIDDEN", async (_label, who) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(DELETE, { id: citizensComment }, who()),
    );
  });

  it("editComment and deleteComment of a workshop comment by the organizer's staff: FORBIDDEN", async () => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(EDIT, { input: { id: workshopComment, body: '주최 부서가 고쳤습니다' } }, s.parksStaff),
    );
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(DELETE, { id: workshopComment }, s.parksStaff),
    );
  });

  it('editComment and deleteComment of a comment under a hidden proposal: NOT_FOUND', async () => {
    const p = await newProposal(s);
    const c = await comment(s, s.citizen, pid(p));
    await s.t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
    await expectRefusedUnchanged(s.t, 'NOT_FOUND', () =>
      gql(EDIT, { input: { id: c, body: '숨은 제안의 댓글' } }, s.citizen2),
    );
    await expectRefusedUnchanged(s.t, 'NOT_FOUND', () => gql(DELETE, { id: c }, s.citizen2));
  });

  it('addComment with the parent of another proposal: BAD_USER_INPUT on parentId', async () => {
    const other = await newProposal(s);
    const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      gql(
        ADD_COMMENT,
        { input: { subjectId: pid(other), parentId: citizensComment, body: '엉뚱한 답글' } },
        s.citizen2,
      ),
    );
    expect(res.errors![0]!.extensions!.fieldErrors!.map((e) => e.field)).toEqual(['parentId']);
  });

  it('addComment on a hidden proposal by another citizen: NOT_FOUND', async () => {
    await expectRefusedUnchanged(s.t, 'NOT_FOUND', () =>
      gql(ADD_COMMENT, { input: { subjectId: pid(hidden), body: '숨은 제안에 댓글' } }, s.citizen),
    );
  });

  it("one document deleting the viewer's own comment and another's: only the own one goes", async () => {
    const mine = await comment(s, s.citizen2, pid(submitted), undefined, '내 댓글');
    const before = await s.t.db.query('SELECT * FROM comment WHERE id = $1', [
      raw(citizensComment),
    ]);
    const res = await gql(
      `mutation($mine: ID!, $theirs: ID!) {
        mine: deleteComment(id: $mine) { id deleted }
        theirs: deleteComment(id: $theirs) { id deleted } }`,
      { mine, theirs: citizensComment },
      s.citizen2,
    );
    // Both fields are non-null, so the refusal nulls the whole answer; the first still ran.
    expect(res.data).toBeNull();
    expect(res.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([
      ['theirs', 'FORBIDDEN'],
    ]);
    const [own] = await s.t.db.query('SELECT body, deleted_at FROM comment WHERE id = $1', [
      raw(mine),
    ]);
    expect(own).toEqual({ body: null, deleted_at: expect.any(Date) });
    expect(
      await s.t.db.query('SELECT * FROM comment WHERE id = $1', [raw(citizensComment)]),
    ).toEqual(before);
  });
});

describe('workshops: registrations, updates, outcomes', () => {
  it("cancelWorkshopRegistration by someone who is not registered: NOT_FOUND, the registrant's place kept", async () => {
    await expectRefusedUnchanged(s.t, 'NOT_FOUND', () =>
      gql(CANCEL, { id: wid(workshop.id) }, s.citizen2),
    );
    const [row] = await s.t.db.query(
      'SELECT status FROM workshop_registration WHERE workshop_id = $1 AND user_id = $2',
      [workshop.id, s.citizen.user.id],
    );
    expect(row).toEqual({ status: 'CONFIRMED' });
  });

  it.each<[string, () => TestUser]>([
    ['staff of another department', () => s.roadsStaff],
    ['a moderator', () => s.moderator],
    ['a registered citizen', () => s.citizen],
  ])('updateWorkshop of a parks workshop by %s: FORBIDDEN', async (_label, who) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(
        UPDATE_WORKSHOP,
        { input: { id: wid(workshop.id), title: '가로챈 워크숍', capacity: 1000 } },
        who(),
      ),
    );
  });

  it('publishWorkshopOutcome of a parks workshop by staff of another department: FORBIDDEN', async () => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(
        PUBLISH_OUTCOME,
        {
          input: {
            workshopId: wid(startedWorkshop.id),
            outcome: '다른 부서가 쓴 결과',
            proposalIds: [pid(submitted)],
          },
        },
        s.roadsStaff,
      ),
    );
  });

  it('createWorkshop for another department by staff: FORBIDDEN', async () => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(
        `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`,
        {
          input: {
            title: '남의 부서 워크숍',
            description: '다른 부서 이름으로 엽니다.',
            kind: 'TOWN_HALL',
            startsAt: new Date(Date.now() + 86_400_000).toISOString(),
            endsAt: new Date(Date.now() + 90_000_000).toISOString(),
            organizerId: did(s.parks),
          },
        },
        s.roadsStaff,
      ),
    );
  });
});

describe('the feedback loop: assignProposal, answerProposal, postProgressUpdate, rateAnswer', () => {
  it.each<[string, () => TestUser]>([
    ['staff of another department', () => s.roadsStaff],
    ['staff of a third department', () => s.welfareStaff],
  ])('answerProposal on a parks proposal by %s: FORBIDDEN', async (_label, who) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(
        ANSWER,
        { input: { proposalId: pid(underReview), status: 'ACCEPTED', body: '대신 수용합니다.' } },
        who(),
      ),
    );
  });

  it('postProgressUpdate on a parks proposal by staff of another department: FORBIDDEN', async () => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(
        PROGRESS,
        { input: { proposalId: pid(accepted), progress: 100, body: '다 했습니다.' } },
        s.roadsStaff,
      ),
    );
  });

  it('assignProposal of a parks proposal (a transfer) by staff of another department: FORBIDDEN', async () => {
    for (const to of [s.roads, s.welfare]) {
      await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
        gql(
          ASSIGN,
          { input: { proposalId: pid(underReview), departmentId: did(to), reason: '가져갑니다' } },
          s.roadsStaff,
        ),
      );
    }
  });

  it('answerProposal on a hidden proposal by the staff of its department: NOT_FOUND', async () => {
    const secret = await proposalAt(s, 'UNDER_REVIEW', s.parks, s.author.user.id, {
      hidden: true,
    });
    await expectRefusedUnchanged(s.t, 'NOT_FOUND', () =>
      gql(
        ANSWER,
        { input: { proposalId: pid(secret), status: 'ACCEPTED', body: '수용합니다.' } },
        s.parksStaff,
      ),
    );
  });

  it.each<[string, () => TestUser]>([
    ['another citizen', () => s.citizen],
    ['the staff member who answered', () => s.parksStaff],
    ['a moderator', () => s.moderator],
    ['an admin', () => s.admin],
  ])("rateAnswer of an answer to the author's proposal by %s: FORBIDDEN", async (_label, who) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      gql(RATE, { input: { answerId, score: 1, comment: '별로입니다' } }, who()),
    );
  });
});

describe('notifications and reports', () => {
  /** The author's notification rows (from the comment and the answer above). */
  const authorsNotifications = async (): Promise<string[]> =>
    (
      (await s.t.db.query('SELECT id FROM notification WHERE recipient_id = $1', [
        s.author.user.id,
      ])) as { id: string }[]
    ).map((r) => r.id);

  it("markNotificationsRead with someone else's ids changes nothing and counts 0", async () => {
    const theirs = await authorsNotifications();
    expect(theirs.length).toBeGreaterThan(0);
    const before = await databaseState(s.t);
    const res = await gql(MARK_READ, { ids: theirs.map(nid) }, s.citizen2);
    expect(res.errors).toBeUndefined();
    expect(res.data.markNotificationsRead).toBe(0);
    expect(await databaseState(s.t)).toEqual(before);
  });

  it("markNotificationsRead with own and others' ids marks only the own ones", async () => {
    await comment(s, s.citizen2, pid(submitted), citizensComment, '답글입니다');
    const [own] = (await s.t.db.query('SELECT id FROM notification WHERE recipient_id = $1', [
      s.citizen.user.id,
    ])) as { id: string }[];
    const theirs = await authorsNotifications();
    const res = await gql(MARK_READ, { ids: [own!.id, ...theirs].map(nid) }, s.citizen);
    expect(res.data.markNotificationsRead).toBe(1);
    const unread: { n: number }[] = await s.t.db.query(
      'SELECT count(*)::int AS n FROM notification WHERE id = ANY($1) AND read_at IS NULL',
      [theirs],
    );
    expect(unread[0]!.n).toBe(theirs.length);
  });

  it('reportContent of a hidden proposal by a citizen: NOT_FOUND', async () => {
    await expectRefusedUnchanged(s.t, 'NOT_FOUND', () =>
      gql(REPORT, { input: { targetId: pid(hidden), reason: 'SPAM' } }, s.citizen),
    );
  });
});

/**
 * Where each mutation that takes an id of an object is tried by the wrong person. A new
 * mutation with an id argument fails the test below until it is added here (and tested).
 */
const ID_MUTATIONS: Record<string, string> = {
  addComment: 'idor: a hidden subject, a parent of another subject',
  answerProposal: 'idor: staff of other departments, a hidden proposal',
  assignProposal: 'idor: a transfer by staff of another department',
  cancelWorkshopRegistration: "idor: someone else's place (the viewer's own registration only)",
  createProposal: 'input: processId and topicIds name public catalog entries only',
  createWorkshop: 'idor: organizerId of another department',
  deleteComment: 'idor: another citizen, the proposal author, a moderator',
  editComment: 'idor: another citizen, the proposal author, a moderator, staff',
  liftSuspension: 'escalation: who may lift whose suspension',
  markNotificationsRead: "idor: other people's notification ids",
  moderateContent: "escalation: moderators on staff's, moderators' and admins' content",
  postProgressUpdate: 'idor: staff of another department',
  publishWorkshopOutcome: 'idor: staff of another department',
  rateAnswer: 'idor: anyone but the proposal author',
  registerForWorkshop: 'registers the viewer only; there is no way to name someone else',
  reportContent: 'idor: a hidden proposal',
  setEscalationLadder:
    'admins only, every other role FORBIDDEN (test/escalation/ladders); its ids name public catalog entries (a process, a department)',
  setOversightDepartment:
    'admins only, every other role FORBIDDEN (test/reminders); its id names a public department',
  setUserRole: 'escalation: every role on itself and others',
  supportProposal: 'supports as the viewer only',
  suspendUser: 'escalation: who may suspend whom',
  unsupportProposal: "idor: never removes another person's support",
  updateProposal: 'idor: another citizen, staff, a moderator, a hidden proposal',
  updateWorkshop: 'idor: staff of another department, a moderator, a citizen',
  withdrawProposal: 'idor: another citizen, staff, a moderator, a hidden proposal',
  castBallot:
    "idor: the viewer's own ballot only; projects of another budget or district (test/budgets/ballots)",
  closePoll: 'idor: staff of another department, a moderator, a citizen (test/polls)',
  createBudget:
    'admins only; processId and districtIds name public catalog entries (test/budgets/budget-setup)',
  createBudgetProject:
    'idor: staff naming another department; a hidden proposal (test/budgets/budget-setup)',
  createPoll: "idor: staff naming another department or another organizer's workshop (test/polls)",
  enterOfflineTally: 'idor: projects of another budget or off the ballot (test/budgets/tallies)',
  publishBudgetResults: 'admins only (test/budgets/publication)',
  respondToPoll: "responds as the viewer only; another poll's question or option (test/polls)",
  reviewBudgetProject: 'idor: staff of another department (test/budgets/budget-setup)',
  startBudgetImplementation: 'admins only (test/budgets/publication)',
  revokeResidency: 'staff and admins; oneself refused (test/identity/residency)',
  verifyResidency: 'staff and admins; oneself refused (test/identity/residency)',
  assignSeats:
    "idor: staff of another department; seats only for the session's confirmed registrants (test/round-tables/rules)",
  cancelChildRegistration:
    "idor: another guardian's child's place is NOT_FOUND (test/guardians/registration)",
  mergeIdeas:
    "idor: staff of another department; another workshop's idea ids (test/round-tables/rules)",
  priorityToProposal:
    'idor: staff of another department, naming another department (test/round-tables/rules)',
  publishPriorities: 'idor: staff of another department, a facilitator (test/round-tables/rules)',
  recordDots:
    'idor: the facilitator of another table, staff of another department (test/round-tables/rules)',
  recordIdea:
    'idor: the facilitator of another table, staff of another department (test/round-tables/rules)',
  registerChild: "idor: another guardian's child is NOT_FOUND (test/guardians/registration)",
  setRoundTables:
    'idor: staff of another department; facilitators must be staff or registrants (test/round-tables/rules)',
  withdrawGuardianConsent:
    "idor: another guardian's child is NOT_FOUND, nothing erased (test/guardians/withdrawal)",
  createApiClient:
    'input: departmentId names any department (ADMIN only: test/api-clients/registry)',
  createProposalOnBehalf:
    'idor: citizenId must be a citizen, not a client or staff; topicIds and processId public catalog entries (test/api-clients/on-behalf)',
  deleteWebhook: "idor: another client's subscription is NOT_FOUND (test/webhooks/subscriptions)",
  redeliverWebhook: "idor: another client's delivery is NOT_FOUND (test/webhooks/subscriptions)",
  resumeWebhook: "idor: another client's subscription is NOT_FOUND (test/webhooks/subscriptions)",
  revokeApiClient: 'ADMIN only (test/api-clients/registry)',
  rotateApiClientSecret: 'ADMIN only (test/api-clients/registry)',
};

it('covers every mutation of schema.graphql that takes an ID, directly or in its input', () => {
  const schema = buildSchema(
    readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'),
  );
  const takesId = (arg: GraphQLArgument | GraphQLInputField, seen = new Set<string>()): boolean => {
    const type = getNamedType(arg.type);
    if (type.name === 'ID') return true;
    if (!isInputObjectType(type) || seen.has(type.name)) return false;
    seen.add(type.name);
    return Object.values(type.getFields()).some((field) => takesId(field, seen));
  };
  const withIds = Object.values(schema.getMutationType()!.getFields())
    .filter((field) => field.args.some((arg) => takesId(arg)))
    .map((field) => field.name)
    .sort();
  expect(withIds).toEqual(Object.keys(ID_MUTATIONS).sort());
});
