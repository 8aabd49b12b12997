import { DemoSeeder } from '../../src/seed/demo-seeder.js';
import {
  DEMO_ACCOUNTS,
  DEMO_MODERATION,
  DEMO_PASSWORD,
  DEMO_PROPOSALS,
} from '../../src/seed/demo-city.js';
import { DEMO_RESIDENTS } from '../../src/seed/demo-budgets.js';
import {
  DEMO_CAMP_CHILDREN,
  DEMO_MERGES,
  DEMO_OFFICIALS,
  DEMO_PRIORITY_PROPOSALS,
  DEMO_TABLES,
} from '../../src/seed/demo-room-data.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds the demo city into an empty database, once', async () => {
    const seeder = t.app.get(DemoSeeder);
    expect(await seeder.seedOnce()).toBe(true);
    expect(await seeder.seedOnce()).toBe(false);
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM app_user');
    // The demo accounts, the child of the design camp, the budget's synthetic residents and
    // the round table's officials.
    expect(count).toBe(DEMO_ACCOUNTS.length + 1 + DEMO_RESIDENTS.count + DEMO_OFFICIALS.count);
  }, 120_000);

  it('serves the departments, topics and the five-phase process', async () => {
    const res = await t.gql(`{
      departments { name }
      topics { slug }
      process(slug: "eco-playground") { title phases { title position } currentPhase { title } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.departments.map((d: { name: string }) => d.name)).toEqual(
      expect.arrayContaining(['기획실', '시민소통실', '공원녹지과', '교통과', '복지과']),
    );
    expect(res.data.topics.length).toBeGreaterThanOrEqual(5);
    expect(res.data.process.phases.map((p: { title: string }) => p.title)).toEqual([
      '이해하기',
      '발견하기',
      '정의하기',
      '발전하기',
      '전달하기',
    ]);
    expect(res.data.process.currentPhase.title).toBe('발전하기');
  });

  it('lets every demo account log in with the documented password and role', async () => {
    for (const account of [DEMO_ACCOUNTS[0], DEMO_ACCOUNTS.find((a) => a.departmentSlug)!]) {
      const res = await t.gql(
        'mutation($input: LogInInput!) { logIn(input: $input) { user { role department { slug } } } }',
        { input: { email: account.email, password: DEMO_PASSWORD } },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.logIn.user.role).toBe(account.role);
      expect(res.data.logIn.user.department?.slug ?? undefined).toBe(account.departmentSlug);
    }
  });

  it('serves the demo proposals with their supports, comments and replies', async () => {
    const res = await t.gql(`{
      proposals(first: 3, orderBy: { field: SUPPORT_COUNT, direction: DESC }) {
        totalCount
        nodes { title supportCount commentCount process { slug } topics { slug } author { displayName }
          comments(first: 5) { nodes { body replyCount replies(first: 3) { nodes { body } } } } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const { totalCount, nodes } = res.data.proposals;
    // With the proposals that carry on the published budgets' winners (six of the city-wide
    // round and three of 운봉읍's that had none) and the round table's two priorities.
    expect(totalCount).toBe(DEMO_PROPOSALS.length + 9 + DEMO_PRIORITY_PROPOSALS.length);
    const playground = nodes[0];
    expect(playground).toMatchObject({
      title: DEMO_PROPOSALS[0]!.title,
      supportCount: DEMO_PROPOSALS[0]!.supporters.length,
      // Two comments, one reply, and the moderation demo's fair comment; its hidden spam is not counted.
      commentCount: 4,
      process: { slug: 'eco-playground' },
    });
    expect(playground.comments.nodes[0]).toMatchObject({
      replyCount: 1,
      replies: { nodes: [{ body: expect.any(String) }] },
    });
    const search = await t.gql('{ proposals(filter: { search: "산책" }) { nodes { title } } }');
    expect(search.data.proposals.nodes).toEqual([{ title: '요천 산책로가 밤에 너무 어둡습니다' }]);
  });

  it('serves the feedback loop: on-time answers, an overdue proposal, transfers, progress and ratings', async () => {
    const res = await t.gql(`{
      proposals(first: 20) { nodes { title status progress overdue department { slug }
        answers { status department { slug } rating { score } }
        progressUpdates { progress } transfers { from { slug } to { slug } } } }
      departments { slug stats { assignedCount answeredCount overdueCount medianFirstResponseHours averageSatisfaction transfersOut } }
      inbox: proposals(filter: { overdue: true }) { nodes { title department { slug } } }
      triage: proposals(filter: { status: [SUBMITTED] }) { totalCount }
    }`);
    expect(res.errors).toBeUndefined();
    const byTitle = new Map<string, any>(res.data.proposals.nodes.map((p: any) => [p.title, p]));
    const playground = byTitle.get('생태놀이터에 그늘막과 벤치를 만들어 주세요');
    expect(playground).toMatchObject({ status: 'IMPLEMENTED', progress: 100, overdue: false });
    expect(playground.progressUpdates.map((u: any) => u.progress)).toEqual([30, 70]);
    expect(playground.answers.map((a: any) => a.status)).toEqual(['ACCEPTED', 'IMPLEMENTED']);
    expect(playground.answers[1].rating).toEqual({ score: 5 });
    const riverside = byTitle.get('요천 산책로가 밤에 너무 어둡습니다');
    expect(riverside.transfers.map((x: any) => [x.from?.slug ?? null, x.to.slug])).toEqual([
      [null, 'transportation'],
      ['transportation', 'planning'],
      ['planning', 'parks-and-green'],
    ]);
    expect(riverside).toMatchObject({
      status: 'ACCEPTED',
      department: { slug: 'parks-and-green' },
    });
    expect(res.data.inbox.nodes).toEqual([
      { title: '공설시장 앞 주말 주차 문제', department: { slug: 'transportation' } },
    ]);
    expect(res.data.triage.totalCount).toBe(1);
    const stats = new Map<string, any>(res.data.departments.map((d: any) => [d.slug, d.stats]));
    // Parks: three proposals routed to it, answered two and three days after receiving them,
    // and the budget's winner it answers for at publication (the city's decision, written on
    // its behalf: see budget-carry-on.ts), which pulls the median to 60 hours.
    expect(stats.get('parks-and-green')).toEqual({
      assignedCount: 4,
      answeredCount: 4,
      overdueCount: 0,
      medianFirstResponseHours: 60,
      averageSatisfaction: 4,
      transfersOut: 0,
    });
    // Transport: the overdue parking proposal is still unanswered; four budget winners were
    // routed to it and accepted at publication.
    expect(stats.get('transportation')).toMatchObject({
      assignedCount: 6,
      answeredCount: 4,
      overdueCount: 1,
      medianFirstResponseHours: 0,
      transfersOut: 1,
    });
  });

  it('serves the design camp open for registration and the round table with its outcome', async () => {
    const res = await t.gql(`{
      upcoming: workshops(filter: { upcoming: true }) { nodes { title kind capacity registeredCount registrationOpen organizer { slug } process { slug } } }
      held: workshops(filter: { upcoming: false }, first: 1) { nodes { title kind outcome proposals { title workshops { title } } } }
      process(slug: "eco-playground") { workshops { totalCount } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.upcoming.nodes).toEqual([
      {
        title: '생태놀이터 어린이 디자인 캠프',
        kind: 'DESIGN_CAMP',
        capacity: 20,
        // Two adults and three children (one queue); the fourth child's consent was withdrawn.
        registeredCount: 5,
        registrationOpen: true,
        organizer: { slug: 'parks-and-green' },
        process: { slug: 'eco-playground' },
      },
    ]);
    const [roundTable] = res.data.held.nodes;
    expect(roundTable.kind).toBe('ROUND_TABLE');
    expect(roundTable.outcome).toContain('핑퐁');
    // The proposals it discussed, and those its published priorities became.
    expect(roundTable.proposals.map((p: any) => p.title).sort()).toEqual(
      [
        '생태놀이터에 그늘막과 벤치를 만들어 주세요',
        '요천 산책로가 밤에 너무 어둡습니다',
        ...DEMO_PRIORITY_PROPOSALS.map((d) => d.title),
      ].sort(),
    );
    expect(roundTable.proposals[0].workshops).toEqual([{ title: roundTable.title }]);
    expect(res.data.process.workshops.totalCount).toBe(1);
  });

  it('serves the ladders: Seoul-like city default, and a playground proposal that climbed a rung', async () => {
    const res = await t.gql(`{
      escalationLadder { rungs { level threshold action dueInDays answeringDepartment { name } } }
      process(slug: "eco-playground") { escalationLadder { rungs { threshold action } } }
      proposals(first: 1, orderBy: { field: SUPPORT_COUNT, direction: DESC }) { nodes {
        title supportCount
        escalation { reached { owed rung { level threshold action } } next { threshold } } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.escalationLadder.rungs).toEqual([
      {
        level: 1,
        threshold: 50,
        action: 'REQUIRE_DEPARTMENT_ANSWER',
        dueInDays: 14,
        answeringDepartment: null,
      },
      {
        level: 2,
        threshold: 100,
        action: 'REQUIRE_PUBLIC_FORUM',
        dueInDays: null,
        answeringDepartment: null,
      },
      {
        level: 3,
        threshold: 1000,
        action: 'REQUIRE_ANSWER_FROM',
        dueInDays: 30,
        answeringDepartment: { name: '기획실' },
      },
    ]);
    expect(res.data.process.escalationLadder.rungs).toHaveLength(2);
    const [top] = res.data.proposals.nodes;
    expect(top.title).toBe('생태놀이터에 그늘막과 벤치를 만들어 주세요');
    expect(top.escalation.reached).toEqual([
      expect.objectContaining({ rung: { level: 1, threshold: 3, action: 'REQUIRE_PUBLIC_FORUM' } }),
    ]);
    expect(top.escalation.next).toEqual({ threshold: 10 });
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM proposal_event WHERE kind = 'ESCALATED'`,
    );
    expect(n).toBe(1);
  });

  it('serves the moderation demo: spam hidden by three reports and waiting, a report dismissed', async () => {
    const logIn = async (email: string) =>
      (
        await t.gql('mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }', {
          input: { email, password: DEMO_PASSWORD },
        })
      ).data.logIn.accessToken as string;
    const moderator = await logIn('moderator@demo.wontak.kr');
    const queue = await t.gql(
      `{ waiting: moderationQueue(resolved: false) { totalCount nodes { reportCount hidden resolvedAt
           decisions { automatic } target { ... on Comment { body } } } }
         decided: moderationQueue(resolved: true) { totalCount nodes { reportCount hidden
           decisions { action note moderator { displayName } } target { ... on Comment { body } } } } }`,
      {},
      moderator,
    );
    expect(queue.errors).toBeUndefined();
    expect(queue.data.waiting).toEqual({
      totalCount: 1,
      nodes: [
        {
          reportCount: 3,
          hidden: true,
          resolvedAt: null,
          decisions: [{ automatic: true }],
          target: { body: DEMO_MODERATION.spam.body },
        },
      ],
    });
    expect(queue.data.decided).toEqual({
      totalCount: 1,
      nodes: [
        {
          reportCount: 1,
          hidden: false,
          decisions: [
            {
              action: 'RESTORE',
              note: DEMO_MODERATION.heated.note,
              moderator: { displayName: '운영지기' },
            },
          ],
          target: { body: DEMO_MODERATION.heated.body },
        },
      ],
    });
    // The spammer was told; the citizen has the notifications of their proposal's history.
    const spammer = await logIn(DEMO_MODERATION.spam.author);
    const told = await t.gql(
      '{ notifications { nodes { kind message actor { system user { id } department { id } } } } }',
      {},
      spammer,
      { 'Accept-Language': 'ko' },
    );
    // Hidden by the reports: the platform acted, and the spammer reads it in Korean.
    expect(told.data.notifications.nodes).toEqual([
      {
        kind: 'CONTENT_HIDDEN',
        message: '여러 건의 신고로 내 댓글이 관리자 검토 전까지 숨겨졌습니다.',
        actor: { system: true, user: null, department: null },
      },
    ]);
    // citizen@ wrote the playground proposal (escalated, assigned, answered twice, two progress
    // updates, commented on); citizen2@ wrote the comment citizen@ replied to.
    const citizen = await logIn('citizen@demo.wontak.kr');
    const inbox = await t.gql(
      '{ notifications(first: 100) { totalCount unreadCount nodes { kind message } } }',
      {},
      citizen,
    );
    expect(inbox.errors).toBeUndefined();
    // Every one was written as a catalogue message with all it needs: none reads blank, as a
    // key, or with a parameter left out ("answered your proposal" with no department before it).
    for (const { message } of inbox.data.notifications.nodes as { message: string }[]) {
      expect(message).toMatch(/^\S/);
      expect(message).not.toMatch(/notification\.|[{}]|""/);
    }
    expect(inbox.data.notifications.unreadCount).toBe(inbox.data.notifications.totalCount);
    expect(new Set(inbox.data.notifications.nodes.map((n: { kind: string }) => n.kind))).toEqual(
      new Set([
        'PROPOSAL_ESCALATED',
        'PROPOSAL_ASSIGNED',
        'PROPOSAL_ANSWERED',
        'PROGRESS_UPDATED',
        'COMMENT_ON_PROPOSAL',
      ]),
    );
    const citizen2 = await logIn('citizen2@demo.wontak.kr');
    const replies = await t.gql('{ notifications(first: 100) { nodes { kind } } }', {}, citizen2);
    expect(replies.data.notifications.nodes.map((n: { kind: string }) => n.kind)).toContain(
      'COMMENT_REPLY',
    );
  });

  const logInAs = async (email: string) =>
    (
      await t.gql('mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }', {
        input: { email, password: DEMO_PASSWORD },
      })
    ).data.logIn.accessToken as string;

  it('serves the round table: ten balanced tables, published priorities with a tie, two proposals', async () => {
    const res = await t.gql(`{
      workshops(filter: { upcoming: false }, first: 1) { nodes { kind dotsPerParticipant prioritiesPublishedAt
        tables { number topic facilitator { displayName } ideas { text dots provenance { corrections { previous } } } }
        priorities(first: 100) { title rank tied dots ideas { table { number } } mergedBy { displayName }
          proposal { title department { slug } sessionPriority { rank } } } } }
    }`);
    expect(res.errors).toBeUndefined();
    const [session] = res.data.workshops.nodes;
    expect(session.kind).toBe('ROUND_TABLE');
    expect(session.prioritiesPublishedAt).not.toBeNull();
    expect(session.tables.map((table: any) => table.topic)).toEqual(
      DEMO_TABLES.map((x) => x.topic),
    );
    for (const table of session.tables) {
      expect(table.facilitator.displayName).toMatch(/^공무원 \d{3}$/);
      expect(table.ideas).toHaveLength(3);
    }
    // The first table corrected its first count: the record keeps the miscount.
    expect(session.tables[0].ideas[0].provenance.corrections.map((c: any) => c.previous)).toEqual([
      String(DEMO_TABLES[0].ideas[0][2] - 2),
    ]);
    const ranked = session.priorities.map((p: any) => [p.rank, p.tied, p.dots]);
    expect(ranked.slice(0, 3)).toEqual([
      [1, false, 42],
      [2, true, 37],
      [2, true, 37],
    ]);
    expect(session.priorities).toHaveLength(30 - 3 * DEMO_MERGES.length + DEMO_MERGES.length);
    const merged = session.priorities.filter((p: any) => p.mergedBy);
    expect(merged.map((p: any) => p.ideas.length)).toEqual([3, 3, 3]);
    const carried = session.priorities.filter((p: any) => p.proposal);
    expect(
      carried.map((p: any) => [
        p.proposal.title,
        p.proposal.department.slug,
        p.proposal.sessionPriority.rank,
      ]),
    ).toEqual(DEMO_PRIORITY_PROPOSALS.map((d, i) => [d.title, d.department, i + 1]));
  });

  it('seats the hundred officials ten to a table, every table mixing the five departments', async () => {
    const rows: { number: number; people: number; departments: number }[] = await t.db.query(
      `SELECT t.number, count(*)::int AS people, count(DISTINCT u.department_id)::int AS departments
         FROM round_table_seat s JOIN round_table t ON t.id = s.table_id
         JOIN app_user u ON u.id = s.user_id
         JOIN workshop w ON w.id = t.workshop_id AND w.kind = 'ROUND_TABLE'
        GROUP BY t.number ORDER BY t.number`,
    );
    expect(rows).toEqual(
      DEMO_TABLES.map((_, i) => ({
        number: i + 1,
        people: 10,
        departments: DEMO_OFFICIALS.departments.length,
      })),
    );
  });

  it('serves the design camp children to their guardians and the organizer, and to nobody else', async () => {
    const query = `{ workshops(filter: { upcoming: true }) { nodes { childrenAllowed minimumAge maximumAge
      childRegistrations { status child { firstName } guardianContact consent { relationship consentTextVersion } } } } }`;
    const parks = await t.gql(query, {}, await logInAs('parks@demo.wontak.kr'));
    expect(parks.errors).toBeUndefined();
    const [camp] = parks.data.workshops.nodes;
    expect(camp).toMatchObject({ childrenAllowed: true, minimumAge: 7, maximumAge: 12 });
    expect(camp.childRegistrations.map((r: any) => r.child.firstName)).toEqual(
      DEMO_CAMP_CHILDREN.children.map((c) => c.firstName),
    );
    expect(camp.childRegistrations.every((r: any) => r.status === 'CONFIRMED')).toBe(true);
    for (const email of [
      'citizen@demo.wontak.kr',
      'transport@demo.wontak.kr',
      'admin@demo.wontak.kr',
    ]) {
      const other = await t.gql(query, {}, await logInAs(email));
      // admin organizes every workshop (an admin may run any); the others see no child.
      if (email === 'admin@demo.wontak.kr') continue;
      expect(other.data.workshops.nodes[0].childRegistrations).toBeNull();
    }
    const guardian = await t.gql(
      '{ me { children { firstName } guardianConsents { relationship withdrawnAt } } }',
      {},
      await logInAs('citizen2@demo.wontak.kr'),
    );
    expect(guardian.data.me.children).toEqual([{ firstName: '서아' }]);
    // The withdrawn child is gone; both consent records stay, one marked withdrawn.
    expect(
      guardian.data.me.guardianConsents.map((c: any) => c.withdrawnAt === null).sort(),
    ).toEqual([false, true]);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM child WHERE first_name = $1', [
      DEMO_CAMP_CHILDREN.withdrawn.firstName,
    ]);
    expect(n).toBe(0);
  });
});
