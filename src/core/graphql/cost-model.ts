import { Extensions } from '@nestjs/graphql';
import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './relay/connection.args.js';

/**
 * The cost model: what one operation may cost at most, as an upper bound on the rows it reads
 * and on the size of its answer, computed before anything runs (query-limits.ts refuses it
 * past GRAPHQL_MAX_COST, the budgets charge it).
 *
 * - Every field costs 1, plus what it selects.
 * - A paginated field (it takes `first`) multiplies what it selects by `first` (20 when omitted).
 * - A plain list multiplies what it selects by its largest length: `@MaxItems(n)` on the
 *   field, which its resolver also enforces, or the length of `ids` for `nodes(ids:)`. A list
 *   that declares nothing counts as UNDECLARED_LIST_ITEMS; cost-model.spec.ts fails for it.
 * - A text field costs one unit per TEXT_COST_UNIT characters of its longest value, which it
 *   declares with `@MaxChars(n)` (the input rule's maximum): a proposal body costs 100, so that
 *   thirty aliases of a hundred bodies cost what they weigh (issue 14: before, they cost 6,000
 *   and weighed 90 MB). A text field that declares nothing fails cost-model's e2e test.
 *
 * - A field whose own work is heavy (its SQL, not its answer) says so: `@FieldCost(n)` in place
 *   of 1 (a department's statistics), `@ArgumentCost({ 'filter.search': n })` when an argument is
 *   given (a search). Measured with `npm run bench`, so that such operations become "expensive"
 *   for the gate and one client cannot hold the database with them.
 *
 * So one cost unit stands for at most about TEXT_COST_UNIT characters of answer, and the cost
 * limit is a limit on the answer's size (RESPONSE_BYTES_PER_COST): the largest answer at the
 * default GRAPHQL_MAX_COST is about 10 MB, which the server serialises in tens of
 * milliseconds, not the hundreds that kept everyone else waiting.
 */
export const TEXT_COST_UNIT = 100;

/**
 * The longest values of text fields that no input rule of their own bounds: values the server
 * writes (cursors, tokens, notification sentences, audit states) or short names.
 */
export const TEXT_CHARS = {
  /** Cursors the server writes (their decoder refuses anything longer). */
  cursor: 512,
  /** Access and refresh tokens. */
  token: 1000,
  slug: 60,
  /** A department's or topic's name. */
  name: 100,
  title: 150,
  displayName: 50,
  email: 254,
  /** A reason or note given by a moderator or admin. */
  note: 1000,
  /** An audit entry's before and after: a status, a role, a department's name. */
  auditState: 200,
  /** A notification's sentence: a template around a title and a department's name. */
  notificationMessage: 400,
} as const;

/** What a list without @MaxItems counts as: never less than a full page. */
export const UNDECLARED_LIST_ITEMS = MAX_PAGE_SIZE;

/**
 * The answer's bytes (UTF-8 JSON) per cost unit at most: TEXT_COST_UNIT characters of Hangul
 * (3 bytes each) plus the JSON around them.
 */
export const RESPONSE_BYTES_PER_COST = 3 * TEXT_COST_UNIT + 200;

/** The largest length of a plain list field; its resolver returns no more than that. */
export const MaxItems = (items: number) => Extensions({ maxItems: items });

/** The longest value of a text field, in characters (the input rule's maximum). */
export const MaxChars = (characters: number) => Extensions({ maxChars: characters });

/** What the field itself costs, in place of 1, when its work is heavier than its answer. */
export const FieldCost = (cost: number) => Extensions({ fieldCost: cost });

/**
 * What the field costs more when an argument is given (a non-empty value at the dotted path,
 * `filter.search`): work that only some calls of the field do.
 */
export const ArgumentCost = (costs: Record<string, number>) => Extensions({ argumentCosts: costs });

/**
 * On a connection's `edges` and `nodes`: the page's length was counted by the paginated
 * field above them (`first`), so they do not multiply again.
 */
export const PageItems = () => Extensions({ pageItems: true });

