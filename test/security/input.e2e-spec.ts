import { randomBytes } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { badFields, codeOf, type GraphqlResponse } from '../helpers/test-app.js';
import { LOG_IN, LOG_OUT, REFRESH, SIGN_UP } from '../identity/support.js';
import {
  ANSWER,
  comment,
  newProposal,
  newWorkshop,
  ok,
  pid,
  proposalAt,
  raw,
  uid,
  wid,
} from '../notifications/support.js';
import {
  countRows,
  databaseState,
  expectRefusedUnchanged,
  HOSTILE_TEXTS,
  rawPost,
  startSecurityScene,
  TABLES,
  type SecurityScene,
} from './support.js';

/**
 * Hostile input. Text that looks like SQL, HTML or a template is stored and returned verbatim,
 * as plain text, in every text field the API writes; one character over a field's limit, and
 * control characters, are BAD_USER_INPUT naming the field with nothing stored; broken Unicode,
 * broken bodies, bad page sizes, forged cursors and ids of the wrong type or shape are clean
 * 4xx or BAD_USER_INPUT answers, never an INTERNAL_SERVER_ERROR.
 */

let s: SecurityScene;
let own: ProposalEntity;
let underReview: ProposalEntity;
let accepted: ProposalEntity;
let workshop: { id: string; title: string };
let startedWorkshop: { id: string; title: string };
let citizensComment: string;
let reportedComment: string;

beforeAll(async () => {
  s = await startSecurityScene();
  own = await newProposal(s);
  underReview = await proposalAt(s, 'UNDER_REVIEW', s.parks);
  accepted = await proposalAt(s, 'ACCEPTED', s.parks);
  workshop = await newWorkshop(s, s.parks, 10);
  startedWorkshop = await newWorkshop(s, s.parks, 10);
  await s.t.db.query(
    `UPDATE workshop SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'
      WHERE id = $1`,
    [startedWorkshop.id],
  );
  citizensComment = await comment(s, s.citizen, pid(own), undefined, '처음 쓴 댓글입니다');
  reportedComment = await comment(s, s.citizen2, pid(own), undefined, '검토받을 댓글입니다');
});
afterAll(() => s.t.close());

/** One user per writer and role, so that no one user makes all of this file's writes. */
const users = new Map<string, Promise<TestUser>>();
function userFor(key: string, role: Role = Role.CITIZEN): Promise<TestUser> {
  if (!users.has(key)) {
    users.set(
      `${key}`,
      createUser(s.t.db, s.t.jwt, {
        role,
        departmentId: role === Role.STAFF ? s.parks.id : null,
      }),
    );
  }
  return users.get(key)!;
}

const one = async (sql: string, params: unknown[]): Promise<string | null> => {
  const rows = (await s.t.db.query(sql, params)) as { v: string | null }[];
  return rows[0]?.v ?? null;
};

/**
 * A text field the API writes: how to write `text` into it, the field its errors name, its
 * upper limit in characters, and how to read back what was returned and what was stored.
 */
interface Writer {
  field: string;
  max: number;
  /** Runs before the database is pictured (a fresh proposal to route, a suspension to lift). */
  prepare?: () => Promise<void>;
  write: (text: string) => Promise<GraphqlResponse>;
  /** The text as the API answered it (null when the answer does not carry it). */
  returned: (data: any) => string | null;
  /** The text as stored, read after a successful write. */
  stored: (data: any) => Promise<string | null>;
}

const LATER = () => new Date(Date.now() + 86_400_000).toISOString();
const LATER2 = () => new Date(Date.now() + 90_000_000).toISOString();
const slug = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
let routed: ProposalEntity;
let rated: string;
let reportTarget: ProposalEntity;

