// The city's real default, Korean: set before the app reads its environment (test/setup/env.mjs
// gives the other suites English).
process.env.DEFAULT_LOCALE = 'ko';

import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { Locale } from '../../src/core/i18n/locale.js';
import { Role } from '../../src/core/access/role.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { listen } from '../helpers/live-client.js';
import { connectRaw, type RawSocket } from '../helpers/raw-socket.js';
import { startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

/**
 * Error messages over HTTP in the reader's language: their own choice (User.locale), else the
 * request's Accept-Language, else DEFAULT_LOCALE (ko here). Codes, reasons and field names are
 * the contract's and never change with the language.
 */

const PRIVATE_READ = '{ notifications(first: 1) { totalCount } }';
const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }';
const SUPPORT = 'mutation($id: ID!) { supportProposal(id: $id) { id } }';
const CREATE_PROCESS = 'mutation($i: CreateProcessInput!) { createProcess(input: $i) { id } }';
const CREATE = 'mutation($i: CreateProposalInput!) { createProposal(input: $i) { id } }';

const SIGN_IN_KO = '로그인이 필요합니다.';
const SIGN_IN_EN = 'You must be signed in to do this.';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const withLanguage = (header: string) => ({ 'Accept-Language': header });

function onlyError(res: GraphqlResponse) {
  expect(res.errors).toHaveLength(1);
  return res.errors![0]!;
}

