import { Role } from '../../src/core/access/role.js';
import { parseGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import {
  createBallotRow,
  createBudgetRow,
  createProjectRow,
  type BudgetRowOptions,
} from '../../src/budgets/testing/budgets.factory.js';
import type { BudgetProjectEntity } from '../../src/budgets/budget-project.entity.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * Shared tools of the tests of paper tallies, results, publication and the Pabulib export
 * (not a test file itself). The clock is frozen at T0 for a whole file, so tokens minted at
 * T0 stay valid; each test makes budgets whose dates put them in the phase it needs.
 */

export const T0 = new Date('2031-06-01T03:00:00.000Z');
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const TALLY_FIELDS = `place paperBallots enteredAt enteredBy { id }
  replaced { place paperBallots enteredAt enteredBy { id } replaced { place paperBallots } }`;
export const ENTER = `mutation($input: EnterOfflineTallyInput!) {
  enterOfflineTally(input: $input) { ${TALLY_FIELDS} } }`;

export const RESULTS_FIELDS = `rule ballots final
  offlineTallies { place paperBallots enteredBy { id } }
  projects { project { id title cost } onlineVotes offlineVotes votes outcome explanation }
  spent { amount district { slug } }`;
export const RESULTS = `query($id: ID!) { budget(id: $id) { id stage results { ${RESULTS_FIELDS} }
  projects(first: 100) { nodes { id votes selected } } } }`;
export const PUBLISH = `mutation($id: ID!) { publishBudgetResults(budgetId: $id) { ${RESULTS_FIELDS} } }`;
export const START = `mutation($id: ID!) { startBudgetImplementation(budgetId: $id) { id stage } }`;

export const bid = (id: string) => toGlobalId('ParticipatoryBudget', id);
export const pjid = (p: BudgetProjectEntity | string) =>
  toGlobalId('BudgetProject', typeof p === 'string' ? p : p.id);
export const uid = (u: TestUser) => toGlobalId('User', u.user.id);
export const raw = (globalId: string) => parseGlobalId(globalId)!.id;

export interface ResultsScene {
  admin: TestUser;
  parksStaff: TestUser;
  roadsStaff: TestUser;
  citizen: TestUser;
  moderator: TestUser;
  parks: DepartmentEntity;
  roads: DepartmentEntity;
  /** Voters for ballots written as rows (one ballot per voter and budget). */
  voters: TestUser[];
}

export async function resultsScene(t: TestApp, voterCount = 12): Promise<ResultsScene> {
  const user = (overrides = {}) => createUser(t.db, t.jwt, overrides);
  const parks = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
  const roads = await createDepartment(t.db, { slug: 'roads', name: '도로과' });
  const voters: TestUser[] = [];
  for (let i = 0; i < voterCount; i++) voters.push(await user());
  return {
    admin: await user({ role: Role.ADMIN }),
    parksStaff: await user({ role: Role.STAFF, departmentId: parks.id }),
    roadsStaff: await user({ role: Role.STAFF, departmentId: roads.id }),
    citizen: await user(),
    moderator: await user({ role: Role.MODERATOR }),
    parks,
    roads,
    voters,
  };
}

export type Phase = 'before' | 'voting' | 'closed';

/** Voting dates putting a budget in `phase` at T0 (voting lasts two days). */
export function datesFor(phase: Phase): { votingStartsAt: Date; votingEndsAt: Date } {
  const start = { before: DAY, voting: -DAY, closed: -3 * DAY }[phase];
  return {
    votingStartsAt: new Date(T0.getTime() + start),
    votingEndsAt: new Date(T0.getTime() + start + 2 * DAY),
  };
}

export function budgetIn(t: TestApp, phase: Phase, options: BudgetRowOptions = {}) {
  return createBudgetRow(t.db, { ...datesFor(phase), ...options }, T0);
}

/**
 * The small budget worked out by hand in results.e2e-spec.ts: a pot of ₩100,000,000 and ten
 * voters; six choose A and B (₩50,000,000 each), four choose C (₩40,000,000).
 * Greedy: A (6 votes), B (6) fill the pot; C (4) no longer fits.
 * Equal Shares: each voter holds ₩10,000,000. A's six supporters pay ₩8,333,333⅓ each
 * (ρ = 1/6, the lowest: A before B by creation order); B's supporters then hold ₩10,000,000
 * together, short of ₩50,000,000; C's four pay ₩10,000,000 each (ρ = 1/4). Selected: A and C.
 */
export async function handBudget(
  t: TestApp,
  scene: ResultsScene,
  options: BudgetRowOptions = {},
  phase: Phase = 'closed',
) {
  const budget = await budgetIn(t, phase, {
    pots: [{ districtId: null, amount: 100_000_000 }],
    ...options,
  });
  const a = await createProjectRow(t.db, budget.id, {
    title: 'A 놀이터',
    cost: 50_000_000,
    departmentId: scene.parks.id,
  });
  const b = await createProjectRow(t.db, budget.id, {
    title: 'B 산책로',
    cost: 50_000_000,
    departmentId: scene.parks.id,
  });
  const c = await createProjectRow(t.db, budget.id, {
    title: 'C 도서관',
    cost: 40_000_000,
    departmentId: scene.roads.id,
  });
  for (const voter of scene.voters.slice(0, 6)) {
    await createBallotRow(t.db, budget.id, voter.user.id, [a.id, b.id]);
  }
  for (const voter of scene.voters.slice(6, 10)) {
    await createBallotRow(t.db, budget.id, voter.user.id, [c.id]);
  }
  return { budget, a, b, c };
}

/** The rows of offline_tally for a budget and place key, oldest first. */
export async function tallyRows(t: TestApp, budgetId: string) {
  return (await t.db.query(
    `SELECT id, place, place_key, paper_ballots, entered_by_id, replaced_by_id
       FROM offline_tally WHERE budget_id = $1 ORDER BY entered_at, id`,
    [budgetId],
  )) as {
    id: string;
    place: string;
    place_key: string;
    paper_ballots: number;
    entered_by_id: string;
    replaced_by_id: string | null;
  }[];
}