const PROPOSAL_OUT = 'id title body location { address }';
const CREATE_PROPOSAL = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { ${PROPOSAL_OUT} } }`;
const UPDATE_PROPOSAL = `mutation($input: UpdateProposalInput!) { updateProposal(input: $input) { ${PROPOSAL_OUT} } }`;
const WORKSHOP_OUT = 'id title description location outcome';
const CREATE_WORKSHOP = `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { ${WORKSHOP_OUT} } }`;
const UPDATE_WORKSHOP = `mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { ${WORKSHOP_OUT} } }`;
const TITLE = '평범한 제목입니다';
const BODY = '평범한 본문입니다. 열 글자를 넘습니다.';

const createProposal = (input: Record<string, unknown>) => async () =>
  s.t.gql(
    CREATE_PROPOSAL,
    { input: { title: TITLE, body: BODY, ...input } },
    (await userFor('createProposal')).token,
  );

const WRITERS: Record<string, Writer> = {
  'createProposal.title': {
    field: 'title',
    max: 150,
    write: (text) => createProposal({ title: text })(),
    returned: (d) => d.createProposal.title,
    stored: (d) => one('SELECT title AS v FROM proposal WHERE id = $1', [raw(d.createProposal.id)]),
  },
  'createProposal.body': {
    field: 'body',
    max: 10_000,
    write: (text) => createProposal({ body: text })(),
    returned: (d) => d.createProposal.body,
    stored: (d) => one('SELECT body AS v FROM proposal WHERE id = $1', [raw(d.createProposal.id)]),
  },
  'createProposal.location.address': {
    field: 'location.address',
    max: 300,
    write: (text) => createProposal({ location: { address: text } })(),
    returned: (d) => d.createProposal.location.address,
    stored: (d) =>
      one('SELECT location_address AS v FROM proposal WHERE id = $1', [raw(d.createProposal.id)]),
  },
  'updateProposal.title': {
    field: 'title',
    max: 150,
    write: (text) =>
      s.t.gql(UPDATE_PROPOSAL, { input: { id: pid(own), title: text } }, s.author.token),
    returned: (d) => d.updateProposal.title,
    stored: () => one('SELECT title AS v FROM proposal WHERE id = $1', [own.id]),
  },
  'updateProposal.body': {
    field: 'body',
    max: 10_000,
    write: (text) =>
      s.t.gql(UPDATE_PROPOSAL, { input: { id: pid(own), body: text } }, s.author.token),
    returned: (d) => d.updateProposal.body,
    stored: () => one('SELECT body AS v FROM proposal WHERE id = $1', [own.id]),
  },
  'addComment.body': {
    field: 'body',
    max: 5000,
    write: async (text) =>
      s.t.gql(
        `mutation($input: AddCommentInput!) { addComment(input: $input) { id body } }`,
        { input: { subjectId: pid(own), body: text } },
        (await userFor('addComment')).token,
      ),
    returned: (d) => d.addComment.body,
    stored: (d) => one('SELECT body AS v FROM comment WHERE id = $1', [raw(d.addComment.id)]),
  },
  'editComment.body': {
    field: 'body',
    max: 5000,
    write: (text) =>
      s.t.gql(
        `mutation($input: EditCommentInput!) { editComment(input: $input) { id body } }`,
        { input: { id: citizensComment, body: text } },
        s.citizen.token,
      ),
    returned: (d) => d.editComment.body,
    stored: () => one('SELECT body AS v FROM comment WHERE id = $1', [raw(citizensComment)]),
  },
  ...workshopWriters(),
  'publishWorkshopOutcome.outcome': {
    field: 'outcome',
    max: 20_000,
    write: async (text) =>
      s.t.gql(
        `mutation($input: PublishWorkshopOutcomeInput!) { publishWorkshopOutcome(input: $input) { id outcome } }`,
        { input: { workshopId: wid(startedWorkshop.id), outcome: text } },
        (await userFor('workshops', Role.STAFF)).token,
      ),
    returned: (d) => d.publishWorkshopOutcome.outcome,
    stored: () => one('SELECT outcome AS v FROM workshop WHERE id = $1', [startedWorkshop.id]),
  },
  'reportContent.details': {
    field: 'details',
    max: 1000,
    prepare: async () => {
      reportTarget = await newProposal(s);
    },
    write: async (text) =>
      s.t.gql(
        `mutation($input: ReportContentInput!) { reportContent(input: $input) { id details } }`,
        { input: { targetId: pid(reportTarget), reason: 'OTHER', details: text } },
        (await userFor('reportContent')).token,
      ),
    returned: (d) => d.reportContent.details,
    stored: (d) =>
      one('SELECT details AS v FROM content_report WHERE id = $1', [raw(d.reportContent.id)]),
  },
  'moderateContent.note': {
    field: 'note',
    max: 1000,
    write: async (text) =>
      s.t.gql(
        `mutation($input: ModerateContentInput!) { moderateContent(input: $input) {
          decisions { note } } }`,
        { input: { targetId: reportedComment, action: 'RESTORE', note: text } },
        (await userFor('moderate', Role.MODERATOR)).token,
      ),
    returned: (d) => d.moderateContent.decisions.at(-1).note,
    stored: () =>
      one(
        `SELECT d.note AS v FROM moderation_decision d JOIN moderation_item m ON m.id = d.item_id
          WHERE m.comment_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT 1`,
        [raw(reportedComment)],
      ),
  },
  'suspendUser.reason': {
    field: 'reason',
    max: 1000,
    write: async (text) =>
      s.t.gql(
        `mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id } }`,
        { input: { userId: uid(s.citizen3), until: LATER(), reason: text } },
        (await userFor('suspend', Role.MODERATOR)).token,
      ),
    returned: () => null,
    stored: () =>
      one(
        `SELECT note AS v FROM audit_entry WHERE action = 'USER_SUSPENDED' AND target_id = $1
          ORDER BY created_at DESC, id DESC LIMIT 1`,
        [s.citizen3.user.id],
      ),
  },
  'liftSuspension.reason': {
    field: 'reason',
    max: 1000,
    prepare: async () => {
      await s.t.db.query('UPDATE app_user SET suspended_until = $2 WHERE id = $1', [
        s.suspended.user.id,
        LATER(),
      ]);
    },
    write: async (text) =>
      s.t.gql(
        `mutation($input: LiftSuspensionInput!) { liftSuspension(input: $input) { id } }`,
        { input: { userId: uid(s.suspended), reason: text } },
        (await userFor('lift', Role.MODERATOR)).token,
      ),
    returned: () => null,
    stored: () =>
      one(
        `SELECT note AS v FROM audit_entry WHERE action = 'SUSPENSION_LIFTED' AND target_id = $1
          ORDER BY created_at DESC, id DESC LIMIT 1`,
        [s.suspended.user.id],
      ),
  },
  'assignProposal.reason': {
    field: 'reason',
    max: 1000,
    prepare: async () => {
      routed = await newProposal(s);
    },
    write: async (text) =>
      s.t.gql(
        `mutation($input: AssignProposalInput!) { assignProposal(input: $input) { id transfers { reason } } }`,
        {
          input: {
            proposalId: pid(routed),
            departmentId: toGlobalId('Department', s.parks.id),
            reason: text,
          },
        },
        (await userFor('assign', Role.STAFF)).token,
      ),
    returned: (d) => d.assignProposal.transfers[0].reason,
    stored: () =>
      one('SELECT reason AS v FROM department_transfer WHERE proposal_id = $1', [routed.id]),
  },
  'answerProposal.body': {
    field: 'body',
    max: 10_000,
    write: async (text) =>
      s.t.gql(
        `mutation($input: AnswerProposalInput!) { answerProposal(input: $input) { id body } }`,
        { input: { proposalId: pid(underReview), status: 'UNDER_REVIEW', body: text } },
        (await userFor('answer', Role.STAFF)).token,
      ),
    returned: (d) => d.answerProposal.body,
    stored: (d) =>
      one('SELECT body AS v FROM official_answer WHERE id = $1', [raw(d.answerProposal.id)]),
  },
  'postProgressUpdate.body': {
    field: 'body',
    max: 5000,
    write: async (text) =>
      s.t.gql(
        `mutation($input: PostProgressUpdateInput!) { postProgressUpdate(input: $input) { id body } }`,
        { input: { proposalId: pid(accepted), progress: 10, body: text } },
        (await userFor('progress', Role.STAFF)).token,
      ),
    returned: (d) => d.postProgressUpdate.body,
    stored: (d) =>
      one('SELECT body AS v FROM progress_update WHERE id = $1', [raw(d.postProgressUpdate.id)]),
  },
  'rateAnswer.comment': {
    field: 'comment',
    max: 2000,
    prepare: async () => {
      const data = await ok(
        s.t,
        ANSWER,
        { input: { proposalId: pid(underReview), status: 'UNDER_REVIEW', body: '검토 중입니다' } },
        (await userFor('answer', Role.STAFF)).token,
      );
      rated = data.answerProposal.id;
    },
    write: (text) =>
      s.t.gql(
        `mutation($input: RateAnswerInput!) { rateAnswer(input: $input) { id rating { comment } } }`,
        { input: { answerId: rated, score: 3, comment: text } },
        s.author.token,
      ),
    returned: (d) => d.rateAnswer.rating.comment,
    stored: () => one('SELECT comment AS v FROM answer_rating WHERE answer_id = $1', [raw(rated)]),
  },
  ...catalogWriters(),
};

function workshopWriters(): Record<string, Writer> {
  const writers: Record<string, Writer> = {};
  for (const [field, max] of [
    ['title', 150],
    ['description', 10_000],
    ['location', 300],
  ] as const) {
    writers[`createWorkshop.${field}`] = {
      field,
      max,
      write: async (text) =>
        s.t.gql(
          CREATE_WORKSHOP,
          {
            input: {
              title: '평범한 워크숍',
              description: '평범한 설명입니다.',
              kind: 'DESIGN_CAMP',
              startsAt: LATER(),
              endsAt: LATER2(),
              [field]: text,
            },
          },
          (await userFor('workshops', Role.STAFF)).token,
        ),
      returned: (d) => d.createWorkshop[field],
      stored: (d) =>
        one(`SELECT ${field} AS v FROM workshop WHERE id = $1`, [raw(d.createWorkshop.id)]),
    };
    writers[`updateWorkshop.${field}`] = {
      field,
      max,
      write: async (text) =>
        s.t.gql(
          UPDATE_WORKSHOP,
          { input: { id: wid(workshop.id), [field]: text } },
          (await userFor('workshops', Role.STAFF)).token,
        ),
      returned: (d) => d.updateWorkshop[field],
      stored: () => one(`SELECT ${field} AS v FROM workshop WHERE id = $1`, [workshop.id]),
    };
  }
  return writers;
}

function catalogWriters(): Record<string, Writer> {
  const admin = async () => (await userFor('catalog', Role.ADMIN)).token;
  const CREATE_DEPARTMENT = `mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id name description } }`;
  const CREATE_PROCESS = `mutation($input: CreateProcessInput!) { createProcess(input: $input) {
    id title description phases { title } } }`;
  const department = (input: Record<string, unknown>) => async () =>
    s.t.gql(
      CREATE_DEPARTMENT,
      { input: { slug: slug('dept'), name: '평범한 부서', ...input } },
      await admin(),
    );
  const process = (input: Record<string, unknown>) => async () =>
    s.t.gql(
      CREATE_PROCESS,
      { input: { slug: slug('proc'), title: '평범한 과정', ...input } },
      await admin(),
    );
  const departmentColumn = (column: string) => (d: any) =>
    one(`SELECT ${column} AS v FROM department WHERE id = $1`, [raw(d.createDepartment.id)]);
  const processColumn = (column: string) => (d: any) =>
    one(`SELECT ${column} AS v FROM participatory_process WHERE id = $1`, [
      raw(d.createProcess.id),
    ]);
  return {
    'createDepartment.name': {
      field: 'name',
      max: 100,
      write: (text) => department({ name: text })(),
      returned: (d) => d.createDepartment.name,
      stored: departmentColumn('name'),
    },
    'createDepartment.description': {
      field: 'description',
      max: 2000,
      write: (text) => department({ description: text })(),
      returned: (d) => d.createDepartment.description,
      stored: departmentColumn('description'),
    },
    'createTopic.name': {
      field: 'name',
      max: 100,
      write: async (text) =>
        s.t.gql(
          `mutation($input: CreateTopicInput!) { createTopic(input: $input) { id name } }`,
          { input: { slug: slug('topic'), name: text } },
          await admin(),
        ),
      returned: (d) => d.createTopic.name,
      stored: (d) => one('SELECT name AS v FROM topic WHERE id = $1', [raw(d.createTopic.id)]),
    },
    'createProcess.title': {
      field: 'title',
      max: 150,
      write: (text) => process({ title: text })(),
      returned: (d) => d.createProcess.title,
      stored: processColumn('title'),
    },
    'createProcess.description': {
      field: 'description',
      max: 10_000,
      write: (text) => process({ description: text })(),
      returned: (d) => d.createProcess.description,
      stored: processColumn('description'),
    },
    'createProcess.phases.title': {
      field: 'phases.0.title',
      max: 150,
      write: (text) => process({ phases: [{ title: text }] })(),
      returned: (d) => d.createProcess.phases[0].title,
      stored: (d) =>
        one('SELECT title AS v FROM process_phase WHERE process_id = $1', [
          raw(d.createProcess.id),
        ]),
    },
  };
}

const WRITER_NAMES = Object.keys(WRITERS);

describe('text that looks like code is stored and returned verbatim', () => {
  it.each(WRITER_NAMES)('%s', async (name) => {
    const writer = WRITERS[name]!;
    for (const text of HOSTILE_TEXTS) {
      await writer.prepare?.();
      const res = await writer.write(text);
      expect(res.errors).toBeUndefined();
      const returned = writer.returned(res.data);
      if (returned !== null) expect(returned).toBe(text);
      expect(await writer.stored(res.data)).toBe(text);
    }
  });

  it('a display name at sign-up', async () => {
    const text = HOSTILE_TEXTS[1];
    const email = `hostile-${randomBytes(4).toString('hex')}@example.test`;
    const res = await s.t.gql(SIGN_UP, {
      input: { email, password: 'a sound passphrase 42', displayName: text },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.signUp.user.displayName).toBe(text);
    expect(await one('SELECT display_name AS v FROM app_user WHERE email = $1', [email])).toBe(
      text,
    );
  });

  it('searches take it as a literal substring, not as a pattern or SQL', async () => {
    const marker = `검색 ${randomBytes(3).toString('hex')}`;
    const target = await newProposal(s, { body: `${marker} ${HOSTILE_TEXTS[0]} 끝` });
    const unrelated = await newProposal(s, { body: `${marker} 관계없는 제안입니다` });
    for (const search of [HOSTILE_TEXTS[0], "' OR '1'='1", '%', '_', '\\']) {
      const res = await s.t.gql(
        'query($f: ProposalFilter) { proposals(first: 100, filter: $f) { nodes { id } } }',
        { f: { search } },
      );
      expect(res.errors).toBeUndefined();
      const ids: string[] = res.data.proposals.nodes.map((n: { id: string }) => n.id);
      const matching: { id: string }[] = await s.t.db.query(
        `SELECT id FROM proposal WHERE NOT hidden
           AND (strpos(lower(title), lower($1)) > 0 OR strpos(lower(body), lower($1)) > 0)`,
        [search],
      );
      expect(ids.sort()).toEqual(matching.map((r) => pid(r.id)).sort());
      if (search === HOSTILE_TEXTS[0]) {
        expect(ids).toContain(pid(target));
        expect(ids).not.toContain(pid(unrelated));
      }
    }
    const users = await s.t.gql(
      'query($q: String) { users(search: $q) { totalCount } }',
      {
        q: "%' OR 1=1 --",
      },
      s.admin.token,
    );
    expect(users.errors).toBeUndefined();
    expect(users.data.users.totalCount).toBe(0);
  });

  it('every table is still there, and still holds its rows', async () => {
    const tables: { tablename: string }[] = await s.t.db.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.map((r) => r.tablename)).toEqual([...TABLES, 'typeorm_migration'].sort());
    expect(await countRows(s.t, 'proposal')).toBeGreaterThan(10);
  });
});

describe('one character over the limit is BAD_USER_INPUT naming the field, and stores nothing', () => {
  it.each(WRITER_NAMES)('%s', async (name) => {
    const writer = WRITERS[name]!;
    await writer.prepare?.();
    // Hangul syllables: the limit counts characters, not bytes (each is three in UTF-8).
    const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      writer.write('가'.repeat(writer.max + 1)),
    );
    expect(badFields(res)).toEqual([writer.field]);
  });
});

describe('the message of BAD_USER_INPUT', () => {
  it('names the first bad field and its problem, and counts the others; fieldErrors name them all', async () => {
    await userFor('createProposal');
    const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      createProposal({ title: '가', body: '짧음', topicIds: ['junk'] })(),
    );
    expect(res.errors![0]!.message).toBe(
      'title must be at least 3 characters long (and 2 more fields)',
    );
    expect(res.errors![0]!.extensions!.fieldErrors).toEqual([
      { field: 'title', message: 'title must be at least 3 characters long' },
      { field: 'body', message: 'body must be at least 10 characters long' },
      { field: 'topicIds', message: 'topicIds must be ids of a Topic' },
    ]);
  });
});

describe('control characters are BAD_USER_INPUT naming the field, and store nothing', () => {
  it.each(WRITER_NAMES)('%s', async (name) => {
    const writer = WRITERS[name]!;
    for (const control of ['\u0000', '\u0007', '\u001b[2J', '\r', '\u0085']) {
      await writer.prepare?.();
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        writer.write(`제어 문자 ${control} 가 들어간 글입니다`),
      );
      expect(badFields(res)).toEqual([writer.field]);
    }
  });
});

describe('broken Unicode', () => {
  it.each([
    ['a lone high surrogate', 'ab\ud800cd 제목입니다'],
    ['a lone low surrogate', 'ab\udc00cd 제목입니다'],
    ['a pair in the wrong order', 'ab\udc00\ud800cd 제목입니다'],
  ])('%s (a \\u escape in the JSON) is BAD_USER_INPUT and stores nothing', async (_l, title) => {
    const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      createProposal({ title })(),
    );
    expect(badFields(res)).toEqual(['title']);
  });

  /** The JSON of a createProposal whose title has `bytes` (not valid UTF-8) in its middle. */
  function invalidUtf8Body(bytes: number[]): Buffer {
    const json = Buffer.from(
      JSON.stringify({ query: CREATE_PROPOSAL, variables: { input: { title: 'XX', body: BODY } } }),
    );
    const at = json.indexOf('XX');
    return Buffer.concat([
      json.subarray(0, at),
      Buffer.from('제목 '),
      Buffer.from(bytes),
      Buffer.from(' 끝'),
      json.subarray(at + 2),
    ]);
  }

  const INVALID_UTF8: [string, number[]][] = [
    ['a stray continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['bytes no UTF-8 has', [0xff, 0xfe]],
  ];

  it('invalid UTF-8 bytes in the body never cause an internal error', async () => {
    const author = await userFor('createProposal');
    for (const [, bytes] of INVALID_UTF8) {
      const res = await rawPost(s.t, invalidUtf8Body(bytes), {
        authorization: `Bearer ${author.token}`,
      });
      expect(res.status).toBeLessThan(500);
      expect(codeOf(res)).not.toBe('INTERNAL_SERVER_ERROR');
    }
    const query = Buffer.concat([
      Buffer.from('{"query":"{ departments { slug } } # '),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expect((await rawPost(s.t, query)).status).toBeLessThan(500);
  });

  // The JSON body parser would decode invalid UTF-8 with U+FFFD and the title be stored altered:
  // its `verify` (src/core/bootstrap.ts) answers 400 instead.
  it.each(INVALID_UTF8)(
    '%s in a title is refused (400 or BAD_USER_INPUT), not stored with U+FFFD',
    async (_l, bytes) => {
      const author = await userFor('createProposal');
      const before = await databaseState(s.t);
      const res = await rawPost(s.t, invalidUtf8Body(bytes), {
        authorization: `Bearer ${author.token}`,
      });
      expect(res.status).toBe(400);
      expect(await databaseState(s.t)).toEqual(before);
    },
  );
});

describe('string arguments that reach the database without a text rule', () => {
  // department(slug:) and process(slug:) pass the slug to Postgres as it came; a NUL character
  // (which Postgres text cannot hold) is BAD_USER_INPUT (src/core/errors/format-error.ts).
  it.each([
    ['department', 'query($s: String!) { department(slug: $s) { id } }'],
    ['process', 'query($s: String!) { process(slug: $s) { id } }'],
  ])(
    '%s(slug:) with a NUL character is BAD_USER_INPUT, not an internal error',
    async (field, query) => {
      const res = await s.t.gql(query, { s: 'parks\u0000' });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.data?.[field] ?? null).toBeNull();
    },
  );

  it('logIn, refreshSession, logOut, node(), search and users(search) with NUL and broken text: never an internal error', async () => {
    const before = await databaseState(s.t);
    const attempts: [string, Record<string, unknown>, string | null][] = [
      [LOG_IN, { input: { email: 'a\u0000@example.test', password: 'x\u0000y' } }, null],
      [LOG_IN, { input: { email: 'a\ud800@example.test', password: '\udfff' } }, null],
      [REFRESH, { token: '\u0000' }, null],
      [LOG_OUT, { token: 'x\u0000\ud800' }, null],
      ['query($id: ID!) { node(id: $id) { id } }', { id: 'UHJvcG9zYWw6\u0000' }, null],
      ['query($id: ID!) { proposal(id: $id) { id } }', { id: '\u0000' }, null],
      [
        'query($f: ProposalFilter) { proposals(filter: $f) { totalCount } }',
        { f: { search: '\u0000' } },
        null,
      ],
      ['query($q: String) { users(search: $q) { totalCount } }', { q: 'a\u0000' }, s.admin.token],
    ];
    for (const [query, variables, token] of attempts) {
      const res = await s.t.gql(query, variables, token);
      expect({ query, code: codeOf(res), status: res.status < 500 }).toEqual({
        query,
        code: expect.not.stringMatching(/^INTERNAL_SERVER_ERROR$/),
        status: true,
      });
    }
    expect(await databaseState(s.t)).toEqual(before);
  });
});

describe('broken request bodies: a 4xx, never a 500, and nothing written', () => {
  const write = JSON.stringify({
    query: CREATE_PROPOSAL,
    variables: { input: { title: TITLE, body: BODY } },
  });

  it.each<[string, () => Buffer | string, Record<string, string>, number]>([
    ['not JSON', () => '{"query": ', {}, 400],
    ['a JSON string', () => '"mutation { logOut(refreshToken: \\"x\\") }"', {}, 400],
    ['a batch (JSON array)', () => `[${write},${write}]`, {}, 400],
    ['a query that is not a string', () => '{"query": {"$ne": null}}', {}, 400],
    [
      'variables as a JSON string',
      () => JSON.stringify({ query: CREATE_PROPOSAL, variables: '{}' }),
      {},
      400,
    ],
    [
      'a charset the parser does not know',
      () => write,
      { 'content-type': 'application/json; charset=latin1' },
      415,
    ],
    ['gzip that is not gzip', () => write, { 'content-encoding': 'gzip' }, 400],
    [
      'deeply nested variables',
      () =>
        `{"query":${JSON.stringify(CREATE_PROPOSAL)},"variables":{"input":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
      {},
      400,
    ],
    [
      'a body over 100 KB',
      () =>
        JSON.stringify({
          query: CREATE_PROPOSAL,
          variables: { input: { title: TITLE, body: '가'.repeat(40_000) } },
        }),
      {},
      413,
    ],
  ])('%s', async (_l, body, headers, status) => {
    const token = (await userFor('createProposal')).token;
    const before = await databaseState(s.t);
    const res = await rawPost(s.t, body(), { authorization: `Bearer ${token}`, ...headers });
    expect(res.status).toBe(status);
    expect(res.data ?? null).toBeNull();
    expect(await databaseState(s.t)).toEqual(before);
  });
});

