import { Field, ID, InterfaceType, type FieldMiddleware } from '@nestjs/graphql';
import { toGlobalId } from './global-id.js';

/** Entity classes mapped to the GraphQL type they are served as, for `Node.__resolveType`. */
const NODE_TYPES = new Map<Function, string>();

export function registerNodeType(entity: Function, typeName: string): void {
  NODE_TYPES.set(entity, typeName);
}

export function nodeTypeOf(value: object): string | undefined {
  return NODE_TYPES.get(value.constructor);
}

/** Serves a database id as the global ID of the type that owns the field. */
export const globalIdMiddleware: FieldMiddleware = async ({ info }, next) => {
  const id = (await next()) as string;
  return toGlobalId(info!.parentType.name, id);
};

/** The `id: ID!` field of a Node type: an opaque global ID over the row's uuid. */
export function NodeIdField(): PropertyDecorator {
  return Field(() => ID, { middleware: [globalIdMiddleware] });
}

@InterfaceType('Node', {
  resolveType: (value: object) => nodeTypeOf(value),
})
export abstract class Node {
  @NodeIdField()
  id: string;
}
