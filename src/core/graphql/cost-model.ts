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
 * - A text field whose values may be long costs one unit per TEXT_COST_UNIT characters of its
 *   longest value (`@MaxChars(n)`), so that thirty aliases of a hundred proposal bodies cost
 *   what they weigh (issue 14: before, they cost 6,000 and weighed 90 MB).
 *
 * So one cost unit stands for at most about TEXT_COST_UNIT characters of answer, and a cost
 * limit is a memory limit: RESPONSE_BYTES_PER_COST is the bound the availability tests check.
 */
export const TEXT_COST_UNIT = 1_000;

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

/**
 * On a connection's `edges` and `nodes`: the page's length was counted by the paginated
 * field above them (`first`), so they do not multiply again.
 */
export const PageItems = () => Extensions({ pageItems: true });

interface CostExtensions {
  maxItems?: number;
  maxChars?: number;
  pageItems?: boolean;
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
  if (isPaged(field)) return 1 + childComplexity * pageLength(args);
  const nullable = getNullableType(field.type);
  const named = getNamedType(field.type);
  // A leaf's own weight: a long text weighs by its length, any other scalar or enum 1.
  const each = childComplexity > 0 ? childComplexity : isScalarType(named) ? textCost(field) : 1;
  if (isListType(nullable)) return 1 + each * listLength(field, args);
  return childComplexity > 0 ? 1 + childComplexity : each;
};

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