interface CostExtensions {
  maxItems?: number;
  maxChars?: number;
  pageItems?: boolean;
  fieldCost?: number;
  argumentCosts?: Record<string, number>;
}

const extensionsOf = (field: GraphQLField<unknown, unknown>): CostExtensions =>
  (field.extensions ?? {}) as CostExtensions;

/** How many units a text field costs: 1 up to TEXT_COST_UNIT characters, then one per unit. */
export function textCost(field: GraphQLField<unknown, unknown>): number {
  const { maxChars } = extensionsOf(field);
  return maxChars ? Math.max(1, Math.ceil(maxChars / TEXT_COST_UNIT)) : 1;
}

/** Whether a field takes `first` (a connection). */
const isPaged = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((arg) => arg.name === 'first');

/** The number a list argument stands for, within `max` (past it the argument check refuses). */
function listArgumentLength(value: unknown, max: number): number {
  return Array.isArray(value) ? Math.min(value.length, max) : 1;
}

/**
 * How many items a list field may return, for the estimator. `nodes(ids:)` returns one per id
 * (repeats are refused by its resolver, so the count is exact).
 */
function listLength(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const { maxItems, pageItems } = extensionsOf(field);
  if (pageItems) return 1;
  if (maxItems !== undefined && field.args.some((a) => a.name === 'ids'))
    return listArgumentLength(args.ids, maxItems);
  return maxItems ?? UNDECLARED_LIST_ITEMS;
}

/** The page a paginated field asks for; a refused size loads nothing (BAD_USER_INPUT says more). */
function pageLength(args: Record<string, unknown>): number {
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return Number.isInteger(first) && first >= 0 && first <= MAX_PAGE_SIZE ? first : 1;
}

/** graphql-query-complexity's estimator for the model above; it answers every field. */
export const costEstimator: ComplexityEstimator = ({ args, childComplexity, field, type }) => {
  // Introspection reads the schema, whose size no client chooses: counted as before, once.
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 1 + childComplexity;
  const own = ownCost(field, args);
  const nullable = getNullableType(field.type);
  const named = getNamedType(field.type);
  // A leaf's own weight: a long text weighs by its length, any other scalar or enum 1.
  const each = childComplexity > 0 ? childComplexity : isScalarType(named) ? textCost(field) : 1;
  // A page: its items' weight times the page asked for (a page of texts, such as a poll's
  // free-text answers, weighs by their length, not 1).
  if (isPaged(field))
    return own + (isListType(nullable) ? each : childComplexity) * pageLength(args);
  if (isListType(nullable)) return own + each * listLength(field, args);
  return childComplexity > 0 ? own + childComplexity : Math.max(each, own);
};

/** The field's own cost: 1, or its @FieldCost, plus the @ArgumentCost of the arguments given. */
function ownCost(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const { fieldCost = 1, argumentCosts = {} } = extensionsOf(field);
  let cost = fieldCost;
  for (const [path, extra] of Object.entries(argumentCosts)) {
    const value = path
      .split('.')
      .reduce<unknown>(
        (at, key) =>
          at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined,
        args,
      );
    if (value !== undefined && value !== null && value !== '') cost += extra;
  }
  return cost;
}

/**
 * Fields that break the model: plain lists that declare no @MaxItems (they would count as
 * UNDECLARED_LIST_ITEMS whatever they hold). The unit test keeps this list empty, so a list
 * added later must say how long it can be.
 */
export function undeclaredLists(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type)) || isPaged(field)) continue;
      const { maxItems, pageItems } = extensionsOf(field);
      if (maxItems === undefined && !pageItems) found.push(`${type.name}.${field.name}`);
    }
  }
  return found;
}

/**
 * Text fields that declare no @MaxChars: the cost could not bound their size. The e2e test
 * keeps this list empty, so a text field added later must say how long it can be.
 */
export function undeclaredTexts(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (getNamedType(field.type).name !== 'String') continue;
      if (extensionsOf(field).maxChars === undefined) found.push(`${type.name}.${field.name}`);
    }
  }
  return found;
}
