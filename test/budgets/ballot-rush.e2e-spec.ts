import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { BudgetVotingStyle } from '../../src/budgets/budget-enums.js';
import { createBudgetRow, createProjectRow } from '../../src/budgets/testing/budgets.factory.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { listen } from '../helpers/live-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The last ten minutes of a vote (issue 18): 20,000 ballots, 200 at a time, among them people
 * changing their minds, some twice at the same instant. Afterwards every voter holds exactly
 * their last ballot (or, for two sent at once, one of the two whole), no ballot is lost or
 * counted twice, the totals the API publishes equal a recount from the ballots, and ballots
 * sent after the close were refused and left no trace.
 */

const VOTERS = 16_000;
const CHANGES = 4_000;
const AT_ONCE = 200;
const PER_POT = 4;
const ENDS = new Date('2031-09-30T15:00:00.000Z');
const TEN_MINUTES = 10 * 60_000;

/** A small deterministic generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Voter {
  id: string;
  token: string;
  district: number;
}

it(`${VOTERS + CHANGES} ballots in the last ten minutes, ${AT_ONCE} at a time: totals equal a recount, nothing lost or doubled`, async () => {
  const t: TestApp = await startTestApp();
  try {
    freezeClock(ENDS.getTime() - TEN_MINUTES);
    const random = seeded(18);
    const districts = [await createDistrict(t.db), await createDistrict(t.db)];
    const budget = await createBudgetRow(t.db, {
      votingStyle: BudgetVotingStyle.APPROVAL,
      maxChoices: PER_POT,
      votingStartsAt: new Date(ENDS.getTime() - 30 * 86_400_000),
      votingEndsAt: ENDS,
      pots: [
        { districtId: null, amount: 1_000_000_000 },
        { districtId: districts[0].id, amount: 100_000_000 },
        { districtId: districts[1].id, amount: 100_000_000 },
      ],
    });
    // Projects of each pot: 10 city-wide, 5 in each district.
    const projectsOf: string[][] = [[], [], []];
    for (let i = 0; i < 10; i += 1)
      projectsOf[0].push((await createProjectRow(t.db, budget.id)).id);
    for (const [d, district] of districts.entries()) {
      for (let i = 0; i < 5; i += 1) {
        projectsOf[d + 1].push(
          (await createProjectRow(t.db, budget.id, { districtId: district.id })).id,
        );
      }
    }

    // Voters, straight into the tables: verified residents of one district or the other.
    const voters: Voter[] = [];
    const ids: string[] = Array.from({ length: VOTERS }, () => randomUUID());
    for (let from = 0; from < VOTERS; from += 2_000) {
      const slice = ids.slice(from, from + 2_000);
      await t.db.query(
        `INSERT INTO app_user (id, email, password_hash, display_name, birth_year, residency_district_id, residency_verified_at)
           SELECT id, 'rush-' || id || '@example.test', 'x', 'voter', 1980,
                  CASE WHEN n % 2 = 0 THEN $2::uuid ELSE $3::uuid END, now()
             FROM unnest($1::uuid[]) WITH ORDINALITY AS v(id, n)`,
        [slice, districts[0].id, districts[1].id],
      );
      const sessions = (await t.db.query(
        `INSERT INTO auth_session (user_id) SELECT unnest($1::uuid[]) RETURNING id, user_id`,
        [slice],
      )) as { id: string; user_id: string }[];
      for (const session of sessions) {
        const n = ids.indexOf(session.user_id, from) - from + 1;
        voters.push({
          id: session.user_id,
          token: await t.jwt.signAsync({ sub: session.user_id, sid: session.id }),
          district: n % 2 === 0 ? 1 : 2,
        });
      }
    }

    const ballotOf = (voter: Voter): string[] => {
      const pick = (pool: string[]) => pool.filter(() => random() < 0.35).slice(0, PER_POT);
      const chosen = [...pick(projectsOf[0]), ...pick(projectsOf[voter.district])];
      return chosen.length ? chosen : [projectsOf[0][Math.floor(random() * 10)]];
    };

    // The requests: every voter once, then 4,000 changes; 1 in 10 changes is sent in the
    // same batch as that voter's first ballot (a race), the rest later.
    type Send = { voter: Voter; ballot: string[] };
    const firsts: Send[] = voters.map((voter) => ({ voter, ballot: ballotOf(voter) }));
    const batches: Send[][] = [];
    for (let i = 0; i < firsts.length; i += AT_ONCE) batches.push(firsts.slice(i, i + AT_ONCE));
    const racing = new Set<string>();
    for (let c = 0; c < CHANGES; c += 1) {
      const voter = voters[Math.floor(random() * VOTERS)];
      const change = { voter, ballot: ballotOf(voter) };
      if (c % 10 === 0 && !racing.has(voter.id)) {
        const batch = batches[Math.floor(voters.indexOf(voter) / AT_ONCE)];
        if (batch.length < AT_ONCE + 20) {
          batch.push(change);
          racing.add(voter.id);
          continue;
        }
      }
      // A later batch than the voter's first one.
      const first = Math.floor(voters.indexOf(voter) / AT_ONCE);
      const later = first + 1 + Math.floor(random() * Math.max(1, batches.length - first - 1));
      (batches[Math.min(later, batches.length - 1)] ??= []).push(change);
    }
    // 200 more after the close: refused, not counted.
    const afterClose: Send[] = voters
      .slice(0, AT_ONCE)
      .map((voter) => ({ voter, ballot: projectsOf[0].slice(0, 1) }));

    const url = (await listen(t.app)).replace('ws://', 'http://');
    const budgetId = toGlobalId('ParticipatoryBudget', budget.id);
    const send = async ({ voter, ballot }: Send): Promise<string> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${voter.token}` },
        body: JSON.stringify({
          query: 'mutation($input: CastBallotInput!) { castBallot(input: $input) { updatedAt } }',
          variables: {
            input: { budgetId, projectIds: ballot.map((id) => toGlobalId('BudgetProject', id)) },
          },
        }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      return body.errors?.[0]?.extensions?.code ?? 'OK';
    };

    /**
     * Sends a batch as well-behaved clients do: a request answered SERVICE_UNAVAILABLE (the
     * server shed it under load: its pool was busy past the wait, and nothing was done) is sent
     * again, with the rest of the batch's refused ones, before the next batch. How many were
     * shed is printed: under CI's load some are, alone none.
     */
    let shed = 0;
    const sendAll = async (batch: Send[]): Promise<string[]> => {
      const codes: string[] = batch.map(() => '');
      let pending = batch.map((_, i) => i);
      for (let attempt = 0; pending.length > 0 && attempt < 20; attempt += 1) {
        const answers = await Promise.all(pending.map((i) => send(batch[i])));
        pending.forEach((i, k) => (codes[i] = answers[k]));
        pending = pending.filter((_, k) => answers[k] === 'SERVICE_UNAVAILABLE');
        shed += pending.length;
      }
      return codes;
    };

    // Last ballot expected per voter; for a race, either of the two.
    const expected = new Map<string, string[][]>();
    const outcomes = new Map<string, number>();
    let sent = 0;
    for (const [b, batch] of batches.entries()) {
      // The clock walks through the last ten minutes, ending just before the close.
      setClock(ENDS.getTime() - TEN_MINUTES + Math.floor((b * (TEN_MINUTES - 1)) / batches.length));
      const codes = await sendAll(batch);
      sent += batch.length;
      const inBatch = new Map<string, string[][]>();
      batch.forEach((s, i) => {
        outcomes.set(codes[i], (outcomes.get(codes[i]) ?? 0) + 1);
        if (codes[i] === 'OK')
          inBatch.set(s.voter.id, [...(inBatch.get(s.voter.id) ?? []), [...s.ballot].sort()]);
      });
      for (const [voterId, ballots] of inBatch) expected.set(voterId, ballots);
    }
    console.log(`ballot rush: ${sent} ballots, ${shed} shed under load and sent again`);
    expect(sent).toBe(VOTERS + CHANGES);
    expect(Object.fromEntries(outcomes)).toEqual({ OK: VOTERS + CHANGES });

    setClock(ENDS);
    const late = await sendAll(afterClose);
    expect(new Set(late)).toEqual(new Set(['CONFLICT']));

    // Every voter holds exactly one ballot: their last, or one of two sent at once.
    const held = (await t.db.query(
      `SELECT b.voter_id, array_agg(c.project_id::text ORDER BY c.project_id::text) AS projects, count(*) OVER () AS ballots
           FROM ballot b JOIN ballot_choice c ON c.ballot_id = b.id
          WHERE b.budget_id = $1 GROUP BY b.voter_id`,
      [budget.id],
    )) as { voter_id: string; projects: string[] }[];
    expect(held).toHaveLength(VOTERS);
    let races = 0;
    const recount = new Map<string, number>();
    for (const row of held) {
      const options = expected.get(row.voter_id)!;
      if (options.length > 1) races += 1;
      expect(options.map((o) => JSON.stringify(o))).toContain(JSON.stringify(row.projects));
      for (const p of row.projects) recount.set(p, (recount.get(p) ?? 0) + 1);
    }
    expect(races).toBeGreaterThan(100);
    const [{ rows: ballotRows }] = await t.db.query(
      'SELECT count(*)::int AS rows FROM ballot WHERE budget_id = $1',
      [budget.id],
    );
    expect(ballotRows).toBe(VOTERS);

    // The totals the API publishes once voting has closed equal the recount.
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query($id: ID!) { budget(id: $id) { results { ballots projects { project { id } onlineVotes offlineVotes votes } } } }',
        variables: { id: budgetId },
      }),
    });
    const { data } = (await res.json()) as {
      data: {
        budget: {
          results: {
            ballots: number;
            projects: { project: { id: string }; onlineVotes: number; votes: number }[];
          };
        };
      };
    };
    expect(data.budget.results.ballots).toBe(VOTERS);
    const published = Object.fromEntries(
      data.budget.results.projects.map((p) => [p.project.id, p.onlineVotes]),
    );
    const counted = Object.fromEntries(
      projectsOf.flat().map((id) => [toGlobalId('BudgetProject', id), recount.get(id) ?? 0]),
    );
    expect(published).toEqual(counted);
  } finally {
    restoreClock();
    await t.close();
  }
}, 600_000);
