import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createHash } from 'node:crypto';
import { registerManifest } from '../../src/cli/documents-register.js';
import { Environment } from '../../src/core/config/environment.js';
import { queryLimits } from '../../src/core/graphql/query-limits.js';
import { TrustedDocumentRegistry } from '../../src/core/graphql/trusted-documents/trusted-document.registry.js';
import type { GraphqlResponse, TestApp } from '../helpers/test-app.js';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface Operation {
  name: string;
  body: string;
  type?: 'query' | 'mutation' | 'subscription';
}

/** An Apollo persisted-query manifest of these operations, ids as a client computes them. */
export function manifestOf(operations: Operation[]): Record<string, unknown> {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: operations.map(({ name, body, type = 'query' }) => ({
      id: sha256(body),
      name,
      type,
      body,
    })),
  };
}

/**
 * `npm run cli -- documents:register` as the command runs it (its own registry, as another
 * process would have), against the schema the app serves and its limits. What it prints.
 */
export function register(t: TestApp, manifest: unknown, clientName = 'web'): Promise<string> {
  return registerManifest(
    { json: manifest, file: 'web.json', clientName },
    { schema: t.app.get(GraphQLSchemaHost).schema, limits: queryLimits(t.app.get(Environment)) },
    new TrustedDocumentRegistry(t.db),
  );
}

/** A POST in Apollo's persisted-query protocol: the hash, and the document only if given. */
export async function persisted(
  t: TestApp,
  hash: unknown,
  options: {
    query?: string;
    variables?: Record<string, unknown>;
    token?: string | null;
    version?: unknown;
    headers?: Record<string, string>;
  } = {},
): Promise<GraphqlResponse> {
  const req = t.http().post('/graphql').set('Content-Type', 'application/json');
  if (options.token) req.set('Authorization', `Bearer ${options.token}`);
  if (options.headers) req.set(options.headers);
  const res = await req.send({
    ...(options.query !== undefined ? { query: options.query } : {}),
    variables: options.variables,
    extensions: {
      persistedQuery: { version: 'version' in options ? options.version : 1, sha256Hash: hash },
    },
  });
  return {
    status: res.status,
    data: res.body?.data,
    errors: res.body?.errors,
    headers: res.headers,
  };
}

/** The same over GET, as Apollo Client's useGETForHashedQueries sends it. */
export async function persistedGet(
  t: TestApp,
  hash: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse> {
  const res = await t
    .http()
    .get('/graphql')
    .query({
      extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
      variables: JSON.stringify(variables),
    })
    // Apollo's CSRF prevention: a GET must show it is not a simple cross-site request.
    .set('apollo-require-preflight', 'true');
  return {
    status: res.status,
    data: res.body?.data,
    errors: res.body?.errors,
    headers: res.headers,
  };
}

/** The registered documents, oldest first. */
export async function registeredDocuments(
  t: TestApp,
): Promise<{ sha256: string; operation_name: string | null; client_name: string | null }[]> {
  return t.db.query(
    'SELECT sha256, operation_name, client_name FROM trusted_document ORDER BY registered_at, sha256',
  );
}
