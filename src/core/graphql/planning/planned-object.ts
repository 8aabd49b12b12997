import {
  defaultFieldResolver,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';

/**
 * The key that marks an object read by a planned statement: Postgres built it in the shape of
 * the answer (object-plan.ts), each selected field's value under the field's name.
 */
export const PLANNED = '$';

/** The types some ObjectPlan serves (definePlan), whose fields servePlannedObjects wraps. */
export const PLANNED_TYPES = new Set<string>();

export function isPlanned(source: unknown): source is Record<string, unknown> {
  return typeof source === 'object' && source !== null && (source as never)[PLANNED] === true;
}

/**
 * Lets every field of the planned types hand over a planned object's value as it is, and
 * resolve anything else as before. The resolvers of those fields are Nest's wrappers (guards,
 * param decorators, middleware such as the global ID's), dozens per object; for an object
 * Postgres already built, that work was done once in SQL, and doing it again per field is what
 * the planner exists to avoid. Postgres made the values as the resolvers would: global IDs
 * (nodeId), DateTimes in the scalar's spelling (timestamp), in object-plan.ts.
 */
export function servePlannedObjects(schema: GraphQLSchema, typeNames: Iterable<string>): void {
  for (const name of typeNames) {
    const type = schema.getType(name);
    if (!isObjectType(type)) throw new Error(`servePlannedObjects: ${name} is not an object type`);
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) =>
        isPlanned(source) ? source[info.fieldName] : resolve(source, args, context, info);
    }
  }
}
