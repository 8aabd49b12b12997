import { NestFactory } from '@nestjs/core';
import type { GraphQLSchema } from 'graphql';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { DOMAIN_MODULES } from '../app.module.js';
import { ensureLocalJwtSecret, resolveDatabase } from '../core/bootstrap.js';
import { validateEnvironment } from '../core/config/environment.js';
import { WontakGraphqlModule } from '../core/graphql/graphql.module.js';
import { buildSchemaOffline } from '../core/graphql/schema-file.js';
import { queryLimits } from '../core/graphql/query-limits.js';
import {
  ManifestError,
  readManifest,
  type StaticLimits,
} from '../core/graphql/trusted-documents/manifest.js';
import {
  RegistryConflict,
  TrustedDocumentRegistry,
} from '../core/graphql/trusted-documents/trusted-document.registry.js';
import { CliError, EXIT } from './cli-error.js';
import { CliModule } from './cli.module.js';

/** A manifest larger than this is not a front end's: refused before it is read. */
const MANIFEST_MAX_BYTES = 10 * 1024 * 1024;
const CLIENT_NAME_MAX = 100;

export interface DocumentsRegisterOptions {
  file: string;
  clientName: string;
}

export function parseDocumentsRegister(args: string[]): DocumentsRegisterOptions {
  let parsed: { values: { client?: string }; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { client: { type: 'string' } },
    });
  } catch (error) {
    throw new CliError(`documents:register: ${(error as Error).message}`, EXIT.USAGE);
  }
  const [file, ...more] = parsed.positionals;
  if (!file || more.length) {
    throw new CliError('documents:register: give one manifest file', EXIT.USAGE);
  }
  // The front end the documents come from, for whoever reads the table: --client, else the
  // manifest's file name.
  const clientName = (parsed.values.client ?? basename(file)).trim();
  if (!clientName || clientName.length > CLIENT_NAME_MAX || /\p{Cc}/u.test(clientName)) {
    throw new CliError(
      `documents:register: --client must be 1 to ${CLIENT_NAME_MAX} characters, no control characters`,
      EXIT.USAGE,
    );
  }
  return { file, clientName };
}

/** The manifest file's JSON. */
export function parseManifestText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Registers the documents of a persisted-query manifest, all of them or, when any is refused,
 * none: every problem is listed. What the command prints on success.
 */
export async function registerManifest(
  manifest: { json: unknown; file: string; clientName: string },
  served: { schema: GraphQLSchema; limits: StaticLimits },
  registry: TrustedDocumentRegistry,
): Promise<string> {
  try {
    const documents = readManifest(manifest.json, served.schema, served.limits);
    const { registered, alreadyRegistered } = await registry.register(
      documents,
      manifest.clientName,
    );
    return (
      `Registered ${registered} new trusted documents for ${manifest.clientName} ` +
      `(${alreadyRegistered} already registered, ${documents.length} in ${manifest.file})`
    );
  } catch (error) {
    if (error instanceof ManifestError || error instanceof RegistryConflict) {
      throw new CliError(
        `${manifest.file} was refused, nothing was registered:\n  ${error.problems.join('\n  ')}`,
      );
    }
    throw error;
  }
}

/** `npm run cli -- documents:register FILE [--client NAME]` */
export async function documentsRegister(args: string[]): Promise<string> {
  const options = parseDocumentsRegister(args);
  const json = parseManifestText(await readManifestFile(options.file), options.file);
  ensureLocalJwtSecret();
  const env = validateEnvironment(process.env);
  // The schema this server serves, built from its resolvers as `npm run build` does, and the
  // limits it applies (this environment's): the documents are checked before the database is
  // opened.
  const schema = await buildSchemaOffline([WontakGraphqlModule, ...DOMAIN_MODULES]);
  const limits = queryLimits(env);
  const database = await resolveDatabase(env);
  const app = await NestFactory.createApplicationContext(CliModule.forUrl(database.url), {
    logger: false,
    abortOnError: false,
  });
  try {
    const registry = new TrustedDocumentRegistry(app.get(DataSource));
    return await registerManifest(
      { json, file: options.file, clientName: options.clientName },
      { schema, limits },
      registry,
    );
  } finally {
    await app.close();
    await database.stop();
  }
}

async function readManifestFile(file: string): Promise<string> {
  try {
    if ((await stat(file)).size > MANIFEST_MAX_BYTES) {
      throw new CliError(`${file} is larger than ${MANIFEST_MAX_BYTES / 1024 / 1024} MB`);
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
}
