import { createUser } from '../../src/identity/testing/identity.factory.js';
import { connectLive, listen, type LiveSubscription } from '../helpers/live-client.js';
import { codeOf, startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

/**
 * The query limits of the contract README (src/core/graphql/query-limits.ts): depth 10,
 * aliases 30, tokens 2,000, directives, and a cost that counts `first`. Every refusal is
 * QUERY_TOO_COMPLEX with `extensions.limit`, answered 400 before anything runs.
 */

let t: TestApp;
let wsUrl: string;
beforeAll(async () => {
  t = await startTestApp();
  wsUrl = await listen(t.app);
});
afterAll(() => t.close());

function expectRefused(res: GraphqlResponse, limit: string): void {
  expect(res.status).toBe(400);
  expect(res.data ?? null).toBeNull();
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
}

/** `levels` nested selections of proposal → department → proposals → ... */
function nested(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i++) {
    inner =
      i % 2 === 0 ? `department { proposals(first: 1) { nodes { ${inner} } } }` : `id ${inner}`;
  }
  return `{ proposals(first: 1) { nodes { ${inner} } } }`;
}

describe('depth', () => {
  it('a document 10 deep is served', async () => {
    const res = await t.gql(
      `{ proposals(first: 1) { nodes { department { proposals(first: 1) { nodes { department { proposals(first: 1) { nodes { id } } } } } } } } }`,
    );
    expect(res.errors).toBeUndefined();
  });

  it('12 deep is QUERY_TOO_COMPLEX, and so through fragments', async () => {
    expectRefused(await t.gql(nested(5)), 'depth');
    const viaFragments = `
      fragment D on Department { proposals(first: 1) { nodes { department { proposals(first: 1) { nodes { department { proposals(first: 1) { nodes { department { id } } } } } } } } } }
      { proposals(first: 1) { nodes { department { ...D } } } }`;
    expectRefused(await t.gql(viaFragments), 'depth');
  });

  it('introspection is not counted as depth (outside production)', async () => {
    const res = await t.gql(
      `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`,
    );
    expect(res.errors).toBeUndefined();
  });
});

describe('aliases', () => {
  const aliased = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: proposals(first: 1) { totalCount }`).join(' ')} }`;

  it('30 aliases are served, 31 refused', async () => {
    expect((await t.gql(aliased(30))).errors).toBeUndefined();
    expectRefused(await t.gql(aliased(31)), 'aliases');
  });

  it('aliases inside fragments count too', async () => {
    const fields = Array.from({ length: 31 }, (_, i) => `t${i}: title`).join(' ');
    expectRefused(
      await t.gql(
        `fragment F on Proposal { ${fields} } { proposals(first: 1) { nodes { ...F } } }`,
      ),
      'aliases',
    );
  });
});

describe('tokens', () => {
  it('a document of more than 2,000 tokens is refused before it is parsed', async () => {
    const fields = Array.from({ length: 2100 }, () => 'totalCount').join(' ');
    expectRefused(await t.gql(`{ proposals { ${fields} } }`), 'tokens');
  });

  it('one of about 1,500 is parsed', async () => {
    const fields = Array.from({ length: 20 }, (_, i) => `f${i}: totalCount`).join(' ');
    const padding = Array.from({ length: 1400 }, () => '__typename').join(' ');
    const res = await t.gql(`{ proposals(first: 1) { ${fields} } ${padding} }`);
    expect(codeOf(res)).not.toBe('QUERY_TOO_COMPLEX');
  });
});

describe('directives', () => {
  it('more than 20 directives are refused', async () => {
    const many = Array.from({ length: 25 }, () => '@include(if: true)').join(' ');
    expectRefused(await t.gql(`{ __typename ${many} }`), 'directives');
  });
});

