import type { CodegenConfig } from '@graphql-codegen/cli';
import { createHash } from 'node:crypto';

/** A document's id as Apollo's persisted-query protocol and the server's registry know it. */
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Types for the operations under src/operations, generated from the schema the server serves
 * (`../../schema.graphql`, committed with the API). Run from this folder: `graphql-codegen
 * --config codegen.ts` (the project's `npm run example:codegen` does it, then writes the
 * manifest). The documents are replaced by their SHA-256 hashes: the bundle ships no query
 * text, and the server runs what the hash names, once the manifest is registered.
 */
const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // The bare hex SHA-256 (the preset's own 'sha256' writes "sha256:<hex>").
        persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: sha256 },
      },
      config: {
        // Strings on the wire: an ISO 8601 date-time, as the API documents it.
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
        // Only what the operations use, not the whole schema's input and enum types.
        onlyOperationTypes: true,
      },
    },
  },
};

export default config;
