import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { SCALARS_MAP } from './date-time.scalar.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** The served schema, committed at the project root and checked against the contract. */
export const SCHEMA_FILE = resolve(process.cwd(), 'schema.graphql');

const HEADER =
  '# The schema Wontak serves, emitted by `npm run build` (and by every development start).\n' +
  '# Do not edit: change the resolvers and models under src/, then rebuild. A test fails when\n' +
  '# this file is stale.\n\n';

export function renderSchema(schema: GraphQLSchema): string {
  return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
}

export function writeSchemaFile(schema: GraphQLSchema, file = SCHEMA_FILE): boolean {
  const text = renderSchema(schema);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // Not there yet.
  }
  if (current === text) return false;
  writeFileSync(file, text);
  return true;
}

type ModuleRef = Type<unknown> | DynamicModule;

/** Every provider class declared by `modules` and the modules they import. */
function providerClasses(modules: ModuleRef[], seen = new Set<unknown>()): Function[] {
  return modules.flatMap((ref) => {
    const moduleClass = 'module' in ref ? ref.module : ref;
    if (seen.has(moduleClass)) return [];
    seen.add(moduleClass);
    const meta = (key: string) =>
      (Reflect.getMetadata(key, moduleClass) as unknown[] | undefined) ?? [];
    const dynamic = 'module' in ref ? ref : undefined;
    const providers = [...meta('providers'), ...(dynamic?.providers ?? [])].filter(
      (p): p is Function => typeof p === 'function',
    );
    const imports = [...meta('imports'), ...(dynamic?.imports ?? [])].filter(
      (m): m is ModuleRef =>
        typeof m === 'function' || (typeof m === 'object' && m !== null && 'module' in m),
    );
    return [...providers, ...providerClasses(imports, seen)];
  });
}

/**
 * Builds the schema from the resolver classes of `modules` without starting the app or a
 * database, so that `npm run build` can emit schema.graphql anywhere.
 */
export async function buildSchemaOffline(modules: ModuleRef[]): Promise<GraphQLSchema> {
  const context = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, {
    logger: false,
  });
  try {
    return await context
      .get(GraphQLSchemaFactory)
      .create(providerClasses(modules), { scalarsMap: SCALARS_MAP });
  } finally {
    await context.close();
  }
}
