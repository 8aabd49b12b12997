import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isObjectType } from 'graphql';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { codeOf } from '../helpers/test-app.js';
import {
  ANSWER,
  ASSIGN,
  comment,
  did,
  newProposal,
  newWorkshop,
  nid,
  ok,
  pid,
  PROGRESS,
  proposalAt,
  raw,
  register,
  REPORT,
  SUSPEND,
  uid,
  wid,
} from '../notifications/support.js';
import { startSecurityScene, type SecurityScene } from './support.js';

/**
 * What others may not read about a user: `User.email` ("only the user themself and admins see
 * this; null for everyone else"), `User.suspendedUntil` (the user themself, moderators and
 * admins; null for everyone else), a user's workshop registrations (the organizer's staff and
 * admins, never with emails) and notifications (their recipient only), and what moderation
 * hid. Every path of the schema that reaches a User is walked as each kind of viewer.
 */

let s: SecurityScene;
/** Routed by welfare staff (triage) to parks, answered and updated by parks staff. */
let proposal: ProposalEntity;
let answerId: string;
let workshop: { id: string; title: string };
let registrationId: string;
let commentId: string;
/** The author's notifications (of the assignment, the answer, the progress, the comment). */
let authorsNotifications: string[];

const USER = '__typename id displayName email suspendedUntil';

/** Every path to a User that anyone may read, in one document. */
const PATHS = `query Paths($p: ID!, $w: ID!, $u: ID!, $a: ID!) {
  proposal(id: $p) {
    author { ${USER} }
    comments(first: 10) { nodes { author { ${USER} }
      replies(first: 10) { nodes { author { ${USER} } parent { author { ${USER} } } } } } }
    answers { author { ${USER} } proposal { author { ${USER} } } }
    progressUpdates { author { ${USER} } }
    transfers { by { ${USER} } }
    timeline(first: 20) { nodes { actor { user { ${USER} } } } }
  }
  workshop(id: $w) { comments(first: 10) { nodes { author { ${USER} } } } }
  node(id: $u) { ... on User { ${USER} proposals(first: 5) { nodes { author { ${USER} } } } } }
  nodes(ids: [$u, $a]) { ... on User { ${USER} } ... on OfficialAnswer { author { ${USER} } } }
  proposals(first: 5, filter: { authorId: $u }) { nodes { author { ${USER} } } }
}`;

interface ReachedUser {
  __typename: 'User';
  id: string;
  displayName: string;
  email: string | null;
  suspendedUntil: string | null;
}

/** Every User object anywhere in a response. */
function usersIn(value: unknown, found: ReachedUser[] = []): ReachedUser[] {
  if (Array.isArray(value)) value.forEach((v) => usersIn(v, found));
  else if (value && typeof value === 'object') {
    if ((value as { __typename?: string }).__typename === 'User') found.push(value as ReachedUser);
    Object.values(value).forEach((v) => usersIn(v, found));
  }
  return found;
}

/** The private fields each user has in the database, by global id. */
async function privateFields(): Promise<
  Map<string, { email: string; suspendedUntil: string | null }>
> {
  const rows: { id: string; email: string; suspended_until: Date | null }[] = await s.t.db.query(
    'SELECT id, email, suspended_until FROM app_user',
  );
  return new Map(
    rows.map((r) => [
      uid({ user: { id: r.id } } as TestUser),
      { email: r.email, suspendedUntil: r.suspended_until?.toISOString() ?? null },
    ]),
  );
}

/**
 * What `viewer` may read of each user's private fields: their own; every email for an admin;
 * every suspension for a moderator or admin; null otherwise.
 */
async function expectPrivateFieldsAsSchemaSays(
  viewer: TestUser | null,
  users: ReachedUser[],
): Promise<void> {
  const stored = await privateFields();
  const role = viewer?.user.role;
  for (const user of users) {
    const self = viewer !== null && user.id === uid(viewer);
    const readsEmail = self || role === 'ADMIN';
    const readsSuspension = self || role === 'ADMIN' || role === 'MODERATOR';
    const shown = user.suspendedUntil === null ? null : new Date(user.suspendedUntil).toISOString();
    expect({ id: user.id, email: user.email, suspendedUntil: shown }).toEqual({
      id: user.id,
      email: readsEmail ? stored.get(user.id)!.email : null,
      suspendedUntil: readsSuspension ? stored.get(user.id)!.suspendedUntil : null,
    });
  }
}

