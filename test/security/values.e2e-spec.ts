import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { MailTokens } from '../../src/mail/mail-tokens.js';
import type { NotificationKind } from '../../src/notifications/notification-kind.js';
import { readFileSync } from 'node:fs';
import {
  assertEnumType,
  assertInputObjectType,
  assertObjectType,
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { createTopic } from '../../src/catalog/testing/catalog.factory.js';
import { createBudgetRow, createProjectRow } from '../../src/budgets/testing/budgets.factory.js';
import {
  createApiClientRow,
  type TestApiClient,
} from '../../src/api-clients/testing/api-clients.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import {
  createChildRegistrationRow,
  createChildRow,
} from '../../src/guardians/testing/guardians.factory.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { TEST_PASSWORD, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { connectLive, listen, type LiveClient } from '../helpers/live-client.js';
import { badFields, codeOf, type GraphqlResponse } from '../helpers/test-app.js';
import {
  ANSWER,
  comment,
  did,
  newWorkshop,
  nid,
  ok,
  pid,
  proposalAt,
  raw,
  register,
  REPORT,
  SUSPEND,
  uid,
  wid,
} from '../notifications/support.js';
import {
  databaseState,
  expectRefusedUnchanged,
  rawPost,
  startSecurityScene,
  type SecurityScene,
} from './support.js';

/**
 * Values that reach Postgres (issue 14). Every value a client can put in an argument, walked
 * from schema.graphql: text that is not well-formed Unicode or holds NUL (which Postgres text
 * cannot hold, and which UTF-8 would silently alter), dates that do not exist or lie outside
 * years 1-9999, integers and floats past what the field or the column holds, and cursors whose
 * values the database could not compare. Each is BAD_USER_INPUT (naming the field where the
 * error model does: the validation pipe names fields, GraphQL's own coercion of a scalar does
 * not), never INTERNAL_SERVER_ERROR, and changes nothing in the database.
 */

/** Signs tokens as the app does (same JWT_SECRET), for the calls that take one. */
const mailTokens = new MailTokens(process.env.JWT_SECRET!);

let s: SecurityScene;
let own: ProposalEntity;
let underReview: ProposalEntity;
let accepted: ProposalEntity;
let workshop: { id: string };
let startedWorkshop: { id: string };
let citizensComment: string;
let reportedComment: string;
let answerId: string;
let notificationId: string;
let topicId: string;
let processId: string;
const PROCESS_SLUG = 'values-process';
let live: LiveClient;
/** Issue 18's objects: a district, a budget in voting with a project, a poll with a free text. */
let districtId: string;
let budgetId: string;
let projectId: string;
let pollId: string;
let questionId: string;
let optionId: string;
/**
 * Issue 19's objects: a round table with a table, a seat, an idea (its own priority); a child
 * of the citizen registered at the workshop, which takes children.
 */
let roundTableId: string;
let ideaId: string;
let priorityId: string;
let childId: string;
let childRegistrationId: string;
/** Issue 20's objects: an API client with every scope but FEEDBACK_WRITE, its webhook and a delivery. */
let apiClient: TestApiClient;
let apiClientId: string;
let webhookId: string;
let deliveryId: string;

const LATER = () => new Date(Date.now() + 86_400_000).toISOString();
const LATER2 = () => new Date(Date.now() + 90_000_000).toISOString();

