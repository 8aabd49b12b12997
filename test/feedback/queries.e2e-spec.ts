import { Role } from '../../src/core/access/role.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { countQueries } from '../helpers/query-counter.js';
import type { GraphqlResponse } from '../helpers/test-app.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { feedbackScene, newProposal, pid, raw, type FeedbackScene } from './support.js';

/**
 * Statement counts of the feedback history (answers with their authors, departments and
 * ratings; progress updates with their authors; transfers with from, to and by): batched per
 * request, so a page of proposals costs the same number of SQL statements whatever its size
 * and however much history each proposal has.
 */

/**
 * Everything the history names, without its long texts: a page of 20 proposals with their
 * bodies, reasons and comments as well would pass the cost limit (each lists up to 20 of each).
 */
const HISTORY = `
  answers { id status author { id displayName } department { id name } rating { score } }
  progressUpdates { id progress author { id displayName } }
  transfers { id from { id name } to { id name } by { id displayName } }`;
const PAGE = `query Page($first: Int) { proposals(first: $first) { nodes { id status ${HISTORY} } } }`;
const ONE = `query One($id: ID!) { proposal(id: $id) { id status ${HISTORY} } }`;

interface History {
  answers: {
    author: { id: string };
    department: { id: string };
    rating: { score: number } | null;
  }[];
  progressUpdates: { author: { id: string } }[];
  transfers: { from: { id: string } | null; to: { id: string }; by: { id: string } }[];
}

