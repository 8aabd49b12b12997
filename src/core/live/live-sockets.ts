import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/** What graphql-ws's `ws` adapter leaves in a connection's `extra`. */
interface ClosableSocket {
  close(code?: number, reason?: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * The open WebSocket connections of this instance, so that a shutdown can close them: an HTTP
 * server does not finish closing while upgraded sockets stay open, and a client told "going
 * away" (1001) reconnects to another instance at once.
 */
@Injectable()
export class LiveSockets implements BeforeApplicationShutdown {
  private readonly open = new Set<ClosableSocket>();

  /** Called by graphql-ws's onConnect with the connection's socket. */
  track(socket: ClosableSocket | undefined): void {
    if (!socket) return;
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
  }

  /** Closes every connection with 1001 "going away"; their subscriptions end with them. */
  closeAll(): void {
    for (const socket of this.open) socket.close(1001, 'Server shutting down');
    this.open.clear();
  }

  beforeApplicationShutdown(): void {
    this.closeAll();
  }
}
