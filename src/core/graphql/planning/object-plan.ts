import type { Viewer } from '../../auth/viewer.js';
import { globalIdSql } from '../relay/global-id.js';
import { PLANNED, PLANNED_TYPES } from './planned-object.js';
import {
  childFields,
  Unplannable,
  type SelectedField,
  type Selection,
  type SelectionContext,
} from './selection.js';
import { sqlLiteral, type SqlParams } from './sql-params.js';

/** What one planned statement is built with. */
export interface PlanContext extends SelectionContext {
  params: SqlParams;
  viewer: Viewer | null;
}

/**
 * One planned field: the SQL expression of its value over the row `alias`, and, when the value
 * needs finishing in JavaScript once read (a connection's cursors), the function doing it.
 */
export interface PlannedField {
  sql: string;
  finish?: (value: unknown) => unknown;
}

/** How to plan one field of a type; a field with no entry is Unplannable. */
export type FieldPlanner = (alias: string, field: SelectedField, ctx: PlanContext) => PlannedField;

/**
 * The planned fields of one GraphQL object type. Each entry is the SQL twin of the field's
 * resolver (the resolver stays, for every document the planner does not serve): the
 * differential tests (test/performance/planner.e2e-spec.ts) hold each pair to the same answer.
 */
export interface ObjectPlan {
  typeName: string;
  fields: Record<string, FieldPlanner>;
}

/** Declares a plan; its type's resolvers then hand planned objects over (planned-object.ts). */
export function definePlan(plan: ObjectPlan): ObjectPlan {
  PLANNED_TYPES.add(plan.typeName);
  return plan;
}

/** A Node's `id`: its global ID, made in SQL as toGlobalId makes it (relay/global-id.ts). */
export function nodeId(type: string): FieldPlanner {
  return (alias) => ({ sql: globalIdSql(type, `${alias}.id`) });
}

/**
 * A DateTime column, spelt as the DateTime scalar writes it (toISOString: UTC, milliseconds,
 * `Z`), so that the scalar hands it over as it is (date-time.scalar.ts).
 */
export function timestamp(name: string): FieldPlanner {
  return (alias) => ({
    sql: `to_char(${alias}.${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  });
}

/** A column read as it is: for fields the resolver reads as they are. */
export function column(name: string): FieldPlanner {
  return (alias) => ({ sql: `${alias}.${name}` });
}

/**
 * The planned object of `plan` over row `alias`: `json_build_object` of every selected field
 * under its name, with the PLANNED mark that lets the resolvers (planned-object.ts) hand the
 * values over as they are. Unplannable when a selected field has no planner.
 */
export function objectSql(
  plan: ObjectPlan,
  selection: Selection,
  alias: string,
  ctx: PlanContext,
  /** More entries of the planner's own, such as a row's sort values (connection-plan.ts). */
  extra: [string, string][] = [],
): PlannedField {
  const pairs = [`${sqlLiteral(PLANNED)}, true`];
  for (const [key, sql] of extra) pairs.push(`${sqlLiteral(key)}, ${sql}`);
  const finishers: [string, (value: unknown) => unknown][] = [];
  for (const field of selection.values()) {
    const planner = plan.fields[field.name];
    if (!planner) throw new Unplannable(`${plan.typeName}.${field.name}`);
    const planned = planner(alias, field, ctx);
    pairs.push(`${sqlLiteral(field.name)}, ${planned.sql}`);
    if (planned.finish) finishers.push([field.name, planned.finish]);
  }
  // json_build_object takes at most 100 arguments: 49 fields and the mark.
  if (pairs.length > 50) throw new Unplannable(`${plan.typeName}: too many fields`);
  return {
    sql: `json_build_object(${pairs.join(', ')})`,
    finish: finishers.length
      ? (value) => {
          if (value === null || typeof value !== 'object') return value;
          const object = value as Record<string, unknown>;
          for (const [name, finish] of finishers) object[name] = finish(object[name]);
          return object;
        }
      : undefined,
  };
}

/**
 * A to-one relation: the related row's planned object, or null when there is none (a
 * correlated subquery on the primary key, one index probe per row).
 */
export function toOne(
  plan: () => ObjectPlan,
  table: string,
  childAlias: string,
  on: (parentAlias: string) => string,
): FieldPlanner {
  return (alias, field, ctx) => {
    const object = objectSql(plan(), childFields(field, ctx), childAlias, ctx);
    return {
      sql: `(SELECT ${object.sql} FROM ${table} ${childAlias} WHERE ${childAlias}.id = ${on(alias)})`,
      finish: object.finish,
    };
  };
}