describe('lists in arguments over their limit', () => {
  const many = (n: number, make: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => make(i));
  const someId = (type: string) => (i: number) =>
    toGlobalId(type, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

  it.each<[string, string, () => [string, Record<string, unknown>, TestUser | null]]>([
    [
      'nodes: 101 ids',
      'ids',
      () => [
        'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
        { ids: many(101, someId('Proposal')) },
        null,
      ],
    ],
    [
      'markNotificationsRead: 501 ids',
      'ids',
      () => [
        'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }',
        { ids: many(501, someId('Notification')) },
        s.author,
      ],
    ],
    [
      'createProposal: 11 topics',
      'topicIds',
      () => [
        CREATE_PROPOSAL,
        { input: { title: TITLE, body: BODY, topicIds: many(11, someId('Topic')) } },
        s.citizen,
      ],
    ],
    [
      'updateProposal: 11 topics',
      'topicIds',
      () => [
        UPDATE_PROPOSAL,
        { input: { id: pid(own), topicIds: many(11, someId('Topic')) } },
        s.author,
      ],
    ],
    [
      'proposals: 21 topics in the filter',
      'filter.topicIds',
      () => [
        'query($f: ProposalFilter) { proposals(filter: $f) { totalCount } }',
        { f: { topicIds: many(21, someId('Topic')) } },
        null,
      ],
    ],
    [
      'proposals: 8 statuses in the filter',
      'filter.status',
      () => [
        'query($f: ProposalFilter) { proposals(filter: $f) { totalCount } }',
        { f: { status: many(8, () => 'SUBMITTED') } },
        null,
      ],
    ],
    [
      'publishWorkshopOutcome: 51 proposals',
      'proposalIds',
      () => [
        'mutation($input: PublishWorkshopOutcomeInput!) { publishWorkshopOutcome(input: $input) { id } }',
        {
          input: {
            workshopId: wid(startedWorkshop.id),
            outcome: '결과입니다',
            proposalIds: many(51, someId('Proposal')),
          },
        },
        s.parksStaff,
      ],
    ],
    [
      'createProcess: 21 phases',
      'phases',
      () => [
        'mutation($input: CreateProcessInput!) { createProcess(input: $input) { id } }',
        {
          input: {
            slug: slug('many'),
            title: '단계가 많은 과정',
            phases: many(21, (i) => `단계 ${i}`).map((title) => ({ title })),
          },
        },
        s.admin,
      ],
    ],
  ])('%s: BAD_USER_INPUT on %s, nothing written', async (_l, field, make) => {
    const [query, variables, who] = make();
    const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      s.t.gql(query, variables, who?.token ?? null),
    );
    expect(badFields(res)).toEqual([field]);
  });
});

