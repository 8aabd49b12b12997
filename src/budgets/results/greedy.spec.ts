import type { Election } from './election.js';
import { greedy } from './greedy.js';
import { translate } from '../../core/i18n/translate.js';
import { Locale } from '../../core/i18n/locale.js';

const project = (id: string, cost: number) => ({ id, cost: BigInt(cost) });
const ballots = (...groups: [string[], number][]) =>
  groups.map(([projectIds, voters]) => ({ projectIds, voters }));
const outcomes = (election: Election) =>
  greedy(election).projects.map((p) => `${p.projectId}:${p.outcome}`);

describe('greedy', () => {
  it('takes projects by votes and skips one that no longer fits, then takes a cheaper one', () => {
    // a 5 votes ₩60, b 4 votes ₩50 (does not fit the ₩40 left), c 3 votes ₩40 (fits exactly)
    const election: Election = {
      amount: 100n,
      projects: [project('a', 60), project('b', 50), project('c', 40), project('d', 1)],
      ballots: ballots([['a', 'b'], 3], [['a', 'c'], 2], [['b', 'c'], 1]),
      paper: [],
    };
    const result = greedy(election);
    expect(outcomes(election)).toEqual([
      'a:SELECTED',
      'c:SELECTED',
      'b:OVER_BUDGET',
      'd:NOT_ENOUGH_VOTES',
    ]);
    expect(result.spent).toBe(100n);
    const b = result.projects.find((p) => p.projectId === 'b')!;
    expect(b.explanation).toEqual({
      key: 'results.greedy.overBudget',
      params: { votes: 4, rank: 2, cost: 50, left: 40 },
    });
    expect(translate(Locale.EN, b.explanation.key, b.explanation.params)).toBe(
      'Number 2 by votes (4 votes), but when its turn came only ₩40 was left, less than its cost of ₩50.',
    );
  });

  it('selects a project that fits exactly, and not one a single won over', () => {
    const base = {
      projects: [project('a', 700), project('b', 300)],
      ballots: ballots([['a'], 2], [['b'], 1]),
      paper: [],
    };
    expect(outcomes({ ...base, amount: 1000n })).toEqual(['a:SELECTED', 'b:SELECTED']);
    expect(outcomes({ ...base, amount: 999n })).toEqual(['a:SELECTED', 'b:OVER_BUDGET']);
    expect(outcomes({ ...base, amount: 699n })).toEqual(['b:SELECTED', 'a:OVER_BUDGET']);
  });

  it('breaks equal votes by the lower cost, then by creation order', () => {
    const election: Election = {
      amount: 100n,
      projects: [project('first', 60), project('second', 60), project('cheap', 50)],
      ballots: ballots([['first', 'second', 'cheap'], 1]),
      paper: [],
    };
    // One vote each: cheap (₩50) first; then neither ₩60 project fits the ₩50 left.
    expect(outcomes(election)).toEqual([
      'cheap:SELECTED',
      'first:OVER_BUDGET',
      'second:OVER_BUDGET',
    ]);
    expect(outcomes({ ...election, amount: 120n })).toEqual([
      'cheap:SELECTED',
      'first:SELECTED',
      'second:OVER_BUDGET',
    ]);
    // Created in the other order, the other one wins the tie.
    const swapped = { ...election, amount: 120n, projects: [...election.projects].reverse() };
    expect(outcomes(swapped)).toEqual(['cheap:SELECTED', 'second:SELECTED', 'first:OVER_BUDGET']);
  });

  it('never selects a project without votes, even with money left', () => {
    const result = greedy({
      amount: 1_000n,
      projects: [project('voted', 10), project('ignored', 10)],
      ballots: ballots([['voted'], 1]),
      paper: [],
    });
    expect(result.projects.map((p) => [p.projectId, p.outcome, p.explanation.key])).toEqual([
      ['voted', 'SELECTED', 'results.greedy.selected'],
      ['ignored', 'NOT_ENOUGH_VOTES', 'results.noVotes'],
    ]);
    expect(result.spent).toBe(10n);
  });

  it('adds paper votes to online ones, and paper alone can decide', () => {
    const result = greedy({
      amount: 100n,
      projects: [project('online', 100), project('paper', 100)],
      ballots: ballots([['online'], 3]),
      paper: [
        { ballots: 2, votes: [{ projectId: 'paper', votes: 2 }] },
        {
          ballots: 5,
          votes: [
            { projectId: 'paper', votes: 2 },
            { projectId: 'online', votes: 1 },
          ],
        },
      ],
    });
    expect(result.projects).toEqual([
      expect.objectContaining({ projectId: 'online', onlineVotes: 3, offlineVotes: 1, votes: 4 }),
      expect.objectContaining({ projectId: 'paper', onlineVotes: 0, offlineVotes: 4, votes: 4 }),
    ]);
    // 4 votes each, same cost: creation order.
    expect(result.projects.map((p) => p.outcome)).toEqual(['SELECTED', 'OVER_BUDGET']);
  });

  it('with no ballots at all, selects nothing and spends nothing', () => {
    const result = greedy({ amount: 100n, projects: [project('a', 1)], ballots: [], paper: [] });
    expect(result).toEqual({
      spent: 0n,
      projects: [
        expect.objectContaining({ projectId: 'a', votes: 0, outcome: 'NOT_ENOUGH_VOTES' }),
      ],
    });
  });

  it('refuses an election that is not one (a bug upstream, not a user error)', () => {
    const ok: Election = { amount: 10n, projects: [project('a', 5)], ballots: [], paper: [] };
    expect(() => greedy({ ...ok, amount: -1n })).toThrow(RangeError);
    expect(() => greedy({ ...ok, projects: [project('a', 0)] })).toThrow(RangeError);
    expect(() => greedy({ ...ok, projects: [project('a', 1), project('a', 2)] })).toThrow(
      RangeError,
    );
    expect(() => greedy({ ...ok, ballots: ballots([['b'], 1]) })).toThrow(/unknown project b/);
    expect(() => greedy({ ...ok, ballots: ballots([['a', 'a'], 1]) })).toThrow(RangeError);
    expect(() => greedy({ ...ok, ballots: ballots([['a'], 1.5]) })).toThrow(RangeError);
    expect(() => greedy({ ...ok, ballots: ballots([['a'], -1]) })).toThrow(RangeError);
    expect(() =>
      greedy({ ...ok, paper: [{ ballots: 1, votes: [{ projectId: 'a', votes: 2 }] }] }),
    ).toThrow(/more paper votes/);
    expect(() =>
      greedy({
        ...ok,
        paper: [
          {
            ballots: 3,
            votes: [
              { projectId: 'a', votes: 1 },
              { projectId: 'a', votes: 1 },
            ],
          },
        ],
      }),
    ).toThrow(RangeError);
  });
});