beforeAll(async () => {
  s = await startSecurityScene();
  const topic = await createTopic(s.t.db);
  topicId = toGlobalId('Topic', topic.id);
  const created = await ok(
    s.t,
    'mutation($input: CreateProcessInput!) { createProcess(input: $input) { id } }',
    { input: { slug: PROCESS_SLUG, title: '값 검사 과정' } },
    s.admin.token,
  );
  processId = created.createProcess.id;
  const processRaw = raw(processId);
  own = await createProposal(s.t.db, s.author.user.id, {
    processId: processRaw,
    topicIds: [topic.id],
  });
  underReview = await proposalAt(s, 'UNDER_REVIEW', s.parks);
  accepted = await proposalAt(s, 'ACCEPTED', s.parks);
  // One overdue proposal escalated to the oversight department (as the overdue sweep leaves
  // it), so that Query.oversight has a row to page through.
  const overdue = await proposalAt(s, 'UNDER_REVIEW', s.parks);
  await ok(
    s.t,
    'mutation($id: ID!) { setOversightDepartment(departmentId: $id) { id } }',
    { id: did(s.parks) },
    s.admin.token,
  );
  await s.t.db.query(
    `UPDATE proposal SET awaiting_answer = true, department_id = $2,
       response_due_at = now() - interval '2 days' WHERE id = $1`,
    [overdue.id, s.parks.id],
  );
  await s.t.db.query(
    `INSERT INTO proposal_reminder
       (proposal_id, kind, department_id, due_at, sent_at, escalated_to_department_id)
     SELECT id, 'OVERDUE', department_id, response_due_at, now() - interval '1 day', department_id
       FROM proposal WHERE id = $1`,
    [overdue.id],
  );
  workshop = await newWorkshop(s, s.parks, 10);
  await s.t.db.query('UPDATE workshop SET process_id = $1 WHERE id = $2', [
    processRaw,
    workshop.id,
  ]);
  startedWorkshop = await newWorkshop(s, s.parks, 10);
  await s.t.db.query(
    `UPDATE workshop SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'
      WHERE id = $1`,
    [startedWorkshop.id],
  );
  await register(s, s.citizen, workshop.id);
  citizensComment = await comment(s, s.citizen, pid(own), undefined, '처음 쓴 댓글입니다');
  await comment(s, s.citizen2, pid(own), citizensComment, '답글입니다');
  await comment(s, s.citizen, wid(workshop.id), undefined, '워크숍 댓글입니다');
  reportedComment = await comment(s, s.citizen2, pid(own), undefined, '검토받을 댓글입니다');
  await ok(s.t, REPORT, { input: { targetId: reportedComment, reason: 'OTHER' } }, s.citizen.token);
  answerId = (
    await ok(
      s.t,
      ANSWER,
      { input: { proposalId: pid(underReview), status: 'UNDER_REVIEW', body: '검토 중입니다.' } },
      s.parksStaff.token,
    )
  ).answerProposal.id;
  await ok(
    s.t,
    SUSPEND,
    { input: { userId: uid(s.citizen3), until: LATER(), reason: '시험용 정지' } },
    s.admin.token,
  );
  notificationId = (
    await ok(s.t, '{ notifications(first: 1) { nodes { id } } }', {}, s.author.token)
  ).notifications.nodes[0].id;
  const district = await createDistrict(s.t.db, { slug: 'values-district' });
  districtId = toGlobalId('District', district.id);
  const budget = await createBudgetRow(s.t.db, {
    pots: [
      { districtId: null, amount: 100_000_000 },
      { districtId: district.id, amount: 50_000_000 },
    ],
  });
  budgetId = toGlobalId('ParticipatoryBudget', budget.id);
  projectId = toGlobalId('BudgetProject', (await createProjectRow(s.t.db, budget.id)).id);
  const poll = (
    await ok(
      s.t,
      `mutation($input: CreatePollInput!) { createPoll(input: $input) {
        id questions { id options { id } } } }`,
      {
        input: {
          title: '값 검사 설문',
          processId,
          opensAt: new Date(Date.now() - 3_600_000).toISOString(),
          closesAt: LATER(),
          questions: [
            { kind: 'SINGLE_CHOICE', prompt: '하나를 고르세요', options: ['가', '나'] },
            { kind: 'FREE_TEXT', prompt: '자유롭게 쓰세요' },
          ],
        },
      },
      s.parksStaff.token,
    )
  ).createPoll;
  pollId = poll.id;
  questionId = poll.questions[0].id;
  optionId = poll.questions[0].options[0].id;
  // Two free texts, so that the free-text pages have rows to page through.
  for (const who of [s.citizen, s.citizen2]) {
    await ok(
      s.t,
      'mutation($input: RespondToPollInput!) { respondToPoll(input: $input) { id } }',
      {
        input: {
          pollId,
          answers: [
            { questionId, optionIds: [optionId] },
            { questionId: poll.questions[1].id, text: '놀이터에 그늘이 있으면 좋겠어요' },
          ],
        },
      },
      who.token,
    );
  }
  const roundTable = await newWorkshop(s, s.parks, 10);
  await s.t.db.query(`UPDATE workshop SET kind = 'ROUND_TABLE' WHERE id = $1`, [roundTable.id]);
  roundTableId = wid(roundTable.id);
  await register(s, s.citizen, roundTable.id);
  await ok(
    s.t,
    'mutation($input: SetRoundTablesInput!) { setRoundTables(input: $input) { id } }',
    {
      input: {
        workshopId: roundTableId,
        dotsPerParticipant: 3,
        tables: [{ number: 1, topic: '첫 원탁', facilitatorId: uid(s.parksStaff) }],
      },
    },
    s.parksStaff.token,
  );
  await ok(
    s.t,
    'mutation($input: AssignSeatsInput!) { assignSeats(input: $input) { id } }',
    { input: { workshopId: roundTableId } },
    s.parksStaff.token,
  );
  const idea = (
    await ok(
      s.t,
      `mutation($input: RecordIdeaInput!) { recordIdea(input: $input) {
        id provenance { enteredAt } } }`,
      { input: { workshopId: roundTableId, tableNumber: 1, text: '그늘을 늘리자' } },
      s.parksStaff.token,
    )
  ).recordIdea;
  ideaId = idea.id;
  await ok(
    s.t,
    'mutation($input: RecordDotsInput!) { recordDots(input: $input) { id } }',
    { input: { ideaId, dots: 2 } },
    s.parksStaff.token,
  );
  priorityId = (
    await ok(
      s.t,
      `query($id: ID!) { workshop(id: $id) { priorities { id } } }`,
      { id: roundTableId },
      s.parksStaff.token,
    )
  ).workshop.priorities[0].id;
  await s.t.db.query('UPDATE workshop SET children_allowed = true WHERE id = $1', [workshop.id]);
  for (const firstName of ['하늘', '바다']) {
    const child = await createChildRow(s.t.db, s.citizen.user.id, { firstName });
    const registration = await createChildRegistrationRow(s.t.db, child, workshop.id);
    childId = toGlobalId('Child', child.id);
    childRegistrationId = toGlobalId('ChildRegistration', registration.id);
  }
  apiClient = await createApiClientRow(s.t.db, s.t.jwt, {
    scopes: [ApiScope.READ, ApiScope.PROPOSALS_WRITE, ApiScope.WEBHOOKS],
  });
  apiClientId = toGlobalId('ApiClient', apiClient.client.id);
  await createApiClientRow(s.t.db, s.t.jwt, { scopes: [ApiScope.READ] });
  const [subscription] = await s.t.db.query(
    `INSERT INTO webhook_subscription (api_client_id, url, events, secret)
     VALUES ($1, 'https://hooks.example.org/wontak', '{PROPOSAL_CREATED}', 'whsec_dGVzdA==')
     RETURNING id`,
    [apiClient.client.id],
  );
  webhookId = toGlobalId('WebhookSubscription', subscription.id);
  for (const n of [1, 2]) {
    const [delivery] = await s.t.db.query(
      `INSERT INTO webhook_delivery (subscription_id, event_id, event_type, subject_type, subject_id,
                                     payload, next_attempt_at)
       VALUES ($1, $2, 'PROPOSAL_CREATED', 'Proposal', $3, '{}', now() + interval '1 day')
       RETURNING id`,
      [subscription.id, `msg_values_${n}`, own.id],
    );
    deliveryId = toGlobalId('WebhookDelivery', delivery.id);
  }
  live = connectLive(await listen(s.t.app));
});
afterAll(async () => {
  await live?.close();
  await s.t.close();
});

// ---- one call per field that takes arguments -------------------------------------------------

/**
 * A well-formed call of one schema field. The field's own arguments are bound to variables of
 * the same names (`$input`, `$after`), every optional input field given, so that each value a
 * client can send sits somewhere in `variables`; variables that only lead to the field (the
 * proposal whose comments are listed) have other names. Connections select pageInfo.endCursor.
 */
interface Call {
  query: string;
  variables: Record<string, unknown>;
  who: TestUser | null;
}

const PAGE = 'totalCount pageInfo { endCursor }';

