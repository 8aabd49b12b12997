import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** An error of the API, with its contract code (`extensions.code`). */
export class WontakError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** The API's GraphQL endpoint, e.g. https://api.wontak.example/graphql. */
  url: string;
  /** The signed-in person's access token, when there is one. */
  accessToken?: () => string | null;
  /** The reader's language for error messages (ko or en). */
  language?: string;
}

/** What a document generated with persistedDocuments carries instead of its text. */
type HashedDocument = { __meta__?: { hash?: string } };

/**
 * Runs a generated operation by its hash alone (Apollo's persisted-query protocol): the
 * server runs the registered document that hash names. The result and variables are typed
 * by the generated document, so a field the schema no longer has fails to compile.
 */
export function createClient(options: ClientOptions) {
  return async function execute<Result, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Result, Variables>,
    variables: Variables,
  ): Promise<Result> {
    const hash = (document as HashedDocument).__meta__?.hash;
    if (!hash) throw new Error('not a persisted document: regenerate with npm run example:codegen');
    const token = options.accessToken?.();
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options.language ? { 'Accept-Language': options.language } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      }),
    });
    const body = (await response.json()) as {
      data?: Result;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    const [error] = body.errors ?? [];
    if (error) {
      // PERSISTED_QUERY_NOT_FOUND: this build's manifest was not registered on that server.
      const extensions = error.extensions ?? {};
      throw new WontakError(error.message, extensions.code as string | undefined, extensions);
    }
    return body.data as Result;
  };
}
