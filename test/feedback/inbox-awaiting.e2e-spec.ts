import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  answer,
  assign,
  did,
  feedbackScene,
  newProposal,
  ok,
  pid,
  setDueAt,
  type FeedbackScene,
} from './support.js';

const INBOX = `query Inbox($id: ID!, $awaitingAnswer: Boolean, $overdue: Boolean, $status: [ProposalStatus!],
    $orderBy: ProposalOrder, $first: Int, $after: String) {
  node(id: $id) { ... on Department {
    proposals(awaitingAnswer: $awaitingAnswer, overdue: $overdue, status: $status, orderBy: $orderBy,
        first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id status } } } } }`;
const WITHDRAW = 'mutation W($id: ID!) { withdrawProposal(id: $id) { id } }';
const DUE_ASC = { field: 'RESPONSE_DUE_AT', direction: 'ASC' };
const DAY = 86_400_000;

/**
 * A department's inbox, most urgent first, with `awaitingAnswer: true`: only the proposals it
 * still owes an answer, so those it answered, closed or that were withdrawn (whose old
 * deadlines sort first) do not crowd the top.
 */
describe('Department.proposals(awaitingAnswer)', () => {
  let t: TestApp;
  let s: FeedbackScene;
  /** Global ids by name. */
  const id: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
    const now = Date.now();
    const make = async (
      name: string,
      dueInDays: number,
      steps: (p: ProposalEntity) => Promise<unknown> = async () => undefined,
      hidden = false,
    ) => {
      const p = await newProposal(s);
      await assign(s, s.admin, p, s.parks);
      await steps(p);
      await t.db.query('UPDATE proposal SET response_due_at = $2 WHERE id = $1', [
        p.id,
        new Date(now + dueInDays * DAY),
      ]);
      if (hidden) await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
      id[name] = pid(p);
    };
    await make('rejected', -20, (p) => answer(s, s.parksStaff, p, 'REJECTED'));
    await make('withdrawn', -15, (p) => ok(t, WITHDRAW, { id: pid(p) }, s.author.token));
    await make('accepted', -10, (p) => answer(s, s.parksStaff, p, 'ACCEPTED'));
    await make('hiddenOwed', -3, undefined, true);
    // Sent on from roads: parks owes the answer now, under the deadline the transfer kept.
    await make('transferredIn', -2, async (p) => {
      await assign(s, s.admin, p, s.roads);
      await assign(s, s.roadsStaff, p, s.parks);
    });
    await make('overdue', -1);
    await make('ahead', 5);
    // Sent away to welfare: no longer in parks' inbox at all.
    await make('transferredOut', -5, (p) => assign(s, s.parksStaff, p, s.welfare));
    // An interim reply (UNDER_REVIEW kept) is an answer: parks owes nothing more for now.
    await make('interim', -4, (p) => answer(s, s.parksStaff, p, 'UNDER_REVIEW'));
  });
  afterAll(() => t.close());

  async function inbox(args: Record<string, unknown>, who: TestUser | null = null) {
    const data = await ok(
      t,
      INBOX,
      { id: did(s.parks), orderBy: DUE_ASC, first: 100, ...args },
      who?.token ?? null,
    );
    const list = data.node.proposals;
    expect(list.totalCount).toBe(list.nodes.length);
    return list.nodes.map((n: { id: string }) => n.id);
  }
  const named = (...names: string[]) => names.map((name) => id[name]);

  it('without it, the closed and answered proposals come first by their old deadlines', async () => {
    expect(await inbox({})).toEqual(
      named('rejected', 'withdrawn', 'accepted', 'interim', 'transferredIn', 'overdue', 'ahead'),
    );
  });

  it('true: only the proposals waiting for its answer, most urgent first', async () => {
    expect(await inbox({ awaitingAnswer: true })).toEqual(
      named('transferredIn', 'overdue', 'ahead'),
    );
  });

  it('false: only the others', async () => {
    expect(await inbox({ awaitingAnswer: false })).toEqual(
      named('rejected', 'withdrawn', 'accepted', 'interim'),
    );
  });

  it('combines with overdue and status', async () => {
    expect(await inbox({ awaitingAnswer: true, overdue: true })).toEqual(
      named('transferredIn', 'overdue'),
    );
    expect(await inbox({ awaitingAnswer: true, overdue: false })).toEqual(named('ahead'));
    expect(await inbox({ awaitingAnswer: false, overdue: true })).toEqual([]);
    expect(await inbox({ awaitingAnswer: false, status: ['UNDER_REVIEW'] })).toEqual(
      named('interim'),
    );
    expect(await inbox({ awaitingAnswer: true, status: ['ACCEPTED', 'REJECTED'] })).toEqual([]);
  });

  it('keeps hidden proposals from those who may not see them, and shows them to an admin', async () => {
    for (const who of [null, s.citizen, s.roadsStaff]) {
      expect(await inbox({ awaitingAnswer: true }, who)).not.toContain(id.hiddenOwed);
    }
    expect(await inbox({ awaitingAnswer: true }, s.admin)).toEqual(
      named('hiddenOwed', 'transferredIn', 'overdue', 'ahead'),
    );
    // The author of a hidden proposal still sees their own.
    expect(await inbox({ awaitingAnswer: true }, s.author)).toContain(id.hiddenOwed);
  });

  it('follows the proposal: answered, it leaves the list; sent back, it returns', async () => {
    const p = await newProposal(s);
    await assign(s, s.admin, p, s.parks);
    await setDueAt(t, p.id, new Date(Date.now() + 30 * DAY));
    expect(await inbox({ awaitingAnswer: true })).toContain(pid(p));
    await answer(s, s.parksStaff, p, 'ACCEPTED');
    expect(await inbox({ awaitingAnswer: true })).not.toContain(pid(p));
    expect(await inbox({ awaitingAnswer: false })).toContain(pid(p));
    await assign(s, s.parksStaff, p, s.roads);
    await assign(s, s.roadsStaff, p, s.parks);
    expect(await inbox({ awaitingAnswer: true })).toContain(pid(p));
  });

  it('pages with first/after without repeats or gaps', async () => {
    const full = await inbox({ awaitingAnswer: true });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const data = await ok(
        t,
        INBOX,
        { id: did(s.parks), orderBy: DUE_ASC, awaitingAnswer: true, first: 1, after },
        null,
      );
      const page = data.node.proposals;
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(full);
  });

  it('refuses a value that is not a Boolean as BAD_USER_INPUT', async () => {
    for (const awaitingAnswer of ['yes', 1, 'true']) {
      const res = await t.gql(INBOX, { id: did(s.parks), awaitingAnswer });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.data).toBeUndefined();
    }
  });
});