describe('the language of an error message', () => {
  it('is Korean by default, with the code and reason of the contract', async () => {
    const error = onlyError(await t.gql(PRIVATE_READ));
    expect(error.message).toBe(SIGN_IN_KO);
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SIGN_IN_REQUIRED' });
  });

  it.each([
    ['en', SIGN_IN_EN],
    ['en-US,en;q=0.9', SIGN_IN_EN],
    ['EN-gb', SIGN_IN_EN],
    ['fr, ko;q=0.5', SIGN_IN_KO],
    ['fr, en;q=0.8, ko;q=0.9', SIGN_IN_KO],
    ['de, en;q=0.2, ko;q=0.1', SIGN_IN_EN],
    ['fr', SIGN_IN_KO],
    ['*', SIGN_IN_KO],
  ])('follows Accept-Language %j', async (header, message) => {
    const error = onlyError(await t.gql(PRIVATE_READ, undefined, null, withLanguage(header)));
    expect(error.message).toBe(message);
    expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SIGN_IN_REQUIRED' });
  });

  it.each([
    ['a malformed quality', 'en;q=abc'],
    ['a quality above 1', 'en;q=2'],
    ['a quality of 0', 'en;q=0'],
    ['separators only', ';;;,,,;q=;'],
    ['a very long header', `${'xx-YY;q=0.1, '.repeat(600)}en`],
    ['our language past the first 20 ranges', `${'fr, '.repeat(25)}en`],
    ['a broken range', 'en-;q=.5.5, -, q=1'],
  ])('falls back to the default, without an error, for %s', async (_, header) => {
    const res = await t.gql(PRIVATE_READ, undefined, null, withLanguage(header));
    expect(res.status).toBe(200);
    const error = onlyError(res);
    expect(error.message).toBe(SIGN_IN_KO);
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("is the reader's own choice first, whatever their client asks for", async () => {
    const english = await createUser(t.db, t.jwt, { locale: Locale.EN });
    const korean = await createUser(t.db, t.jwt, { locale: Locale.KO });
    const chooser = await createUser(t.db, t.jwt, { locale: null });
    const missing = { id: toGlobalId('Proposal', '00000000-0000-4000-8000-000000000000') };

    const en = onlyError(await t.gql(SUPPORT, missing, english.token, withLanguage('ko')));
    expect(en.message).toBe('The proposal was not found.');
    const ko = onlyError(await t.gql(SUPPORT, missing, korean.token, withLanguage('en')));
    expect(ko.message).toBe('제안을 찾을 수 없습니다.');
    const unset = onlyError(await t.gql(SUPPORT, missing, chooser.token, withLanguage('en')));
    expect(unset.message).toBe('The proposal was not found.');
    for (const error of [en, ko, unset]) expect(error.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('validation messages', () => {
  const bad = { i: { email: 'nope', password: 'short', displayName: 'x' } };

  it('name each bad field in Korean, as Korean names it, fieldErrors[].field as the API spells it', async () => {
    const error = onlyError(await t.gql(SIGN_UP, bad));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    const byField = Object.fromEntries(
      error.extensions!.fieldErrors!.map(({ field, message }) => [field, message]),
    );
    expect(byField).toEqual({
      email: '이메일 항목은 올바른 이메일 주소여야 합니다',
      password: '비밀번호 항목은 10자 이상이어야 합니다',
      displayName: '표시 이름 항목은 2자 이상이어야 합니다',
    });
    expect(error.message).toBe(`${error.extensions!.fieldErrors![0]!.message} (외 2개 항목)`);
  });

  it('are the same English sentences as before with Accept-Language: en', async () => {
    const error = onlyError(await t.gql(SIGN_UP, bad, null, withLanguage('en')));
    const byField = Object.fromEntries(
      error.extensions!.fieldErrors!.map(({ field, message }) => [field, message]),
    );
    expect(byField).toEqual({
      email: 'email must be a valid email address',
      password: 'password must be at least 10 characters long',
      displayName: 'displayName must be at least 2 characters long',
    });
    expect(error.message).toBe(`${error.extensions!.fieldErrors![0]!.message} (and 2 more fields)`);
  });

  it("render a service's own field problem with its parameters, and a signed-in reader's choice", async () => {
    const who = await createUser(t.db, t.jwt, { locale: Locale.KO });
    const input = {
      title: '벤치를 놓아 주세요',
      body: '공원에 앉을 곳이 없습니다.',
      topicIds: [toGlobalId('Topic', '00000000-0000-4000-8000-000000000001')],
    };
    const ko = onlyError(await t.gql(CREATE, { i: input }, who.token, withLanguage('en')));
    expect(ko.extensions?.code).toBe('BAD_USER_INPUT');
    expect(ko.extensions?.fieldErrors).toEqual([
      { field: 'topicIds', message: '주제 항목에 없는 주제의 ID가 있습니다' },
    ]);
    expect(ko.message).toBe('주제 항목에 없는 주제의 ID가 있습니다');

    const en = await createUser(t.db, t.jwt, { locale: Locale.EN });
    const english = onlyError(await t.gql(CREATE, { i: input }, en.token));
    expect(english.extensions?.fieldErrors).toEqual([
      { field: 'topicIds', message: 'topicIds names a topic that does not exist' },
    ]);
  });

  it('a nested field keeps its whole path in Korean too', async () => {
    const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN, locale: Locale.KO });
    const input = {
      slug: 'namwon-budget-2027',
      title: '2027 주민참여예산',
      phases: [
        { title: '제안 접수', startsAt: '2027-01-10T00:00:00Z', endsAt: '2027-02-10T00:00:00Z' },
        { title: 'x', startsAt: '2027-03-10T00:00:00Z', endsAt: '2027-03-01T00:00:00Z' },
      ],
    };
    const error = onlyError(await t.gql(CREATE_PROCESS, { i: input }, admin.token));
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.fieldErrors).toEqual([
      {
        field: 'phases.1.title',
        message: expect.stringMatching(/^제목 항목은 \d+자 이상이어야 합니다$/),
      },
    ]);
    expect(error.message).toMatch(/^phases\.1\.title: 제목 항목은 \d+자 이상이어야 합니다$/);
    // Its own problems, once the validators pass: the service's check, in the same words.
    input.phases[1]!.title = '주민 투표';
    const dates = onlyError(await t.gql(CREATE_PROCESS, { i: input }, admin.token));
    expect(dates.extensions?.fieldErrors).toEqual([
      { field: 'phases.1.endsAt', message: '종료 시각 항목은 시작 시각보다 뒤여야 합니다' },
    ]);
    expect(dates.message).toBe('phases.1.endsAt: 종료 시각 항목은 시작 시각보다 뒤여야 합니다');
  });
});

describe('limits', () => {
  it('a refused document says why in the reader\u2019s language, its limit named as before', async () => {
    const query =
      '{ proposals { nodes { comments { nodes { replies { nodes { id body } } } } } } }';
    const ko = onlyError(await t.gql(query));
    expect(ko.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect(ko.message).toMatch(/^이 요청의 비용은 \d+로, 허용된 \d+보다 큽니다\./);
    const en = onlyError(await t.gql(query, undefined, null, withLanguage('en')));
    expect(en.message).toMatch(/^This operation costs \d+, more than the \d+ allowed/);
  });

  it('so does a document past the depth limit (graphql-armor\u2019s sentence, ours in Korean)', async () => {
    let inner = 'id';
    for (let i = 0; i < 5; i++) {
      inner =
        i % 2 === 0 ? `department { proposals(first: 1) { nodes { ${inner} } } }` : `id ${inner}`;
    }
    const query = `{ proposals(first: 1) { nodes { ${inner} } } }`;
    const ko = onlyError(await t.gql(query));
    expect(ko.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(ko.message).toMatch(/^쿼리 깊이\(\d+\)가 한도\(\d+\)를 넘었습니다\.$/);
    const en = onlyError(await t.gql(query, undefined, null, withLanguage('en')));
    expect(en.message).toMatch(/^Syntax Error: Query depth limit of \d+ exceeded, found \d+\.$/);
  });
});

describe('over the WebSocket', () => {
  const sockets: RawSocket[] = [];
  let url: string;
  beforeAll(async () => {
    url = await listen(t.app);
  });
  afterAll(() => sockets.forEach((socket) => socket.close()));

  /** An anonymous connection's private subscription: refused with SIGN_IN_REQUIRED. */
  async function refusal(headers?: Record<string, string>, params?: object) {
    const socket = await connectRaw(url, headers);
    sockets.push(socket);
    socket.send({ type: 'connection_init', payload: params });
    await socket.nextOf('connection_ack');
    socket.send({
      id: '1',
      type: 'subscribe',
      payload: { query: 'subscription { notificationAdded { id } }' },
    });
    const message = await socket.nextOf('next', 5000);
    return (message.payload as GraphqlResponse).errors![0]!;
  }

  it('answers in Korean by default, in the language the upgrade request asked for, else its viewer’s', async () => {
    const ko = await refusal();
    expect(ko.message).toBe(SIGN_IN_KO);
    expect(ko.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'SIGN_IN_REQUIRED' });
    const en = await refusal(withLanguage('en-US,en;q=0.9'));
    expect(en.message).toBe(SIGN_IN_EN);
    expect(en.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'SIGN_IN_REQUIRED' });
    const junk = await refusal(withLanguage(`${'x;q=9, '.repeat(300)}en`));
    expect(junk.message).toBe(SIGN_IN_KO);
  });

  it('a refused document too (its limit), in the connection’s language', async () => {
    const deep =
      'subscription { commentAdded(subjectId: "x") { subject { ... on Proposal { department { proposals(first: 1) { nodes { department { proposals(first: 1) { nodes { department { proposals(first: 1) { nodes { id } } } } } } } } } } } } }';
    const refused = async (headers?: Record<string, string>) => {
      const socket = await connectRaw(url, headers);
      sockets.push(socket);
      socket.send({ type: 'connection_init' });
      await socket.nextOf('connection_ack');
      socket.send({ id: '1', type: 'subscribe', payload: { query: deep } });
      return (await socket.nextOf('error', 5000)).payload[0];
    };
    const ko = await refused();
    expect(ko.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(ko.message).toMatch(/^쿼리 깊이\(\d+\)가 한도\(\d+\)를 넘었습니다\.$/);
    const en = await refused(withLanguage('en'));
    expect(en.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
    expect(en.message).toMatch(/^Syntax Error: Query depth limit of \d+ exceeded, found \d+\.$/);
  });
});

describe('the calendar file', () => {
  it('says a workshop does not exist in the language asked for, Korean by default', async () => {
    const missing = toGlobalId('Workshop', '00000000-0000-4000-8000-000000000000');
    const ko = await t.http().get(`/workshops/${missing}.ics`);
    expect(ko.status).toBe(404);
    expect(ko.body.message).toBe('그런 워크숍이 없습니다.');
    const en = await t.http().get(`/workshops/${missing}.ics`).set('Accept-Language', 'en');
    expect(en.status).toBe(404);
    expect(en.body.message).toBe('No such workshop.');
  });
});
