import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  manifestOf,
  persisted,
  persistedGet,
  register,
  registeredDocuments,
  sha256,
} from './support.js';

const DEPARTMENT = `query Department($slug: String!) {
  department(slug: $slug) {
    slug
    name
  }
}`;
const DEPARTMENTS = 'query Departments { departments { slug } }';
/** A page of 100 proposals with 100 comments each: past GRAPHQL_MAX_COST, registered or not. */
const EXPENSIVE = `query Expensive {
  proposals(first: 100) {
    nodes {
      comments(first: 100) {
        nodes {
          body
        }
      }
    }
  }
}`;
const UNREGISTERED = 'query Unregistered { departments { name } }';

/**
 * Persisted queries by hash (Apollo's protocol) from the trusted documents' registry, with
 * TRUSTED_DOCUMENTS_ONLY off: any document may still be sent in full, but only a registered
 * one runs by hash, and sending one with its hash registers nothing.
 */
describe('trusted documents: registration and persisted queries', () => {
  let t: TestApp;
  let slug: string;
  /** What the command printed for the first manifest. */
  let printed: string;
  beforeAll(async () => {
    t = await startTestApp();
    slug = (await createDepartment(t.db, { name: '도로과' })).slug;
    printed = await register(
      t,
      manifestOf([
        { name: 'Department', body: DEPARTMENT },
        { name: 'Departments', body: DEPARTMENTS },
        { name: 'Expensive', body: EXPENSIVE },
      ]),
      'citizen-web',
    );
  });
  afterAll(() => t.close());

  it('registers each document once, with its operation and client; again, nothing changes', async () => {
    expect(printed).toBe(
      'Registered 3 new trusted documents for citizen-web (0 already registered, 3 in web.json)',
    );
    const before = await registeredDocuments(t);
    expect(before).toEqual(
      expect.arrayContaining([
        { sha256: sha256(DEPARTMENT), operation_name: 'Department', client_name: 'citizen-web' },
        { sha256: sha256(DEPARTMENTS), operation_name: 'Departments', client_name: 'citizen-web' },
      ]),
    );
    expect(before).toHaveLength(3);
    const again = await register(
      t,
      manifestOf([
        { name: 'Departments', body: DEPARTMENTS },
        { name: 'Departments', body: DEPARTMENTS },
      ]),
      'kiosk',
    );
    expect(again).toBe(
      'Registered 0 new trusted documents for kiosk (1 already registered, 1 in web.json)',
    );
    expect(await registeredDocuments(t)).toEqual(before);
  });

  it('runs a registered document by its hash alone, with variables, over POST and GET', async () => {
    const post = await persisted(t, sha256(DEPARTMENT), { variables: { slug } });
    expect(post.status).toBe(200);
    expect(post.errors).toBeUndefined();
    expect(post.data.department).toEqual({ slug, name: '도로과' });
    const get = await persistedGet(t, sha256(DEPARTMENT), { slug });
    expect(get.status).toBe(200);
    expect(get.errors).toBeUndefined();
    expect(get.data.department).toEqual({ slug, name: '도로과' });
  });

  it('answers an unknown hash PERSISTED_QUERY_NOT_FOUND, as Apollo clients expect', async () => {
    for (const hash of [sha256(UNREGISTERED), sha256(DEPARTMENT).toUpperCase(), '../x', 42, {}]) {
      const res = await persisted(t, hash);
      expect({ hash, status: res.status, code: codeOf(res) }).toEqual({
        hash,
        status: 200,
        code: 'PERSISTED_QUERY_NOT_FOUND',
      });
      expect(res.errors![0].message).toBe('PersistedQueryNotFound');
      expect(res.data).toBeUndefined();
    }
    const get = await persistedGet(t, sha256(UNREGISTERED));
    expect(codeOf(get)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('runs a document sent with its hash but never registers it (no automatic persisted queries)', async () => {
    const before = await registeredDocuments(t);
    const sent = await persisted(t, sha256(UNREGISTERED), { query: UNREGISTERED });
    expect(sent.errors).toBeUndefined();
    expect(sent.data.departments).toEqual(expect.arrayContaining([{ name: '도로과' }]));
    const byHash = await persisted(t, sha256(UNREGISTERED));
    expect(codeOf(byHash)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await registeredDocuments(t)).toEqual(before);
  });

  it('refuses a document sent with a hash that is not its own, registered or not: nothing runs', async () => {
    for (const hash of [sha256(DEPARTMENTS), sha256(`${UNREGISTERED} `), 'abc', null]) {
      const res = await persisted(t, hash, { query: UNREGISTERED });
      expect({ hash, status: res.status, code: codeOf(res) }).toEqual({
        hash,
        status: 400,
        code: 'BAD_USER_INPUT',
      });
      expect(res.errors![0].message).toBe(
        "The persisted query's sha256Hash is not the SHA-256 hash of the document sent with it.",
      );
      expect(res.data).toBeUndefined();
    }
    // The hash of the document with one more space is another hash.
    const spaced = await persisted(t, sha256(DEPARTMENTS), { query: `${DEPARTMENTS} ` });
    expect(codeOf(spaced)).toBe('BAD_USER_INPUT');
  });

  it("refuses another version of the protocol with a code, in the reader's language", async () => {
    for (const version of [2, '1', null]) {
      const res = await persisted(t, sha256(DEPARTMENTS), {
        version,
        headers: { 'Accept-Language': 'ko' },
      });
      expect({ version, status: res.status, code: codeOf(res) }).toEqual({
        version,
        status: 400,
        code: 'BAD_USER_INPUT',
      });
      expect(res.errors![0].message).toBe(
        '지속 쿼리(persisted query) 프로토콜은 버전 1만 지원합니다.',
      );
    }
  });

  it('holds a registered document to the cost limit like any other', async () => {
    const res = await persisted(t, sha256(EXPENSIVE));
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors![0].extensions).toMatchObject({ limit: 'cost' });
    expect(res.data).toBeUndefined();
  });
});