beforeAll(async () => {
  s = await startSecurityScene();
  proposal = await newProposal(s);
  const assign = { proposalId: pid(proposal), departmentId: did(s.parks), reason: '공원 일' };
  await ok(s.t, ASSIGN, { input: assign }, s.welfareStaff.token);
  answerId = (
    await ok(
      s.t,
      ANSWER,
      { input: { proposalId: pid(proposal), status: 'ACCEPTED', body: '수용합니다.' } },
      s.parksStaff.token,
    )
  ).answerProposal.id;
  await ok(
    s.t,
    PROGRESS,
    { input: { proposalId: pid(proposal), progress: 30, body: '착공했습니다.' } },
    s.parksStaff.token,
  );
  commentId = await comment(s, s.citizen, pid(proposal), undefined, '좋은 제안입니다');
  await comment(s, s.citizen2, pid(proposal), commentId, '동의합니다');
  workshop = await newWorkshop(s, s.parks, 10);
  registrationId = (await register(s, s.citizen, workshop.id)).id;
  await comment(s, s.citizen3, wid(workshop.id), undefined, '참석하고 싶습니다');
  // Two of the people every path reaches have a suspension on record: the welfare staff member
  // until tomorrow, the second citizen one that ended yesterday (a past suspension is just as
  // private). Set after their writes above, which a suspension would refuse.
  await s.t.db.query(
    `UPDATE app_user SET suspended_until = clock_timestamp() + interval '1 day' WHERE id = $1`,
    [s.welfareStaff.user.id],
  );
  await s.t.db.query(
    `UPDATE app_user SET suspended_until = clock_timestamp() - interval '1 day' WHERE id = $1`,
    [s.citizen2.user.id],
  );
  authorsNotifications = (
    (await s.t.db.query('SELECT id FROM notification WHERE recipient_id = $1', [
      s.author.user.id,
    ])) as { id: string }[]
  ).map((r) => r.id);
});
afterAll(() => s.t.close());

const VIEWERS: [string, () => TestUser | null][] = [
  ['anonymous', () => null],
  ['a citizen who wrote some of it', () => s.citizen],
  ['another citizen', () => s.citizen3],
  ['staff of the department', () => s.parksStaff],
  ['staff of another department', () => s.roadsStaff],
  ['a moderator', () => s.moderator],
  ['an admin', () => s.admin],
];

