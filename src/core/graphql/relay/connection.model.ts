import { Field, Int, ObjectType, type FieldMiddleware } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { MaxChars, PageItems, TEXT_CHARS } from '../cost-model.js';
import { PageInfo } from './page-info.model.js';

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** A number, or a function GraphQL calls only when the client selects the field. */
  totalCount: number | (() => Promise<number>);
}

/** Counts are computed only when selected: a function in `totalCount` is called here. */
const resolveLazyCount: FieldMiddleware = async (_ctx, next) => {
  const value = (await next()) as Connection<unknown>['totalCount'];
  return typeof value === 'function' ? value() : value;
};

/**
 * Declares `${Name}Connection` and `${Name}Edge` object types for a node type, the same shape
 * for every list of the API:
 *   @ObjectType() export class UserConnection extends ConnectionType(User) {}
 */
export function ConnectionType<T>(
  nodeType: Type<T>,
  name: string = nodeType.name,
): Type<Connection<T>> {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    @MaxChars(TEXT_CHARS.cursor)
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  class ConnectionTypeClass {
    @Field(() => [EdgeType])
    @PageItems()
    edges: Edge<T>[];

    @Field(() => [nodeType])
    @PageItems()
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { middleware: [resolveLazyCount] })
    totalCount: number;
  }
  return ConnectionTypeClass as Type<Connection<T>>;
}