function calls(): Record<string, Call> {
  const location = { address: '시청 앞', latitude: 37.5665, longitude: 126.978 };
  const call = (query: string, variables: Record<string, unknown>, who: TestUser | null) => ({
    query,
    variables,
    who,
  });
  return {
    'Query.auditLog': call(
      `query($action: AuditAction, $actorId: ID, $targetId: ID, $after: String, $first: Int) {
        auditLog(action: $action, actorId: $actorId, targetId: $targetId, after: $after, first: $first) { ${PAGE} } }`,
      {
        action: 'USER_SUSPENDED',
        actorId: uid(s.admin),
        targetId: uid(s.citizen3),
        after: null,
        first: 10,
      },
      s.admin,
    ),
    'Query.emailDeliveries': call(
      `query($state: EmailDeliveryState, $after: String, $first: Int) {
        emailDeliveries(state: $state, after: $after, first: $first) { ${PAGE} } }`,
      { state: 'SKIPPED', after: null, first: 10 },
      s.admin,
    ),
    'Query.department': call(
      'query($slug: String!) { department(slug: $slug) { id } }',
      {
        slug: 'parks',
      },
      null,
    ),
    'Query.moderationQueue': call(
      `query($after: String, $first: Int, $resolved: Boolean) {
        moderationQueue(after: $after, first: $first, resolved: $resolved) { ${PAGE} } }`,
      { after: null, first: 10, resolved: false },
      s.moderator,
    ),
    'Query.node': call('query($id: ID!) { node(id: $id) { id } }', { id: pid(own) }, null),
    'Query.nodes': call(
      'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids: [pid(own), wid(workshop.id)] },
      null,
    ),
    'Query.notifications': call(
      `query($after: String, $first: Int, $unreadOnly: Boolean) {
        notifications(after: $after, first: $first, unreadOnly: $unreadOnly) { ${PAGE} } }`,
      { after: null, first: 10, unreadOnly: true },
      s.author,
    ),
    'Query.process': call(
      'query($slug: String!) { process(slug: $slug) { id } }',
      {
        slug: PROCESS_SLUG,
      },
      null,
    ),
    'Query.proposal': call('query($id: ID!) { proposal(id: $id) { id } }', { id: pid(own) }, null),
    'Query.oversight': call(
      `query($after: String, $first: Int) { oversight(after: $after, first: $first) { ${PAGE} } }`,
      { after: null, first: 10 },
      s.admin,
    ),
    'Query.proposals': call(
      `query($after: String, $filter: ProposalFilter, $first: Int, $orderBy: ProposalOrder) {
        proposals(after: $after, filter: $filter, first: $first, orderBy: $orderBy) { ${PAGE} } }`,
      {
        after: null,
        first: 10,
        orderBy: { field: 'CREATED_AT', direction: 'DESC' },
        filter: {
          authorId: uid(s.author),
          departmentId: did(s.parks),
          overdue: false,
          processId,
          search: '제안',
          status: ['SUBMITTED'],
          topicIds: [topicId],
        },
      },
      null,
    ),
    'Query.users': call(
      `query($after: String, $first: Int, $role: Role, $search: String) {
        users(after: $after, first: $first, role: $role, search: $search) { ${PAGE} } }`,
      { after: null, first: 10, role: 'CITIZEN', search: 'Tester' },
      s.admin,
    ),
    'Query.workshop': call(
      'query($id: ID!) { workshop(id: $id) { id } }',
      {
        id: wid(workshop.id),
      },
      null,
    ),
    'Query.workshops': call(
      `query($after: String, $filter: WorkshopFilter, $first: Int) {
        workshops(after: $after, filter: $filter, first: $first) { ${PAGE} } }`,
      { after: null, first: 10, filter: { kind: 'DESIGN_CAMP', processId, upcoming: true } },
      null,
    ),

    'Mutation.addComment': call(
      'mutation($input: AddCommentInput!) { addComment(input: $input) { id } }',
      { input: { subjectId: pid(own), parentId: citizensComment, body: '또 하나의 답글입니다' } },
      s.citizen,
    ),
    'Mutation.answerProposal': call(
      'mutation($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }',
      { input: { proposalId: pid(underReview), status: 'UNDER_REVIEW', body: '검토 중입니다' } },
      s.parksStaff,
    ),
    'Mutation.assignProposal': call(
      'mutation($input: AssignProposalInput!) { assignProposal(input: $input) { id } }',
      {
        input: {
          proposalId: pid(own),
          departmentId: did(s.parks),
          reason: '담당 부서입니다',
          responseDueAt: LATER(),
        },
      },
      s.admin,
    ),
    'Mutation.cancelWorkshopRegistration': call(
      'mutation($workshopId: ID!) { cancelWorkshopRegistration(workshopId: $workshopId) { id } }',
      { workshopId: wid(workshop.id) },
      s.citizen,
    ),
    'Mutation.createDepartment': call(
      'mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }',
      { input: { slug: 'new-dept', name: '새 부서', description: '새로 만든 부서입니다' } },
      s.admin,
    ),
    'Mutation.createProcess': call(
      'mutation($input: CreateProcessInput!) { createProcess(input: $input) { id } }',
      {
        input: {
          slug: 'new-process',
          title: '새 과정',
          description: '새로 만든 과정입니다',
          phases: [{ title: '첫 단계', startsAt: LATER(), endsAt: LATER2() }],
        },
      },
      s.admin,
    ),
    'Mutation.createProposal': call(
      'mutation($input: CreateProposalInput!) { createProposal(input: $input) { id } }',
      {
        input: {
          title: '평범한 제목입니다',
          body: '평범한 본문입니다. 열 글자를 넘습니다.',
          location,
          processId,
          topicIds: [topicId],
        },
      },
      s.citizen,
    ),
    'Mutation.createTopic': call(
      'mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }',
      { input: { slug: 'new-topic', name: '새 주제' } },
      s.admin,
    ),
    'Mutation.createWorkshop': call(
      'mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }',
      {
        input: {
          title: '평범한 워크숍',
          description: '평범한 설명입니다.',
          kind: 'DESIGN_CAMP',
          location: '시청',
          organizerId: did(s.parks),
          processId,
          startsAt: LATER(),
          endsAt: LATER2(),
          capacity: 10,
          childrenAllowed: true,
          minimumAge: 7,
          maximumAge: 12,
        },
      },
      s.parksStaff,
    ),
    'Mutation.deleteComment': call(
      'mutation($id: ID!) { deleteComment(id: $id) { id } }',
      { id: citizensComment },
      s.citizen,
    ),
    'Mutation.editComment': call(
      'mutation($input: EditCommentInput!) { editComment(input: $input) { id } }',
      { input: { id: citizensComment, body: '고친 댓글입니다' } },
      s.citizen,
    ),
    'Mutation.liftSuspension': call(
      'mutation($input: LiftSuspensionInput!) { liftSuspension(input: $input) { id } }',
      { input: { userId: uid(s.suspended), reason: '정지를 풉니다' } },
      s.moderator,
    ),
    'Mutation.logIn': call(
      'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }',
      { input: { email: s.citizen.user.email, password: TEST_PASSWORD } },
      null,
    ),
    'Mutation.unsubscribe': call(
      'mutation($token: String!) { unsubscribe(token: $token) }',
      {
        token: mailTokens.sign({
          purpose: 'unsubscribe',
          userId: s.citizen3.user.id,
          kind: 'COMMENT_REPLY' as NotificationKind,
        }),
      },
      null,
    ),
    'Mutation.verifyEmail': call(
      'mutation($token: String!) { verifyEmail(token: $token) }',
      {
        token: mailTokens.sign({
          purpose: 'verify',
          userId: s.citizen3.user.id,
          email: s.citizen3.user.email,
          expiresAt: new Date(LATER()),
        }),
      },
      null,
    ),
    'Mutation.logOut': call(
      'mutation($refreshToken: String!) { logOut(refreshToken: $refreshToken) }',
      { refreshToken: 'not-a-token' },
      null,
    ),
    'Mutation.markNotificationsRead': call(
      'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }',
      { ids: [nid(notificationId)] },
      s.author,
    ),
    'Mutation.moderateContent': call(
      'mutation($input: ModerateContentInput!) { moderateContent(input: $input) { hidden } }',
      { input: { targetId: reportedComment, action: 'RESTORE', note: '문제없습니다' } },
      s.moderator,
    ),
    'Mutation.postProgressUpdate': call(
      'mutation($input: PostProgressUpdateInput!) { postProgressUpdate(input: $input) { id } }',
      { input: { proposalId: pid(accepted), progress: 10, body: '공사를 시작했습니다' } },
      s.parksStaff,
    ),
    'Mutation.publishWorkshopOutcome': call(
      'mutation($input: PublishWorkshopOutcomeInput!) { publishWorkshopOutcome(input: $input) { id } }',
      {
        input: {
          workshopId: wid(startedWorkshop.id),
          outcome: '결과입니다',
          proposalIds: [pid(own)],
        },
      },
      s.parksStaff,
    ),
    'Mutation.rateAnswer': call(
      'mutation($input: RateAnswerInput!) { rateAnswer(input: $input) { id } }',
      { input: { answerId, score: 3, comment: '고맙습니다' } },
      s.author,
    ),
    'Mutation.refreshSession': call(
      'mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { accessToken } }',
      { refreshToken: 'not-a-token' },
      null,
    ),
    'Mutation.registerForWorkshop': call(
      'mutation($workshopId: ID!) { registerForWorkshop(workshopId: $workshopId) { id } }',
      { workshopId: wid(workshop.id) },
      s.citizen2,
    ),
    'Mutation.reportContent': call(
      'mutation($input: ReportContentInput!) { reportContent(input: $input) { id } }',
      { input: { targetId: pid(own), reason: 'OTHER', details: '확인해 주세요' } },
      s.citizen2,
    ),
    'Mutation.setUserRole': call(
      'mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { id } }',
      { input: { userId: uid(s.citizen2), role: 'STAFF', departmentId: did(s.parks) } },
      s.admin,
    ),
    'Mutation.signUp': call(
      'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }',
      {
        input: {
          email: 'new-person@example.test',
          password: 'a sound passphrase 42',
          displayName: '새 사람',
        },
      },
      null,
    ),
    'Mutation.supportProposal': call(
      'mutation($id: ID!) { supportProposal(id: $id) { id } }',
      { id: pid(own) },
      s.citizen,
    ),
    'Mutation.setEscalationLadder': call(
      'mutation($input: SetEscalationLadderInput!) { setEscalationLadder(input: $input) { rungs { level } } }',
      {
        input: {
          processId,
          rungs: [
            {
              threshold: 50,
              action: 'REQUIRE_ANSWER_FROM',
              dueInDays: 30,
              answeringDepartmentId: did(s.parks),
            },
          ],
        },
      },
      s.admin,
    ),
    'Mutation.setOversightDepartment': call(
      'mutation($departmentId: ID!) { setOversightDepartment(departmentId: $departmentId) { id } }',
      { departmentId: did(s.parks) },
      s.admin,
    ),
    'Mutation.updateMe': call(
      'mutation($input: UpdateMeInput!) { updateMe(input: $input) { id } }',
      {
        input: { displayName: '새로운 이름', locale: 'EN', timeZone: 'Asia/Seoul', digestHour: 9 },
      },
      s.citizen3,
    ),
    'Mutation.updateNotificationPreferences': call(
      'mutation($preferences: [NotificationPreferenceInput!]!) { updateNotificationPreferences(preferences: $preferences) { kind } }',
      { preferences: [{ kind: 'COMMENT_REPLY', channel: 'IN_APP' }] },
      s.citizen3,
    ),
    'Mutation.suspendUser': call(
      'mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }',
      { input: { userId: uid(s.citizen2), until: LATER(), reason: '규칙 위반' } },
      s.moderator,
    ),
    'Mutation.unsupportProposal': call(
      'mutation($id: ID!) { unsupportProposal(id: $id) { id } }',
      { id: pid(own) },
      s.citizen,
    ),
    'Mutation.updateProposal': call(
      'mutation($input: UpdateProposalInput!) { updateProposal(input: $input) { id } }',
      {
        input: {
          id: pid(own),
          title: '고친 제목입니다',
          body: '고친 본문입니다. 열 글자를 넘습니다.',
          location,
          topicIds: [topicId],
        },
      },
      s.author,
    ),
    'Mutation.updateWorkshop': call(
      'mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { id } }',
      {
        input: {
          id: wid(workshop.id),
          title: '고친 워크숍',
          description: '고친 설명입니다.',
          location: '구청',
          startsAt: LATER(),
          endsAt: LATER2(),
          capacity: 20,
          childrenAllowed: true,
          minimumAge: 7,
          maximumAge: 12,
        },
      },
      s.parksStaff,
    ),
    'Mutation.withdrawProposal': call(
      'mutation($id: ID!) { withdrawProposal(id: $id) { id } }',
      { id: pid(own) },
      s.author,
    ),

    'Subscription.commentAdded': call(
      'subscription($subjectId: ID!) { commentAdded(subjectId: $subjectId) { id } }',
      { subjectId: pid(own) },
      null,
    ),
    'Subscription.proposalUpdated': call(
      'subscription($id: ID!) { proposalUpdated(id: $id) { id } }',
      { id: pid(own) },
      null,
    ),

    'Comment.replies': call(
      `query($comment: ID!, $after: String, $first: Int) { node(id: $comment) {
        ... on Comment { replies(after: $after, first: $first) { ${PAGE} } } } }`,
      { comment: citizensComment, after: null, first: 10 },
      null,
    ),
    'Department.proposals': call(
      `query($after: String, $first: Int, $orderBy: ProposalOrder, $overdue: Boolean,
             $status: [ProposalStatus!]) { department(slug: "parks") {
        proposals(after: $after, first: $first, orderBy: $orderBy, overdue: $overdue, status: $status) {
          ${PAGE} } } }`,
      {
        after: null,
        first: 10,
        orderBy: { field: 'CREATED_AT', direction: 'DESC' },
        overdue: false,
        status: ['UNDER_REVIEW'],
      },
      s.parksStaff,
    ),
    'ParticipatoryProcess.proposals': call(
      `query($slug: String!, $after: String, $first: Int, $orderBy: ProposalOrder) {
        process(slug: $slug) { proposals(after: $after, first: $first, orderBy: $orderBy) { ${PAGE} } } }`,
      {
        slug: PROCESS_SLUG,
        after: null,
        first: 10,
        orderBy: { field: 'CREATED_AT', direction: 'DESC' },
      },
      null,
    ),
    'ParticipatoryProcess.workshops': call(
      `query($slug: String!, $after: String, $first: Int) {
        process(slug: $slug) { workshops(after: $after, first: $first) { ${PAGE} } } }`,
      { slug: PROCESS_SLUG, after: null, first: 10 },
      null,
    ),
    'Proposal.comments': call(
      `query($proposal: ID!, $after: String, $first: Int) { proposal(id: $proposal) {
        comments(after: $after, first: $first) { ${PAGE} } } }`,
      { proposal: pid(own), after: null, first: 10 },
      null,
    ),
    'Proposal.timeline': call(
      `query($proposal: ID!, $after: String, $first: Int) { proposal(id: $proposal) {
        timeline(after: $after, first: $first) { ${PAGE} } } }`,
      { proposal: pid(own), after: null, first: 10 },
      null,
    ),
    'User.proposals': call(
      `query($user: ID!, $after: String, $first: Int) { node(id: $user) {
        ... on User { proposals(after: $after, first: $first) { ${PAGE} } } } }`,
      { user: uid(s.author), after: null, first: 10 },
      null,
    ),
    'Workshop.comments': call(
      `query($workshop: ID!, $after: String, $first: Int) { workshop(id: $workshop) {
        comments(after: $after, first: $first) { ${PAGE} } } }`,
      { workshop: wid(workshop.id), after: null, first: 10 },
      null,
    ),
    'Query.budget': call('query($id: ID!) { budget(id: $id) { id } }', { id: budgetId }, null),
    'Query.poll': call('query($id: ID!) { poll(id: $id) { id } }', { id: pollId }, null),
    'ParticipatoryBudget.projects': call(
      `query($budget: ID!, $after: String, $first: Int, $districtId: ID, $onBallotOnly: Boolean) {
        budget(id: $budget) { projects(after: $after, first: $first, districtId: $districtId,
          onBallotOnly: $onBallotOnly) { ${PAGE} } } }`,
      { budget: budgetId, after: null, first: 10, districtId, onBallotOnly: true },
      null,
    ),
    'PollQuestion.freeTextAnswers': call(
      `query($poll: ID!, $after: String, $first: Int) {
        poll(id: $poll) { questions { freeTextAnswers(after: $after, first: $first)
          freeTexts(first: 1) { pageInfo { endCursor } } } } }`,
      { poll: pollId, after: null, first: 10 },
      s.parksStaff,
    ),
    'PollQuestion.freeTexts': call(
      `query($poll: ID!, $after: String, $first: Int) {
        poll(id: $poll) { questions { freeTexts(after: $after, first: $first) { ${PAGE} } } } }`,
      { poll: pollId, after: null, first: 10 },
      s.parksStaff,
    ),
    'Mutation.castBallot': call(
      'mutation($input: CastBallotInput!) { castBallot(input: $input) { updatedAt } }',
      { input: { budgetId, projectIds: [projectId] } },
      s.citizen,
    ),
    'Mutation.closePoll': call(
      'mutation($pollId: ID!) { closePoll(pollId: $pollId) { id } }',
      { pollId },
      s.parksStaff,
    ),
    'Mutation.createBudget': call(
      'mutation($input: CreateBudgetInput!) { createBudget(input: $input) { id } }',
      {
        input: {
          processId,
          title: '값 검사 예산',
          votingStyle: 'APPROVAL',
          selectionRule: 'EQUAL_SHARES',
          maxChoices: 3,
          minimumAge: 14,
          requiresVerifiedResidency: true,
          liveTotals: false,
          pots: [{ districtId, amount: 1_000_000 }],
          reviewStartsAt: LATER(),
          votingStartsAt: LATER(),
          votingEndsAt: LATER2(),
        },
      },
      s.admin,
    ),
    'Mutation.createBudgetProject': call(
      'mutation($input: CreateBudgetProjectInput!) { createBudgetProject(input: $input) { id } }',
      {
        input: {
          budgetId,
          title: '값 검사 사업',
          description: '사업 설명입니다.',
          cost: 1_000_000,
          departmentId: did(s.parks),
          districtId,
          proposalId: pid(own),
        },
      },
      s.parksStaff,
    ),
    'Mutation.createDistrict': call(
      'mutation($name: String!, $slug: String!) { createDistrict(name: $name, slug: $slug) { id } }',
      { name: '새 동', slug: 'new-district' },
      s.admin,
    ),
    'Mutation.createPoll': call(
      'mutation($input: CreatePollInput!) { createPoll(input: $input) { id } }',
      {
        input: {
          title: '평범한 설문',
          processId,
          workshopId: wid(workshop.id),
          departmentId: did(s.parks),
          opensAt: LATER(),
          closesAt: LATER2(),
          liveResults: false,
          minimumAge: 10,
          requiresVerifiedResidency: false,
          questions: [
            { kind: 'MULTIPLE_CHOICE', prompt: '고르세요', maxChoices: 2, options: ['가', '나'] },
          ],
        },
      },
      s.parksStaff,
    ),
    'Mutation.enterOfflineTally': call(
      'mutation($input: EnterOfflineTallyInput!) { enterOfflineTally(input: $input) { place } }',
      {
        input: {
          budgetId,
          place: '운봉읍 행정복지센터',
          paperBallots: 10,
          votes: [{ projectId, votes: 3 }],
        },
      },
      s.parksStaff,
    ),
    'Mutation.publishBudgetResults': call(
      'mutation($budgetId: ID!) { publishBudgetResults(budgetId: $budgetId) { final } }',
      { budgetId },
      s.admin,
    ),
    'Mutation.respondToPoll': call(
      'mutation($input: RespondToPollInput!) { respondToPoll(input: $input) { id } }',
      { input: { pollId, answers: [{ questionId, optionIds: [optionId], text: '답입니다' }] } },
      s.citizen,
    ),
    'Mutation.reviewBudgetProject': call(
      'mutation($input: ReviewBudgetProjectInput!) { reviewBudgetProject(input: $input) { id } }',
      {
        input: { projectId, feasibility: 'NOT_FEASIBLE', reason: '이유입니다', revisedCost: 1_000 },
      },
      s.parksStaff,
    ),
    'Mutation.setBirthYear': call(
      'mutation($year: Int!) { setBirthYear(year: $year) { id } }',
      { year: 1990 },
      s.citizen,
    ),
    'Mutation.startBudgetImplementation': call(
      'mutation($budgetId: ID!) { startBudgetImplementation(budgetId: $budgetId) { id } }',
      { budgetId },
      s.admin,
    ),
    'Mutation.revokeResidency': call(
      'mutation($userId: ID!) { revokeResidency(userId: $userId) { id } }',
      { userId: uid(s.citizen) },
      s.parksStaff,
    ),
    'Mutation.verifyResidency': call(
      'mutation($input: VerifyResidencyInput!) { verifyResidency(input: $input) { id } }',
      { input: { userId: uid(s.citizen), districtId, birthYear: 1990 } },
      s.parksStaff,
    ),
    'Mutation.setRoundTables': call(
      'mutation($input: SetRoundTablesInput!) { setRoundTables(input: $input) { id } }',
      {
        input: {
          workshopId: roundTableId,
          dotsPerParticipant: 3,
          tables: [{ number: 1, topic: '주제', facilitatorId: uid(s.parksStaff), size: 10 }],
        },
      },
      s.parksStaff,
    ),
    'Mutation.assignSeats': call(
      'mutation($input: AssignSeatsInput!) { assignSeats(input: $input) { id } }',
      { input: { workshopId: roundTableId, seats: [{ tableNumber: 1, userId: uid(s.citizen) }] } },
      s.parksStaff,
    ),
    'Mutation.recordIdea': call(
      'mutation($input: RecordIdeaInput!) { recordIdea(input: $input) { id } }',
      { input: { workshopId: roundTableId, tableNumber: 1, text: '생각', category: '분류' } },
      s.parksStaff,
    ),
    'Mutation.recordDots': call(
      'mutation($input: RecordDotsInput!) { recordDots(input: $input) { id } }',
      { input: { ideaId, dots: 3 } },
      s.parksStaff,
    ),
    'Mutation.mergeIdeas': call(
      'mutation($input: MergeIdeasInput!) { mergeIdeas(input: $input) { id } }',
      { input: { workshopId: roundTableId, title: '합친 제목', ideaIds: [ideaId] } },
      s.parksStaff,
    ),
    'Mutation.publishPriorities': call(
      'mutation($workshopId: ID!) { publishPriorities(workshopId: $workshopId) { id } }',
      { workshopId: roundTableId },
      s.parksStaff,
    ),
    'Mutation.priorityToProposal': call(
      'mutation($input: PriorityToProposalInput!) { priorityToProposal(input: $input) { id } }',
      { input: { priorityId, departmentId: did(s.parks), body: '원탁의 과제입니다.' } },
      s.parksStaff,
    ),
    'Mutation.addChild': call(
      'mutation($input: AddChildInput!) { addChild(input: $input) { id } }',
      { input: { firstName: '하늘', birthYear: new Date().getFullYear() - 8 } },
      s.citizen,
    ),
    'Mutation.registerChild': call(
      'mutation($input: RegisterChildInput!) { registerChild(input: $input) { id } }',
      {
        input: {
          workshopId: wid(workshop.id),
          childId,
          relationship: '어머니',
          consentTextVersion: '2026-12',
          guardianContact: '010-0000-0000',
        },
      },
      s.citizen,
    ),
    'Mutation.cancelChildRegistration': call(
      'mutation($id: ID!) { cancelChildRegistration(id: $id) { id } }',
      { id: childRegistrationId },
      s.citizen,
    ),
    'Mutation.withdrawGuardianConsent': call(
      'mutation($childId: ID!) { withdrawGuardianConsent(childId: $childId) }',
      { childId },
      s.citizen,
    ),
    'Mutation.publishGuardianConsentText': call(
      `mutation($version: String!, $text: String!) {
        publishGuardianConsentText(version: $version, text: $text) { version } }`,
      { version: '2027-01', text: '동의서 본문입니다.' },
      s.admin,
    ),
    'Workshop.tables': call(
      'query($w: ID!, $first: Int) { workshop(id: $w) { tables(first: $first) { id } } }',
      { w: roundTableId, first: 10 },
      s.parksStaff,
    ),
    'Workshop.priorities': call(
      'query($w: ID!, $first: Int) { workshop(id: $w) { priorities(first: $first) { id } } }',
      { w: roundTableId, first: 10 },
      s.parksStaff,
    ),
    'RoundTable.participants': call(
      `query($w: ID!, $first: Int) { workshop(id: $w) { tables { participants(first: $first) {
        id } } } }`,
      { w: roundTableId, first: 10 },
      s.parksStaff,
    ),
    'RoundTable.ideas': call(
      'query($w: ID!, $first: Int) { workshop(id: $w) { tables { ideas(first: $first) { id } } } }',
      { w: roundTableId, first: 10 },
      s.parksStaff,
    ),
    'SessionPriority.ideas': call(
      `query($w: ID!, $first: Int) { workshop(id: $w) { priorities { ideas(first: $first) {
        id } } } }`,
      { w: roundTableId, first: 10 },
      s.parksStaff,
    ),
    'Workshop.childRegistrations': call(
      `query($workshop: ID!, $after: String, $first: Int) { workshop(id: $workshop) {
        childRegistrations(after: $after, first: $first) { id endCursor: cursor } } }`,
      { workshop: wid(workshop.id), after: null, first: 10 },
      s.parksStaff,
    ),
    'Mutation.createApiClient': call(
      'mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { clientSecret } }',
      {
        input: {
          name: '남원신문 데이터팀',
          ownerContact: 'data@news.example',
          scopes: ['READ', 'FEEDBACK_WRITE'],
          departmentId: did(s.parks),
          costLimitPerMinute: 20_000,
        },
      },
      s.admin,
    ),
    'Mutation.rotateApiClientSecret': call(
      `mutation($id: ID!, $graceSeconds: Int) {
        rotateApiClientSecret(id: $id, graceSeconds: $graceSeconds) { clientSecret } }`,
      { id: apiClientId, graceSeconds: 3600 },
      s.admin,
    ),
    'Mutation.revokeApiClient': call(
      'mutation($id: ID!) { revokeApiClient(id: $id) { id } }',
      { id: apiClientId },
      s.admin,
    ),
    'Mutation.createProposalOnBehalf': call(
      'mutation($input: CreateProposalOnBehalfInput!) { createProposalOnBehalf(input: $input) { id } }',
      {
        input: {
          title: '전화로 받은 제안입니다',
          body: '버스 정류장에 의자가 필요합니다.',
          channel: 'PHONE',
          citizenId: null,
          contactName: '김민지',
          contactPhone: '010-1234-5678',
          topicIds: [topicId],
          processId,
        },
      },
      apiClient,
    ),
    'Mutation.createWebhook': call(
      'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }',
      { input: { url: 'https://hooks.example.org/other', events: ['PROPOSAL_ANSWERED'] } },
      apiClient,
    ),
    'Mutation.deleteWebhook': call(
      'mutation($id: ID!) { deleteWebhook(id: $id) }',
      { id: webhookId },
      apiClient,
    ),
    'Mutation.resumeWebhook': call(
      'mutation($id: ID!) { resumeWebhook(id: $id) { id } }',
      { id: webhookId },
      apiClient,
    ),
    'Mutation.redeliverWebhook': call(
      'mutation($deliveryId: ID!) { redeliverWebhook(deliveryId: $deliveryId) { id } }',
      { deliveryId },
      apiClient,
    ),
    'Query.apiClients': call(
      `query($after: String, $first: Int) { apiClients(after: $after, first: $first) {
        id endCursor: cursor } }`,
      { after: null, first: 10 },
      s.admin,
    ),
    'WebhookSubscription.deliveries': call(
      `query($after: String, $first: Int) { webhooks { deliveries(after: $after, first: $first) {
        ${PAGE} } } }`,
      { after: null, first: 10 },
      apiClient,
    ),
    'Workshop.registrations': call(
      `query($workshop: ID!, $after: String, $first: Int, $status: RegistrationStatus) {
        workshop(id: $workshop) { registrations(after: $after, first: $first, status: $status) {
          ${PAGE} } } }`,
      { workshop: wid(workshop.id), after: null, first: 10, status: 'CONFIRMED' },
      s.parksStaff,
    ),
  };
}

