import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import type { GraphqlResponse } from '../helpers/test-app.js';
import {
  citizens,
  commentOn,
  moderateOk,
  newProposal,
  pid,
  reportAll,
  startModerationScene,
  type ModerationScene,
} from './support.js';

/**
 * Statement counts of the moderation queue: targets, reports with their reporters and
 * decisions with their moderators are batched per request, so a page costs the same number of
 * SQL statements whether it holds 1, 5 or 20 items.
 */

const PAGE = `query Page { moderationQueue(first: 20) { nodes {
  target { __typename ... on Proposal { id title } ... on Comment { id body } }
  reportCount hidden
  reports { reporter { id } }
  decisions { moderator { id } } } } }`;

interface Item {
  target: { __typename: string; id: string; title?: string; body?: string };
  reportCount: number;
  hidden: boolean;
  reports: { reporter: { id: string } }[];
  decisions: { moderator: { id: string } | null }[];
}

describe('moderationQueue statement counts', () => {
  let s: ModerationScene;
  let reporters: TestUser[];
  beforeAll(async () => {
    s = await startModerationScene();
    reporters = await citizens(s, 2);
  });
  afterAll(() => s.t.close());

  /** Empties the queue (its items, their decisions and every report), so each case starts from none. */
  async function emptyQueue(): Promise<void> {
    await s.t.db.query('DELETE FROM content_report');
    await s.t.db.query('DELETE FROM moderation_item'); // decisions cascade
  }

  /** Adds `n` queue items of one kind, each with two reports and a moderator's decision. */
  async function addItems(kind: 'Proposal' | 'Comment', n: number): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, async (_x, i) => {
        const proposal = await newProposal(s);
        const target =
          kind === 'Proposal' ? pid(proposal) : await commentOn(s, s.author, proposal, `댓글 ${i}`);
        await Promise.all(reporters.map((r) => reportAll(s, [r], target)));
        await moderateOk(s, s.moderator, target, i % 2 ? 'HIDE' : 'RESTORE', '검토함');
      }),
    );
  }

  async function cost(): Promise<{ items: Item[]; statements: number; queries: string[] }> {
    const { result, queries } = await countQueries(s.t.db, () =>
      s.t.gql(PAGE, {}, s.moderator.token),
    );
    const res = result as GraphqlResponse;
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return { items: res.data.moderationQueue.nodes, statements: queries.length, queries };
  }

  /** Every item came back whole: its target, two reporters and one moderator. */
  function expectWhole(items: Item[], kinds: Record<string, number>): void {
    const counted: Record<string, number> = {};
    for (const item of items) {
      counted[item.target.__typename] = (counted[item.target.__typename] ?? 0) + 1;
      expect(item.target.id).toEqual(expect.any(String));
      if (item.target.__typename === 'Proposal')
        expect(item.target.title).toEqual(expect.any(String));
      else expect(item.target.body).toMatch(/^댓글 \d+$/);
      expect(item.reportCount).toBe(2);
      expect(item.reports).toHaveLength(2);
      expect(new Set(item.reports.map((r) => r.reporter.id)).size).toBe(2);
      expect(item.decisions).toEqual([{ moderator: { id: expect.any(String) } }]);
    }
    expect(counted).toEqual(kinds);
  }

  // Seven: the viewer's session, the page, the targets (one kind), the reports, the decisions,
  // the reporters, the moderators.
  it.each([
    ['proposals', 'Proposal', 7],
    ['comments', 'Comment', 7],
  ] as const)(
    'a page of 1, 5 or 20 %s costs the same statements',
    async (_label, kind, expected) => {
      await emptyQueue();
      const counts: number[] = [];
      for (const [add, total] of [
        [1, 1],
        [4, 5],
        [15, 20],
      ]) {
        await addItems(kind, add!);
        const { items, statements, queries } = await cost();
        expect(items).toHaveLength(total!);
        expectWhole(items, { [kind]: total! });
        if (statements !== expected) console.log(queries.join('\n---\n'));
        counts.push(statements);
      }
      expect(counts).toEqual([expected, expected, expected]);
    },
  );

  // Eight: the same, with one statement for each kind of target.
  it('a mixed page costs one statement more (both kinds of target), whatever its size', async () => {
    await emptyQueue();
    await addItems('Proposal', 1);
    await addItems('Comment', 1);
    const small = await cost();
    expectWhole(small.items, { Proposal: 1, Comment: 1 });
    await addItems('Proposal', 9);
    await addItems('Comment', 9);
    const large = await cost();
    expectWhole(large.items, { Proposal: 10, Comment: 10 });
    expect([small.statements, large.statements]).toEqual([8, 8]);
  });
});
