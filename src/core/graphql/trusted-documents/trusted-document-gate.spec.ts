import type {
  ConnectionAuthenticator,
  LiveConnection,
} from '../../auth/connection-authenticator.js';
import { Role } from '../../access/role.js';
import type { Viewer } from '../../auth/viewer.js';
import { AppError } from '../../errors/app-error.js';
import { UnauthenticatedReason } from '../../errors/error-codes.js';
import type { AuthenticatedRequest } from '../request-context.js';
import { documentHash } from './document-hash.js';
import { persistedQueryCache, TrustedDocumentGate } from './trusted-document-gate.js';
import type { TrustedDocumentRegistry } from './trusted-document.registry.js';

const REGISTERED = 'query Registered { departments { slug } }';
const OTHER = 'query Other { departments { name } }';

const person: Viewer = {
  id: 'u1',
  role: Role.CITIZEN,
  departmentId: null,
  suspendedUntil: null,
  sessionId: 's1',
  locale: null,
};
const client: Viewer = { ...person, apiClient: { id: 'c1', scopes: [] } };
const connections: Record<string, LiveConnection> = {
  person: { viewer: person, expiresAt: new Date(), refusal: null },
  client: { viewer: client, expiresAt: new Date(), refusal: null },
  expired: { viewer: null, expiresAt: null, refusal: UnauthenticatedReason.TOKEN_EXPIRED },
};

function gate(trustedOnly: boolean, failWith?: Error) {
  const lookups: unknown[] = [];
  const registry = {
    async bodyOf(hash: unknown) {
      lookups.push(hash);
      if (failWith) throw failWith;
      return hash === documentHash(REGISTERED) ? REGISTERED : null;
    },
  } as unknown as TrustedDocumentRegistry;
  const authenticator = {
    async authenticate(params: { authorization: string }) {
      return connections[params.authorization] ?? connections.expired!;
    },
  } as unknown as ConnectionAuthenticator;
  return { gate: new TrustedDocumentGate(trustedOnly, registry, authenticator), lookups };
}

const post = (body: unknown, authorization?: string) =>
  ({ method: 'POST', url: '/', body, headers: { authorization } }) as AuthenticatedRequest;
const get = (search: string, authorization?: string) =>
  ({
    method: 'GET',
    url: `/${search}`,
    body: {},
    headers: { authorization },
  }) as AuthenticatedRequest;

/** The error code admit refused with, and its HTTP status; null when it let the request by. */
async function refusal(
  g: TrustedDocumentGate,
  req: AuthenticatedRequest,
): Promise<{ code: string; status: unknown } | null> {
  try {
    await g.admit(req);
    return null;
  } catch (error) {
    const e = error as AppError;
    return { code: e.code, status: (e.extensions.http as { status?: unknown }).status };
  }
}

const NOT_IN_LIST = { code: 'PERSISTED_QUERY_NOT_IN_LIST', status: 400 };

describe('TrustedDocumentGate', () => {
  it('with trusted documents off, lets every document by without a lookup', async () => {
    const { gate: g, lookups } = gate(false);
    expect(await refusal(g, post({ query: OTHER }))).toBeNull();
    expect(await refusal(g, get(`?query=${encodeURIComponent(OTHER)}`))).toBeNull();
    expect(lookups).toEqual([]);
  });

  it('checks the persisted-query extension in either mode: version 1, a hash of the text sent', async () => {
    for (const trustedOnly of [false, true]) {
      const { gate: g } = gate(trustedOnly);
      const bad = { code: 'BAD_USER_INPUT', status: 400 };
      const extension = (persistedQuery: unknown, query?: string) =>
        post({ query, extensions: { persistedQuery } });
      expect(await refusal(g, extension({ version: 2, sha256Hash: 'x' }))).toEqual(bad);
      expect(await refusal(g, extension(true))).toEqual(bad);
      expect(
        await refusal(g, extension({ version: 1, sha256Hash: documentHash(REGISTERED) }, OTHER)),
      ).toEqual(bad);
      expect(await refusal(g, extension({ version: 1, sha256Hash: 'x' }, ''))).toEqual(bad);
      // A hash alone is Apollo's to find in the registry (or not).
      expect(
        await refusal(g, extension({ version: 1, sha256Hash: documentHash(OTHER) })),
      ).toBeNull();
    }
  });

  it('with trusted documents only, runs a registered text and refuses any other from people', async () => {
    const { gate: g } = gate(true);
    expect(await refusal(g, post({ query: REGISTERED }))).toBeNull();
    expect(await refusal(g, post({ query: OTHER }))).toEqual(NOT_IN_LIST);
    expect(await refusal(g, post({ query: OTHER }, 'Bearer person'))).toEqual(NOT_IN_LIST);
    expect(await refusal(g, post({ query: `${REGISTERED} ` }))).toEqual(NOT_IN_LIST);
    // Every operation of a batch, should batching ever be turned on.
    expect(await refusal(g, post([{ query: REGISTERED }, { query: OTHER }]))).toEqual(NOT_IN_LIST);
  });

  it('reads a GET as Apollo does: up to a #, and a query given twice is refused', async () => {
    const { gate: g } = gate(true);
    const q = (text: string) => encodeURIComponent(text);
    expect(await refusal(g, get(`?query=${q(REGISTERED)}`))).toBeNull();
    expect(await refusal(g, get(`?query=${q(OTHER)}`))).toEqual(NOT_IN_LIST);
    expect(await refusal(g, get(`?query=${q(OTHER)}#&x=1`))).toEqual(NOT_IN_LIST);
    expect(await refusal(g, get(`?query=${q(REGISTERED)}&query=${q(OTHER)}`))).toEqual(NOT_IN_LIST);
    expect(await refusal(g, get(`?query=${q(REGISTERED)}#&query=${q(OTHER)}`))).toBeNull();
  });

  it("lets an API client's own documents by, handing its viewer to the guard", async () => {
    const { gate: g } = gate(true);
    const req = post({ query: OTHER }, 'Bearer client');
    expect(await refusal(g, req)).toBeNull();
    expect(await req.viewerPromise).toBe(client);
    expect(await refusal(g, post({ query: OTHER }, 'Bearer person'))).toEqual(NOT_IN_LIST);
    expect(await refusal(g, post({ query: OTHER }, 'Bearer expired'))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
    });
    expect(await refusal(g, post({ query: OTHER }, 'client'))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
    });
  });

  it('answers SERVICE_UNAVAILABLE (503) when the registry cannot be read', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const { gate: g } = gate(true, down);
    expect(await refusal(g, post({ query: REGISTERED }))).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
    });
  });
});

describe('persistedQueryCache', () => {
  it("reads the registry under Apollo's key prefix and never writes", async () => {
    const written: unknown[] = [];
    const registry = {
      async bodyOf(hash: unknown) {
        return hash === documentHash(REGISTERED) ? REGISTERED : null;
      },
      async register(...args: unknown[]) {
        written.push(args);
      },
    } as unknown as TrustedDocumentRegistry;
    const cache = persistedQueryCache(registry);
    expect(await cache.get(`apq:${documentHash(REGISTERED)}`)).toBe(REGISTERED);
    expect(await cache.get(`apq:${documentHash(OTHER)}`)).toBeUndefined();
    await cache.set(`apq:${documentHash(OTHER)}`, OTHER);
    expect(await cache.get(`apq:${documentHash(OTHER)}`)).toBeUndefined();
    expect(written).toEqual([]);
  });
});