describe('User.email and User.suspendedUntil on every public path to a user', () => {
  it.each(VIEWERS)(
    'as %s: only the own email and suspension, all emails for an admin, all suspensions for moderators and admins',
    async (_l, viewer) => {
      const res = await s.t.gql(
        PATHS,
        { p: pid(proposal), w: wid(workshop.id), u: uid(s.author), a: answerId },
        viewer()?.token ?? null,
      );
      expect(res.errors).toBeUndefined();
      const users = usersIn(res.data);
      // Every path resolved: the author, both commenters, the staff who answered and routed it,
      // the workshop commenter.
      expect(new Set(users.map((u) => u.id))).toEqual(
        new Set(
          [s.author, s.citizen, s.citizen2, s.parksStaff, s.welfareStaff, s.citizen3].map(uid),
        ),
      );
      await expectPrivateFieldsAsSchemaSays(viewer(), users);
      // Not vacuous: suspensions on record are among them, shown only to those who may see them.
      const suspended = users.filter(
        (u) => u.id === uid(s.welfareStaff) || u.id === uid(s.citizen2),
      );
      expect(suspended.length).toBeGreaterThan(0);
      const moderates = ['MODERATOR', 'ADMIN'].includes(viewer()?.user.role ?? '');
      for (const user of suspended) expect(user.suspendedUntil !== null).toBe(moderates);
    },
  );

  it.each<[string, () => TestUser]>([
    ['a citizen', () => s.citizen],
    ['staff', () => s.parksStaff],
    ['the suspended citizen', () => s.suspended],
    ['a moderator', () => s.moderator],
    ['an admin', () => s.admin],
  ])(
    'nodes() of many users at once, read by %s, hides what it may not read',
    async (_l, viewer) => {
      const everyone = [s.author, s.citizen, s.parksStaff, s.moderator, s.admin, s.suspended];
      const res = await s.t.gql(
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on User { ${USER} } } }`,
        { ids: everyone.map(uid) },
        viewer().token,
      );
      expect(res.data.nodes).toHaveLength(everyone.length);
      await expectPrivateFieldsAsSchemaSays(viewer(), usersIn(res.data));
    },
  );

  it('me shows a suspended user their own suspension', async () => {
    const res = await ok(s.t, '{ me { id suspendedUntil } }', {}, s.suspended.token);
    expect(new Date(res.me.suspendedUntil).getTime()).toBe(
      s.suspended.user.suspendedUntil!.getTime(),
    );
  });
});

describe('workshop registrations', () => {
  const REGISTRATIONS = `query($w: ID!) { workshop(id: $w) { id
    registrations(first: 10) { totalCount nodes { status user { ${USER} } } } } }`;

  it.each<[string, string, () => TestUser | null]>([
    ['anonymous', 'UNAUTHENTICATED', () => null],
    ['the registered citizen', 'FORBIDDEN', () => s.citizen],
    ['another citizen', 'FORBIDDEN', () => s.citizen2],
    ['staff of another department', 'FORBIDDEN', () => s.roadsStaff],
    ['a moderator', 'FORBIDDEN', () => s.moderator],
  ])('the list, read by %s: %s, and no registrant in the answer', async (_l, code, viewer) => {
    const res = await s.t.gql(REGISTRATIONS, { w: wid(workshop.id) }, viewer()?.token ?? null);
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(JSON.stringify(res.data ?? null)).not.toContain(s.citizen.user.displayName);
  });

  it("the organizer's staff see display names but no email; an admin sees the email", async () => {
    const staff = await ok(s.t, REGISTRATIONS, { w: wid(workshop.id) }, s.parksStaff.token);
    expect(staff.workshop.registrations.nodes).toEqual([
      {
        status: 'CONFIRMED',
        user: {
          __typename: 'User',
          id: uid(s.citizen),
          displayName: s.citizen.user.displayName,
          email: null,
          suspendedUntil: null,
        },
      },
    ]);
    const admin = await ok(s.t, REGISTRATIONS, { w: wid(workshop.id) }, s.admin.token);
    expect(admin.workshop.registrations.nodes[0].user.email).toBe(s.citizen.user.email);
  });

  it('node() of a registration: null for other citizens and other departments, no email for the organizer', async () => {
    const NODE = `query($id: ID!) { node(id: $id) { ... on WorkshopRegistration {
      status user { ${USER} } } } }`;
    const id = `${Buffer.from(`WorkshopRegistration:${registrationId}`).toString('base64url')}`;
    for (const viewer of [null, s.citizen2, s.roadsStaff, s.moderator]) {
      const res = await s.t.gql(NODE, { id }, viewer?.token ?? null);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
    }
    const organizer = await ok(s.t, NODE, { id }, s.parksStaff.token);
    expect(organizer.node.user.email).toBeNull();
    const own = await ok(s.t, NODE, { id }, s.citizen.token);
    expect(own.node.user.email).toBe(s.citizen.user.email);
  });

  it("viewerRegistration is the viewer's own: another citizen sees none", async () => {
    const VIEWER = `query($w: ID!) { workshop(id: $w) { viewerRegistration { id user { id } } } }`;
    const other = await ok(s.t, VIEWER, { w: wid(workshop.id) }, s.citizen2.token);
    expect(other.workshop.viewerRegistration).toBeNull();
    const own = await ok(s.t, VIEWER, { w: wid(workshop.id) }, s.citizen.token);
    expect(own.workshop.viewerRegistration.user.id).toBe(uid(s.citizen));
  });
});

describe('notifications', () => {
  const NOTIFICATION = `... on Notification { id kind message subject { __typename } }`;

  it("node() and nodes() of someone else's notifications are null, for anyone but the recipient", async () => {
    expect(authorsNotifications.length).toBeGreaterThanOrEqual(3);
    const ids = authorsNotifications.map(nid);
    for (const viewer of [null, s.citizen, s.parksStaff, s.moderator, s.admin]) {
      const res = await s.t.gql(
        `query($ids: [ID!]!) { nodes(ids: $ids) { ${NOTIFICATION} } }`,
        { ids },
        viewer?.token ?? null,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes).toEqual(ids.map(() => null));
    }
    const own = await ok(
      s.t,
      `query($ids: [ID!]!) { nodes(ids: $ids) { ${NOTIFICATION} } }`,
      { ids },
      s.author.token,
    );
    expect(own.nodes.map((n: { id: string }) => n.id)).toEqual(ids);
  });

  it("the notifications list holds only the viewer's own, and anonymous gets UNAUTHENTICATED", async () => {
    const LIST = `{ notifications(first: 100) { totalCount unreadCount nodes { id } } }`;
    const mine = await ok(s.t, LIST, {}, s.citizen.token);
    const stored: { id: string }[] = await s.t.db.query(
      'SELECT id FROM notification WHERE recipient_id = $1',
      [s.citizen.user.id],
    );
    expect(mine.notifications.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      stored.map((r) => nid(r.id)).sort(),
    );
    expect(mine.notifications.nodes.map((n: { id: string }) => n.id)).not.toEqual(
      expect.arrayContaining([nid(authorsNotifications[0]!)]),
    );
    expect(codeOf(await s.t.gql(LIST))).toBe('UNAUTHENTICATED');
  });
});

describe('moderation and the audit log', () => {
  let reported: string;

  beforeAll(async () => {
    reported = await comment(s, s.citizen2, pid(proposal), undefined, '신고될 댓글');
    await ok(s.t, REPORT, { input: { targetId: reported, reason: 'SPAM' } }, s.citizen3.token);
    await ok(
      s.t,
      `mutation($input: ModerateContentInput!) { moderateContent(input: $input) { hidden } }`,
      { input: { targetId: reported, action: 'RESTORE', note: '문제 없음' } },
      s.moderator2.token,
    );
    await ok(
      s.t,
      SUSPEND,
      {
        input: {
          userId: uid(s.citizen2),
          until: new Date(Date.now() + 3_600_000).toISOString(),
          reason: '잠시 정지',
        },
      },
      s.admin.token,
    );
  });

  const QUEUE = `{ moderationQueue(first: 10) { nodes {
    target { ... on Comment { author { ${USER} } } ... on Proposal { author { ${USER} } } }
    reports { reporter { ${USER} } } decisions { moderator { ${USER} } } } } }`;

  it('the queue shows a moderator no emails (their suspensions, yes) of reporters, authors or other moderators; an admin all', async () => {
    const asModerator = await ok(s.t, QUEUE, {}, s.moderator.token);
    const seen = usersIn(asModerator);
    expect(new Set(seen.map((u) => u.id))).toEqual(
      new Set([s.citizen2, s.citizen3, s.moderator2].map(uid)),
    );
    await expectPrivateFieldsAsSchemaSays(s.moderator, seen);
    const asAdmin = await ok(s.t, QUEUE, {}, s.admin.token);
    await expectPrivateFieldsAsSchemaSays(s.admin, usersIn(asAdmin));
  });

  it('the answer to suspendUser shows a moderator the suspension but no email', async () => {
    const res = await ok(
      s.t,
      `mutation($input: SuspendUserInput!) { suspendUser(input: $input) { ${USER} } }`,
      {
        input: {
          userId: uid(s.citizen3),
          until: new Date(Date.now() + 3_600_000).toISOString(),
          reason: '정지',
        },
      },
      s.moderator.token,
    );
    expect(res.suspendUser).toMatchObject({ id: uid(s.citizen3), email: null });
    expect(res.suspendUser.suspendedUntil).not.toBeNull();
  });

  it('audit entries are for admins only, through node() as through auditLog', async () => {
    const entries: { id: string }[] = await s.t.db.query('SELECT id FROM audit_entry');
    expect(entries.length).toBeGreaterThan(0);
    const ids = entries.map((e) => Buffer.from(`AuditEntry:${e.id}`).toString('base64url'));
    const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on AuditEntry {
      note actor { ${USER} } target { ... on User { ${USER} } } } } }`;
    for (const viewer of [null, s.citizen, s.parksStaff, s.moderator]) {
      const res = await s.t.gql(NODES, { ids }, viewer?.token ?? null);
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes).toEqual(ids.map(() => null));
    }
    const admin = await ok(s.t, NODES, { ids }, s.admin.token);
    const reached = usersIn(admin);
    expect(reached.map((u) => u.id)).toContain(uid(s.citizen2)); // the suspension's target
    await expectPrivateFieldsAsSchemaSays(s.admin, reached);
  });
});