let CALLS: Record<string, Call>;
beforeAll(() => {
  CALLS = calls();
});

/**
 * Sends a call, over HTTP (the request's JSON carries `rawJson` in place of the string
 * "__RAW__": numbers JSON can spell but JavaScript cannot, such as 1e309) or, for
 * subscriptions, over the WebSocket (the first result).
 */
async function send(
  field: string,
  variables: Record<string, unknown>,
  rawJson?: string,
): Promise<GraphqlResponse> {
  const { query, who } = CALLS[field]!;
  if (field.startsWith('Subscription.')) {
    const subscription = live.subscribe(query, variables);
    const result = await subscription.next();
    subscription.unsubscribe();
    return { status: 200, data: result.data, errors: result.errors as never, headers: {} };
  }
  if (rawJson === undefined) return s.t.gql(query, variables, who?.token ?? null);
  const body = JSON.stringify({ query, variables }).replace('"__RAW__"', rawJson);
  return rawPost(s.t, body, who ? { authorization: `Bearer ${who.token}` } : {});
}

// ---- the values a client can send, from schema.graphql ---------------------------------------

const SCHEMA = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

/** One scalar or enum position under a field's arguments: `input.phases.title` of createProcess. */
interface Leaf {
  /** `Mutation.createProcess` */
  field: string;
  /** `['input', 'phases', 'title']` */
  path: string[];
  /** String, ID, Int, Float, Boolean, DateTime, or "enum". */
  kind: string;
}

