import { cityYear } from '../../src/budgets/eligibility.js';
import { equalShares, greedy, type Election } from '../../src/budgets/results/index.js';
import { decodeGlobalId } from '../../src/core/graphql/relay/global-id.js';
import {
  DEMO_BUDGETS,
  DEMO_DISTRICTS,
  DEMO_POLLS,
  DEMO_RESIDENTS,
  DEMO_UNVERIFIED,
  DEMO_YOUNG_ACCOUNT,
} from '../../src/seed/demo-budgets.js';
import { DEMO_PASSWORD } from '../../src/seed/demo-city.js';
import { DemoSeeder } from '../../src/seed/demo-seeder.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The demo city's votes (src/seed/demo-budgets.ts), over HTTP against a seeded app: the
 * budgets at their stages, results that are a recount of the ballot rows and decided by their
 * rule (Equal Shares choosing otherwise than greedy on the same votes), the project judged not
 * feasible off the ballot, the polls' results, and a demo citizen voting while another is told
 * why they may not.
 */
describe('demo seed: budgets and polls', () => {
  let t: TestApp;
  const year = cityYear(new Date());
  const main = DEMO_BUDGETS.find((b) => b.key === 'main')!;
  const village = DEMO_BUDGETS.find((b) => b.key === 'village')!;
  const next = DEMO_BUDGETS.find((b) => b.key === 'next')!;
  let seededIn = 0;

  beforeAll(async () => {
    t = await startTestApp();
    const started = performance.now();
    if (!(await t.app.get(DemoSeeder).seedOnce())) throw new Error('the database was not empty');
    seededIn = performance.now() - started;
  }, 120_000);
  afterAll(() => t.close());

  async function logIn(email: string): Promise<string> {
    const res = await t.gql(
      'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }',
      { input: { email, password: DEMO_PASSWORD } },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.logIn.accessToken;
  }

  async function budgetsByTitle(): Promise<Map<string, any>> {
    const res = await t.gql(`{ process(slug: "eco-playground") { budgets {
      id title stage votingStyle selectionRule maxChoices minimumAge requiresVerifiedResidency
      resultsPublishedAt votingStartsAt votingEndsAt
      pots { district { slug } amount } } } }`);
    expect(res.errors).toBeUndefined();
    return new Map(res.data.process.budgets.map((b: any) => [b.title, b]));
  }

  const PROJECT_FIELDS = `id title cost feasibility feasibilityReason onBallot votes selected
    district { slug } department { slug } proposal { title status }`;

  async function projectsOf(budgetId: string, onBallotOnly = false): Promise<any[]> {
    const res = await t.gql(
      `query($id: ID!, $only: Boolean) { budget(id: $id) { projects(first: 50, onBallotOnly: $only) {
         totalCount nodes { ${PROJECT_FIELDS} } } } }`,
      { id: budgetId, only: onBallotOnly },
    );
    expect(res.errors).toBeUndefined();
    return res.data.budget.projects.nodes;
  }

  async function resultsOf(budgetId: string, token?: string): Promise<any> {
    const res = await t.gql(
      `query($id: ID!) { budget(id: $id) { results { rule ballots final
         spent { district { slug } amount }
         projects { onlineVotes offlineVotes votes outcome explanation
           project { id title cost district { slug } } } } } }`,
      { id: budgetId },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data.budget.results;
  }

  /** The pot's election as counted from the rows: ballots grouped, current paper tallies. */
  async function electionFromRows(budgetId: string, districtSlug: string | null) {
    const uuid = decodeGlobalId(budgetId, 'ParticipatoryBudget')!;
    const [pot] = (await t.db.query(
      `SELECT p.amount::text AS amount FROM budget_pot p LEFT JOIN district d ON d.id = p.district_id
        WHERE p.budget_id = $1 AND d.slug IS NOT DISTINCT FROM $2`,
      [uuid, districtSlug],
    )) as { amount: string }[];
    const projects = (await t.db.query(
      `SELECT p.id, p.cost::text AS cost FROM budget_project p LEFT JOIN district d ON d.id = p.district_id
        WHERE p.budget_id = $1 AND p.feasibility = 'FEASIBLE' AND d.slug IS NOT DISTINCT FROM $2
        ORDER BY p.created_at, p.id`,
      [uuid, districtSlug],
    )) as { id: string; cost: string }[];
    const ids = projects.map((p) => p.id);
    const ballots = (await t.db.query(
      `SELECT array_agg(c.project_id::text ORDER BY c.project_id) AS choices
         FROM ballot b JOIN ballot_choice c ON c.ballot_id = b.id
        WHERE b.budget_id = $1 AND c.project_id = ANY($2::uuid[])
        GROUP BY b.id`,
      [uuid, ids],
    )) as { choices: string[] }[];
    const paper = (await t.db.query(
      `SELECT t.paper_ballots, json_agg(json_build_object('projectId', v.project_id, 'votes', v.votes)) AS votes
         FROM offline_tally t JOIN offline_tally_vote v ON v.tally_id = t.id
        WHERE t.budget_id = $1 AND t.replaced_by_id IS NULL AND v.project_id = ANY($2::uuid[])
        GROUP BY t.id`,
      [uuid, ids],
    )) as { paper_ballots: number; votes: { projectId: string; votes: number }[] }[];
    const election: Election = {
      amount: BigInt(pot.amount),
      projects: projects.map((p) => ({ id: p.id, cost: BigInt(p.cost) })),
      ballots: ballots.map((b) => ({ projectIds: b.choices, voters: 1 })),
      paper: paper.map((p) => ({ ballots: p.paper_ballots, votes: p.votes })),
    };
    return election;
  }

  const selectedOf = (result: { projects: { projectId: string; outcome: string }[] }) =>
    result.projects
      .filter((p) => p.outcome === 'SELECTED')
      .map((p) => p.projectId)
      .sort();

  it('seeds in a few seconds', () => {
    // The demo seed runs on every `npm start` of an empty database and in several tests.
    expect(seededIn).toBeLessThan(30_000);
  });

  it('serves the districts, and the three budgets at their stages', async () => {
    const districts = await t.gql('{ districts { slug name } }');
    expect(districts.data.districts.map((d: any) => d.slug).sort()).toEqual(
      DEMO_DISTRICTS.map((d) => d.slug).sort(),
    );
    const budgets = await budgetsByTitle();
    const closed = budgets.get(`${year} 남원시 주민참여예산`);
    expect(closed).toMatchObject({
      stage: 'RESULTS',
      votingStyle: 'KNAPSACK',
      selectionRule: 'EQUAL_SHARES',
      minimumAge: 14,
      requiresVerifiedResidency: true,
      resultsPublishedAt: expect.any(String),
    });
    // The city-wide pot first, then the districts' (in no order the contract promises).
    expect(closed.pots[0]).toEqual({ district: null, amount: 600_000_000 });
    expect(
      closed.pots
        .slice(1)
        .map((p: any) => [p.district.slug, p.amount])
        .sort(),
    ).toEqual([
      ['ingwol', 100_000_000],
      ['sannae', 100_000_000],
      ['unbong', 100_000_000],
    ]);
    expect(budgets.get(`${year} 운봉읍 마을 소규모 사업`)).toMatchObject({
      stage: 'RESULTS',
      votingStyle: 'APPROVAL',
      maxChoices: 2,
      selectionRule: 'GREEDY',
      pots: [{ district: { slug: 'unbong' }, amount: 30_000_000 }],
    });
    const open = budgets.get(`${year + 1} 남원시 주민참여예산`);
    expect(open).toMatchObject({ stage: 'VOTING', resultsPublishedAt: null });
    expect(Date.parse(open.votingStartsAt)).toBeLessThan(Date.now());
    expect(Date.parse(open.votingEndsAt)).toBeGreaterThan(Date.now());
    // Past rounds are in the past: closed, then published, before the seed.
    for (const title of [`${year} 남원시 주민참여예산`, `${year} 운봉읍 마을 소규모 사업`]) {
      const closed = budgets.get(title);
      expect(Date.parse(closed.votingEndsAt)).toBeLessThan(Date.parse(closed.resultsPublishedAt));
      expect(Date.parse(closed.resultsPublishedAt)).toBeLessThan(Date.now() - 86_400_000);
    }
  });

  it('publishes final results whose votes are a recount of the ballot rows and paper tallies', async () => {
    const budgets = await budgetsByTitle();
    for (const demo of [main, village]) {
      const budget = budgets.get(demo.title(year));
      const uuid = decodeGlobalId(budget.id, 'ParticipatoryBudget')!;
      const results = await resultsOf(budget.id);
      expect(results.final).toBe(true);
      const recount = (await t.db.query(
        `SELECT p.id,
                (SELECT count(*)::int FROM ballot_choice c JOIN ballot b ON b.id = c.ballot_id
                  WHERE c.project_id = p.id AND b.budget_id = $1) AS online,
                (SELECT coalesce(sum(v.votes), 0)::int FROM offline_tally_vote v
                   JOIN offline_tally t ON t.id = v.tally_id AND t.replaced_by_id IS NULL
                  WHERE v.project_id = p.id) AS offline
           FROM budget_project p WHERE p.budget_id = $1 AND p.feasibility = 'FEASIBLE'`,
        [uuid],
      )) as { id: string; online: number; offline: number }[];
      expect(results.projects).toHaveLength(recount.length);
      const byId = new Map(
        results.projects.map((r: any) => [decodeGlobalId(r.project.id, 'BudgetProject'), r]),
      );
      for (const row of recount) {
        expect(byId.get(row.id)).toMatchObject({
          onlineVotes: row.online,
          offlineVotes: row.offline,
          votes: row.online + row.offline,
        });
      }
      const [{ ballots }] = await t.db.query(
        'SELECT count(*)::int AS ballots FROM ballot WHERE budget_id = $1',
        [uuid],
      );
      expect(results.ballots).toBe(ballots);
      // Enough voters for the rules to mean something, and a winner in every pot.
      expect(ballots).toBeGreaterThan(demo === main ? 100 : 10);
      for (const pot of results.spent) expect(pot.amount).toBeGreaterThan(0);
      // Every project of every pot was decided, each with its reason in words.
      for (const result of results.projects) expect(result.explanation).toMatch(/\S/);
    }
  });

  it('shows Equal Shares selecting otherwise than greedy on the same votes, and fairer', async () => {
    const budget = (await budgetsByTitle()).get(main.title(year));
    const results = await resultsOf(budget.id);
    const election = await electionFromRows(budget.id, null);
    const published = results.projects
      .filter((r: any) => r.project.district === null && r.outcome === 'SELECTED')
      .map((r: any) => decodeGlobalId(r.project.id, 'BudgetProject'))
      .sort();
    // The published selection is the method's on the rows, and greedy's differs.
    expect(published).toEqual(selectedOf(equalShares(election)));
    const byGreedy = selectedOf(greedy(election));
    expect(byGreedy).not.toEqual(published);
    const title = new Map(
      results.projects.map((r: any) => [
        decodeGlobalId(r.project.id, 'BudgetProject'),
        r.project.title,
      ]),
    );
    const key = (id: string) => main.projects.find((p) => p.title === title.get(id))!.key;
    // Greedy gives the downtown majority both of its big projects; Equal Shares gives the rural
    // minority its taxi instead of the majority's second project.
    expect(byGreedy.map(key).sort()).toEqual(['bus', 'lights', 'shade']);
    expect(published.map(key).sort()).toEqual(['bus', 'shade', 'taxi']);
    // The explanation says how the cost was shared.
    const taxi = results.projects.find(
      (r: any) => key(decodeGlobalId(r.project.id, 'BudgetProject')!) === 'taxi',
    );
    expect(taxi.outcome).toBe('SELECTED');
    expect(taxi.explanation).toMatch(/\d/);
  });

  it('decides the GREEDY round by greedy on its votes', async () => {
    const budget = (await budgetsByTitle()).get(village.title(year));
    const results = await resultsOf(budget.id);
    expect(results.rule).toBe('GREEDY');
    const election = await electionFromRows(budget.id, 'unbong');
    const published = results.projects
      .filter((r: any) => r.outcome === 'SELECTED')
      .map((r: any) => decodeGlobalId(r.project.id, 'BudgetProject'))
      .sort();
    expect(published).toEqual(selectedOf(greedy(election)));
    expect(results.projects.some((r: any) => r.outcome === 'OVER_BUDGET')).toBe(true);
  });

  it('keeps the project judged not feasible off the ballot, with its reason; a revised cost on the record', async () => {
    const budget = (await budgetsByTitle()).get(main.title(year));
    const all = await projectsOf(budget.id);
    const onBallot = await projectsOf(budget.id, true);
    expect(all).toHaveLength(main.projects.length);
    const bridge = all.find((p) => p.title === '요천 출렁다리 설치');
    expect(bridge).toMatchObject({
      feasibility: 'NOT_FEASIBLE',
      onBallot: false,
      votes: null,
      feasibilityReason: expect.stringContaining('하천 점용 허가'),
    });
    expect(onBallot.map((p) => p.id)).not.toContain(bridge.id);
    expect(onBallot).toHaveLength(main.projects.length - 1);
    const results = await resultsOf(budget.id);
    expect(results.projects.map((r: any) => r.project.id)).not.toContain(bridge.id);
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM ballot_choice WHERE project_id = $1',
      [decodeGlobalId(bridge.id, 'BudgetProject')],
    );
    expect(n).toBe(0);

    const bus = all.find((p) => p.title === '시내 순환버스 저상 전기버스 도입');
    const history = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on BudgetProject { cost history {
         kind costBefore costAfter reason feasibility at } } } }`,
      { id: bus.id },
    );
    expect(history.errors).toBeUndefined();
    const { cost, history: changes } = history.data.node;
    expect(cost).toBe(300_000_000);
    expect(changes.map((c: any) => c.kind)).toEqual(['CREATED', 'REVIEWED', 'SELECTED']);
    expect(changes[1]).toMatchObject({
      costBefore: 280_000_000,
      costAfter: 300_000_000,
      feasibility: 'FEASIBLE',
      reason: expect.stringContaining('단가'),
    });
    // Created and reviewed before voting started, selected when the results were published.
    expect(Date.parse(changes[1].at)).toBeLessThan(Date.parse(budget.votingStartsAt));
    expect(changes[2].at).toBe(budget.resultsPublishedAt);

    // In the open round, the playground's rubber floor is not feasible either.
    const open = (await budgetsByTitle()).get(next.title(year));
    const rubber = (await projectsOf(open.id)).find((p) => p.feasibility === 'NOT_FEASIBLE');
    expect(rubber).toMatchObject({
      onBallot: false,
      proposal: { title: '놀이터 바닥을 고무칩으로 바꿔 주세요', status: 'REJECTED' },
      feasibilityReason: expect.stringContaining('자연 소재'),
    });
  });

  it('counts the paper ballots of 산내면 행정복지센터, the corrected entry replacing the first', async () => {
    const budget = (await budgetsByTitle()).get(main.title(year));
    const results = await resultsOf(budget.id);
    const tallies = await t.gql(
      `query($id: ID!) { budget(id: $id) { results { offlineTallies {
         place paperBallots enteredBy { displayName } replaced { paperBallots } } } } }`,
      { id: budget.id },
    );
    expect(tallies.errors).toBeUndefined();
    expect(tallies.data.budget.results.offlineTallies).toEqual([
      {
        place: main.paper!.place,
        paperBallots: 14,
        enteredBy: { displayName: '시민소통실 이소통' },
        replaced: [{ paperBallots: 13 }],
      },
    ]);
    const offline = results.projects.reduce((sum: number, r: any) => sum + r.offlineVotes, 0);
    expect(offline).toBe(
      Object.values(main.paper!.entries.at(-1)!.votes).reduce((sum, v) => sum + v, 0),
    );
  });

  it('carries the winners on as accepted proposals, dated when the results were published', async () => {
    const budget = (await budgetsByTitle()).get(main.title(year));
    const projects = await projectsOf(budget.id);
    const selected = projects.filter((p) => p.selected);
    expect(selected.length).toBeGreaterThanOrEqual(4);
    for (const project of selected) {
      expect([project.title, project.proposal?.status]).toEqual([
        project.title,
        expect.stringMatching(/^(ACCEPTED|IMPLEMENTED)$/),
      ]);
    }
    // The shade trees came from the playground proposal, already implemented: it stays so.
    const shade = projects.find((p) => p.title === '생태놀이터 그늘 숲 가꾸기');
    expect(shade.proposal).toEqual({
      title: '생태놀이터에 그늘막과 벤치를 만들어 주세요',
      status: 'IMPLEMENTED',
    });
    const taxi = projects.find((p) => p.title === '면 지역 행복콜택시 운행 확대');
    const carried = await t.gql(
      `{ proposals(filter: { search: "행복콜택시" }) { nodes { title createdAt status
           department { slug } answers { status createdAt } } } }`,
    );
    expect(carried.errors).toBeUndefined();
    expect(carried.data.proposals.nodes).toEqual([
      {
        title: taxi.title,
        createdAt: budget.resultsPublishedAt,
        status: 'ACCEPTED',
        department: { slug: 'transportation' },
        answers: [{ status: 'ACCEPTED', createdAt: budget.resultsPublishedAt }],
      },
    ]);
    // Not-selected projects carry nothing on.
    const lights = projects.find((p) => p.title === '도심 근린공원 야간 조명과 안심 비상벨');
    expect(lights).toMatchObject({ selected: false, proposal: null });
  });

  it('serves the design camp survey closed with its results, and the live poll on the process', async () => {
    const owners = await t.gql(`{
      workshops(first: 10) { nodes { title polls { id } } }
      process(slug: "eco-playground") { polls { id } }
    }`);
    expect(owners.errors).toBeUndefined();
    const camp = owners.data.workshops.nodes.find(
      (w: any) => w.title === DEMO_POLLS.camp.workshopTitle,
    );
    expect(camp.polls).toHaveLength(1);
    expect(owners.data.process.polls).toHaveLength(1);
    const POLL = `id title isOpen liveResults responseCount
      questions { kind prompt maxChoices freeTextAnswers options { label count percent } }`;
    const poll = async (id: string, token?: string) => {
      const res = await t.gql(`query($id: ID!) { poll(id: $id) { ${POLL} } }`, { id }, token);
      expect(res.errors).toBeUndefined();
      return res.data.poll;
    };
    const survey = await poll(camp.polls[0].id);
    expect(survey).toMatchObject({
      title: DEMO_POLLS.camp.title,
      isOpen: false,
      responseCount: DEMO_POLLS.camp.respondents + 2,
    });
    expect(survey.questions.map((q: any) => q.kind)).toEqual([
      'SINGLE_CHOICE',
      'MULTIPLE_CHOICE',
      'FREE_TEXT',
    ]);
    const [single, multiple, free] = survey.questions;
    const sum = (q: any) => q.options.reduce((s: number, o: any) => s + o.count, 0);
    expect(sum(single)).toBe(survey.responseCount);
    expect(sum(multiple)).toBeGreaterThan(survey.responseCount);
    expect(sum(multiple)).toBeLessThanOrEqual(survey.responseCount * 2);
    // Water play is what the children wanted most (the next round's stream comes from it).
    const top = [...single.options].sort((a: any, b: any) => b.count - a.count)[0];
    expect(top.label).toBe('물 놀이');
    // Free texts: the organizing department reads them, the public does not.
    expect(free.freeTextAnswers).toBeNull();
    const staffView = await poll(survey.id, await logIn(DEMO_POLLS.camp.organizer));
    const texts = staffView.questions[2].freeTextAnswers;
    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) expect(DEMO_POLLS.camp.questions[2].answers).toContain(text);

    const processPoll = await poll(owners.data.process.polls[0].id);
    expect(processPoll).toMatchObject({
      title: DEMO_POLLS.process.title,
      isOpen: true,
      liveResults: true,
      responseCount: DEMO_POLLS.process.respondents,
    });
    expect(processPoll.questions[0].options.every((o: any) => typeof o.count === 'number')).toBe(
      true,
    );
  });

  it('lets 김민지 vote in the open round and change her ballot; 이준호 is NOT_VERIFIED, 박하늘 TOO_YOUNG', async () => {
    const open = (await budgetsByTitle()).get(next.title(year));
    const onBallot = await projectsOf(open.id, true);
    const cityWide = onBallot.filter((p) => p.district === null);
    const cast = (token: string, projectIds: string[]) =>
      t.gql(
        `mutation($input: CastBallotInput!) { castBallot(input: $input) { projects { title } } }`,
        { input: { budgetId: open.id, projectIds } },
        token,
      );
    const citizen = await logIn('citizen@demo.wontak.kr');
    // Her verified residency and birth year, as she sees them.
    const me = await t.gql(
      '{ me { birthYear residency { status district { slug } verifiedBy { displayName } } } }',
      {},
      citizen,
    );
    expect(me.data.me).toEqual({
      birthYear: 1988,
      residency: {
        status: 'VERIFIED',
        district: { slug: 'hyanggyo' },
        verifiedBy: { displayName: '시민소통실 이소통' },
      },
    });
    const before = await t.gql(
      'query($id: ID!) { budget(id: $id) { myBallot { projects { title } } results { ballots } } }',
      { id: open.id },
      citizen,
    );
    // She has not voted in this round yet, and nobody sees totals while it is open: not even
    // an admin, though some fifty residents have voted.
    expect(before.data.budget).toEqual({ myBallot: null, results: null });
    const admin = await t.gql(
      'query($id: ID!) { budget(id: $id) { results { ballots } projects(first: 50) { nodes { votes selected } } } }',
      { id: open.id },
      await logIn('admin@demo.wontak.kr'),
    );
    expect(admin.errors).toBeUndefined();
    expect(admin.data.budget.results).toBeNull();
    for (const project of admin.data.budget.projects.nodes) {
      expect(project).toEqual({ votes: null, selected: null });
    }
    const [{ ballots }] = await t.db.query(
      'SELECT count(*)::int AS ballots FROM ballot WHERE budget_id = $1',
      [decodeGlobalId(open.id, 'ParticipatoryBudget')],
    );
    expect(ballots).toBeGreaterThan(30);
    const first = await cast(citizen, [cityWide[0].id, cityWide[1].id]);
    expect(first.errors).toBeUndefined();
    const second = await cast(citizen, [cityWide[1].id]);
    expect(second.data.castBallot.projects).toEqual([{ title: cityWide[1].title }]);
    // A project of another district's pot is refused, naming the project.
    const sannae = onBallot.find((p) => p.district?.slug === 'sannae');
    const other = await cast(citizen, [sannae.id]);
    expect(codeOf(other)).toBe('BAD_USER_INPUT');

    const unverified = await cast(await logIn(DEMO_UNVERIFIED.email), [cityWide[0].id]);
    expect(codeOf(unverified)).toBe('FORBIDDEN');
    expect(unverified.errors![0].extensions!.reason).toBe('NOT_VERIFIED');
    const young = await cast(await logIn(DEMO_YOUNG_ACCOUNT.email), [cityWide[0].id]);
    expect(codeOf(young)).toBe('FORBIDDEN');
    expect(young.errors![0].extensions!.reason).toBe('TOO_YOUNG');

    // The closed round takes no more ballots, and keeps the one she cast then.
    const closed = (await budgetsByTitle()).get(main.title(year));
    const late = await t.gql(
      `mutation($input: CastBallotInput!) { castBallot(input: $input) { updatedAt } }`,
      { input: { budgetId: closed.id, projectIds: [] } },
      citizen,
    );
    expect(codeOf(late)).toBe('CONFLICT');
    const kept = await t.gql(
      'query($id: ID!) { budget(id: $id) { myBallot { projects { title } updatedAt } } }',
      { id: closed.id },
      citizen,
    );
    expect(kept.data.budget.myBallot.projects.map((p: any) => p.title).sort()).toEqual(
      ['시내 순환버스 저상 전기버스 도입', '생태놀이터 그늘 숲 가꾸기'].sort(),
    );
  });

  it('inserts the synthetic residents verified, without a password anyone could use', async () => {
    const [{ n, verified }] = await t.db.query(
      `SELECT count(*)::int AS n, count(residency_verified_at)::int AS verified
         FROM app_user WHERE email LIKE 'resident%@demo.wontak.kr'`,
    );
    expect([n, verified]).toEqual([DEMO_RESIDENTS.count, DEMO_RESIDENTS.count]);
    const res = await t.gql(
      'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }',
      { input: { email: DEMO_RESIDENTS.email(1), password: DEMO_PASSWORD } },
    );
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    // Every ballot of the demo is a voter's own: none names a project of another budget.
    const [{ stray }] = await t.db.query(
      `SELECT count(*)::int AS stray FROM ballot b JOIN ballot_choice c ON c.ballot_id = b.id
         JOIN budget_project p ON p.id = c.project_id WHERE p.budget_id <> b.budget_id`,
    );
    expect(stray).toBe(0);
    // The demo's history holds together: every ballot cast inside its budget's window, every
    // project added before voting began, every paper tally entered after voting and before
    // publication, every verification before the first vote.
    const [outOfPlace] = await t.db.query(
      `SELECT
         (SELECT count(*)::int FROM ballot b JOIN participatory_budget p ON p.id = b.budget_id
           WHERE b.updated_at < p.voting_starts_at OR b.updated_at >= p.voting_ends_at) AS ballots,
         (SELECT count(*)::int FROM budget_project j JOIN participatory_budget p ON p.id = j.budget_id
           WHERE j.created_at >= p.voting_starts_at OR j.created_at < p.review_starts_at) AS projects,
         (SELECT count(*)::int FROM budget_project_change c JOIN budget_project j ON j.id = c.project_id
            JOIN participatory_budget p ON p.id = j.budget_id
           WHERE c.kind IN ('CREATED', 'REVIEWED') AND c.at >= p.voting_starts_at) AS changes,
         (SELECT count(*)::int FROM offline_tally o JOIN participatory_budget p ON p.id = o.budget_id
           WHERE o.entered_at < p.voting_ends_at OR o.entered_at > p.results_published_at) AS tallies,
         (SELECT count(*)::int FROM ballot b JOIN app_user u ON u.id = b.voter_id
           WHERE u.residency_verified_at > b.updated_at) AS verifications`,
    );
    expect(outOfPlace).toEqual({
      ballots: 0,
      projects: 0,
      changes: 0,
      tallies: 0,
      verifications: 0,
    });
  });
});
