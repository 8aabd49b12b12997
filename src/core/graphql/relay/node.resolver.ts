import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../../access/permissions.js';
import { MaxItems } from '../cost-model.js';
import { AppError } from '../../errors/app-error.js';
import type { RequestContext } from '../request-context.js';
import { parseGlobalId } from './global-id.js';
import { Node } from './node.interface.js';
import { NodeRegistry } from './node-registry.js';

const MAX_NODES = 100;

@Resolver()
@Allow(Permission.READ_PUBLIC)
export class NodeResolver {
  constructor(private readonly registry: NodeRegistry) {}

  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global ID; null when unknown, junk or not visible.',
  })
  async node(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
  ): Promise<object | null> {
    const [node] = await this.load([id], ctx);
    return node;
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `At most ${MAX_NODES} distinct ids; null for each unknown one.`,
  })
  @MaxItems(MAX_NODES)
  nodes(
    @Args('ids', { type: () => [ID] }) ids: string[],
    @Context() ctx: RequestContext,
  ): Promise<(object | null)[]> {
    if (ids.length > MAX_NODES)
      throw AppError.badField('ids', 'field.atMostIds', { maximum: MAX_NODES });
    // The cost counts one answer per id: a repeated id would multiply the work and the answer
    // without telling the client anything new (issue 14).
    if (new Set(ids).size !== ids.length) throw AppError.badField('ids', 'field.noRepeatedIds');
    return this.load(ids, ctx);
  }

  /** Groups the ids by type so that each type is loaded with one query. */
  private async load(globalIds: string[], ctx: RequestContext): Promise<(object | null)[]> {
    const decoded = globalIds.map(parseGlobalId);
    const result: (object | null)[] = globalIds.map(() => null);
    const byType = new Map<string, number[]>();
    decoded.forEach((d, i) => {
      if (d && this.registry.loaderFor(d.type))
        byType.set(d.type, [...(byType.get(d.type) ?? []), i]);
    });
    await Promise.all(
      [...byType].map(async ([type, positions]) => {
        const rows = await this.registry.loaderFor(type)!(
          positions.map((i) => decoded[i]!.id),
          ctx,
        );
        positions.forEach((position, j) => (result[position] = rows[j] ?? null));
      }),
    );
    return result;
  }
}