function leavesOf(field: string, type: GraphQLInputType, path: string[], out: Leaf[]): void {
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    for (const inner of Object.values(named.getFields())) {
      leavesOf(field, inner.type, [...path, inner.name], out);
    }
  } else {
    out.push({ field, path, kind: isEnumType(named) ? 'enum' : named.name });
  }
}

/** The arguments of a schema field named `Type.field`. */
function argumentsOf(field: string): readonly GraphQLArgument[] {
  const [typeName, fieldName] = field.split('.') as [string, string];
  return assertObjectType(SCHEMA.getType(typeName)).getFields()[fieldName]!.args;
}

const LEAVES: Leaf[] = Object.values(SCHEMA.getTypeMap())
  .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
  .flatMap((type) =>
    Object.values(type.getFields()).flatMap((field) => {
      const out: Leaf[] = [];
      for (const arg of field.args)
        leavesOf(`${type.name}.${field.name}`, arg.type, [arg.name], out);
      return out;
    }),
  );

const label = (leaf: Leaf) => `${leaf.field}(${leaf.path.join('.')})`;
const leavesOfKind = (...kinds: string[]): [string, Leaf][] =>
  LEAVES.filter((leaf) => kinds.includes(leaf.kind)).map((leaf) => [label(leaf), leaf]);

