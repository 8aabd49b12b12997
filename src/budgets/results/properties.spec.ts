import type { Election, ElectionResult } from './election.js';
import { results } from '../../core/i18n/catalogues/ko/results.js';
import { Locale } from '../../core/i18n/locale.js';
import { translate } from '../../core/i18n/translate.js';
import { equalShares } from './equal-shares.js';
import { greedy } from './greedy.js';
import { Rational } from './rational.js';
import {
  referenceEqualShares,
  referenceEqualSharesRun,
  referenceGreedy,
} from './testing/reference.js';
import { randomElection, seeded } from './testing/random-election.js';

const selectedIds = (result: ElectionResult) =>
  result.projects.filter((p) => p.outcome === 'SELECTED').map((p) => p.projectId);

/** Small random elections, some with few voters (ties and exact fits are then common). */
function smallElections(count: number, seed: number): Election[] {
  const random = seeded(seed);
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  return Array.from({ length: count }, () =>
    randomElection(random, {
      projects: int(1, 7),
      ballots: int(0, 14),
      choices: [0, 4],
      // Few distinct costs, so that equal prices and exact fits happen.
      cost: random() < 0.5 ? [1, 4] : [10, 120],
      amount: BigInt(int(0, 300)),
      places: int(0, 2),
      paperBallots: 5,
      group: random() < 0.5,
    }),
  );
}

describe('the rules against slow, obviously correct references (random small elections)', () => {
  const elections = smallElections(600, 20_261_206);

  it('greedy selects what the reference selects, in the same order', () => {
    for (const election of elections) {
      expect({ election, selected: selectedIds(greedy(election)) }).toEqual({
        election,
        selected: referenceGreedy(election),
      });
    }
  });

  it('Equal Shares selects what the per-voter reference selects, in the same order', () => {
    let nonTrivial = 0;
    for (const election of elections) {
      const fast = equalShares(election).rounds.map((r) => r.projectId);
      expect({ election, selected: fast }).toEqual({
        election,
        selected: referenceEqualShares(election),
      });
      if (fast.length >= 2) nonTrivial++;
    }
    // The instances exercise the method (several rounds), not only empty outcomes.
    expect(nonTrivial).toBeGreaterThan(100);
  });

  it('Equal Shares quotes what the supporters of a project they could not afford still hold', () => {
    let quoted = 0;
    for (const election of elections) {
      const reference = referenceEqualSharesRun(election);
      for (const project of equalShares(election).projects) {
        if (project.explanation.key !== 'results.equalShares.notEnoughVotes') continue;
        const held = reference.supportersMoney.get(project.projectId)!;
        expect({
          election,
          project: project.projectId,
          had: project.explanation.params.had,
        }).toEqual({
          election,
          project: project.projectId,
          had: Number(held.floor()),
        });
        quoted++;
      }
    }
    expect(quoted).toBeGreaterThan(100);
  });

  it('spends no more than the pot, and shares spent plus shares left make the amount', () => {
    let checked = 0;
    for (const election of elections) {
      for (const result of [
        greedy(election),
        equalShares(election),
        equalShares(election, { completion: 'greedy' }),
      ]) {
        expect(result.spent).toBeLessThanOrEqual(election.amount);
        const costs = new Map(election.projects.map((p) => [p.id, p.cost]));
        const sum = selectedIds(result).reduce((s, id) => s + costs.get(id)!, 0n);
        expect(sum).toBe(result.spent);
        expect(result.projects).toHaveLength(election.projects.length);
      }
      // Shares spent plus shares left make the amount, except where shares were handed to
      // nobody (no voters) or to blank paper ballots, which cannot spend them.
      const mes = equalShares(election);
      const voters =
        election.ballots.reduce((s, b) => s + b.voters, 0) +
        election.paper.reduce((s, p) => s + p.ballots, 0);
      const blank = election.paper.some(
        (p) => p.ballots > 0 && p.votes.every((v) => v.votes === 0),
      );
      const handedOut = voters > 0 && !blank ? election.amount : undefined;
      const accounted = Rational.from(mes.spent).add(mes.unspentShares);
      expect(handedOut === undefined || accounted.eq(Rational.from(handedOut))).toBe(true);
      checked += handedOut === undefined ? 0 : 1;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('grouping identical ballots or spelling them out gives the same result', () => {
    for (const election of elections.slice(0, 200)) {
      const spelled: Election = {
        ...election,
        ballots: election.ballots.flatMap((b) =>
          Array.from({ length: b.voters }, () => ({ projectIds: b.projectIds, voters: 1 })),
        ),
      };
      expect(equalShares(spelled)).toEqual(equalShares(election));
      expect(greedy(spelled)).toEqual(greedy(election));
    }
  });

  it('every explanation renders in Korean and in English with the parameters it is given', () => {
    const keys = new Set<string>();
    for (const election of elections.slice(0, 300)) {
      for (const result of [
        greedy(election),
        equalShares(election),
        equalShares(election, { completion: 'greedy' }),
      ]) {
        for (const { explanation } of result.projects) {
          keys.add(explanation.key);
          for (const locale of [Locale.KO, Locale.EN]) {
            // intl-messageformat throws on a missing argument; a leftover brace means a typo.
            const text = translate(locale, explanation.key, explanation.params);
            expect(text).not.toMatch(/[{}]/);
          }
        }
      }
    }
    // Every key of the results catalogue is reached by some election.
    expect([...keys].sort()).toEqual(Object.keys(results).sort());
  });

  it('a larger random election agrees with the reference too', () => {
    const random = seeded(7);
    for (let i = 0; i < 5; i++) {
      const election = randomElection(random, {
        projects: 15,
        ballots: 300,
        choices: [1, 5],
        cost: [1_000_000, 40_000_000],
        amount: 100_000_000n,
        places: 3,
        paperBallots: 40,
        group: true,
      });
      const fast = equalShares(election).rounds.map((r) => r.projectId);
      expect(fast).toEqual(referenceEqualShares(election));
      expect(fast.length).toBeGreaterThan(1);
    }
  });
});
