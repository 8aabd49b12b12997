import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { decodeGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import {
  createUser,
  tokenFor,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const POLL_FIELDS = `id title opensAt closesAt liveResults minimumAge requiresVerifiedResidency
  isOpen responseCount viewerHasResponded department { slug } process { slug } workshop { title }
  questions { id kind prompt maxChoices options { id label count percent } }`;
const CREATE = `mutation($input: CreatePollInput!) { createPoll(input: $input) { ${POLL_FIELDS} } }`;
const RESPOND = `mutation($input: RespondToPollInput!) { respondToPoll(input: $input) {
  id responseCount viewerHasResponded } }`;
const CLOSE = `mutation($id: ID!) { closePoll(pollId: $id) { id closesAt isOpen } }`;
const READ = `query($id: ID!) { poll(id: $id) { ${POLL_FIELDS} } }`;
// Ten a page: thirty questions of 2,000-character answers, twice, weigh what they are.
const TEXTS = `query($id: ID!, $first: Int = 10, $after: String) { poll(id: $id) { questions { kind
  freeTextAnswers(first: $first, after: $after)
  freeTexts(first: $first, after: $after) { nodes { text } pageInfo { hasNextPage endCursor } } } } }`;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Option {
  id: string;
  label: string;
  count: number | null;
  percent: number | null;
}
interface Question {
  id: string;
  kind: string;
  options: Option[];
}
interface Poll {
  id: string;
  questions: Question[];
  [field: string]: unknown;
}

describe('polls', () => {
  let t: TestApp;
  let parks: DepartmentEntity;
  let roads: DepartmentEntity;
  let processId: string;
  let otherProcessId: string;
  let workshopId: string;
  let parksStaff: TestUser;
  let roadsStaff: TestUser;
  let citizen: TestUser;
  let citizen2: TestUser;
  let moderator: TestUser;
  let admin: TestUser;

  const gid = (type: string, id: string) => toGlobalId(type, id);
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();

  const questions = () => [
    { kind: 'SINGLE_CHOICE', prompt: '어느 공원이 좋나요?', options: ['요천', '광한루', '춘향'] },
    {
      kind: 'MULTIPLE_CHOICE',
      prompt: '필요한 시설은?',
      maxChoices: 2,
      options: ['그늘막', '화장실', '놀이터', '벤치'],
    },
    { kind: 'FREE_TEXT', prompt: '하고 싶은 말' },
  ];
  const base = (over: Record<string, unknown> = {}) => ({
    title: '공원 설문',
    processId: gid('ParticipatoryProcess', processId),
    opensAt: at(-HOUR),
    closesAt: at(DAY),
    questions: questions(),
    ...over,
  });

  /** A poll made through the API (parks staff unless `who`); the created poll. */
  const make = async (over: Record<string, unknown> = {}, who?: TestUser): Promise<Poll> => {
    const res = await t.gql(CREATE, { input: base(over) }, (who ?? parksStaff).token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.createPoll as Poll;
  };

  /** A complete, valid set of answers: option `a` of Q1, options `b` of Q2, optional text. */
  const answers = (poll: Poll, a = 0, b: number[] = [0], text?: string) => {
    const [q1, q2, q3] = poll.questions;
    const list: Record<string, unknown>[] = [
      { questionId: q1.id, optionIds: [q1.options[a].id] },
      { questionId: q2.id, optionIds: b.map((i) => q2.options[i].id) },
    ];
    if (text !== undefined) list.push({ questionId: q3.id, text });
    return list;
  };
  const respond = (poll: Poll, list: unknown[], who: TestUser = citizen) =>
    t.gql(RESPOND, { input: { pollId: poll.id, answers: list } }, who.token);
  const read = async (poll: Poll, who: TestUser | null = citizen): Promise<Poll> => {
    const res = await t.gql(READ, { id: poll.id }, who?.token ?? null);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.poll as Poll;
  };
  const rawId = (poll: Poll) => decodeGlobalId(poll.id, 'Poll')!;
  /** The user with a token minted on the (moved) app clock: tokens live 15 minutes. */
  const fresh = async (who: TestUser): Promise<TestUser> => ({
    user: who.user,
    token: await tokenFor(t.db, t.jwt, who.user),
  });

  /** Every poll row, response and answer, to prove a refused call changed nothing. */
  const snapshot = async () => ({
    polls: await t.db.query('SELECT * FROM poll ORDER BY id'),
    questions: await t.db.query('SELECT * FROM poll_question ORDER BY id'),
    options: await t.db.query('SELECT * FROM poll_option ORDER BY id'),
    responses: await t.db.query('SELECT * FROM poll_response ORDER BY id'),
    choices: await t.db.query('SELECT * FROM poll_answer_choice ORDER BY response_id, option_id'),
    texts: await t.db.query('SELECT * FROM poll_answer_text ORDER BY response_id, question_id'),
  });

  beforeAll(async () => {
    t = await startTestApp();
    parks = await createDepartment(t.db, { slug: 'parks' });
    roads = await createDepartment(t.db, { slug: 'roads' });
    [{ id: processId }] = await t.db.query(
      `INSERT INTO participatory_process (slug, title) VALUES ('green', '녹색 도시') RETURNING id`,
    );
    [{ id: otherProcessId }] = await t.db.query(
      `INSERT INTO participatory_process (slug, title) VALUES ('other', '다른 과정') RETURNING id`,
    );
    [{ id: workshopId }] = await t.db.query(
      `INSERT INTO workshop (title, description, kind, process_id, organizer_id, starts_at, ends_at)
       VALUES ('디자인 캠프', '설명', 'DESIGN_CAMP', $1, $2, now() + interval '2 days',
               now() + interval '3 days') RETURNING id`,
      [processId, parks.id],
    );
    parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    roadsStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: roads.id });
    citizen = await createUser(t.db, t.jwt);
    citizen2 = await createUser(t.db, t.jwt);
    moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  });
  afterAll(() => t.close());

  describe('createPoll: who may', () => {
    it('creates a poll with its questions and options in order, for staff of their department', async () => {
      const poll = await make();
      expect(poll).toMatchObject({
        title: '공원 설문',
        department: { slug: 'parks' },
        process: { slug: 'green' },
        workshop: null,
        liveResults: false,
        minimumAge: null,
        requiresVerifiedResidency: false,
        isOpen: true,
        viewerHasResponded: false,
        // Its own department sees the (empty) counts; nobody has responded.
        responseCount: 0,
      });
      expect(poll.questions.map((q) => q.kind)).toEqual([
        'SINGLE_CHOICE',
        'MULTIPLE_CHOICE',
        'FREE_TEXT',
      ]);
      expect(poll.questions[0].options.map((o) => o.label)).toEqual(['요천', '광한루', '춘향']);
      expect(poll.questions[1]).toMatchObject({ maxChoices: 2 });
      expect(poll.questions[2].options).toEqual([]);
    });

    it('refuses anonymous (UNAUTHENTICATED), citizens and moderators (FORBIDDEN), changing nothing', async () => {
      const before = await snapshot();
      expect(codeOf(await t.gql(CREATE, { input: base() }, null))).toBe('UNAUTHENTICATED');
      for (const who of [citizen, moderator]) {
        expect(codeOf(await t.gql(CREATE, { input: base() }, who.token))).toBe('FORBIDDEN');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('refuses staff naming another department, or a workshop another department organizes', async () => {
      const before = await snapshot();
      const other = await t.gql(
        CREATE,
        { input: base({ departmentId: gid('Department', roads.id) }) },
        parksStaff.token,
      );
      expect(codeOf(other)).toBe('FORBIDDEN');
      const ofWorkshop = await t.gql(
        CREATE,
        { input: base({ processId: null, workshopId: gid('Workshop', workshopId) }) },
        roadsStaff.token,
      );
      expect(codeOf(ofWorkshop)).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    });

    it("makes a workshop's poll its organizer's; a department other than the organizer is BAD_USER_INPUT", async () => {
      const poll = await make({ processId: null, workshopId: gid('Workshop', workshopId) });
      expect(poll).toMatchObject({
        department: { slug: 'parks' },
        workshop: { title: '디자인 캠프' },
        process: null,
      });
      // An admin creates it too, for the organizer; naming another department is refused.
      const byAdmin = await make(
        { processId: null, workshopId: gid('Workshop', workshopId) },
        admin,
      );
      expect(byAdmin.department).toEqual({ slug: 'parks' });
      const wrong = await t.gql(
        CREATE,
        {
          input: base({
            workshopId: gid('Workshop', workshopId),
            departmentId: gid('Department', roads.id),
          }),
        },
        admin.token,
      );
      expect(badFields(wrong)).toEqual(['departmentId']);
      const otherProcess = await t.gql(
        CREATE,
        {
          input: base({
            processId: gid('ParticipatoryProcess', otherProcessId),
            workshopId: gid('Workshop', workshopId),
          }),
        },
        parksStaff.token,
      );
      expect(badFields(otherProcess)).toEqual(['processId']);
    });

    it('admins must name the department when there is no workshop', async () => {
      expect(badFields(await t.gql(CREATE, { input: base() }, admin.token))).toEqual([
        'departmentId',
      ]);
      const poll = await make({ departmentId: gid('Department', roads.id) }, admin);
      expect(poll.department).toEqual({ slug: 'roads' });
      const missing = await t.gql(
        CREATE,
        { input: base({ departmentId: gid('Department', randomUUID()) }) },
        admin.token,
      );
      expect(badFields(missing)).toEqual(['departmentId']);
    });

    it('needs a process or a workshop that exists', async () => {
      const before = await snapshot();
      const neither = await t.gql(CREATE, { input: base({ processId: null }) }, parksStaff.token);
      expect(badFields(neither)).toEqual(['processId']);
      const noProcess = await t.gql(
        CREATE,
        { input: base({ processId: gid('ParticipatoryProcess', randomUUID()) }) },
        parksStaff.token,
      );
      expect(badFields(noProcess)).toEqual(['processId']);
      const noWorkshop = await t.gql(
        CREATE,
        { input: base({ processId: null, workshopId: gid('Workshop', randomUUID()) }) },
        parksStaff.token,
      );
      expect(badFields(noWorkshop)).toEqual(['workshopId']);
      const wrongType = await t.gql(
        CREATE,
        { input: base({ processId: gid('Workshop', workshopId) }) },
        parksStaff.token,
      );
      expect(badFields(wrongType)).toEqual(['processId']);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('createPoll: limits, at their edges', () => {
    const refused = async (over: Record<string, unknown>, fields: string[]) => {
      const res = await t.gql(CREATE, { input: base(over) }, parksStaff.token);
      expect({ code: codeOf(res), fields: badFields(res) }).toEqual({
        code: 'BAD_USER_INPUT',
        fields,
      });
    };

    it('title: 3-150 characters', async () => {
      await refused({ title: '가나' }, ['title']);
      await refused({ title: '가'.repeat(151) }, ['title']);
      await refused({ title: '   ' }, ['title']);
      await make({ title: '가나다' });
      await make({ title: '가'.repeat(150) });
    });

    it('prompt: 1-500 characters; option labels 1-200 characters, distinct', async () => {
      const q = (over: Record<string, unknown>) => [{ ...questions()[0], ...over }];
      await refused({ questions: q({ prompt: '' }) }, ['questions.0.prompt']);
      await refused({ questions: q({ prompt: '가'.repeat(501) }) }, ['questions.0.prompt']);
      await refused({ questions: q({ options: ['가', '나'.repeat(201)] }) }, [
        'questions.0.options',
      ]);
      await refused({ questions: q({ options: ['가', '  '] }) }, ['questions.0.options']);
      await refused({ questions: q({ options: ['가', '가 '] }) }, ['questions.0.options']);
      const edge = await make({
        questions: q({ prompt: '가'.repeat(500), options: ['가', '나'.repeat(200)] }),
      });
      expect(edge.questions[0].options[1].label).toHaveLength(200);
    });

    it('options: 2-20 for a choice question, none for FREE_TEXT', async () => {
      const labels = (n: number) => Array.from({ length: n }, (_, i) => `보기 ${i + 1}`);
      await refused({ questions: [{ kind: 'SINGLE_CHOICE', prompt: '질문', options: ['하나'] }] }, [
        'questions.0.options',
      ]);
      await refused({ questions: [{ kind: 'MULTIPLE_CHOICE', prompt: '질문' }] }, [
        'questions.0.options',
      ]);
      await refused(
        { questions: [{ kind: 'SINGLE_CHOICE', prompt: '질문', options: labels(21) }] },
        ['questions.0.options'],
      );
      await refused({ questions: [{ kind: 'FREE_TEXT', prompt: '질문', options: ['가', '나'] }] }, [
        'questions.0.options',
      ]);
      await refused({ questions: [{ kind: 'FREE_TEXT', prompt: '질문', options: [] }] }, [
        'questions.0.options',
      ]);
      const edge = await make({
        questions: [
          { kind: 'SINGLE_CHOICE', prompt: '질문', options: labels(20) },
          { kind: 'SINGLE_CHOICE', prompt: '질문', options: labels(2) },
        ],
      });
      expect(edge.questions.map((q) => q.options.length)).toEqual([20, 2]);
    });

    it('maxChoices: MULTIPLE_CHOICE only, 1 to the number of options', async () => {
      const multiple = (maxChoices: number) => [
        { kind: 'MULTIPLE_CHOICE', prompt: '질문', maxChoices, options: ['가', '나', '다'] },
      ];
      await refused({ questions: multiple(4) }, ['questions.0.maxChoices']);
      await refused({ questions: multiple(0) }, ['questions.0.maxChoices']);
      await refused(
        {
          questions: [
            { kind: 'SINGLE_CHOICE', prompt: '질문', maxChoices: 1, options: ['가', '나'] },
          ],
        },
        ['questions.0.maxChoices'],
      );
      await refused({ questions: [{ kind: 'FREE_TEXT', prompt: '질문', maxChoices: 1 }] }, [
        'questions.0.maxChoices',
      ]);
      expect((await make({ questions: multiple(3) })).questions[0]).toMatchObject({
        maxChoices: 3,
      });
      expect((await make({ questions: multiple(1) })).questions[0]).toMatchObject({
        maxChoices: 1,
      });
      const unlimited = await make({
        questions: [{ kind: 'MULTIPLE_CHOICE', prompt: '질문', options: ['가', '나', '다'] }],
      });
      expect(unlimited.questions[0]).toMatchObject({ maxChoices: 3 });
    });

    it('questions: 1-30', async () => {
      const free = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ kind: 'FREE_TEXT', prompt: `질문 ${i}` }));
      await refused({ questions: [] }, ['questions']);
      await refused({ questions: free(31) }, ['questions']);
      expect((await make({ questions: free(30) })).questions).toHaveLength(30);
    });

    it('dates: closesAt after opensAt and in the future, at most 366 days open', async () => {
      const opensAt = new Date(Date.now() + DAY);
      const iso = (ms: number) => new Date(opensAt.getTime() + ms).toISOString();
      await refused({ opensAt: opensAt.toISOString(), closesAt: iso(0) }, ['closesAt']);
      await refused({ opensAt: opensAt.toISOString(), closesAt: iso(-1) }, ['closesAt']);
      await refused({ opensAt: at(-2 * DAY), closesAt: at(-DAY) }, ['closesAt']);
      await refused({ opensAt: opensAt.toISOString(), closesAt: iso(366 * DAY + 1) }, ['closesAt']);
      await make({ opensAt: opensAt.toISOString(), closesAt: iso(366 * DAY) });
      await make({ opensAt: opensAt.toISOString(), closesAt: iso(1) });
    });

    it('wrong types are BAD_USER_INPUT (or a GraphQL validation error), never an internal error', async () => {
      for (const over of [
        { opensAt: 'tomorrow' },
        { questions: [{ kind: 'RANKING', prompt: '질문' }] },
        { minimumAge: 121 },
        { minimumAge: -1 },
        { liveResults: 'yes' },
        { title: 42 },
      ]) {
        const res = await t.gql(CREATE, { input: base(over) }, parksStaff.token);
        expect(res.errors?.length).toBeGreaterThan(0);
        expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(codeOf(res));
      }
    });

    it('a process holds at most 50 polls (CONFLICT past it), and so does a workshop', async () => {
      const [{ id: crowded }] = await t.db.query(
        `INSERT INTO participatory_process (slug, title) VALUES ('crowded', '붐비는 과정') RETURNING id`,
      );
      const [{ id: busyWorkshop }] = await t.db.query(
        `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at)
         VALUES ('붐비는 워크숍', '설명', 'DESIGN_CAMP', $1, now() + interval '2 days',
                 now() + interval '3 days') RETURNING id`,
        [parks.id],
      );
      const fill = (column: string, id: string, n: number) =>
        t.db.query(
          `INSERT INTO poll (title, ${column}, department_id, opens_at, closes_at)
           SELECT '채움', $1, $2, now(), now() + interval '1 day' FROM generate_series(1, $3)`,
          [id, parks.id, n],
        );
      await fill('process_id', crowded, 49);
      await fill('workshop_id', busyWorkshop, 49);
      await make({ processId: gid('ParticipatoryProcess', crowded) });
      await make({ processId: null, workshopId: gid('Workshop', busyWorkshop) });
      const overProcess = await t.gql(
        CREATE,
        { input: base({ processId: gid('ParticipatoryProcess', crowded) }) },
        parksStaff.token,
      );
      expect(codeOf(overProcess)).toBe('CONFLICT');
      const overWorkshop = await t.gql(
        CREATE,
        { input: base({ processId: null, workshopId: gid('Workshop', busyWorkshop) }) },
        parksStaff.token,
      );
      expect(codeOf(overWorkshop)).toBe('CONFLICT');
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM poll WHERE process_id = $1`,
        [crowded],
      );
      expect(n).toBe(50);
    });

    it('eight creations racing for the last place of a process: one is made, the others are a CONFLICT', async () => {
      const [{ id: racing }] = await t.db.query(
        `INSERT INTO participatory_process (slug, title) VALUES ('racing', '경쟁 과정') RETURNING id`,
      );
      await t.db.query(
        `INSERT INTO poll (title, process_id, department_id, opens_at, closes_at)
         SELECT '채움', $1, $2, now(), now() + interval '1 day' FROM generate_series(1, 49)`,
        [racing, parks.id],
      );
      const input = base({ processId: gid('ParticipatoryProcess', racing) });
      const results = await Promise.all(
        Array.from({ length: 8 }, () => t.gql(CREATE, { input }, parksStaff.token)),
      );
      const codes = results.map(codeOf);
      expect(codes.filter((code) => code === 'CONFLICT')).toHaveLength(7);
      expect(codes.filter((code) => code === undefined)).toHaveLength(1);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM poll WHERE process_id = $1`,
        [racing],
      );
      expect(n).toBe(50);
    });
  });

  describe('respondToPoll: the answers', () => {
    let poll: Poll;
    let other: Poll;
    beforeAll(async () => {
      poll = await make({ title: '응답 규칙' });
      other = await make({ title: '다른 설문' });
    });

    const refused = async (list: unknown[], fields: string[], who = citizen2) => {
      const before = await snapshot();
      const res = await respond(poll, list, who);
      expect({ code: codeOf(res), fields: badFields(res) }).toEqual({
        code: 'BAD_USER_INPUT',
        fields,
      });
      expect(await snapshot()).toEqual(before);
    };

    it('takes a valid response and counts it', async () => {
      const res = await respond(poll, answers(poll, 1, [0, 2], '그늘이 더 필요해요'));
      expect(res.errors).toBeUndefined();
      expect(res.data.respondToPoll).toMatchObject({ viewerHasResponded: true });
      const [row] = await t.db.query(`SELECT response_count FROM poll WHERE id = $1`, [
        rawId(poll),
      ]);
      expect(row.response_count).toBe(1);
    });

    it('a single choice takes exactly one option', async () => {
      const [q1, q2] = poll.questions;
      const two = { questionId: q1.id, optionIds: [q1.options[0].id, q1.options[1].id] };
      const none = { questionId: q1.id, optionIds: [] };
      const q2Answer = { questionId: q2.id, optionIds: [q2.options[0].id] };
      await refused([two, q2Answer], ['answers.0.optionIds']);
      await refused([none, q2Answer], ['answers.0.optionIds']);
      await refused([{ questionId: q1.id }, q2Answer], ['answers.0.optionIds']);
    });

    it('a multiple choice takes 1 to maxChoices distinct options', async () => {
      const [q1, q2] = poll.questions;
      const q1Answer = { questionId: q1.id, optionIds: [q1.options[0].id] };
      const pick = (...i: number[]) => ({
        questionId: q2.id,
        optionIds: i.map((n) => q2.options[n].id),
      });
      await refused([q1Answer, pick(0, 1, 2)], ['answers.1.optionIds']);
      await refused([q1Answer, pick()], ['answers.1.optionIds']);
      await refused([q1Answer, pick(0, 0)], ['answers.1.optionIds']);
      const res = await respond(poll, [q1Answer, pick(1, 3)], citizen2);
      expect(res.errors).toBeUndefined();
    });

    it("refuses an option of another question, another poll's question, a question twice", async () => {
      const [q1, q2] = poll.questions;
      const q1Answer = { questionId: q1.id, optionIds: [q1.options[0].id] };
      const q2Answer = { questionId: q2.id, optionIds: [q2.options[0].id] };
      await refused(
        [{ questionId: q1.id, optionIds: [q2.options[0].id] }, q2Answer],
        ['answers.0.optionIds'],
      );
      const foreign = other.questions[0];
      await refused(
        [q1Answer, q2Answer, { questionId: foreign.id, optionIds: [foreign.options[0].id] }],
        ['answers.2.questionId'],
      );
      await refused(
        [q1Answer, q2Answer, { questionId: q1.id, optionIds: [q1.options[1].id] }],
        ['answers.2.questionId'],
      );
      await refused(
        [q1Answer, { questionId: q2.id, optionIds: [other.questions[1].options[0].id] }],
        ['answers.1.optionIds'],
      );
    });

    it('every choice question must be answered; a free text may be left out', async () => {
      const [q1] = poll.questions;
      await refused([{ questionId: q1.id, optionIds: [q1.options[0].id] }], ['answers']);
      const res = await respond(poll, answers(poll), citizen2);
      expect(res.errors).toBeUndefined();
    });

    it('free text: 1-2,000 characters, only on a FREE_TEXT question', async () => {
      const [q1, q2, q3] = poll.questions;
      const choices = answers(poll);
      await refused(
        [...choices, { questionId: q3.id, text: '가'.repeat(2001) }],
        ['answers.2.text'],
      );
      await refused([...choices, { questionId: q3.id, text: '  ' }], ['answers.2.text']);
      await refused([...choices, { questionId: q3.id }], ['answers.2.text']);
      await refused(
        [...choices, { questionId: q3.id, text: '좋아요', optionIds: [] }],
        ['answers.2.optionIds'],
      );
      await refused(
        [
          { questionId: q1.id, optionIds: [q1.options[0].id], text: '설명' },
          { questionId: q2.id, optionIds: [q2.options[0].id] },
        ],
        ['answers.0.text'],
      );
      const res = await respond(
        poll,
        [...choices, { questionId: q3.id, text: '가'.repeat(2000) }],
        citizen2,
      );
      expect(res.errors).toBeUndefined();
    });

    it('wrong types and ids are BAD_USER_INPUT', async () => {
      const [q1, q2] = poll.questions;
      await refused(
        [
          { questionId: gid('Workshop', workshopId), optionIds: [q1.options[0].id] },
          { questionId: q2.id, optionIds: [q2.options[0].id] },
        ],
        ['answers.0.questionId'],
      );
      await refused(
        [
          { questionId: q1.id, optionIds: [gid('Workshop', workshopId)] },
          { questionId: q2.id, optionIds: [q2.options[0].id] },
        ],
        ['answers.0.optionIds'],
      );
      await refused([], ['answers']);
      const notAPoll = await t.gql(
        RESPOND,
        { input: { pollId: gid('Workshop', workshopId), answers: answers(poll) } },
        citizen2.token,
      );
      expect(badFields(notAPoll)).toEqual(['pollId']);
      const missing = await t.gql(
        RESPOND,
        { input: { pollId: gid('Poll', randomUUID()), answers: answers(poll) } },
        citizen2.token,
      );
      expect(codeOf(missing)).toBe('NOT_FOUND');
    });

    it("words the problem in the reader's language, naming the field", async () => {
      const [q1, q2] = poll.questions;
      const res = await t.gql(
        RESPOND,
        {
          input: {
            pollId: poll.id,
            answers: [
              { questionId: q1.id, optionIds: [q1.options[0].id, q1.options[1].id] },
              { questionId: q2.id, optionIds: [q2.options[0].id] },
            ],
          },
        },
        citizen2.token,
        { 'Accept-Language': 'ko' },
      );
      expect(res.errors?.[0]?.extensions?.fieldErrors).toEqual([
        {
          field: 'answers.0.optionIds',
          message: '고른 보기 항목: 단일 선택 질문에는 보기를 하나만 고릅니다',
        },
      ]);
      const en = await t.gql(
        CREATE,
        { input: base({ questions: [{ ...questions()[0], options: ['가', '나'.repeat(201)] }] }) },
        parksStaff.token,
        { 'Accept-Language': 'en' },
      );
      expect(en.errors?.[0]?.extensions?.fieldErrors).toEqual([
        { field: 'questions.0.options', message: 'options must be at most 200 characters long' },
      ]);
    });

    it('refuses anonymous and suspended respondents', async () => {
      const suspended = await createUser(t.db, t.jwt, {
        suspendedUntil: new Date(Date.now() + DAY),
      });
      expect(codeOf(await respond(poll, answers(poll), suspended))).toBe('FORBIDDEN');
      const res = await t.gql(
        RESPOND,
        { input: { pollId: poll.id, answers: answers(poll) } },
        null,
      );
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    });

    it('a second response replaces the first: one row, the last answers count', async () => {
      const fresh = await make({ title: '바꾸는 응답', liveResults: true });
      expect(
        (await respond(fresh, answers(fresh, 0, [0], '처음'), citizen)).errors,
      ).toBeUndefined();
      expect((await respond(fresh, answers(fresh, 2, [1, 3]), citizen)).errors).toBeUndefined();
      const seen = await read(fresh, citizen);
      expect(seen.responseCount).toBe(1);
      expect(seen.questions[0].options.map((o) => o.count)).toEqual([0, 0, 1]);
      expect(seen.questions[1].options.map((o) => o.count)).toEqual([0, 1, 0, 1]);
      const texts = await t.db.query(
        `SELECT t.* FROM poll_answer_text t JOIN poll_response r ON r.id = t.response_id
          WHERE r.poll_id = $1`,
        [rawId(fresh)],
      );
      expect(texts).toEqual([]);
    });
  });

  describe('respondToPoll: the window, on the app clock', () => {
    afterEach(() => restoreClock());

    it('refuses before opensAt and at closesAt exactly; takes at opensAt exactly and just before closesAt', async () => {
      const opensAt = new Date(Date.now() + DAY);
      const closesAt = new Date(opensAt.getTime() + DAY);
      const poll = await make({
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
      });
      freezeClock(opensAt.getTime() - 1);
      expect(codeOf(await respond(poll, answers(poll), await fresh(citizen)))).toBe('CONFLICT');
      setClock(opensAt);
      expect((await respond(poll, answers(poll), await fresh(citizen))).errors).toBeUndefined();
      setClock(closesAt.getTime() - 1);
      expect((await respond(poll, answers(poll, 1), await fresh(citizen))).errors).toBeUndefined();
      setClock(closesAt);
      const before = await snapshot();
      expect(codeOf(await respond(poll, answers(poll, 2), await fresh(citizen)))).toBe('CONFLICT');
      expect(codeOf(await respond(poll, answers(poll, 2), await fresh(citizen2)))).toBe('CONFLICT');
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('eligibility', () => {
    let district: string;
    beforeAll(async () => {
      [{ id: district }] = await t.db.query(
        `INSERT INTO district (slug, name) VALUES ('dongchung', '동충동') RETURNING id`,
      );
    });

    const person = async (birthYear: number | null, verified: boolean) => {
      const who = await createUser(t.db, t.jwt);
      await t.db.query(
        `UPDATE app_user SET birth_year = $2, residency_district_id = $3,
                residency_verified_at = CASE WHEN $3::uuid IS NULL THEN NULL ELSE now() END
          WHERE id = $1`,
        [who.user.id, birthYear, verified ? district : null],
      );
      return who;
    };

    it('refuses the too young, those of unknown age and the unverified, with the reason', async () => {
      const year = Number(
        new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Seoul', year: 'numeric' }).format(
          new Date(),
        ),
      );
      const poll = await make({ minimumAge: 14, requiresVerifiedResidency: true });
      const cases: [TestUser, string | null][] = [
        [await person(year - 13, true), 'TOO_YOUNG'],
        [await person(null, true), 'AGE_UNKNOWN'],
        [await person(year - 14, false), 'NOT_VERIFIED'],
        [await person(year - 14, true), null],
      ];
      const before = await snapshot();
      for (const [who, reason] of cases.slice(0, 3)) {
        const res = await respond(poll, answers(poll), who);
        expect({ code: codeOf(res), reason: res.errors?.[0]?.extensions?.reason }).toEqual({
          code: 'FORBIDDEN',
          reason,
        });
      }
      expect(await snapshot()).toEqual(before);
      const [who] = cases[3];
      expect((await respond(poll, answers(poll), who)).errors).toBeUndefined();
    });

    it('a poll without rules takes anyone signed in', async () => {
      const poll = await make();
      expect(
        (await respond(poll, answers(poll), await person(null, false))).errors,
      ).toBeUndefined();
    });
  });

  describe('results', () => {
    afterEach(() => restoreClock());

    it('are hidden from the public until the poll closes, shown to its department and admins', async () => {
      const poll = await make({ title: '비공개 결과' });
      await respond(poll, answers(poll, 0, [0, 1]), citizen);
      await respond(poll, answers(poll, 0, [1]), citizen2);
      const hidden = await read(poll, citizen);
      expect(hidden.responseCount).toBeNull();
      expect(hidden.viewerHasResponded).toBe(true);
      expect(hidden.questions.flatMap((q) => q.options.map((o) => [o.count, o.percent]))).toEqual(
        Array(7).fill([null, null]),
      );
      for (const who of [null, roadsStaff, moderator]) {
        const seen = await read(poll, who);
        expect(seen.responseCount).toBeNull();
        expect(seen.questions[0].options[0].count).toBeNull();
        expect(seen.viewerHasResponded).toBe(false);
      }
      for (const who of [parksStaff, admin]) {
        const seen = await read(poll, who);
        expect(seen.responseCount).toBe(2);
        expect(seen.questions[0].options.map((o) => o.count)).toEqual([2, 0, 0]);
        expect(seen.questions[1].options.map((o) => o.percent)).toEqual([50, 100, 0, 0]);
      }
      // Closed: everyone sees the counts and percentages.
      freezeClock(Date.now() + 2 * DAY);
      const open = await read(poll, null);
      expect(open.responseCount).toBe(2);
      expect(open.questions[0].options.map((o) => [o.count, o.percent])).toEqual([
        [2, 100],
        [0, 0],
        [0, 0],
      ]);
      expect(open.questions[1].options.map((o) => o.count)).toEqual([1, 2, 0, 0]);
    });

    it('are public while open with liveResults', async () => {
      const poll = await make({ title: '실시간 결과', liveResults: true });
      await respond(poll, answers(poll, 1), citizen);
      await respond(poll, answers(poll, 2), citizen2);
      const [a, b, c] = await t
        .gql(READ, { id: poll.id }, null)
        .then((r) => r.data.poll.questions[0].options as Option[]);
      expect([a, b, c].map((o) => [o.count, o.percent])).toEqual([
        [0, 0],
        [1, 50],
        [1, 50],
      ]);
    });

    it('percentages round to one decimal', async () => {
      const poll = await make({ title: '삼분의 일', liveResults: true });
      await respond(poll, answers(poll, 0), citizen);
      await respond(poll, answers(poll, 1), citizen2);
      await respond(poll, answers(poll, 1), parksStaff);
      const seen = await read(poll, null);
      expect(seen.questions[0].options.map((o) => o.percent)).toEqual([33.3, 66.7, 0]);
    });
  });

  describe('free texts', () => {
    it('are read by the department and admins only, without authors, a page at a time', async () => {
      const poll = await make({ title: '자유 의견' });
      const writers = [citizen, citizen2, parksStaff];
      for (const [i, who] of writers.entries()) {
        await respond(poll, answers(poll, 0, [0], `의견 ${i + 1}`), who);
      }
      for (const who of [null, citizen, roadsStaff, moderator]) {
        const res = await t.gql(TEXTS, { id: poll.id }, who?.token ?? null);
        expect(res.errors).toBeUndefined();
        const free = res.data.poll.questions[2];
        expect([free.freeTextAnswers, free.freeTexts]).toEqual([null, null]);
      }
      const first = await t.gql(TEXTS, { id: poll.id, first: 2 }, parksStaff.token);
      const free = first.data.poll.questions[2];
      expect(free.freeTextAnswers).toEqual(['의견 1', '의견 2']);
      expect(free.freeTexts.pageInfo.hasNextPage).toBe(true);
      const rest = await t.gql(
        TEXTS,
        { id: poll.id, first: 2, after: free.freeTexts.pageInfo.endCursor },
        admin.token,
      );
      expect(rest.data.poll.questions[2].freeTextAnswers).toEqual(['의견 3']);
      // Choice questions have none.
      expect(rest.data.poll.questions[0].freeTextAnswers).toBeNull();
      const tooMany = await t.gql(TEXTS, { id: poll.id, first: 101 }, admin.token);
      expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
      const junk = await t.gql(TEXTS, { id: poll.id, after: 'junk' }, admin.token);
      expect(codeOf(junk)).toBe('BAD_USER_INPUT');
    });

    it('no type of the API links a poll answer to a user', async () => {
      const res = await t.gql(
        `{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }`,
      );
      const types = res.data.__schema.types as {
        name: string;
        fields: { name: string }[] | null;
      }[];
      const pollTypes = types.filter((type) => type.name.startsWith('Poll'));
      const names = pollTypes.map((type) => type.name).sort();
      expect(names).toEqual(
        expect.arrayContaining(['Poll', 'PollFreeText', 'PollOption', 'PollQuestion']),
      );
      expect(names).not.toContain('PollResponse');
      const fieldsOf = Object.fromEntries(
        pollTypes.map((type) => [type.name, (type.fields ?? []).map((f) => f.name).sort()]),
      );
      expect(fieldsOf.PollFreeText).toEqual(['text']);
      expect(fieldsOf.PollOption).toEqual(['count', 'id', 'label', 'percent']);
    });
  });

  describe('closePoll', () => {
    afterEach(() => restoreClock());

    it('the department or an admin closes it now; then nobody responds and the results are public', async () => {
      const poll = await make({ title: '마감할 설문' });
      await respond(poll, answers(poll), citizen);
      const before = await snapshot();
      for (const who of [citizen, roadsStaff, moderator]) {
        expect(codeOf(await t.gql(CLOSE, { id: poll.id }, who.token))).toBe('FORBIDDEN');
      }
      expect(codeOf(await t.gql(CLOSE, { id: poll.id }, null))).toBe('UNAUTHENTICATED');
      expect(await snapshot()).toEqual(before);
      const now = new Date(Date.now() + HOUR);
      freezeClock(now);
      const closed = await t.gql(CLOSE, { id: poll.id }, (await fresh(parksStaff)).token);
      expect(closed.data.closePoll).toEqual({
        id: poll.id,
        closesAt: now.toISOString(),
        isOpen: false,
      });
      expect(codeOf(await respond(poll, answers(poll), await fresh(citizen2)))).toBe('CONFLICT');
      expect((await read(poll, null)).responseCount).toBe(1);
      // Closing again changes nothing.
      setClock(now.getTime() + HOUR);
      const again = await t.gql(CLOSE, { id: poll.id }, (await fresh(admin)).token);
      expect(again.data.closePoll.closesAt).toBe(now.toISOString());
    });

    it('a poll not open yet cannot be closed (nor at its opening instant); a missing one is NOT_FOUND', async () => {
      const opensAt = new Date(Date.now() + DAY);
      const poll = await make({ opensAt: opensAt.toISOString(), closesAt: at(2 * DAY) });
      expect(codeOf(await t.gql(CLOSE, { id: poll.id }, parksStaff.token))).toBe('CONFLICT');
      freezeClock(opensAt);
      const staff = await fresh(parksStaff);
      expect(codeOf(await t.gql(CLOSE, { id: poll.id }, staff.token))).toBe('CONFLICT');
      setClock(opensAt.getTime() + 1);
      const closed = await t.gql(CLOSE, { id: poll.id }, staff.token);
      expect(closed.data.closePoll.closesAt).toBe(new Date(opensAt.getTime() + 1).toISOString());
      restoreClock();
      expect(codeOf(await t.gql(CLOSE, { id: gid('Poll', randomUUID()) }, admin.token))).toBe(
        'NOT_FOUND',
      );
      expect(
        badFields(await t.gql(CLOSE, { id: gid('Workshop', workshopId) }, admin.token)),
      ).toEqual(['pollId']);
    });
  });

  describe('concurrency', () => {
    it('one user responding many times at once leaves one response, counted once', async () => {
      const poll = await make({ title: '경쟁 응답', liveResults: true });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => respond(poll, answers(poll, i % 3, [i % 4]), citizen)),
      );
      expect(results.filter((r) => r.errors)).toEqual([]);
      const rows = await t.db.query(`SELECT id FROM poll_response WHERE poll_id = $1`, [
        rawId(poll),
      ]);
      expect(rows).toHaveLength(1);
      const seen = await read(poll, null);
      expect(seen.responseCount).toBe(1);
      expect(seen.questions[0].options.reduce((sum, o) => sum + o.count!, 0)).toBe(1);
      expect(seen.questions[1].options.reduce((sum, o) => sum + o.count!, 0)).toBe(1);
    });

    it('50 users at once (and each once more): the counts are exact', async () => {
      const poll = await make({ title: '오십 명', liveResults: true });
      const people = await Promise.all(Array.from({ length: 50 }, () => createUser(t.db, t.jwt)));
      const first = await Promise.all(
        people.map((who, i) => respond(poll, answers(poll, i % 3), who)),
      );
      expect(first.filter((r) => r.errors)).toEqual([]);
      // Everyone changes their mind at once, to option i % 2.
      const second = await Promise.all(
        people.map((who, i) => respond(poll, answers(poll, i % 2, [0, 1]), who)),
      );
      expect(second.filter((r) => r.errors)).toEqual([]);
      const seen = await read(poll, null);
      expect(seen.responseCount).toBe(50);
      expect(seen.questions[0].options.map((o) => o.count)).toEqual([25, 25, 0]);
      expect(seen.questions[1].options.map((o) => o.count)).toEqual([50, 50, 0, 0]);
      const [recount] = await t.db.query(
        `SELECT count(*)::int AS n FROM poll_response WHERE poll_id = $1`,
        [rawId(poll)],
      );
      expect(recount.n).toBe(50);
    });
  });

  describe('closing while responses arrive', () => {
    it('every response is either counted before the close or refused: the count equals a recount', async () => {
      const poll = await make({ title: '마감 경쟁', liveResults: true });
      const people = await Promise.all(Array.from({ length: 30 }, () => createUser(t.db, t.jwt)));
      const responses = people.map((who, i) => respond(poll, answers(poll, i % 3), who));
      const closing = t.gql(CLOSE, { id: poll.id }, parksStaff.token);
      const settled = await Promise.all(responses);
      expect((await closing).errors).toBeUndefined();
      const refused = settled.filter((r) => r.errors);
      expect(refused.map(codeOf).filter((code) => code !== 'CONFLICT')).toEqual([]);
      const [{ count, recount, choices }] = await t.db.query(
        `SELECT p.response_count AS count,
                (SELECT count(*)::int FROM poll_response r WHERE r.poll_id = p.id) AS recount,
                (SELECT count(*)::int FROM poll_answer_choice c JOIN poll_response r
                    ON r.id = c.response_id WHERE r.poll_id = p.id) AS choices
           FROM poll p WHERE p.id = $1`,
        [rawId(poll)],
      );
      expect(count).toBe(settled.length - refused.length);
      expect(recount).toBe(count);
      // Each counted response chose one option of each of the two choice questions.
      expect(choices).toBe(2 * count);
    });
  });

  describe('lists and nodes', () => {
    it("a process's and a workshop's polls, the latest to open first; node(id) finds a poll", async () => {
      const [{ id: listed }] = await t.db.query(
        `INSERT INTO participatory_process (slug, title) VALUES ('listed', '목록') RETURNING id`,
      );
      const early = await make({
        title: '먼저 연 설문',
        processId: gid('ParticipatoryProcess', listed),
        opensAt: at(-2 * HOUR),
      });
      const late = await make({
        title: '나중 연 설문',
        processId: gid('ParticipatoryProcess', listed),
        opensAt: at(-HOUR),
      });
      const res = await t.gql(`{ process(slug: "listed") { polls { id title } } }`);
      expect(res.data.process.polls.map((p: Poll) => p.id)).toEqual([late.id, early.id]);
      const ws = await t.gql(
        `query($id: ID!) { workshop(id: $id) { polls { title department { slug } } } }`,
        {
          id: gid('Workshop', workshopId),
        },
      );
      expect(ws.errors).toBeUndefined();
      expect(ws.data.workshop.polls.length).toBeGreaterThan(0);
      const node = await t.gql(`query($id: ID!) { node(id: $id) { id ... on Poll { title } } }`, {
        id: early.id,
      });
      expect(node.data.node).toEqual({ id: early.id, title: '먼저 연 설문' });
      // Questions and options are not nodes: their ids lead nowhere on their own.
      const question = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, {
        id: early.questions[0].id,
      });
      expect(question.data.node).toBeNull();
    });
  });
});