/**
 * Where `leaf` sits in its call's variables, with the first element of each list:
 * `['input', 'phases', 0, 'title']`, `['input', 'topicIds', 0]`. Fails when the call does not
 * send it, so a field added to the schema fails here until its call sends it.
 */
function locate(leaf: Leaf): { call: Call; at: (string | number)[] } {
  const call = CALLS[leaf.field];
  if (!call) throw new Error(`no call for ${leaf.field}: add one to calls()`);
  const at: (string | number)[] = [];
  let value: unknown = call.variables;
  for (const key of leaf.path) {
    if (!value || typeof value !== 'object' || !(key in value)) {
      throw new Error(`the call for ${leaf.field} does not send ${leaf.path.join('.')}`);
    }
    value = (value as Record<string, unknown>)[key];
    at.push(key);
    if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`${leaf.path.join('.')} of ${leaf.field} is empty`);
      value = value[0];
      at.push(0);
    }
  }
  return { call, at };
}

function withValue(
  variables: Record<string, unknown>,
  at: (string | number)[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(variables);
  let parent = copy as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[at.at(-1)!] = value;
  return copy;
}

/**
 * The field a BAD_USER_INPUT names for a value at `at`: relative to an `input` argument (as the
 * validation pipe reports every input object), the list itself for an element of a list of
 * scalars (`topicIds`), with the index for an input object in a list (`phases.0.title`).
 */
function fieldNamed(at: (string | number)[]): string {
  const path = typeof at.at(-1) === 'number' ? at.slice(0, -1) : at;
  return (path[0] === 'input' ? path.slice(1) : path).join('.');
}

// ---- text -------------------------------------------------------------------------------------

/** Text Postgres cannot take as sent: UTF-8 cannot encode a lone surrogate, text cannot hold NUL. */
const MALFORMED_TEXT = ['\ud800', 'ok\udfff', 'a\udc00\ud800b', 'nul\u0000'];

describe('malformed text in any string or id a client sends is BAD_USER_INPUT on that field', () => {
  it.each(leavesOfKind('String', 'ID'))('%s', async (_label, leaf) => {
    const { call, at } = locate(leaf);
    for (const bad of MALFORMED_TEXT) {
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        send(leaf.field, withValue(call.variables, at, bad)),
      );
      expect({ bad, fields: badFields(res) }).toEqual({ bad, fields: [fieldNamed(at)] });
    }
  });

  it.each(leavesOfKind('enum'))('%s (an enum): refused by GraphQL itself', async (_l, leaf) => {
    const { call, at } = locate(leaf);
    for (const bad of MALFORMED_TEXT) {
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        send(leaf.field, withValue(call.variables, at, bad)),
      );
      if (!leaf.field.startsWith('Subscription.')) expect(res.status).toBe(400);
    }
  });

  it('a string literal in the document: NUL is BAD_USER_INPUT on the argument, a lone surrogate escape does not parse', async () => {
    const nul = await s.t.gql('{ department(slug: "parks\\u0000") { id } }');
    expect({ code: codeOf(nul), fields: badFields(nul) }).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['slug'],
    });
    const surrogate = await s.t.gql('{ department(slug: "\\ud800") { id } }');
    expect({ status: surrogate.status, code: codeOf(surrogate) }).toEqual({
      status: 400,
      code: 'GRAPHQL_PARSE_FAILED',
    });
  });

  it('the calendar file of a workshop id holding NUL or a lone surrogate: a 4xx', async () => {
    for (const id of ['%00', `${wid(workshop.id)}%00`, '%ED%A0%80']) {
      const res = await s.t.http().get(`/workshops/${id}.ics`);
      expect({ id, status: res.status >= 400 && res.status < 500 }).toEqual({ id, status: true });
    }
  });

  it('a well-formed call of each field is not refused for its text (the controls)', async () => {
    // Only reads: the writes' calls are refused above without ever running.
    for (const field of Object.keys(CALLS).filter((f) => f.startsWith('Query.'))) {
      const res = await send(field, CALLS[field]!.variables);
      expect({ field, errors: res.errors }).toEqual({ field, errors: undefined });
    }
  });
});