describe('feedback history: statement counts', () => {
  let t: TestApp;
  let s: FeedbackScene;
  /** Staff of the three departments, two each: the authors of the history. */
  let staff: TestUser[];
  /** Twenty proposals, each with three routings, three answers (two rated), two updates. */
  let page: ProposalEntity[];

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
    const depts = [s.parks, s.roads, s.welfare];
    staff = [];
    for (let i = 0; i < 6; i++) {
      staff.push(
        await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: depts[i % 3]!.id }),
      );
    }
    page = [];
    for (let i = 0; i < 20; i++) {
      const p = await newProposal(s, { createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000) });
      await history(p, i, 3);
      page.push(p);
    }
  });
  afterAll(() => t.close());

  /**
   * Writes a history straight into the tables: routings to three departments in turn (by
   * different staff), `answers` answers by the last one's staff (every other one rated), and
   * two progress updates.
   */
  async function history(p: ProposalEntity, i: number, answers: number): Promise<void> {
    const depts = [s.parks, s.roads, s.welfare];
    const base = Date.UTC(2026, 1, 1) + i * 86_400_000;
    let from: string | null = null;
    let routing = '';
    for (let k = 0; k < 3; k++) {
      const to = depts[(i + k) % 3]!;
      const [row] = (await t.db.query(
        `INSERT INTO department_transfer
           (proposal_id, from_department_id, to_department_id, reason, by_id, response_due_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          p.id,
          from,
          to.id,
          `사유 ${k}`,
          staff[(i + k) % 6]!.user.id,
          new Date(base + 14 * 86_400_000),
          new Date(base + k * 3_600_000),
        ],
      )) as { id: string }[];
      routing = row!.id;
      from = to.id;
    }
    for (let k = 0; k < answers; k++) {
      const [row] = (await t.db.query(
        `INSERT INTO official_answer (proposal_id, department_id, transfer_id, author_id, status, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          p.id,
          from,
          routing,
          staff[(i + k) % 6]!.user.id,
          k === 0 ? 'UNDER_REVIEW' : k === 1 ? 'ACCEPTED' : 'IN_PROGRESS',
          `답변 ${k}`,
          new Date(base + (10 + k) * 3_600_000),
        ],
      )) as { id: string }[];
      if (k % 2 === 0) {
        await t.db.query(
          'INSERT INTO answer_rating (answer_id, rater_id, score) VALUES ($1, $2, $3)',
          [row!.id, s.author.user.id, 1 + ((i + k) % 5)],
        );
      }
    }
    for (let k = 0; k < 2; k++) {
      await t.db.query(
        `INSERT INTO progress_update (proposal_id, department_id, author_id, progress, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          p.id,
          from,
          staff[(i + k + 1) % 6]!.user.id,
          30 * (k + 1),
          `진행 ${k}`,
          new Date(base + (20 + k) * 3_600_000),
        ],
      );
    }
    await t.db.query(
      `UPDATE proposal SET department_id = $2, status = 'IN_PROGRESS', progress = 60, response_due_at = $3 WHERE id = $1`,
      [p.id, from, new Date(base + 14 * 86_400_000)],
    );
  }

  async function cost(query: string, variables: Record<string, unknown>, token: string | null) {
    const { result, queries } = await countQueries(t.db, () => t.gql(query, variables, token));
    const res = result as GraphqlResponse;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { data: res.data, statements: queries.length, queries };
  }

  /** The history came back whole: every proposal's answers, updates and transfers, resolved. */
  function expectWhole(nodes: History[], answers = 3): void {
    for (const node of nodes) {
      expect(node.answers).toHaveLength(answers);
      expect(node.answers.every((a) => a.author.id && a.department.id)).toBe(true);
      expect(node.answers.filter((a) => a.rating !== null)).toHaveLength(Math.ceil(answers / 2));
      expect(node.progressUpdates).toHaveLength(2);
      expect(node.progressUpdates.every((u) => u.author.id)).toBe(true);
      expect(node.transfers).toHaveLength(3);
      expect(node.transfers.map((x) => x.from === null)).toEqual([true, false, false]);
      expect(node.transfers.every((x) => x.to.id && x.by.id)).toBe(true);
    }
  }

  it.each([
    // The page, then its answers, progress updates and transfers, each with the people and
    // departments they name; a signed-in viewer adds the session check.
    ['an anonymous viewer', 4, null],
    ['a signed-in citizen', 5, 'citizen'],
  ] as const)(
    'a page of 1, 5 or 20 proposals with their whole history costs %s %i statements, whatever its size',
    async (_label, expected, who) => {
      const token = who === null ? null : s[who].token;
      const costs: number[] = [];
      for (const first of [1, 5, 20]) {
        const { data, statements } = await cost(PAGE, { first }, token);
        expect(data.proposals.nodes).toHaveLength(first);
        expectWhole(data.proposals.nodes as History[]);
        costs.push(statements);
      }
      expect(costs).toEqual([expected, expected, expected]);
    },
  );

  it('the twenty proposals of a page had their history batched: authors and departments of every kind', async () => {
    const { data, queries } = await cost(PAGE, { first: 20 }, null);
    const nodes = data.proposals.nodes as History[];
    const people = new Set(
      nodes.flatMap((n) => [
        ...n.answers.map((a) => a.author.id),
        ...n.progressUpdates.map((u) => u.author.id),
        ...n.transfers.map((x) => x.by.id),
      ]),
    );
    expect(people.size).toBe(6); // all six staff members, read together
    const departments = new Set(
      nodes.flatMap((n) => [
        ...n.transfers.map((x) => x.to.id),
        ...n.answers.map((a) => a.department.id),
      ]),
    );
    expect(departments.size).toBe(3);
    // And each row came back with its own people and departments, as the tables say.
    for (const node of data.proposals.nodes as (History & { id: string })[]) {
      const truth = (sql: string) =>
        t.db
          .query(sql, [raw(node.id)])
          .then((rows: Record<string, string | null>[]) =>
            rows.map((r) => Object.values(r).join('/')),
          );
      const ids = (...values: ({ id: string } | null)[]) =>
        values.map((v) => (v ? raw(v.id) : '')).join('/');
      expect(node.answers.map((a) => ids(a.author, a.department))).toEqual(
        await truth(
          'SELECT author_id, department_id FROM official_answer WHERE proposal_id = $1 ORDER BY created_at',
        ),
      );
      expect(node.progressUpdates.map((u) => ids(u.author))).toEqual(
        await truth(
          'SELECT author_id FROM progress_update WHERE proposal_id = $1 ORDER BY created_at',
        ),
      );
      expect(node.transfers.map((x) => ids(x.by, x.from, x.to))).toEqual(
        await truth(
          `SELECT by_id, coalesce(from_department_id::text, '') AS f, to_department_id
             FROM department_transfer WHERE proposal_id = $1 ORDER BY created_at`,
        ),
      );
    }
    // One statement per kind of record, whatever the number of proposals; the people and
    // departments come with them, never on their own.
    const main = queries.map((q) => /\bFROM "(\w+)"/.exec(q)?.[1]);
    expect(main).toEqual(['proposal', 'official_answer', 'progress_update', 'department_transfer']);
  });

  it('proposal(id) with 1 or 30 answers (by different staff, half rated) costs the same statements, and lists the most recent 20', async () => {
    const old = { createdAt: new Date(Date.UTC(2020, 0, 1)) }; // off the first page of the other tests
    const few = await newProposal(s, old);
    await history(few, 0, 1);
    const many = await newProposal(s, old);
    await history(many, 1, 30);

    const one = await cost(ONE, { id: pid(few) }, null);
    const thirty = await cost(ONE, { id: pid(many) }, null);
    expectWhole([one.data.proposal as History], 1);
    expectWhole([thirty.data.proposal as History], 20);
    expect(
      new Set(thirty.data.proposal.answers.map((a: History['answers'][number]) => a.author.id))
        .size,
    ).toBe(6);
    expect(one.statements).toBe(thirty.statements);
    expect(thirty.statements).toBe(4);
    // And a signed-in viewer adds only the session check.
    const signedIn = await cost(ONE, { id: pid(many) }, s.citizen.token);
    expect(signedIn.statements).toBe(thirty.statements + 1);
  });
});
