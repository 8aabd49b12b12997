import type { Election } from './election.js';
import { equalShares } from './equal-shares.js';
import { greedy } from './greedy.js';
import { Rational } from './rational.js';
import { translate } from '../../core/i18n/translate.js';
import { Locale } from '../../core/i18n/locale.js';

const project = (id: string, cost: number) => ({ id, cost: BigInt(cost) });
/** One ballot per voter, as the examples' tables list them. */
const voters = (...chosen: string[][]) => chosen.map((projectIds) => ({ projectIds, voters: 1 }));
const selected = (result: { projects: { projectId: string; outcome: string }[] }) =>
  result.projects.filter((p) => p.outcome === 'SELECTED').map((p) => p.projectId);
const outcomeOf = (result: ReturnType<typeof equalShares>, id: string) =>
  result.projects.find((p) => p.projectId === id)!;
const q = (num: number, den = 1) => Rational.of(BigInt(num), BigInt(den));

/**
 * equalshares.net/explanation, "Example 1" and "Example 2": budget 1,100, 11 voters, five
 * projects; the table's columns are the voters, left to right.
 */
const EXPLANATION_PROJECTS = [
  project('bike', 700),
  project('gym', 400),
  project('park', 250),
  project('playground', 200),
  project('library', 100),
];
const EXAMPLE_1: Election = {
  amount: 1100n,
  projects: EXPLANATION_PROJECTS,
  ballots: voters(
    ['bike', 'gym'],
    ['bike', 'gym', 'park'],
    ['bike', 'gym'],
    ['bike', 'gym', 'park'],
    ['bike', 'gym', 'park'],
    ['bike', 'gym'],
    ['park', 'playground', 'library'],
    ['playground'],
    ['playground', 'library'],
    ['park', 'playground', 'library'],
    ['bike'],
  ),
  paper: [],
};
/** Example 2: the right-most voter votes for the gym instead of the bike path. */
const EXAMPLE_2: Election = {
  ...EXAMPLE_1,
  ballots: [...EXAMPLE_1.ballots.slice(0, 10), ...voters(['gym'])],
};

