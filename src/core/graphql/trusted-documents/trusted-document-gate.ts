import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { bearerToken } from '../../auth/jwt.strategy.js';
import type { ConnectionAuthenticator } from '../../auth/connection-authenticator.js';
import type { Viewer } from '../../auth/viewer.js';
import { AppError, SERVICE_UNAVAILABLE_RETRY_AFTER } from '../../errors/app-error.js';
import { ErrorCode, UnauthenticatedReason } from '../../errors/error-codes.js';
import { isDatabaseUnavailable } from '../../errors/postgres-errors.js';
import type { AuthenticatedRequest } from '../request-context.js';
import { documentHash } from './document-hash.js';
import type { TrustedDocumentRegistry } from './trusted-document.registry.js';

/** What Apollo reads from one GraphQL request over HTTP, as far as documents go. */
interface SentDocument {
  /** The document's text, when one was sent; `AMBIGUOUS` when Apollo will refuse it as sent. */
  query: string | typeof AMBIGUOUS | undefined;
  /** `extensions.persistedQuery`, when given. */
  persistedQuery: unknown;
}

const AMBIGUOUS = Symbol('ambiguous');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/**
 * Apollo's persisted-query cache, read from the trusted documents' registry and never written:
 * a hash runs only a registered document, and a client sending a hash with a document it
 * chose does not register it (no automatic persisted queries). Apollo prefixes its keys.
 */
export function persistedQueryCache(registry: TrustedDocumentRegistry): KeyValueCache<string> {
  return {
    async get(key) {
      return (await registry.bodyOf(key.startsWith('apq:') ? key.slice(4) : key)) ?? undefined;
    },
    async set() {},
    async delete() {},
  };
}

/**
 * Which documents an HTTP request may run, decided before Apollo parses anything (from the
 * GraphQL context factory, so a refusal is answered with its own status and never reaches the
 * parser, the validator or the cost model).
 *
 * - A persisted query must be of version 1, and a document sent with its hash must be the text
 *   that hash names (Apollo's own refusals of these carry no code).
 * - TRUSTED_DOCUMENTS_ONLY: a document sent in full must be a registered one (a hash alone can
 *   only name one, persistedQueryCache); otherwise PERSISTED_QUERY_NOT_IN_LIST, unless the token
 *   is an API client's, whose viewer is then handed to the auth guard (one lookup a request).
 *
 * The limits are not this gate's: a registered document still meets the token, depth, alias
 * and cost limits and the rate limits, as any other.
 */
export class TrustedDocumentGate {
  constructor(
    private readonly trustedOnly: boolean,
    private readonly registry: TrustedDocumentRegistry,
    private readonly authenticator: ConnectionAuthenticator,
  ) {}

  async admit(req: AuthenticatedRequest): Promise<void> {
    let unregistered = false;
    for (const sent of sentDocuments(req)) {
      const { query, persistedQuery } = sent;
      if (persistedQuery) {
        const { version, sha256Hash } = isRecord(persistedQuery)
          ? persistedQuery
          : { version: undefined, sha256Hash: undefined };
        if (version !== 1) throw badRequest('error.persistedQuery.version');
        if (query === undefined) {
          // Read now, so that a database failure is answered as one; Apollo then finds it in
          // the registry's memory, or answers PERSISTED_QUERY_NOT_FOUND.
          await this.lookUp(sha256Hash);
          continue;
        }
        if (typeof query === 'string' && documentHash(query) !== sha256Hash) {
          throw badRequest('error.persistedQuery.hashMismatch');
        }
      }
      if (!this.trustedOnly || query === undefined || query === '') continue;
      if (query === AMBIGUOUS || !(await this.lookUp(documentHash(query)))) unregistered = true;
    }
    if (unregistered) await this.admitApiClient(req);
  }

  /**
   * A subscription over the WebSocket, under the same rule as HTTP: with TRUSTED_DOCUMENTS_ONLY,
   * a document that is not registered runs only for an API client's connection. Null: admitted;
   * else the refusal, for graphql-ws to send as the subscription's error.
   */
  async admitSubscription(query: unknown, viewer: Viewer | null): Promise<AppError | null> {
    if (!this.trustedOnly || viewer?.apiClient) return null;
    if (typeof query === 'string' && (await this.lookUp(documentHash(query)))) return null;
    return notInList();
  }

  /** Only an API client may run a document of its own; its viewer goes to the auth guard. */
  private async admitApiClient(req: AuthenticatedRequest): Promise<void> {
    if (!req.headers.authorization) throw notInList();
    const token = bearerToken(req);
    if (!token) throw unauthenticated(UnauthenticatedReason.TOKEN_INVALID);
    const connection = await this.authenticator.authenticate({ authorization: token });
    if (connection.refusal) throw unauthenticated(connection.refusal);
    if (!connection.viewer?.apiClient) throw notInList();
    req.viewerPromise = Promise.resolve(connection.viewer);
  }

  private async lookUp(hash: unknown): Promise<boolean> {
    try {
      return (await this.registry.bodyOf(hash)) !== null;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      throw AppError.databaseUnavailable(error).withExtensions({
        http: {
          status: 503,
          headers: new Map([['retry-after', String(SERVICE_UNAVAILABLE_RETRY_AFTER)]]),
        },
      });
    }
  }
}

/**
 * The documents of a request, read as Apollo reads them (runHttpQuery.ts): a POST's JSON body
 * (a list of them when batched), a GET's `query` and `extensions` search parameters. What Apollo
 * will refuse as malformed is left to it, except a GET naming `query` more than once, which is
 * AMBIGUOUS: refused here too unless an API client sent it.
 */
function sentDocuments(req: AuthenticatedRequest): SentDocument[] {
  if (req.method === 'POST') {
    const bodies: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    return bodies.filter(isRecord).map((body) => ({
      query: typeof body.query === 'string' ? body.query : undefined,
      persistedQuery: isRecord(body.extensions) ? body.extensions.persistedQuery : undefined,
    }));
  }
  if (req.method === 'GET') {
    // As url.parse reads req.url (what Apollo's Express integration does): up to a '#'.
    const url = req.url ?? '';
    const start = url.indexOf('?');
    const search = start < 0 ? '' : url.slice(start).split('#', 1)[0]!;
    const params = new URLSearchParams(search);
    const queries = params.getAll('query');
    let extensions: unknown;
    try {
      const given = params.getAll('extensions');
      extensions = given.length === 1 ? JSON.parse(given[0]!) : undefined;
    } catch {
      extensions = undefined; // Apollo refuses the request: "contains invalid JSON"
    }
    return [
      {
        query: queries.length > 1 ? AMBIGUOUS : queries[0],
        persistedQuery: isRecord(extensions) ? extensions.persistedQuery : undefined,
      },
    ];
  }
  return [];
}

/** Refused before Apollo: the status is set here, or Apollo would answer 500. */
function badRequest(key: 'error.persistedQuery.version' | 'error.persistedQuery.hashMismatch') {
  return new AppError(ErrorCode.BAD_USER_INPUT, key, { http: { status: 400 } });
}

function notInList(): AppError {
  return new AppError(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, 'error.persistedQuery.notInList', {
    http: { status: 400 },
  });
}

function unauthenticated(reason: UnauthenticatedReason): AppError {
  return AppError.unauthenticated(reason).withExtensions({ http: { status: 401 } });
}
