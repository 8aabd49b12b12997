import { createServer } from 'node:net';
import { StartupError } from './startup-error.js';

export interface Listener {
  port: number;
  host: string;
  /** The variable that chooses the port, named in the sentence. */
  variable: string;
  /** Who listens there, when it is not the API itself ("the embedded Postgres"). */
  owner?: string;
  /** Another way out, after the variable ("or DATABASE_URL to use a Postgres of your own"). */
  alternative?: string;
}

/**
 * Resolves when `port` on `host` can be listened on, and fails with one sentence otherwise, so
 * that a second `npm start` says which variable to set before it starts anything else. Port 0
 * (any free port) always can.
 */
export async function checkCanListen(listener: Listener): Promise<void> {
  if (listener.port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(listenFailure(error, listener)));
    probe.listen(listener.port, listener.host, () => probe.close(() => resolve()));
  });
}

/** A failed listen as one sentence that says what to do; any other error as it is. */
export function listenFailure(error: unknown, listener: Listener): unknown {
  const { port, host, variable, owner, alternative } = listener;
  const orElse = alternative ? `, ${alternative}` : '';
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return new StartupError(
        owner
          ? `Port ${port}, where ${owner} listens, is already in use: set ${variable} to a free port${orElse}.`
          : `Port ${port} is already in use (is Wontak already running?): set ${variable} to a free port${orElse}.`,
      );
    case 'EACCES':
      return new StartupError(
        `Port ${port} needs privileges this process does not have: set ${variable} to a port above 1023${orElse}.`,
      );
    case 'EADDRNOTAVAIL':
      return new StartupError(
        `${host} is not an address of this machine: set HOST to one of its addresses (127.0.0.1 for this machine only, 0.0.0.0 for all).`,
      );
    default:
      return error;
  }
}
