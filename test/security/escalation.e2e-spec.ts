import { Role } from '../../src/core/access/role.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { SIGN_UP } from '../identity/support.js';
import { QUEUE } from '../moderation/support.js';
import {
  ADD_COMMENT,
  ANSWER,
  ASSIGN,
  AUDIT_LOG,
  comment,
  did,
  LIFT,
  MARK_READ,
  MODERATE,
  newProposal,
  newWorkshop,
  ok,
  pid,
  PROGRESS,
  proposalAt,
  REGISTER,
  REPORT,
  SET_ROLE,
  SUSPEND,
  uid,
  UPDATE_WORKSHOP,
  wid,
} from '../notifications/support.js';
import { CREATE, SUPPORT, UPDATE, WITHDRAW } from '../proposals/support.js';
import {
  databaseState,
  expectRefusedUnchanged,
  rawPost,
  startSecurityScene,
  type SecurityScene,
} from './support.js';

/**
 * Privilege escalation: roles setting roles, every role calling what the role table keeps from
 * it, the moderation hierarchy (moderators act on citizens, admins on anyone but admins),
 * suspended users writing, mass assignment of fields no input declares, and requests shaped to
 * slip past the per-operation checks (batches, GET, simple cross-site POSTs). Each refusal is
 * checked against the whole database.
 */

let s: SecurityScene;
let p: ProposalEntity;
let underReview: ProposalEntity;
let accepted: ProposalEntity;
let workshop: { id: string; title: string };
/** Content written by each kind of user, for the moderation hierarchy. */
let byStaff: string;
let byModerator: string;
let byModerator2: string;
let byAdmin: string;
let byAdmin2: string;
let byCitizen: string;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

beforeAll(async () => {
  s = await startSecurityScene();
  p = await newProposal(s);
  underReview = await proposalAt(s, 'UNDER_REVIEW', s.parks);
  accepted = await proposalAt(s, 'ACCEPTED', s.parks);
  workshop = await newWorkshop(s, s.parks, 10);
  byStaff = await comment(s, s.parksStaff, pid(p), undefined, '직원의 댓글');
  byModerator = await comment(s, s.moderator, pid(p), undefined, '관리자의 댓글');
  byModerator2 = await comment(s, s.moderator2, pid(p), undefined, '다른 관리자의 댓글');
  byAdmin = await comment(s, s.admin, pid(p), undefined, '운영자의 댓글');
  byAdmin2 = await comment(s, s.admin2, pid(p), undefined, '다른 운영자의 댓글');
  byCitizen = await comment(s, s.citizen, pid(p), undefined, '시민의 댓글');
});
afterAll(() => s.t.close());

const as = (who: TestUser | null, query: string, variables: Record<string, unknown> = {}) =>
  s.t.gql(query, variables, who?.token ?? null);

const setRole = (who: TestUser | null, target: TestUser, role: string, departmentId?: string) =>
  as(who, SET_ROLE, { input: { userId: uid(target), role, departmentId } });

