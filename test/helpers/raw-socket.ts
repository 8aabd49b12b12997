import type { Socket } from 'node:net';
import WebSocket from 'ws';

/**
 * A WebSocket that speaks graphql-ws by hand, for the tests of what a hostile client may send:
 * any message, of any size, in any order, and reading or not reading what comes back.
 */
export interface RawSocket {
  ws: WebSocket;
  /** Sends a message: an object as JSON, or a string as it is. */
  send(message: object | string): void;
  /** The next message the server sent (parsed), or a failure after `timeoutMs`. */
  next(timeoutMs?: number): Promise<any>;
  /** The next message of `type`, skipping others (pongs, acks...). */
  nextOf(type: string, timeoutMs?: number): Promise<any>;
  /** Messages received and not taken yet. */
  pending(): any[];
  /** connection_init with `payload`, then the ack (fails if the socket closes instead). */
  init(payload?: object): Promise<void>;
  /** The ack of a connection_init already sent (fails if the socket closes instead). */
  ack(): Promise<void>;
  /** Resolves with the close code and reason once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Stops (true) or resumes (false) reading from the TCP socket. */
  pauseReading(paused: boolean): void;
  close(): void;
}

export interface UpgradeRefusal {
  refused: true;
  status: number;
}

/**
 * Opens a graphql-transport-ws WebSocket to `url`; resolves once it is open, or with the HTTP
 * status that refused the upgrade.
 */
export function openRaw(
  url: string,
  headers: Record<string, string> = {},
): Promise<RawSocket | UpgradeRefusal> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: true, status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
    ws.once('open', () => {
      ws.removeAllListeners('error');
      ws.on('error', () => {}); // a reset after the test has what it wants
      resolve(wrap(ws));
    });
  });
}

/** Opens one, failing when the upgrade is refused. */
export async function connectRaw(url: string, headers?: Record<string, string>) {
  const socket = await openRaw(url, headers);
  if ('refused' in socket) throw new Error(`upgrade refused with HTTP ${socket.status}`);
  return socket;
}

function wrap(ws: WebSocket): RawSocket {
  const queue: any[] = [];
  const waiters: ((message: any) => void)[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8'));
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  const next = (timeoutMs = 5000): Promise<any> => {
    if (queue.length) return Promise.resolve(queue.shift());
    return new Promise((resolve, reject) => {
      const waiter = (message: any) => {
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  };
  const raw: RawSocket = {
    ws,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next,
    async nextOf(type, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await next(Math.max(1, deadline - Date.now()));
        if (message.type === type) return message;
      }
    },
    pending: () => queue,
    async init(payload = {}) {
      raw.send({ type: 'connection_init', payload });
      await raw.ack();
    },
    async ack() {
      const ack = await Promise.race([
        next(),
        closed.then((c) => {
          throw new Error(`closed with ${c.code} ${c.reason} instead of an ack`);
        }),
      ]);
      if (ack.type !== 'connection_ack') throw new Error(`expected an ack, got ${ack.type}`);
    },
    pauseReading(paused) {
      const socket = (ws as unknown as { _socket: Socket })._socket;
      if (paused) socket.pause();
      else socket.resume();
    },
    close: () => ws.terminate(),
  };
  return raw;
}

/** A message of exactly `bytes` bytes (UTF-8 JSON): `message` with a padding field grown. */
export function messageOfSize(bytes: number, build: (pad: string) => object): string {
  const base = Buffer.byteLength(JSON.stringify(build('')));
  if (base > bytes) throw new Error(`the message is ${base} bytes before padding`);
  const text = JSON.stringify(build('x'.repeat(bytes - base)));
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}
