import {
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { documentHash, isDocumentHash } from './document-hash.js';

/** The `format` of the manifests Apollo's tools and graphql-codegen-made scripts write. */
export const MANIFEST_FORMAT = 'apollo-persisted-query-manifest';

const OPERATION_TYPES = ['query', 'mutation', 'subscription'] as const;
type OperationType = (typeof OPERATION_TYPES)[number];

/** One operation of a manifest, checked: its id is the SHA-256 of its body. */
export interface ManifestDocument {
  sha256: string;
  body: string;
  operationName: string;
  type: OperationType;
}

/**
 * The query limits a document meets on every run (query-limits.ts) that do not depend on its
 * variables: tokens, depth, aliases, directives. A document past one could never run.
 */
export interface StaticLimits {
  validationRules: readonly ValidationRule[];
  parseOptions: { maxTokens: number };
}

/** A manifest refused, with every problem found (an operator fixes them all at once). */
export class ManifestError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The documents of an Apollo persisted-query manifest ({format, version: 1, operations: [{id,
 * name, type, body}]}), each checked before anything is registered: its id is the SHA-256 of its
 * body (a client sends that hash, so a wrong id would register a document no client can name,
 * or under a name that belongs to another text), and its body is one operation of that name and
 * type that parses and validates against `schema`, the schema this server serves, within the
 * `limits` it would meet on every run (its cost depends on its variables: checked at run time
 * only). The same document listed twice is kept once. Throws ManifestError naming every
 * problem.
 */
export function readManifest(
  json: unknown,
  schema: GraphQLSchema,
  limits?: StaticLimits,
): ManifestDocument[] {
  if (!isRecord(json)) throw new ManifestError(['the manifest is not a JSON object']);
  const problems: string[] = [];
  if (json.format !== MANIFEST_FORMAT) problems.push(`"format" must be "${MANIFEST_FORMAT}"`);
  if (json.version !== 1) problems.push('"version" must be 1');
  if (!Array.isArray(json.operations)) problems.push('"operations" must be a list');
  else if (json.operations.length === 0) problems.push('"operations" is empty');
  if (problems.length) throw new ManifestError(problems);

  const documents = new Map<string, ManifestDocument>();
  (json.operations as unknown[]).forEach((operation, index) => {
    const where = `operation ${index + 1}`;
    if (!isRecord(operation)) {
      problems.push(`${where}: not an object`);
      return;
    }
    const { id, name, type, body } = operation;
    const label = typeof name === 'string' && name ? `${where} (${name})` : where;
    const before = problems.length;
    if (typeof body !== 'string' || !body.trim()) problems.push(`${label}: "body" must be a text`);
    if (typeof name !== 'string' || !name) problems.push(`${label}: "name" must be a text`);
    if (!OPERATION_TYPES.includes(type as OperationType)) {
      problems.push(`${label}: "type" must be one of ${OPERATION_TYPES.join(', ')}`);
    }
    if (!isDocumentHash(id)) {
      problems.push(`${label}: "id" must be a lower-case hex SHA-256 (64 characters)`);
    }
    if (problems.length > before) return;
    const text = body as string;
    const expected = documentHash(text);
    if (id !== expected) {
      problems.push(
        `${label}: its id ${id as string} is not the SHA-256 of its body (${expected}); ` +
          'regenerate the manifest rather than edit it',
      );
      return;
    }
    const invalid = documentProblem(text, name as string, type as OperationType, schema, limits);
    if (invalid) {
      problems.push(`${label}: ${invalid}`);
      return;
    }
    documents.set(expected, {
      sha256: expected,
      body: text,
      operationName: name as string,
      type: type as OperationType,
    });
  });
  if (problems.length) throw new ManifestError(problems);
  return [...documents.values()];
}

/** Why `body` cannot be registered as the operation `name` of `type`, or null. */
function documentProblem(
  body: string,
  name: string,
  type: OperationType,
  schema: GraphQLSchema,
  limits: StaticLimits | undefined,
): string | null {
  let document: DocumentNode;
  try {
    document = parse(body);
  } catch (error) {
    return `does not parse: ${(error as Error).message}`;
  }
  const errors = validate(schema, document, specifiedRules);
  if (errors.length) {
    return `does not validate against the served schema: ${errors.map((e) => e.message).join('; ')}`;
  }
  if (limits) {
    try {
      parse(body, limits.parseOptions);
    } catch (error) {
      return `is past the query limits, and could never run: ${(error as Error).message}`;
    }
    const past = validate(schema, document, limits.validationRules);
    if (past.length) {
      return `is past the query limits, and could never run: ${past.map((e) => e.message).join('; ')}`;
    }
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  // A client sends the hash of one operation; a document of several would need an
  // operationName the manifest does not record.
  if (operations.length !== 1) return `holds ${operations.length} operations, not one`;
  const [operation] = operations as [OperationDefinitionNode];
  if (operation.name?.value !== name) {
    return `its operation is named ${operation.name?.value ?? '(nothing)'}, not ${name}`;
  }
  if (operation.operation !== type) return `is a ${operation.operation}, not a ${type}`;
  return null;
}