describe('setUserRole', () => {
  it.each<[string, () => TestUser]>([
    ['a citizen', () => s.citizen],
    ['staff', () => s.parksStaff],
    ['a moderator', () => s.moderator],
  ])('%s making themselves ADMIN, or another user ADMIN: FORBIDDEN', async (_label, who) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => setRole(who(), who(), 'ADMIN'));
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => setRole(who(), s.citizen2, 'ADMIN'));
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      setRole(who(), s.citizen2, 'STAFF', did(s.roads)),
    );
  });

  it('a moderator demoting an admin or another moderator: FORBIDDEN', async () => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => setRole(s.moderator, s.admin, 'CITIZEN'));
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      setRole(s.moderator, s.moderator2, 'CITIZEN'),
    );
  });

  it('anonymous: UNAUTHENTICATED; a suspended admin: FORBIDDEN', async () => {
    await expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () => setRole(null, s.citizen, 'ADMIN'));
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      setRole(s.suspendedAdmin, s.suspendedAdmin, 'ADMIN'),
    );
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      setRole(s.suspendedAdmin, s.citizen, 'ADMIN'),
    );
  });

  it('an admin changing their own role (the way the last admin could be lost): CONFLICT', async () => {
    for (const role of ['CITIZEN', 'MODERATOR', 'ADMIN']) {
      await expectRefusedUnchanged(s.t, 'CONFLICT', () => setRole(s.admin, s.admin, role));
    }
    await expectRefusedUnchanged(s.t, 'CONFLICT', () =>
      setRole(s.admin, s.admin, 'STAFF', did(s.parks)),
    );
  });

  it.each(['SUPERADMIN', 'admin', 'ROOT', '', 'ADMIN ', 'CITIZEN,ADMIN'])(
    'a role outside the enum as a variable (%j): BAD_USER_INPUT',
    async (role) => {
      await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () => setRole(s.admin, s.citizen, role));
    },
  );

  it('a role outside the enum written in the document: GRAPHQL_VALIDATION_FAILED', async () => {
    for (const literal of ['SUPERADMIN', '"ADMIN"', '1', 'null']) {
      await expectRefusedUnchanged(s.t, 'GRAPHQL_VALIDATION_FAILED', () =>
        as(
          s.admin,
          `mutation { setUserRole(input: { userId: "${uid(s.citizen)}", role: ${literal} }) { id } }`,
        ),
      );
    }
  });

  it('a department for a role that has none, or a User id as the department: BAD_USER_INPUT', async () => {
    await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      setRole(s.admin, s.citizen, 'MODERATOR', did(s.parks)),
    );
    await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      setRole(s.admin, s.citizen, 'STAFF', uid(s.admin)),
    );
  });
});

describe('operations the role table keeps from a role', () => {
  const department = { input: { slug: 'rogue-dept', name: '가짜 부서' } };
  const OPERATIONS: Record<string, () => [string, Record<string, unknown>]> = {
    moderationQueue: () => [QUEUE, { first: 1 }],
    auditLog: () => [AUDIT_LOG, { first: 5 }],
    users: () => ['{ users(first: 5) { nodes { id email } } }', {}],
    moderateContent: () => [
      MODERATE,
      { input: { targetId: byCitizen, action: 'HIDE', note: '숨김' } },
    ],
    suspendUser: () => [
      SUSPEND,
      { input: { userId: uid(s.citizen2), until: inDays(30), reason: '정지' } },
    ],
    liftSuspension: () => [LIFT, { input: { userId: uid(s.suspended), reason: '해제' } }],
    createDepartment: () => [
      'mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }',
      department,
    ],
    createTopic: () => [
      'mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }',
      { input: { slug: 'rogue-topic', name: '가짜 주제' } },
    ],
    createProcess: () => [
      'mutation($input: CreateProcessInput!) { createProcess(input: $input) { id } }',
      { input: { slug: 'rogue-process', title: '가짜 과정' } },
    ],
    assignProposal: () => [
      ASSIGN,
      { input: { proposalId: pid(p), departmentId: did(s.parks), reason: '배정' } },
    ],
    answerProposal: () => [
      ANSWER,
      { input: { proposalId: pid(underReview), status: 'ACCEPTED', body: '수용' } },
    ],
    postProgressUpdate: () => [
      PROGRESS,
      { input: { proposalId: pid(accepted), progress: 50, body: '절반' } },
    ],
    createWorkshop: () => [
      'mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }',
      {
        input: {
          title: '가짜 워크숍',
          description: '권한 없이 만듭니다.',
          kind: 'OTHER',
          startsAt: inDays(1),
          endsAt: inDays(2),
          organizerId: did(s.parks),
        },
      },
    ],
    updateWorkshop: () => [UPDATE_WORKSHOP, { input: { id: wid(workshop.id), capacity: 1 } }],
  };

  const WHO: Record<string, () => TestUser | null> = {
    anonymous: () => null,
    citizen: () => s.citizen,
    staff: () => s.parksStaff,
    moderator: () => s.moderator,
  };

  /** Who is refused each operation by role alone (the role table of shared/api/README.md). */
  const REFUSED: [string, string][] = [
    ['moderationQueue', 'citizen'],
    ['moderationQueue', 'staff'],
    ['auditLog', 'citizen'],
    ['auditLog', 'staff'],
    ['auditLog', 'moderator'],
    ['users', 'citizen'],
    ['users', 'staff'],
    ['users', 'moderator'],
    ['moderateContent', 'citizen'],
    ['moderateContent', 'staff'],
    ['suspendUser', 'citizen'],
    ['suspendUser', 'staff'],
    ['liftSuspension', 'citizen'],
    ['liftSuspension', 'staff'],
    ['createDepartment', 'citizen'],
    ['createDepartment', 'staff'],
    ['createDepartment', 'moderator'],
    ['createTopic', 'moderator'],
    ['createProcess', 'moderator'],
    ['assignProposal', 'citizen'],
    ['assignProposal', 'moderator'],
    ['answerProposal', 'citizen'],
    ['answerProposal', 'moderator'],
    ['postProgressUpdate', 'moderator'],
    ['createWorkshop', 'citizen'],
    ['createWorkshop', 'moderator'],
    ['updateWorkshop', 'moderator'],
  ];

  it.each(REFUSED)('%s by a %s: FORBIDDEN', async (operation, who) => {
    const [query, variables] = OPERATIONS[operation]!();
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => as(WHO[who]!(), query, variables));
  });

  it('every one of them, anonymous: UNAUTHENTICATED', async () => {
    for (const operation of Object.keys(OPERATIONS)) {
      const [query, variables] = OPERATIONS[operation]!();
      await expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () => as(null, query, variables));
    }
  });
});