describe('the Method of Equal Shares', () => {
  describe('equalshares.net, "Explanation of the Method of Equal Shares"', () => {
    it('Example 1: bike path, then playground, then library; greedy takes the two sports projects', () => {
      const result = equalShares(EXAMPLE_1);
      expect(selected(result)).toEqual(['bike', 'playground', 'library']);
      // "the 7 voters ... each pay 100"; "each of the 4 voters ... pays 50"; "each pay 33.3"
      expect(result.rounds).toEqual([
        { projectId: 'bike', maxPayment: q(100), effectiveVotes: q(7), payers: 7 },
        { projectId: 'playground', maxPayment: q(50), effectiveVotes: q(4), payers: 4 },
        { projectId: 'library', maxPayment: q(100, 3), effectiveVotes: q(3), payers: 3 },
      ]);
      expect(result.spent).toBe(1000n);
      expect(selected(greedy(EXAMPLE_1))).toEqual(['bike', 'gym']);
      // ₩100 is left: the gym and the park cost more than that.
      expect(outcomeOf(result, 'gym')).toMatchObject({
        outcome: 'OVER_BUDGET',
        explanation: { key: 'results.equalShares.overBudget', params: { cost: 400, left: 100 } },
      });
      expect(outcomeOf(result, 'park').outcome).toBe('OVER_BUDGET');
    });

    it('Example 2: gym, then park (effective vote count about 4.1), then playground', () => {
      const result = equalShares(EXAMPLE_2);
      expect(selected(result)).toEqual(['gym', 'park', 'playground']);
      // The page rounds the gym voters' remaining 300/7 (42.86) to 43, so it shows the park's
      // supporters paying 60.5 and an effective vote count of 4.13; exactly, they pay
      // (250 − 3 × 300/7) / 2 = 425/7 (60.71), and the count is 250 / (425/7) = 70/17 (4.12).
      expect(result.rounds).toEqual([
        { projectId: 'gym', maxPayment: q(400, 7), effectiveVotes: q(7), payers: 7 },
        { projectId: 'park', maxPayment: q(425, 7), effectiveVotes: q(70, 17), payers: 5 },
        { projectId: 'playground', maxPayment: q(425, 7), effectiveVotes: q(56, 17), payers: 4 },
      ]);
      expect(result.spent).toBe(850n);
      // "none of the remaining projects (in particular the library for kids) can be afforded":
      // of its supporters only the 9th voter has money left, 100 − 425/7 = 275/7 (39.29).
      expect(outcomeOf(result, 'library')).toMatchObject({
        outcome: 'NOT_ENOUGH_VOTES',
        explanation: {
          key: 'results.equalShares.notEnoughVotes',
          params: { had: 39, cost: 100 },
        },
      });
      expect(outcomeOf(result, 'bike').outcome).toBe('OVER_BUDGET'); // 700 > 250 left
    });

    it('in won, as the README tells it (₩1,100,000,000): the same, a million times over', () => {
      const inWon: Election = {
        ...EXAMPLE_1,
        amount: 1_100_000_000n,
        projects: EXPLANATION_PROJECTS.map((p) => ({ ...p, cost: p.cost * 1_000_000n })),
      };
      const result = equalShares(inWon);
      expect(result.rounds.map((r) => [r.projectId, r.maxPayment])).toEqual([
        ['bike', q(100_000_000)],
        ['playground', q(50_000_000)],
        ['library', q(100_000_000, 3)],
      ]);
      expect(result.spent).toBe(1_000_000_000n);
      expect(selected(greedy(inWon))).toEqual(['bike', 'gym']);
    });

    it('says how the cost was shared, in Korean and in English', () => {
      const library = outcomeOf(equalShares(EXAMPLE_1), 'library');
      expect(library.explanation).toEqual({
        key: 'results.equalShares.selected',
        params: { round: 3, payers: 3, votes: 3, maxPayment: 33, cost: 100 },
      });
      const { key, params } = library.explanation;
      expect(translate(Locale.EN, key, params)).toBe(
        'Selected in round 3: its 3 supporters paid up to ₩33 each, ₩100 in all.',
      );
      expect(translate(Locale.KO, key, params)).toBe(
        '3번째로 선정되었습니다. 지지자 3명이 각자 최대 33원씩 나누어 비용 100원을 냈습니다.',
      );
    });
  });

  describe('pabutools tests/rules/test_rule.py (Cost_Sat, no completion)', () => {
    it('"Approval example 2": p2 then p0 (costs × 100 to make them whole won)', () => {
      const p = [project('p0', 100), project('p1', 90), project('p2', 200), project('p3', 109)];
      const result = equalShares({
        amount: 400n,
        projects: p,
        ballots: voters(['p0'], ['p1', 'p2', 'p3'], ['p1', 'p2', 'p3'], ['p2']),
        paper: [],
      });
      expect(selected(result)).toEqual(['p2', 'p0']);
    });

    it('the running example of Lackner & Skowron (2023): only a', () => {
      const result = equalShares({
        amount: 4n,
        projects: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => project(id, 1)),
        ballots: voters(
          ['a', 'b'],
          ['a', 'b'],
          ['a', 'b'],
          ['a', 'c'],
          ['a', 'c'],
          ['a', 'c'],
          ['a', 'd'],
          ['a', 'd'],
          ['b', 'c', 'f'],
          ['e'],
          ['f'],
          ['g'],
        ),
        paper: [],
      });
      expect(selected(result)).toEqual(['a']);
      // b's supporters: three with 1/3 − 1/8 = 5/24 each and one with 1/3: 23/24 of a won.
      expect(outcomeOf(result, 'b').explanation.params).toMatchObject({ had: 0, cost: 1 });
      expect(result.unspentShares).toEqual(q(3));
    });
  });

  it('gives a minority its share where greedy gives the majority everything', () => {
    // 60 voters want the ten "red" projects, 40 the ten "blue" ones; ₩100 each, ₩1,000 in all
    // (the motivating example of Peters & Skowron, with 60/40 so that shares are whole).
    const red = Array.from({ length: 10 }, (_, i) => project(`red${i + 1}`, 100));
    const blue = Array.from({ length: 10 }, (_, i) => project(`blue${i + 1}`, 100));
    const election: Election = {
      amount: 1000n,
      projects: [...red, ...blue],
      ballots: [
        { projectIds: red.map((p) => p.id), voters: 60 },
        { projectIds: blue.map((p) => p.id), voters: 40 },
      ],
      paper: [],
    };
    expect(selected(greedy(election))).toEqual(red.map((p) => p.id));
    const mes = equalShares(election);
    expect(selected(mes)).toEqual([
      'red1',
      'red2',
      'red3',
      'red4',
      'red5',
      'red6',
      'blue1',
      'blue2',
      'blue3',
      'blue4',
    ]);
    expect(mes.spent).toBe(1000n);
    // The seventh red project: its 60 supporters spent their ₩600 of shares.
    expect(outcomeOf(mes, 'red7')).toMatchObject({
      outcome: 'OVER_BUDGET', // nothing is left in the pot
      explanation: { params: { left: 0 } },
    });
  });

  it('leaves money unspent by default, and completion "greedy" spends it by votes', () => {
    // 51/49: the red voters' ₩510 of shares buy five projects, the blue ₩490 four; ₩100 left.
    const red = Array.from({ length: 10 }, (_, i) => project(`red${i + 1}`, 100));
    const blue = Array.from({ length: 10 }, (_, i) => project(`blue${i + 1}`, 100));
    const election: Election = {
      amount: 1000n,
      projects: [...red, ...blue],
      ballots: [
        { projectIds: red.map((p) => p.id), voters: 51 },
        { projectIds: blue.map((p) => p.id), voters: 49 },
      ],
      paper: [],
    };
    const plain = equalShares(election);
    expect(selected(plain)).toHaveLength(9);
    expect(plain.spent).toBe(900n);
    expect(outcomeOf(plain, 'red6')).toMatchObject({
      outcome: 'NOT_ENOUGH_VOTES',
      explanation: { key: 'results.equalShares.notEnoughVotes', params: { had: 10, cost: 100 } },
    });
    const completed = equalShares(election, { completion: 'greedy' });
    expect(selected(completed)).toEqual([...selected(plain), 'red6']);
    expect(completed.spent).toBe(1000n);
    expect(outcomeOf(completed, 'red6').explanation).toEqual({
      key: 'results.equalShares.completed',
      params: { votes: 51, rank: 6, cost: 100, left: 100 },
    });
    expect(completed.rounds).toEqual(plain.rounds);
    expect(outcomeOf(completed, 'red7').outcome).toBe('OVER_BUDGET');
  });

  describe('ties (equalshares.net, "Tie breaking": the lower cost, then more votes)', () => {
    // Round 1: x (six supporters, ₩600) spends voters 1 to 6. Then a (voters 1-3, 7, 8) and b
    // (voters 7, 8) both cost ₩100 per paying supporter: the same price, ρ = 1/2.
    const ballotsFor = () =>
      voters(
        ['x', 'a'],
        ['x', 'a'],
        ['x', 'a'],
        ['x'],
        ['x'],
        ['x'],
        ['a', 'b'],
        ['a', 'b'],
        [],
        [],
      );

    it('at the same price and cost, more votes first, whatever the creation order', () => {
      const result = equalShares({
        amount: 1000n,
        projects: [project('b', 200), project('x', 600), project('a', 200)],
        ballots: ballotsFor(),
        paper: [],
      });
      expect(selected(result)).toEqual(['x', 'a']);
      expect(result.rounds[1].effectiveVotes).toEqual(q(2));
      expect(outcomeOf(result, 'b').outcome).toBe('NOT_ENOUGH_VOTES');
    });

    it('at the same price, the lower cost first, before more votes', () => {
      // b at ₩190: its two supporters pay 95 each, the same ρ = 95/190 = 1/2.
      const result = equalShares({
        amount: 1000n,
        projects: [project('x', 600), project('a', 200), project('b', 190)],
        ballots: ballotsFor(),
        paper: [],
      });
      expect(selected(result)).toEqual(['x', 'b']);
    });

    it('all else equal, creation order', () => {
      const tied = voters(['p', 'q'], ['p', 'q']);
      const first = equalShares({
        amount: 200n,
        projects: [project('p', 200), project('q', 200)],
        ballots: tied,
        paper: [],
      });
      expect(selected(first)).toEqual(['p']);
      const swapped = equalShares({
        amount: 200n,
        projects: [project('q', 200), project('p', 200)],
        ballots: tied,
        paper: [],
      });
      expect(selected(swapped)).toEqual(['q']);
    });
  });

  describe('exactness', () => {
    // ₩1,000,000 among 3 voters: shares of 333,333⅓, which no float holds.
    const threeVoters = (cost: number): Election => ({
      amount: 1_000_000n,
      projects: [project('two', cost), project('one', 333_333)],
      ballots: voters(['two'], ['two'], ['one']),
      paper: [],
    });

    it('two voters hold 666,666⅔: a project of 666,666 is affordable, one of 666,667 is not', () => {
      const fits = equalShares(threeVoters(666_666));
      expect(selected(fits)).toEqual(['two', 'one']);
      expect(fits.rounds[0].maxPayment).toEqual(q(333_333));
      expect(fits.unspentShares).toEqual(q(1)); // a third of a won left with each voter
      const short = equalShares(threeVoters(666_667));
      expect(selected(short)).toEqual(['one']);
      expect(outcomeOf(short, 'two')).toMatchObject({
        outcome: 'NOT_ENOUGH_VOTES',
        // 666,666⅔ shown rounded down: what they had must read as less than the cost
        explanation: { params: { had: 666_666, cost: 666_667 } },
      });
    });

    it('a project costing exactly what its supporters hold is selected, to the last third', () => {
      const result = equalShares({
        amount: 1_000_000n,
        projects: [project('everything', 1_000_000)],
        ballots: voters(['everything'], ['everything'], ['everything']),
        paper: [],
      });
      expect(selected(result)).toEqual(['everything']);
      expect(result.rounds[0].maxPayment).toEqual(q(1_000_000, 3));
      expect(result.projects[0].explanation.params.maxPayment).toBe(333_333);
      expect(result.unspentShares).toEqual(q(0));
    });

    it('one won short of that, it is not', () => {
      const result = equalShares({
        amount: 999_999n,
        projects: [project('everything', 1_000_000)],
        ballots: voters(['everything'], ['everything'], ['everything']),
        paper: [],
      });
      expect(selected(result)).toEqual([]);
      expect(result.projects[0].outcome).toBe('OVER_BUDGET');
    });

    it('payments that do not divide evenly round after round stay exact', () => {
      // 7 voters, ₩1,000: shares of 1000/7; payments of 1/3 and 1/6 of odd amounts.
      const result = equalShares({
        amount: 1000n,
        projects: [project('a', 301), project('b', 257), project('c', 199), project('d', 243)],
        ballots: voters(
          ['a', 'b'],
          ['a', 'b', 'c'],
          ['a', 'c'],
          ['b', 'd'],
          ['c', 'd'],
          ['d'],
          ['a'],
        ),
        paper: [],
      });
      const paid = result.rounds.reduce((sum, r) => sum + BigInt(r.payers), 0n);
      expect(paid).toBeGreaterThan(0n);
      // Whatever was selected, shares spent plus shares left is the amount, exactly.
      expect(Rational.from(result.spent).add(result.unspentShares)).toEqual(q(1000));
    });
  });

  describe('paper tallies', () => {
    it("a place's ballots join n, and its money is split among its votes", () => {
      // 6 online voters and a place with 4 paper ballots: n = 10, shares of ₩100. The place
      // has 8 votes, so each paper vote holds ₩50. a (₩600): 4 online + 4 paper supporters
      // hold exactly ₩600; b (₩400): 2 online + 4 paper hold exactly ₩400.
      const result = equalShares({
        amount: 1000n,
        projects: [project('a', 600), project('b', 400)],
        ballots: [
          { projectIds: ['a'], voters: 4 },
          { projectIds: ['b'], voters: 2 },
        ],
        paper: [
          {
            ballots: 4,
            votes: [
              { projectId: 'a', votes: 4 },
              { projectId: 'b', votes: 4 },
            ],
          },
        ],
      });
      expect(selected(result)).toEqual(['a', 'b']);
      // Paper voters pay their ₩50, online ones the rest: ₩100 each for both.
      expect(result.rounds.map((r) => [r.projectId, r.maxPayment, r.payers])).toEqual([
        ['a', q(100), 8],
        ['b', q(100), 6],
      ]);
      expect(result.projects[0]).toMatchObject({ onlineVotes: 4, offlineVotes: 4, votes: 8 });
      expect(result.spent).toBe(1000n);
    });

    it('paper votes cannot pay for what they did not choose', () => {
      // The same place, but its votes all for a: each of its 4 votes holds a full ₩100 share.
      const result = equalShares({
        amount: 1000n,
        projects: [project('a', 600), project('b', 300)],
        ballots: [
          { projectIds: ['a'], voters: 4 },
          { projectIds: ['b'], voters: 2 },
        ],
        paper: [{ ballots: 4, votes: [{ projectId: 'a', votes: 4 }] }],
      });
      expect(selected(result)).toEqual(['a']);
      expect(result.rounds[0].maxPayment).toEqual(q(75));
      // b's two online supporters hold ₩200 of its ₩300; ₩400 is left in the pot.
      expect(outcomeOf(result, 'b')).toMatchObject({
        outcome: 'NOT_ENOUGH_VOTES',
        explanation: { params: { had: 200, cost: 300, left: 400 } },
      });
    });

    it('blank paper ballots still count in n, so the shares are smaller', () => {
      const online = { projects: [project('a', 100)], ballots: voters(['a']) };
      expect(selected(equalShares({ ...online, amount: 100n, paper: [] }))).toEqual(['a']);
      const withBlank = equalShares({
        ...online,
        amount: 100n,
        paper: [{ ballots: 1, votes: [] }],
      });
      expect(selected(withBlank)).toEqual([]);
      expect(withBlank.projects[0].explanation.params).toMatchObject({ had: 50, cost: 100 });
    });

    it('a pot with paper ballots only', () => {
      const result = equalShares({
        amount: 300n,
        projects: [project('a', 200), project('b', 100), project('c', 150)],
        ballots: [],
        paper: [
          { ballots: 2, votes: [{ projectId: 'a', votes: 2 }] },
          {
            ballots: 1,
            votes: [
              { projectId: 'b', votes: 1 },
              { projectId: 'c', votes: 1 },
            ],
          },
        ],
      });
      // Shares of ₩100: a's two votes hold ₩200; b's and c's one vote ₩50 each. ₩100 is left,
      // enough for b (its supporters are short) but not for c.
      expect(selected(result)).toEqual(['a']);
      expect(result.projects.map((p) => [p.projectId, p.offlineVotes, p.outcome])).toEqual([
        ['a', 2, 'SELECTED'],
        ['b', 1, 'NOT_ENOUGH_VOTES'],
        ['c', 1, 'OVER_BUDGET'],
      ]);
    });
  });

  it('without voters or without money, selects nothing', () => {
    const projects = [project('a', 1)];
    expect(selected(equalShares({ amount: 100n, projects, ballots: [], paper: [] }))).toEqual([]);
    const broke = equalShares({ amount: 0n, projects, ballots: voters(['a']), paper: [] });
    expect(broke.projects[0]).toMatchObject({
      outcome: 'OVER_BUDGET',
      explanation: { params: { left: 0, cost: 1 } },
    });
    const none = equalShares({ amount: 0n, projects: [], ballots: voters([]), paper: [] });
    expect(none).toMatchObject({ spent: 0n, projects: [], rounds: [] });
  });

  it('a project nobody chose is NOT_ENOUGH_VOTES, even one too dear for the pot', () => {
    const result = equalShares({
      amount: 100n,
      projects: [project('dear', 1000), project('cheap', 10)],
      ballots: voters(['cheap']),
      paper: [],
    });
    expect(outcomeOf(result, 'dear')).toMatchObject({
      outcome: 'NOT_ENOUGH_VOTES',
      explanation: { key: 'results.noVotes' },
    });
  });
});
