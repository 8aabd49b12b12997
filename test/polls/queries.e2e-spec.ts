import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Statement counts of a process's polls with everything a poll page shows: department, process,
 * workshop, the viewer's response, questions, options with their counts, free texts. Each is
 * batched per request, so 1 poll and 8 polls cost the same number of SQL statements.
 */
const POLLS = `query($slug: String!) { process(slug: $slug) { polls {
  id title responseCount viewerHasResponded isOpen
  department { id name } process { slug } workshop { id title }
  questions { id kind prompt maxChoices options { id label count percent }
    freeTextAnswers(first: 5) freeTexts(first: 5) { totalCount nodes { text } } } } } }`;

const CREATE = `mutation($input: CreatePollInput!) { createPoll(input: $input) {
  id questions { id options { id } } } }`;
const RESPOND = `mutation($input: RespondToPollInput!) { respondToPoll(input: $input) { id } }`;

describe('polls: SQL statements per request', () => {
  let t: TestApp;
  let staff: TestUser;
  let admin: TestUser;
  let citizen: TestUser;

  /** A process with `n` polls, each answered by `citizen`; its slug. */
  async function processWithPolls(slug: string, n: number): Promise<string> {
    const [{ id }] = await t.db.query(
      `INSERT INTO participatory_process (slug, title) VALUES ($1, '과정') RETURNING id`,
      [slug],
    );
    for (let i = 0; i < n; i++) {
      const created = await t.gql(
        CREATE,
        {
          input: {
            title: `설문 ${i + 1}`,
            processId: toGlobalId('ParticipatoryProcess', id),
            opensAt: new Date(Date.now() - 3_600_000 - i).toISOString(),
            closesAt: new Date(Date.now() + 86_400_000).toISOString(),
            liveResults: true,
            questions: [
              { kind: 'SINGLE_CHOICE', prompt: '하나', options: ['가', '나', '다'] },
              { kind: 'MULTIPLE_CHOICE', prompt: '여럿', options: ['라', '마', '바'] },
              { kind: 'FREE_TEXT', prompt: '의견' },
            ],
          },
        },
        staff.token,
      );
      expect(created.errors).toBeUndefined();
      const [q1, q2, q3] = created.data.createPoll.questions;
      const responded = await t.gql(
        RESPOND,
        {
          input: {
            pollId: created.data.createPoll.id,
            answers: [
              { questionId: q1.id, optionIds: [q1.options[0].id] },
              { questionId: q2.id, optionIds: [q2.options[0].id, q2.options[2].id] },
              { questionId: q3.id, text: `의견 ${i}` },
            ],
          },
        },
        citizen.token,
      );
      expect(responded.errors).toBeUndefined();
    }
    return slug;
  }

  // What is counted here is statements, not the cost limit: 8 polls of full detail cost more
  // than GRAPHQL_MAX_COST allows (a client lists polls, then opens one).
  const maxCostBefore = process.env.GRAPHQL_MAX_COST;
  beforeAll(async () => {
    process.env.GRAPHQL_MAX_COST = '1000000';
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    citizen = await createUser(t.db, t.jwt);
    await processWithPolls('one', 1);
    await processWithPolls('eight', 8);
  });
  afterAll(async () => {
    await t.close();
    if (maxCostBefore === undefined) delete process.env.GRAPHQL_MAX_COST;
    else process.env.GRAPHQL_MAX_COST = maxCostBefore;
  });

  async function cost(slug: string, who: TestUser, polls: number): Promise<number> {
    const { result, queries } = await countQueries(t.db, () => t.gql(POLLS, { slug }, who.token));
    expect(result.errors).toBeUndefined();
    expect(result.data.process.polls).toHaveLength(polls);
    for (const poll of result.data.process.polls) {
      expect(poll.questions[0].options.map((o: { count: number }) => o.count)).toEqual([1, 0, 0]);
      expect(poll.questions[1].options.map((o: { percent: number }) => o.percent)).toEqual([
        100, 0, 100,
      ]);
    }
    return queries.length;
  }

  it('costs the same for 1 and 8 polls, for a citizen and for an admin reading free texts', async () => {
    const citizenCounts = [await cost('one', citizen, 1), await cost('eight', citizen, 8)];
    expect(citizenCounts[1]).toBe(citizenCounts[0]);
    const adminCounts = [await cost('one', admin, 1), await cost('eight', admin, 8)];
    expect(adminCounts[1]).toBe(adminCounts[0]);
    // Session, process, polls, department, viewer's responses, questions, options, counts (and
    // for the admin: the free-text page and its total).
    expect(citizenCounts[0]).toBeLessThanOrEqual(9);
    expect(adminCounts[0]).toBeLessThanOrEqual(11);
    const { result } = await countQueries(t.db, () => t.gql(POLLS, { slug: 'eight' }, admin.token));
    const texts = result.data.process.polls.map(
      (p: { questions: { freeTextAnswers: string[] }[] }) => p.questions[2].freeTextAnswers,
    );
    expect(texts.flat().sort()).toEqual(Array.from({ length: 8 }, (_, i) => `의견 ${i}`).sort());
    for (const poll of result.data.process.polls) {
      expect(poll.questions[2].freeTexts.totalCount).toBe(1);
      expect(poll.questions[0].freeTexts).toBeNull();
    }
  });
});