describe('the moderation hierarchy', () => {
  const moderate = (who: TestUser, targetId: string) =>
    as(who, MODERATE, { input: { targetId, action: 'HIDE', note: '숨깁니다' } });
  const suspend = (who: TestUser, target: TestUser) =>
    as(who, SUSPEND, { input: { userId: uid(target), until: inDays(7), reason: '정지합니다' } });

  it.each<[string, () => string]>([
    ['staff', () => byStaff],
    ['another moderator', () => byModerator2],
    ['the moderator themself', () => byModerator],
    ['an admin', () => byAdmin],
  ])('a moderator hiding content by %s: FORBIDDEN', async (_label, target) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => moderate(s.moderator, target()));
  });

  it("an admin hiding another admin's content, or their own: FORBIDDEN", async () => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => moderate(s.admin, byAdmin2));
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => moderate(s.admin, byAdmin));
  });

  it.each<[string, () => TestUser]>([
    ['staff', () => s.parksStaff],
    ['another moderator', () => s.moderator2],
    ['themself', () => s.moderator],
    ['an admin', () => s.admin],
  ])('a moderator suspending %s: FORBIDDEN', async (_label, target) => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => suspend(s.moderator, target()));
  });

  it('an admin suspending another admin, or themself: FORBIDDEN', async () => {
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => suspend(s.admin, s.admin2));
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => suspend(s.admin, s.admin));
  });

  it('a moderator lifting the suspension of a moderator or of staff: FORBIDDEN', async () => {
    for (const target of [s.suspendedModerator, s.suspendedStaff]) {
      await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
        as(s.moderator, LIFT, { input: { userId: uid(target), reason: '풀어줍니다' } }),
      );
    }
  });

  it('suspended moderators and admins lifting their own suspension: FORBIDDEN', async () => {
    for (const who of [s.suspendedModerator, s.suspendedAdmin]) {
      await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
        as(who, LIFT, { input: { userId: uid(who), reason: '스스로 풉니다' } }),
      );
    }
  });
});

describe('staff reaching beyond their department', () => {
  it('staff setting responseDueAt by hand on a first assignment: FORBIDDEN', async () => {
    const fresh = await newProposal(s);
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      as(s.parksStaff, ASSIGN, {
        input: {
          proposalId: pid(fresh),
          departmentId: did(s.parks),
          reason: '기한을 늘립니다',
          responseDueAt: inDays(300),
        },
      }),
    );
  });

  it('staff moved to another department lose the old one at once, with the token they hold', async () => {
    const mover = await createUser(s.t.db, s.t.jwt, { role: Role.STAFF, departmentId: s.parks.id });
    await ok(
      s.t,
      SET_ROLE,
      { input: { userId: uid(mover), role: 'STAFF', departmentId: did(s.roads) } },
      s.admin.token,
    );
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      as(mover, ANSWER, {
        input: { proposalId: pid(underReview), status: 'ACCEPTED', body: '옛 부서 일입니다' },
      }),
    );
  });

  it('a moderator made a citizen loses the queue at once, with the token they hold', async () => {
    const former = await createUser(s.t.db, s.t.jwt, { role: Role.MODERATOR });
    expect((await as(former, QUEUE, { first: 1 })).errors).toBeUndefined();
    await ok(s.t, SET_ROLE, { input: { userId: uid(former), role: 'CITIZEN' } }, s.admin.token);
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => as(former, QUEUE, { first: 1 }));
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      as(former, MODERATE, { input: { targetId: byCitizen, action: 'HIDE', note: '숨김' } }),
    );
  });
});

