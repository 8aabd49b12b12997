import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../request-context.js';

/**
 * Loads the objects behind ids of one type, in the order of `ids`, with null for an id that
 * does not exist or that the viewer may not see. Visibility rules live in the loader, so
 * `node()` and `nodes()` can never show what the type's own queries would hide.
 */
export type NodeLoader = (ids: string[], ctx: RequestContext) => Promise<(object | null)[]>;

/** Each domain module registers the Node types it owns; `node(id)` dispatches by type name. */
@Injectable()
export class NodeRegistry {
  private readonly loaders = new Map<string, NodeLoader>();

  register(typeName: string, loader: NodeLoader): void {
    if (this.loaders.has(typeName)) throw new Error(`Node type ${typeName} is registered twice`);
    this.loaders.set(typeName, loader);
  }

  loaderFor(typeName: string): NodeLoader | undefined {
    return this.loaders.get(typeName);
  }

  /**
   * One object by type name and database id, as node() would show it to the request's viewer:
   * null when the type is unknown, the object is gone or the viewer may not see it. For fields
   * that point at objects of any type (a notification's subject, an audit entry's target).
   */
  async loadOne(typeName: string, id: string, ctx: RequestContext): Promise<object | null> {
    const load = this.loaders.get(typeName);
    if (!load) return null;
    const [found] = await load([id], ctx);
    return found ?? null;
  }
}
