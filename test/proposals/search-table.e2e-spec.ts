import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { CREATE, SUPPORT, UPDATE, walk } from './support.js';

/**
 * proposal_search, the search rows kept by triggers (ProposalSearchTable migration): written
 * with the proposal, rewritten when its title or body changes, and left alone by everything
 * else, above all by the counter updates of supports (the reason the table exists).
 */
describe('proposal search rows', () => {
  let t: TestApp;
  let author: TestUser;
  let citizen: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    author = await createUser(t.db, t.jwt);
    citizen = await createUser(t.db, t.jwt);
  });
  afterAll(() => t.close());

  /** The row's bigrams and its row version (xmin changes whenever the row is rewritten). */
  const searchRow = async (id: string) => {
    const rows: { bigrams: string[]; version: string }[] = await t.db.query(
      'SELECT bigrams, xmin::text AS version FROM proposal_search WHERE proposal_id = $1',
      [id],
    );
    return rows[0] ?? null;
  };
  const found = async (term: string) => walk(t, { first: 100, filter: { search: term } });

  async function propose(title: string, body: string): Promise<string> {
    const res = await t.gql(CREATE, { input: { title, body } }, author.token);
    expect(res.errors).toBeUndefined();
    return res.data.createProposal.id as string;
  }
  const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

  it('is written with the proposal, with the bigrams search_bigrams gives', async () => {
    const id = await propose('징검다리 보수', '요천 징검다리 돌이 흔들립니다.');
    const row = await searchRow(uuidOf(id));
    const expected: { b: string[] }[] = await t.db.query(
      `SELECT search_bigrams('징검다리 보수' || ' ' || '요천 징검다리 돌이 흔들립니다.') AS b`,
    );
    expect(row?.bigrams).toEqual(expected[0]!.b);
    expect(await found('징검')).toEqual([id]);
  });

  it('follows an edit of the title or body: the new words are found, the old ones not', async () => {
    const id = await propose('분수대 청소', '광장 분수대에 물때가 끼었습니다.');
    const before = await searchRow(uuidOf(id));
    const res = await t.gql(
      UPDATE,
      { input: { id, title: '음수대 청소', body: '광장 음수대에 물때가 끼었습니다.' } },
      author.token,
    );
    expect(res.errors).toBeUndefined();
    expect((await searchRow(uuidOf(id)))?.version).not.toBe(before?.version);
    expect(await found('음수대')).toEqual([id]);
    expect(await found('분수대')).toEqual([]);
  });

  it('is not rewritten by supports, unsupports or other changes to the row', async () => {
    const id = await propose('버스 승강장 의자', '승강장에 앉을 곳이 없습니다.');
    const before = await searchRow(uuidOf(id));
    for (let i = 0; i < 3; i++) {
      expect((await t.gql(SUPPORT, { id }, citizen.token)).errors).toBeUndefined();
      await t.gql(
        'mutation($id: ID!) { unsupportProposal(id: $id) { id } }',
        { id },
        citizen.token,
      );
    }
    // An update that sets the title to what it was does not count as a change either.
    await t.db.query(
      'UPDATE proposal SET title = title, support_count = support_count WHERE id = $1',
      [uuidOf(id)],
    );
    expect(await searchRow(uuidOf(id))).toEqual(before);
  });

  it('goes with its proposal', async () => {
    const id = await propose('임시 제안', '지워질 제안입니다.');
    await t.db.query('DELETE FROM proposal WHERE id = $1', [uuidOf(id)]);
    expect(await searchRow(uuidOf(id))).toBeNull();
  });

  it('keeps one row per proposal', async () => {
    const orphans: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM proposal p
        WHERE NOT EXISTS (SELECT 1 FROM proposal_search s WHERE s.proposal_id = p.id)`,
    );
    expect(orphans[0]!.n).toBe(0);
  });
});
