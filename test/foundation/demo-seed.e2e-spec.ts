import { DemoSeeder } from '../../src/seed/demo-seeder.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PROPOSALS } from '../../src/seed/demo-city.js';
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
    expect(count).toBe(DEMO_ACCOUNTS.length);
  }, 60_000);

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
      proposals(first: 10, orderBy: { field: SUPPORT_COUNT, direction: DESC }) {
        totalCount
        nodes { title supportCount commentCount process { slug } topics { slug } author { displayName }
          comments { nodes { body replyCount replies { nodes { body } } } } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const { totalCount, nodes } = res.data.proposals;
    expect(totalCount).toBe(DEMO_PROPOSALS.length);
    const playground = nodes[0];
    expect(playground).toMatchObject({
      title: DEMO_PROPOSALS[0]!.title,
      supportCount: DEMO_PROPOSALS[0]!.supporters.length,
      commentCount: 3, // two comments and one reply
      process: { slug: 'eco-playground' },
    });
    expect(playground.comments.nodes[0]).toMatchObject({
      replyCount: 1,
      replies: { nodes: [{ body: expect.any(String) }] },
    });
    const search = await t.gql('{ proposals(filter: { search: "산책" }) { nodes { title } } }');
    expect(search.data.proposals.nodes).toEqual([{ title: '요천 산책로가 밤에 너무 어둡습니다' }]);
  });
});