// ---- dates ------------------------------------------------------------------------------------

/** Well-shaped RFC 3339 strings that name no instant Postgres and every client agree on. */
const IMPOSSIBLE_DATES = [
  '2026-02-30T10:00:00Z',
  '2027-02-29T10:00:00Z',
  '2026-04-31T10:00:00Z',
  '2026-13-01T10:00:00Z',
  '2026-00-10T10:00:00Z',
  '2026-06-00T10:00:00Z',
  '2026-06-01T24:00:00Z',
  '2026-06-01T10:60:00Z',
  '2026-06-01T10:00:60Z',
  '2026-06-01T10:00:00+24:00',
  '2026-06-01T10:00:00+09:60',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+01:00',
  '9999-12-31T23:00:00-05:00',
];

describe('dates that do not exist or lie outside years 1-9999 are BAD_USER_INPUT', () => {
  it.each(leavesOfKind('DateTime'))('%s', async (_label, leaf) => {
    const { call, at } = locate(leaf);
    for (const date of IMPOSSIBLE_DATES) {
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        send(leaf.field, withValue(call.variables, at, date)),
      );
      expect({ date, status: res.status }).toEqual({ date, status: 400 });
    }
  });

  it('the first and last instants of the range, a leap day and an offset are stored as sent', async () => {
    const phases = [
      { title: '시작', startsAt: '0001-01-01T00:00:00Z', endsAt: '2028-02-29T12:00:00+09:00' },
      {
        title: '마지막',
        startsAt: '9999-12-31T14:59:59.999+09:00',
        endsAt: '9999-12-31T23:59:59.999Z',
      },
    ];
    const data = await ok(
      s.t,
      `mutation($input: CreateProcessInput!) { createProcess(input: $input) {
        phases { startsAt endsAt } } }`,
      { input: { slug: 'edge-dates', title: '날짜의 끝', phases } },
      s.admin.token,
    );
    expect(data.createProcess.phases).toEqual([
      { startsAt: '0001-01-01T00:00:00.000Z', endsAt: '2028-02-29T03:00:00.000Z' },
      { startsAt: '9999-12-31T05:59:59.999Z', endsAt: '9999-12-31T23:59:59.999Z' },
    ]);
  });
});