describe('suspended users writing', () => {
  /** A citizen with a proposal and a comment of their own, suspended afterwards. */
  let suspendedAuthor: TestUser;
  let ownProposal: ProposalEntity;
  let ownComment: string;

  beforeAll(async () => {
    suspendedAuthor = await createUser(s.t.db, s.t.jwt);
    ownProposal = await newProposal(s, {}, suspendedAuthor.user.id);
    ownComment = await comment(s, suspendedAuthor, pid(p), undefined, '정지 전에 쓴 댓글');
    await s.t.db.query('UPDATE app_user SET suspended_until = $2 WHERE id = $1', [
      suspendedAuthor.user.id,
      new Date(Date.now() + DAY),
    ]);
  });

  const WRITES: [string, () => [TestUser, string, Record<string, unknown>]][] = [
    [
      'createProposal',
      () => [
        suspendedAuthor,
        CREATE,
        { input: { title: '정지 중 제안', body: '정지 중에 쓴 제안 본문입니다.' } },
      ],
    ],
    [
      'updateProposal (own)',
      () => [suspendedAuthor, UPDATE, { input: { id: pid(ownProposal), title: '고친 제목' } }],
    ],
    ['withdrawProposal (own)', () => [suspendedAuthor, WITHDRAW, { id: pid(ownProposal) }]],
    ['supportProposal', () => [suspendedAuthor, SUPPORT, { id: pid(p) }]],
    [
      'addComment',
      () => [suspendedAuthor, ADD_COMMENT, { input: { subjectId: pid(p), body: '정지 중 댓글' } }],
    ],
    [
      'editComment (own)',
      () => [
        suspendedAuthor,
        'mutation($input: EditCommentInput!) { editComment(input: $input) { id } }',
        { input: { id: ownComment, body: '고친 댓글' } },
      ],
    ],
    [
      'deleteComment (own)',
      () => [
        suspendedAuthor,
        'mutation($id: ID!) { deleteComment(id: $id) { id } }',
        { id: ownComment },
      ],
    ],
    ['registerForWorkshop', () => [suspendedAuthor, REGISTER, { id: wid(workshop.id) }]],
    [
      'reportContent',
      () => [suspendedAuthor, REPORT, { input: { targetId: byCitizen, reason: 'SPAM' } }],
    ],
    ['markNotificationsRead', () => [suspendedAuthor, MARK_READ, { ids: null }]],
    [
      'answerProposal (suspended staff)',
      () => [
        s.suspendedStaff,
        ANSWER,
        { input: { proposalId: pid(underReview), status: 'ACCEPTED', body: '수용합니다' } },
      ],
    ],
    [
      'moderateContent (suspended moderator)',
      () => [
        s.suspendedModerator,
        MODERATE,
        { input: { targetId: byCitizen, action: 'HIDE', note: '숨깁니다' } },
      ],
    ],
    [
      'suspendUser (suspended admin)',
      () => [
        s.suspendedAdmin,
        SUSPEND,
        { input: { userId: uid(s.citizen3), until: inDays(3), reason: '정지' } },
      ],
    ],
  ];

  it.each(WRITES)('%s: FORBIDDEN', async (_label, write) => {
    const [who, query, variables] = write();
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () => as(who, query, variables));
  });

  it('a suspended user still reads, and writes again once the suspension has ended', async () => {
    const me = await as(
      suspendedAuthor,
      '{ me { id suspendedUntil } notifications { totalCount } }',
    );
    expect(me.errors).toBeUndefined();
    expect(me.data.me.id).toBe(uid(suspendedAuthor));
    await s.t.db.query('UPDATE app_user SET suspended_until = $2 WHERE id = $1', [
      suspendedAuthor.user.id,
      new Date(Date.now() - 1000),
    ]);
    const write = await as(suspendedAuthor, SUPPORT, { id: pid(p) });
    expect(write.errors).toBeUndefined();
  });
});