describe('cost, which counts first', () => {
  it('a page of 100 proposals with their authors and departments is served', async () => {
    const res = await t.gql(
      `{ proposals(first: 100) { nodes { id title body status supportCount commentCount author { id displayName } department { id name } } } }`,
    );
    expect(res.errors).toBeUndefined();
  });

  it('a page of comments inside a page of proposals is refused, with the cost named', async () => {
    const res = await t.gql(
      `{ proposals(first: 100) { nodes { id comments(first: 100) { nodes { id body } } } } }`,
    );
    expectRefused(res, 'cost');
    const { cost, maximumCost } = res.errors![0]!.extensions as {
      cost: number;
      maximumCost: number;
    };
    expect(cost).toBeGreaterThan(maximumCost);
    expect(maximumCost).toBe(20_000);
  });

  it('first given as a variable is counted as what it asks for', async () => {
    const doc = `query($n: Int) { proposals(first: $n) { nodes { id comments(first: $n) { nodes { id body } } } } }`;
    expectRefused(await t.gql(doc, { n: 100 }), 'cost');
    expect((await t.gql(doc, { n: 5 })).errors).toBeUndefined();
  });

  it('omitting first counts as the default page (20), not as free', async () => {
    const res = await t.gql(
      `{ proposals { nodes { comments { nodes { replies { nodes { id body } } } } } } }`,
    );
    expectRefused(res, 'cost');
  });

  it('an oversized first is BAD_USER_INPUT from the argument check, not a crash', async () => {
    const res = await t.gql('{ proposals(first: 1000000) { totalCount } }');
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});

describe('nothing runs when a document is refused', () => {
  it('a refused mutation writes nothing', async () => {
    const user = await createUser(t.db, t.jwt);
    const before = (await t.db.query('SELECT count(*)::int AS n FROM proposal'))[0].n;
    const aliases = Array.from(
      { length: 31 },
      (_, i) =>
        `p${i}: createProposal(input: { title: "제안 ${i}", body: "별칭으로 여러 번 쓰기" }) { id }`,
    ).join(' ');
    const res = await t.gql(`mutation { ${aliases} }`, {}, user.token);
    expectRefused(res, 'aliases');
    expect((await t.db.query('SELECT count(*)::int AS n FROM proposal'))[0].n).toBe(before);
  });
});

/** The errors graphql-ws sends when it refuses an operation (an Error message, not a result). */
async function refusal(sub: LiveSubscription): Promise<{ extensions?: Record<string, unknown> }[]> {
  const { error } = await sub.ended;
  expect(Array.isArray(error)).toBe(true);
  return error as { extensions?: Record<string, unknown> }[];
}

describe('over the WebSocket', () => {
  it('a subscription beyond the limits is QUERY_TOO_COMPLEX as over HTTP', async () => {
    const client = connectLive(wsUrl);
    try {
      const deep = client.subscribe(
        `subscription { commentAdded(subjectId: "x") { subject { ... on Proposal { department { proposals(first: 1) { nodes { department { proposals(first: 1) { nodes { department { proposals(first: 1) { nodes { id } } } } } } } } } } } } }`,
      );
      const errors = await refusal(deep);
      expect(errors[0]?.extensions).toMatchObject({
        code: 'QUERY_TOO_COMPLEX',
        limit: 'depth',
      });
    } finally {
      await client.close();
    }
  });

  it('queries and mutations are refused on the socket: they go over HTTP, where the rate limits are', async () => {
    const client = connectLive(wsUrl);
    try {
      const query = await refusal(client.subscribe('{ proposals(first: 1) { totalCount } }'));
      expect(query[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const mutation = await refusal(
        client.subscribe(
          'mutation { logIn(input: { email: "a@example.test", password: "whatever pass" }) { accessToken } }',
        ),
      );
      expect(mutation[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await client.close();
    }
  });

  it('a document that does not parse is GRAPHQL_PARSE_FAILED, and over the token limit QUERY_TOO_COMPLEX', async () => {
    const client = connectLive(wsUrl);
    try {
      const broken = await refusal(client.subscribe('subscription { notificationAdded {'));
      expect(broken[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      const fields = Array.from({ length: 2100 }, () => 'id').join(' ');
      const huge = await refusal(
        client.subscribe(`subscription { notificationAdded { ${fields} } }`),
      );
      expect(huge[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
    } finally {
      await client.close();
    }
  });
});