describe('page sizes and cursors', () => {
  /** Every connection of the schema, with who may read it and where it sits in the answer. */
  const CONNECTIONS: [string, () => [string, Record<string, unknown>, TestUser | null]][] = [
    ['proposals', () => ['query($f: Int) { proposals(first: $f) { totalCount } }', {}, null]],
    ['workshops', () => ['query($f: Int) { workshops(first: $f) { totalCount } }', {}, null]],
    [
      'notifications',
      () => ['query($f: Int) { notifications(first: $f) { totalCount } }', {}, s.author],
    ],
    [
      'moderationQueue',
      () => ['query($f: Int) { moderationQueue(first: $f) { totalCount } }', {}, s.moderator],
    ],
    ['auditLog', () => ['query($f: Int) { auditLog(first: $f) { totalCount } }', {}, s.admin]],
    ['users', () => ['query($f: Int) { users(first: $f) { totalCount } }', {}, s.admin]],
    [
      'Proposal.comments',
      () => [
        'query($f: Int, $id: ID!) { proposal(id: $id) { comments(first: $f) { totalCount } } }',
        { id: pid(own) },
        null,
      ],
    ],
    [
      'Comment.replies',
      () => [
        'query($f: Int, $id: ID!) { node(id: $id) { ... on Comment { replies(first: $f) { totalCount } } } }',
        { id: citizensComment },
        null,
      ],
    ],
    [
      'User.proposals',
      () => [
        'query($f: Int, $id: ID!) { node(id: $id) { ... on User { proposals(first: $f) { totalCount } } } }',
        { id: uid(s.author) },
        null,
      ],
    ],
    [
      'Department.proposals',
      () => [
        'query($f: Int) { department(slug: "parks") { proposals(first: $f) { totalCount } } }',
        {},
        null,
      ],
    ],
    [
      'Workshop.comments',
      () => [
        'query($f: Int, $id: ID!) { workshop(id: $id) { comments(first: $f) { totalCount } } }',
        { id: wid(workshop.id) },
        null,
      ],
    ],
    [
      'Workshop.registrations',
      () => [
        'query($f: Int, $id: ID!) { workshop(id: $id) { registrations(first: $f) { totalCount } } }',
        { id: wid(workshop.id) },
        s.parksStaff,
      ],
    ],
  ];

  it.each(CONNECTIONS)(
    '%s: first below 0, over 100, 1e9, 2^53, 1.5 or "10" is BAD_USER_INPUT',
    async (_l, make) => {
      const [query, variables, who] = make();
      const control = await s.t.gql(query, { ...variables, f: 100 }, who?.token ?? null);
      expect(control.errors).toBeUndefined();
      for (const first of [-1, -2_147_483_648, 101, 1e9]) {
        const res = await s.t.gql(query, { ...variables, f: first }, who?.token ?? null);
        expect({ first, code: codeOf(res), fields: badFields(res) }).toEqual({
          first,
          code: 'BAD_USER_INPUT',
          fields: ['first'],
        });
      }
      for (const first of [2 ** 53, 2 ** 31, 1.5, '10', true]) {
        const res = await s.t.gql(query, { ...variables, f: first }, who?.token ?? null);
        expect({ first, code: codeOf(res), status: res.status }).toEqual({
          first,
          code: 'BAD_USER_INPUT',
          status: 400,
        });
      }
    },
  );

  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it.each([
    ['proposals', 'query($a: String) { proposals(first: 5, after: $a) { totalCount } }', null],
    ['workshops', 'query($a: String) { workshops(first: 5, after: $a) { totalCount } }', null],
    [
      'notifications',
      'query($a: String) { notifications(first: 5, after: $a) { totalCount } }',
      'author',
    ],
    ['auditLog', 'query($a: String) { auditLog(first: 5, after: $a) { totalCount } }', 'admin'],
  ] as const)(
    '%s: forged and foreign cursors are BAD_USER_INPUT on after',
    async (list, query, who) => {
      const token = who ? s[who].token : null;
      const foreign =
        list === 'proposals'
          ? (await ok(s.t, '{ workshops(first: 1) { pageInfo { endCursor } } }', {}, null))
              .workshops.pageInfo.endCursor
          : (await ok(s.t, '{ proposals(first: 1) { pageInfo { endCursor } } }', {}, null))
              .proposals.pageInfo.endCursor;
      const genuine = JSON.parse(Buffer.from(foreign, 'base64url').toString()) as unknown[];
      const forged = [
        'not-a-cursor!',
        '=',
        cursor([]),
        cursor({ $gt: '' }),
        cursor([
          'proposals-CREATED_AT-DESC',
          "2026-01-01T00:00:00Z'; DROP TABLE proposal; --",
          'x',
        ]),
        cursor(['proposals-CREATED_AT-DESC', '2026-01-01T00:00:00.000Z', "' OR '1'='1"]),
        cursor(['proposals-CREATED_AT-DESC', 1e308, '00000000-0000-4000-8000-000000000000']),
        cursor([genuine[0], ...genuine.slice(1).map(() => ({ toString: 1 }))]),
        foreign,
        'A'.repeat(600),
      ];
      for (const after of forged) {
        const res = await s.t.gql(query, { a: after }, token);
        expect({ after, code: codeOf(res), fields: badFields(res) }).toEqual({
          after,
          code: 'BAD_USER_INPUT',
          fields: ['after'],
        });
      }
      expect(await countRows(s.t, 'proposal')).toBeGreaterThan(0);
    },
  );
});

