import { codeOf, startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

function expectNoStack(res: GraphqlResponse): void {
  for (const error of res.errors ?? []) {
    expect(error.extensions?.code).toEqual(expect.any(String));
    expect(error.extensions).not.toHaveProperty('stacktrace');
  }
}

describe('the error model', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers a document that does not parse with GRAPHQL_PARSE_FAILED', async () => {
    const res = await t.gql('{ departments { id ');
    expect(codeOf(res)).toBe('GRAPHQL_PARSE_FAILED');
    expectNoStack(res);
  });

  it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await t.gql('{ departments { passwordHash } }');
    expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expectNoStack(res);
  });

  it('answers a variable of the wrong type with BAD_USER_INPUT', async () => {
    const res = await t.gql('query($slug: String!) { department(slug: $slug) { id } }', {
      slug: { $ne: null },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expectNoStack(res);
  });

  it('answers validation failures with every bad field at once', async () => {
    const res = await t.gql('mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }', {
      i: { email: 'nope', password: 'short', displayName: 'x' },
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.fieldErrors!.map((e) => e.field).sort()).toEqual([
      'displayName',
      'email',
      'password',
    ]);
    expectNoStack(res);
  });

  it('refuses a mutation over GET', async () => {
    const res = await t
      .http()
      .get('/graphql')
      .query({ query: 'mutation { logOut(refreshToken: "x") }' })
      .set('apollo-require-preflight', 'true');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.body.errors[0].message).toMatch(/GET requests only support query operations/);
  });

  it('refuses a simple cross-site POST (CSRF prevention)', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('Content-Type', 'text/plain')
      .send('{"query":"{ departments { id } }"}');
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
  });

  it('refuses a body over 100 KB with 413', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .send({ query: `{ departments { id } } # ${'x'.repeat(110_000)}` });
    expect(res.status).toBe(413);
  });

  // Last: it breaks the database of this file on purpose.
  it('hides an internal failure behind INTERNAL_SERVER_ERROR, with no SQL and no stack', async () => {
    await t.db.query('DROP TABLE topic CASCADE'); // proposal_topic refers to it
    const res = await t.gql('{ topics { id } }');
    expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
    expect(res.errors![0].message).toBe('Something went wrong on our side.');
    expect(JSON.stringify(res.errors![0].extensions)).not.toMatch(
      /relation|SELECT|does not exist/i,
    );
    expectNoStack(res);
  });
});