// ---- numbers ----------------------------------------------------------------------------------

describe('numbers past the field or the column', () => {
  it.each(leavesOfKind('Int'))('%s', async (_label, leaf) => {
    const { call, at } = locate(leaf);
    // Past 32 bits: GraphQL's Int refuses them (the columns are int4).
    for (const n of [2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e300]) {
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        send(leaf.field, withValue(call.variables, at, n)),
      );
      expect({ n, status: res.status }).toEqual({ n, status: 400 });
    }
    // Within 32 bits but past what the field allows: the validation names the field.
    for (const n of [2 ** 31 - 1, -(2 ** 31)]) {
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        send(leaf.field, withValue(call.variables, at, n)),
      );
      expect({ n, fields: badFields(res) }).toEqual({ n, fields: [fieldNamed(at)] });
    }
  });

  it.each(leavesOfKind('Float'))('%s', async (_label, leaf) => {
    const { call, at } = locate(leaf);
    // JSON can spell what a double cannot hold: JSON.parse makes it Infinity, GraphQL refuses it.
    for (const json of ['1e309', '-1e309']) {
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        send(leaf.field, withValue(call.variables, at, '__RAW__'), json),
      );
      expect({ json, status: res.status }).toEqual({ json, status: 400 });
    }
    for (const n of [1e308, -1e308, Number.MAX_VALUE]) {
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        send(leaf.field, withValue(call.variables, at, n)),
      );
      expect({ n, fields: badFields(res) }).toEqual({ n, fields: [fieldNamed(at)] });
    }
  });
});

// ---- cursors ----------------------------------------------------------------------------------

const CONNECTIONS = [...new Set(LEAVES.filter((l) => l.path[0] === 'after').map((l) => l.field))];

/** The orderings a connection's `orderBy` argument can name, from the schema; [null] without one. */
function orderingsOf(field: string): ({ field: string; direction: string } | null)[] {
  const arg = argumentsOf(field).find((a) => a.name === 'orderBy');
  if (!arg) return [null];
  const order = assertInputObjectType(getNamedType(arg.type)).getFields();
  const values = (name: string) =>
    assertEnumType(getNamedType(order[name]!.type))
      .getValues()
      .map((v) => String(v.value));
  return values('field').flatMap((f) =>
    values('direction').map((d) => ({ field: f, direction: d })),
  );
}

/** A cursor's sort values replaced, one at a time, by values of the same kind Postgres refuses. */
function forgeries(genuine: string): string[] {
  const [ordering, ...values] = JSON.parse(Buffer.from(genuine, 'base64url').toString()) as [
    string,
    ...unknown[],
  ];
  const encode = (at: number, value: unknown) => {
    const forged = [...values];
    forged[at] = value;
    return Buffer.from(JSON.stringify([ordering, ...forged])).toString('base64url');
  };
  return values.flatMap((value, at) => {
    const sameKind =
      typeof value === 'number'
        ? [2 ** 31, 2 ** 31 + 5, -1, -(2 ** 31) - 1, 2 ** 53, 0.5, 1e300]
        : /^(\d{4}-|infinity$)/.test(String(value))
          ? [
              '2026-02-30T00:00:00.000Z',
              '2027-02-29T12:00:00.000Z',
              '2026-04-31T12:00:00.000Z',
              '2026-06-01T24:00:00.000Z',
              '0000-01-01T00:00:00.000Z',
              '-000001-01-01T00:00:00.000Z',
              '+010000-01-01T00:00:00.000Z',
            ]
          : [];
    return [...sameKind, `${String(value)}\u0000`, `\ud800${String(value)}`].map((v) =>
      encode(at, v),
    );
  });
}

/** The first `endCursor` anywhere in a response's data. */
function endCursorIn(data: unknown): string | null {
  if (!data || typeof data !== 'object') return null;
  for (const [key, value] of Object.entries(data)) {
    if (key === 'endCursor' && typeof value === 'string') return value;
    const found = endCursorIn(value);
    if (found) return found;
  }
  return null;
}

describe('cursors whose values Postgres could not compare are BAD_USER_INPUT on after', () => {
  it.each(CONNECTIONS)('%s, in every ordering', async (field) => {
    const { variables } = CALLS[field]!;
    // Every filter off, so the list has rows to point at.
    const unfiltered = { ...variables };
    for (const arg of argumentsOf(field)) if (!isNonNullType(arg.type)) unfiltered[arg.name] = null;
    const before = await databaseState(s.t);
    for (const orderBy of orderingsOf(field)) {
      const page = { ...unfiltered, first: 1, ...(orderBy ? { orderBy } : {}) };
      const first = await send(field, page);
      expect(first.errors).toBeUndefined();
      const genuine = endCursorIn(first.data);
      if (!genuine) throw new Error(`${field} ${JSON.stringify(orderBy)}: no rows to page through`);
      const next = await send(field, { ...page, after: genuine });
      expect(next.errors).toBeUndefined();
      for (const after of forgeries(genuine)) {
        const res = await send(field, { ...page, after });
        const decoded = Buffer.from(after, 'base64url').toString();
        expect({
          decoded,
          status: res.status < 500,
          code: codeOf(res),
          fields: badFields(res),
        }).toEqual({ decoded, status: true, code: 'BAD_USER_INPUT', fields: ['after'] });
      }
    }
    expect(await databaseState(s.t)).toEqual(before);
  });

  it('the largest and smallest counts a cursor can hold are accepted', async () => {
    const query = `query($after: String, $orderBy: ProposalOrder) {
      proposals(first: 5, after: $after, orderBy: $orderBy) { nodes { id } } }`;
    const uuid = '00000000-0000-4000-8000-000000000000';
    for (const [field, direction, count] of [
      ['SUPPORT_COUNT', 'DESC', 2 ** 31 - 1],
      ['COMMENT_COUNT', 'ASC', 0],
    ] as const) {
      const after = Buffer.from(
        JSON.stringify([`proposals-${field}-${direction}`, count, uuid]),
      ).toString('base64url');
      const res = await s.t.gql(query, { after, orderBy: { field, direction } });
      expect(res.errors).toBeUndefined();
      expect(res.data.proposals.nodes.length).toBeGreaterThan(0);
    }
  });
});

it('every field of schema.graphql that takes arguments has a call', () => {
  const withArgs = [...new Set(LEAVES.map((leaf) => leaf.field))].sort();
  expect(Object.keys(CALLS).sort()).toEqual(withArgs);
  // The kinds of value walked above: a new scalar in the schema needs hostile values of its own.
  expect([...new Set(LEAVES.map((leaf) => leaf.kind))].sort()).toEqual([
    'Boolean',
    'DateTime',
    'Float',
    'ID',
    'Int',
    'String',
    'enum',
  ]);
});