describe('ids of the wrong type or shape', () => {
  const uuid = () => '00000000-0000-4000-8000-000000000000';
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const BAD_IDS: [string, () => string][] = [
    ['a Comment id', () => citizensComment],
    ['a User id', () => uid(s.author)],
    ['a Workshop id', () => wid(workshop.id)],
    ['the raw uuid', () => own.id],
    ['the decoded form', () => `Proposal:${own.id}`],
    ['base64 of a type without a uuid', () => b64('Proposal:')],
    ['base64 of SQL', () => b64("Proposal:' OR '1'='1")],
    ['base64 of an upper-case uuid', () => b64(`Proposal:${own.id.toUpperCase()}`)],
    ['the id with a trailing character', () => `${pid(own)}A`],
    ['padding added', () => `${pid(own)}==`],
    ['not base64 at all', () => '!!!'],
    ['empty', () => ''],
    ['500 characters', () => 'A'.repeat(500)],
    ['an unknown type', () => b64(`Admin:${uuid()}`)],
  ];

  it.each(BAD_IDS)(
    '%s where a Proposal id is expected: BAD_USER_INPUT on a write, null on a read',
    async (_l, make) => {
      const id = make();
      const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
        s.t.gql(
          'mutation($id: ID!) { supportProposal(id: $id) { id supportCount } }',
          { id },
          s.citizen.token,
        ),
      );
      expect(badFields(res)).toEqual(['id']);
      const read = await s.t.gql('query($id: ID!) { proposal(id: $id) { id } }', { id });
      expect(read.errors).toBeUndefined();
      expect(read.data.proposal).toBeNull();
    },
  );

  it('wrong ids inside inputs name every bad field at once', async () => {
    const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      s.t.gql(
        `mutation($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }`,
        { input: { proposalId: citizensComment, status: 'ACCEPTED', body: '' } },
        s.parksStaff.token,
      ),
    );
    expect(badFields(res)).toEqual(['body', 'proposalId']);
  });

  it('registerForWorkshop with a Proposal id, and node() of junk: refused or null, nothing registered', async () => {
    const res = await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      s.t.gql(
        'mutation($id: ID!) { registerForWorkshop(workshopId: $id) { id } }',
        { id: pid(own) },
        s.citizen.token,
      ),
    );
    expect(badFields(res)).toEqual(['workshopId']);
    // Every id above that is not the global ID of some object (those three resolve, as they should).
    const junk = BAD_IDS.filter(([label]) => !/^a (Comment|User|Workshop) id$/.test(label)).map(
      ([, make]) => make(),
    );
    const nodes = await s.t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: junk });
    expect(nodes.errors).toBeUndefined();
    expect(nodes.data.nodes).toEqual(junk.map(() => null));
  });
});
