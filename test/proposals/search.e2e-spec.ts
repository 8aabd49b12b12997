import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { searchCondition } from '../../src/proposals/proposal-search.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { LIST, proposalId, walk } from './support.js';

/** Search in Korean: substrings of title and body, through the bigram index. */
describe('proposal search', () => {
  let t: TestApp;
  let author: TestUser;
  const texts: Record<string, [title: string, body: string]> = {
    walk: ['강변 산책로에 가로등을', '밤에 요천 산책로가 너무 어두워서 걷기가 무섭습니다.'],
    shade: ['놀이터 그늘막 설치', '여름 한낮에는 미끄럼틀이 뜨거워 아이들이 놀 수 없습니다.'],
    benches: ['공원 벤치와 그늘', '어르신들이 쉬어 갈 나무그늘과 벤치가 필요합니다.'],
    parking: [
      '시장 주차 문제',
      '주말마다 공설시장 앞 도로에 불법 주차가 많습니다. 100% 해결 부탁드립니다.',
    ],
    english: [
      'Bike lanes ON Main Street',
      'Please paint protected BIKE lanes; 자전거 도로가 필요합니다.',
    ],
    quote: ["O'Brien's idea_1", "Text with a quote ' and 50% off_discount and back\\slash."],
  };
  const made: Record<string, ProposalEntity> = {};

  beforeAll(async () => {
    t = await startTestApp();
    author = await createUser(t.db, t.jwt);
    for (const [key, [title, body]] of Object.entries(texts))
      made[key] = await createProposal(t.db, author.user.id, { title, body });
  });
  afterAll(() => t.close());

  const search = async (term: string) =>
    (await walk(t, { first: 100, filter: { search: term } })).sort();
  const idsOf = (...keys: string[]) => keys.map((k) => proposalId(made[k]!.id)).sort();

  it.each([
    ['산책', ['walk']], // a two-syllable word inside 산책로에 / 산책로가
    ['그늘', ['shade', 'benches']], // in 그늘막, 그늘 and inside 나무그늘과
    ['가로등', ['walk']],
    ['미끄럼틀', ['shade']], // a word of the body only
    ['주차', ['parking']],
    ['공설시장 앞', ['parking']], // across a space
    ['필요합니다', ['benches', 'english']],
    ['bike', ['english']], // case-insensitive
    ['MAIN street', ['english']],
    ['자전거', ['english']],
  ])('finds %s in %j', async (term, keys) => {
    expect(await search(term)).toEqual(idsOf(...keys));
  });

  it('finds a single syllable, without the index', async () => {
    expect(await search('밤')).toEqual(idsOf('walk'));
  });

  it.each([
    ['a LIKE wildcard %', '%', ['parking', 'quote']],
    ['a LIKE wildcard _', '_', ['quote']],
    ['a quote', "'", ['quote']],
    ['a backslash', '\\', ['quote']],
    ['an SQL injection attempt', "' OR 1=1 --", []],
    ['a regex', '.*', []],
    ['a word that is nowhere', '두꺼비', []],
  ])('treats %s as plain text', async (_label, term, keys) => {
    expect(await search(term)).toEqual(idsOf(...keys));
  });

  it('matches text written in decomposed jamo (NFD) as its composed form', async () => {
    expect(await search('산책'.normalize('NFD'))).toEqual(idsOf('walk'));
  });

  it('combines with other filters and keeps totalCount exact', async () => {
    const res = await t.gql(LIST, { filter: { search: '그늘', status: ['SUBMITTED'] } });
    expect(res.data.proposals.totalCount).toBe(2);
    const none = await t.gql(LIST, { filter: { search: '그늘', status: ['ACCEPTED'] } });
    expect(none.data.proposals.totalCount).toBe(0);
  });

  it('finds a proposal by its new text after an edit, and no longer by the old', async () => {
    const p = await createProposal(t.db, author.user.id, {
      title: '임시 제목',
      body: '처음에는 두루미에 관한 글입니다.',
    });
    expect(await search('두루미')).toEqual([proposalId(p.id)]);
    const res = await t.gql(
      'mutation($input: UpdateProposalInput!) { updateProposal(input: $input) { id } }',
      { input: { id: proposalId(p.id), body: '이제는 왜가리에 관한 글입니다.' } },
      author.token,
    );
    expect(res.errors).toBeUndefined();
    expect(await search('두루미')).toEqual([]);
    expect(await search('왜가리')).toEqual([proposalId(p.id)]);
  });

  it('uses the bigram index for a two-syllable search', async () => {
    await t.db.query('ANALYZE proposal, proposal_search');
    // The very condition the API uses. With a handful of rows a sequential scan is cheaper;
    // forbid it (and plain index scans, which would walk the primary key) to see the GIN index
    // is usable.
    const { sql } = searchCondition('산책');
    const plan: { 'QUERY PLAN': string }[] = await t.db.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      await m.query('SET LOCAL enable_indexscan = off');
      return m.query(
        `EXPLAIN SELECT p.id FROM proposal p WHERE ${sql.replaceAll(':searchTerm', '$1')}`,
        ['산책'],
      );
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('ix_proposal_search_bigrams');
  });

  it.each([
    ['an empty term', '', ['filter.search']],
    ['a blank term', ' \t ', ['filter.search']],
    ['101 characters', '가'.repeat(101), ['filter.search']],
    ['a control character', '산\u0000책', ['filter.search']],
  ])('refuses %s', async (_label, term, fields) => {
    const res = await t.gql(LIST, { filter: { search: term } });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(fields);
  });
});