describe('what moderation hid', () => {
  let hiddenComment: string;
  const SECRET = '숨겨진 내용 SECRET-4711';

  beforeAll(async () => {
    hiddenComment = await comment(s, s.citizen, pid(proposal), undefined, SECRET);
    await s.t.db.query('UPDATE comment SET hidden = true WHERE id = $1', [raw(hiddenComment)]);
  });

  it("a hidden comment's body is null in its thread and through node() for citizens and staff", async () => {
    for (const viewer of [null, s.citizen2, s.parksStaff, s.author]) {
      const thread = await s.t.gql(
        `query($p: ID!, $c: ID!) { proposal(id: $p) { comments(first: 50) { nodes { id body } } }
           node(id: $c) { ... on Comment { body hidden } } }`,
        { p: pid(proposal), c: hiddenComment },
        viewer?.token ?? null,
      );
      expect(thread.errors).toBeUndefined();
      expect(JSON.stringify(thread.data)).not.toContain('SECRET-4711');
      expect(thread.data.node).toEqual({ body: null, hidden: true });
    }
  });

  // A report answers with contentSnapshot: a hidden comment is NOT_FOUND to those who may not
  // see it, as a hidden proposal is (src/moderation/moderation.service.ts).
  it('reporting a hidden comment is NOT_FOUND and does not reveal its body', async () => {
    const reporter = await createUser(s.t.db, s.t.jwt);
    const res = await s.t.gql(
      `mutation($input: ReportContentInput!) { reportContent(input: $input) {
        contentSnapshot target { ... on Comment { body } } } }`,
      { input: { targetId: hiddenComment, reason: 'OTHER' } },
      reporter.token,
    );
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(JSON.stringify({ data: res.data, errors: res.errors })).not.toContain('SECRET-4711');
  });

  it("a hidden proposal is out of other people's reach: node, its answers, the author's list, workshop links", async () => {
    const secret = await proposalAt(s, 'UNDER_REVIEW', s.parks, s.author.user.id, {
      hidden: true,
      title: '숨긴 제안 SECRET-9001',
    });
    const hiddenAnswer = (
      await ok(
        s.t,
        ANSWER,
        { input: { proposalId: pid(secret), status: 'ACCEPTED', body: '숨은 답변 SECRET-9001' } },
        s.admin.token,
      )
    ).answerProposal.id;
    await s.t.db.query('INSERT INTO workshop_proposal (workshop_id, proposal_id) VALUES ($1, $2)', [
      workshop.id,
      secret.id,
    ]);
    const READ = `query($p: ID!, $u: ID!, $w: ID!, $a: ID!) {
      node(id: $p) { id }
      answer: node(id: $a) { id }
      proposal(id: $p) { id }
      user: node(id: $u) { ... on User { proposals(first: 50) { nodes { id title } } } }
      workshop(id: $w) { proposals { id title } } }`;
    for (const viewer of [null, s.citizen, s.parksStaff]) {
      const res = await s.t.gql(
        READ,
        { p: pid(secret), u: uid(s.author), w: wid(workshop.id), a: hiddenAnswer },
        viewer?.token ?? null,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
      expect(res.data.answer).toBeNull();
      expect(res.data.proposal).toBeNull();
      expect(JSON.stringify(res.data)).not.toContain('SECRET-9001');
    }
    const author = await ok(
      s.t,
      READ,
      { p: pid(secret), u: uid(s.author), w: wid(workshop.id), a: hiddenAnswer },
      s.author.token,
    );
    expect(author.proposal).toEqual({ id: pid(secret) });
    expect(author.answer).toEqual({ id: hiddenAnswer });
  });
});

/**
 * The schema's fields that lead to a User (or to any Node), and where the tests above read
 * each. A new one fails this test until it is added here and to PATHS or a test of its own.
 */
const PATHS_TO_USERS: Record<string, string> = {
  'AuditEntry.actor': 'audit entries are for admins only',
  'AuditEntry.target': 'audit entries are for admins only',
  'AuthPayload.user': "the signing-in account's own (test/identity/user-fields)",
  'BudgetProjectChange.actor':
    'the staff who changed a budget project: private fields by the User rule (test/budgets/secrecy)',
  'Comment.author': 'PATHS: proposal and workshop threads, replies, parents',
  'DepartmentTransfer.by': 'PATHS: transfers',
  'EmailDelivery.recipient': 'the mail outbox: admins only (test/mail)',
  'EventActor.user': 'PATHS: timeline',
  'ModerationDecision.moderator': 'the queue',
  'Mutation.liftSuspension': 'as suspendUser',
  'Mutation.revokeResidency': 'as verifyResidency (test/identity/residency)',
  'Mutation.setBirthYear': 'the viewer themself (test/identity/residency)',
  'Mutation.setUserRole': 'admins only (escalation)',
  'Mutation.suspendUser': 'the answer to suspendUser',
  'Notification.subject': 'notifications: recipient only',
  'NotificationActor.user':
    'notifications: recipient only; the citizen or official who acted, never a moderator (test/notifications/actor)',
  'Mutation.updateMe': 'the viewer themself (test/identity/update-me)',
  'Mutation.verifyResidency':
    'staff and admins, about the person verified: birthYear for admins only (test/identity/residency)',
  'OfficialAnswer.author': 'PATHS: answers, nodes()',
  'OfflineTally.enteredBy':
    'the staff who entered paper ballots: private fields by the User rule (test/budgets/secrecy)',
  'ProgressUpdate.author': 'PATHS: progressUpdates',
  'Proposal.author': 'PATHS: proposal, lists, User.proposals',
  'Query.me': 'the viewer themself',
  'Query.node': 'PATHS and nodes() of many users',
  'Query.nodes': 'PATHS and nodes() of many users',
  'Report.reporter': 'the queue',
  'Residency.verifiedBy':
    'the residency of oneself, for staff and admins (test/identity/residency)',
  'UserConnection.nodes': 'Query.users, admins only (escalation)',
  'UserEdge.node': 'Query.users, admins only',
  'WorkshopRegistration.user': 'workshop registrations',
  'ChildRegistration.guardian': 'the guardian and the organizers only (test/guardians/visibility)',
  'Correction.by':
    "who corrected a table's dots, seen with the entries (published, or organizers and facilitators): private fields by the User rule",
  'Correction.previousEnteredBy': 'who had entered the replaced dots: as Correction.by',
  'Provenance.dotsEnteredBy': "who entered an idea's dots: as Correction.by",
  'Provenance.enteredBy': 'who recorded an idea: as Correction.by (test/round-tables/rules)',
  'RoundTable.facilitator':
    "a table's facilitator, public like a workshop's organizer: private fields by the User rule",
  'RoundTable.participants':
    'organizers and facilitators see every table, a participant their own, others [] (test/round-tables/rules)',
  'SessionPriority.mergedBy': 'the organizer who merged ideas: private fields by the User rule',
};

it('knows every field of the schema that leads to a User or to any Node', () => {
  const schema = buildSchema(
    readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'),
  );
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Subscription') continue;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type).name;
      if (target === 'User' || target === 'Node') found.push(`${type.name}.${field.name}`);
    }
  }
  expect(found.sort()).toEqual(Object.keys(PATHS_TO_USERS).sort());
});