describe('mass assignment: fields no input declares', () => {
  it.each<[string, () => [TestUser, string, Record<string, unknown>]]>([
    [
      'createProposal with status, hidden, authorId and supportCount',
      () => [
        s.citizen,
        CREATE,
        {
          input: {
            title: '몰래 채택된 제안',
            body: '상태를 직접 정하려는 제안입니다.',
            status: 'ACCEPTED',
            hidden: false,
            authorId: uid(s.admin),
            supportCount: 9999,
          },
        },
      ],
    ],
    [
      'updateProposal with a status, by its author',
      () => [s.author, UPDATE, { input: { id: pid(p), status: 'IMPLEMENTED' } }],
    ],
    [
      'addComment marked official',
      () => [
        s.citizen,
        ADD_COMMENT,
        { input: { subjectId: pid(p), body: '공식 답변입니다', isOfficial: true } },
      ],
    ],
    [
      "updateWorkshop naming another organizer, by the organizer's staff",
      () => [
        s.parksStaff,
        UPDATE_WORKSHOP,
        { input: { id: wid(workshop.id), organizerId: did(s.roads) } },
      ],
    ],
  ])('%s: BAD_USER_INPUT', async (_label, make) => {
    const [who, query, variables] = make();
    await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () => as(who, query, variables));
  });

  it('the same fields written into the document: GRAPHQL_VALIDATION_FAILED', async () => {
    await expectRefusedUnchanged(s.t, 'GRAPHQL_VALIDATION_FAILED', () =>
      as(
        s.author,
        `mutation { updateProposal(input: { id: "${pid(p)}", status: IMPLEMENTED }) { id } }`,
      ),
    );
  });

  it('signUp with a role: BAD_USER_INPUT, and no account', async () => {
    await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      s.t.gql(SIGN_UP, {
        input: {
          email: 'escalate@example.test',
          password: 'a sound passphrase 42',
          displayName: '관리자 지망',
          role: 'ADMIN',
        },
      }),
    );
  });
});

describe('requests shaped to slip past the checks', () => {
  const promote = () =>
    JSON.stringify({
      query: SET_ROLE,
      variables: { input: { userId: uid(s.citizen), role: 'ADMIN' } },
    });

  it('a batch (a JSON array of operations) is refused with 400 and runs none of them', async () => {
    const before = await databaseState(s.t);
    const res = await rawPost(s.t, `[${promote()},${promote()}]`, {
      authorization: `Bearer ${s.admin.token}`,
    });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(await databaseState(s.t)).toEqual(before);
  });

  it("a simple cross-site POST (text/plain) carrying an admin's token is refused and runs nothing", async () => {
    const before = await databaseState(s.t);
    const res = await rawPost(s.t, promote(), {
      'content-type': 'text/plain',
      authorization: `Bearer ${s.admin.token}`,
    });
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(await databaseState(s.t)).toEqual(before);
  });

  it("a mutation over GET with an admin's token is refused and runs nothing", async () => {
    const before = await databaseState(s.t);
    const res = await s.t
      .http()
      .get('/graphql')
      .query({
        query: SET_ROLE,
        variables: JSON.stringify({ input: { userId: uid(s.citizen), role: 'ADMIN' } }),
      })
      .set('apollo-require-preflight', 'true')
      .set('authorization', `Bearer ${s.admin.token}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.data).toBeUndefined();
    expect(await databaseState(s.t)).toEqual(before);
  });

  it('a setUserRole after an allowed mutation in one document is still checked on its own', async () => {
    const res = await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      as(
        s.moderator,
        `mutation($b: SetUserRoleInput!) {
          a: markNotificationsRead(ids: []) b: setUserRole(input: $b) { id } }`,
        { b: { userId: uid(s.moderator), role: 'ADMIN' } },
      ),
    );
    expect(res.errors![0]!.path).toEqual(['b']);
  });
});
