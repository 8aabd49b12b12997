import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { UnauthenticatedReason } from '../errors/error-codes.js';
import type { RequestContext } from '../graphql/request-context.js';
import { RequestLoaders } from '../loaders/request-loaders.js';
import { connectionViewer, type LiveConnection } from './connection-authenticator.js';
import { ViewerSource, type Viewer, type ViewerKey } from './viewer.js';

/**
 * The holder of a WebSocket connection as of each live event. Over HTTP the viewer is read at
 * every request, so a role change, a suspension or a log-out takes effect at once; a socket
 * stays open for as long as its token lives, so its viewer is read again at every event:
 * someone demoted stops hearing of hidden content, a logged-out session stops receiving
 * notifications.
 *
 * The pub/sub engines hand the same event object to every subscriber of an instance, so the
 * event keys a DataLoader: one query reads the holders of all the connections that an event
 * reaches, however many there are (and none when all of them are anonymous). It keys the
 * subscribers' loaders too: those who see the event as the same person (every anonymous one
 * alike) share one set, so a selection subscribed many times reads its rows once per event
 * and person, not once per subscription.
 */
/** The key of an event's loaders shared by every subscriber (no user id is empty or '*'). */
const EVERYONE = '*';

@Injectable()
export class LiveViewers {
  private readonly perEvent = new WeakMap<object, DataLoader<ViewerKey, Viewer | null, string>>();
  /** Each event's loaders by the user it is resolved for ('' for anonymous subscribers). */
  private readonly loadersPerEvent = new WeakMap<object, Map<string, RequestLoaders>>();

  constructor(private readonly viewers: ViewerSource) {}

  /**
   * The viewer of `connection` as of `event`, read again from the database (once per event,
   * whatever the number of calls). A session that has ended or a user who is gone turn the
   * connection anonymous for good, and why is kept (LiveConnection.refusal); a changed role
   * or suspension is kept for later events.
   */
  async viewerAt(connection: LiveConnection | undefined, event: unknown): Promise<Viewer | null> {
    const known = connectionViewer(connection);
    if (!connection || !known) return null;
    const fresh = await this.loaderFor(event).load({
      userId: known.id,
      sessionId: known.sessionId,
    });
    connection.viewer = fresh;
    if (!fresh) {
      connection.expiresAt = null;
      // Told to the client when the stream ends (connectionRefusal); a failed read is not the
      // client's to act on beyond signing in again.
      connection.refusal = await this.viewers
        .refusalOf({ userId: known.id, sessionId: known.sessionId })
        .catch(() => UnauthenticatedReason.SESSION_REVOKED);
    }
    return connectionViewer(connection);
  }

  /**
   * Prepares a subscription's context to resolve `event`: the event's loaders for its viewer
   * (new for each event, so nothing read for an earlier one is served again; shared with the
   * other subscribers who see the event as the same person), and the viewer as of now.
   * Returns that viewer.
   */
  async refresh(ctx: RequestContext, event: unknown): Promise<Viewer | null> {
    const viewer = await this.viewerAt(ctx.live, event);
    ctx.loaders = this.loadersAt(event, viewer);
    ctx.req.viewer = viewer;
    ctx.req.viewerPromise = Promise.resolve(viewer);
    return viewer;
  }

  /**
   * The event's loaders for reads that do not depend on who reads (a row by its id, checked
   * for each viewer afterwards): one set for all of the event's subscribers.
   */
  eventLoaders(event: object): RequestLoaders {
    return this.loadersOf(event, EVERYONE);
  }

  private loadersAt(event: unknown, viewer: Viewer | null): RequestLoaders {
    if (typeof event !== 'object' || event === null) return new RequestLoaders();
    // Loaders answer by the viewer's rights, which are the user's: one set per user.
    return this.loadersOf(event, viewer?.id ?? '');
  }

  private loadersOf(event: object, key: string): RequestLoaders {
    let byViewer = this.loadersPerEvent.get(event);
    if (!byViewer) {
      byViewer = new Map();
      this.loadersPerEvent.set(event, byViewer);
    }
    let loaders = byViewer.get(key);
    if (!loaders) {
      loaders = new RequestLoaders();
      byViewer.set(key, loaders);
    }
    return loaders;
  }

  private loaderFor(event: unknown): DataLoader<ViewerKey, Viewer | null, string> {
    const create = () =>
      new DataLoader<ViewerKey, Viewer | null, string>((keys) => this.viewers.findViewers(keys), {
        cacheKeyFn: (key) => `${key.userId}:${key.sessionId}`,
      });
    // Sentinels (a string such as the token-expired marker) cannot key a WeakMap: a loader of
    // their own, used once.
    if (typeof event !== 'object' || event === null) return create();
    let loader = this.perEvent.get(event);
    if (!loader) {
      loader = create();
      this.perEvent.set(event, loader);
    }
    return loader;
  }
}
