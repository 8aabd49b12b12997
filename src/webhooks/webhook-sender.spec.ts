import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookLookup } from './webhook-address.js';
import { postWebhook } from './webhook-sender.js';

/** The sender against a real server on 127.0.0.1. */
describe('postWebhook', () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  let handle: (res: import('node:http').ServerResponse) => void = (res) => res.end();

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => handle(res));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    connections = 0;
  });

  it('answers the status, whatever the size of the body (read no further than a few KB)', async () => {
    handle = (res) => {
      res.statusCode = 202;
      res.end('x'.repeat(1_000_000));
    };
    const result = await postWebhook(new URL(`http://localhost:${port}/`), {}, '{}', true);
    expect(result).toEqual({ status: 202, error: null });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    handle = () => {}; // never answers
    const result = await postWebhook(new URL(`http://127.0.0.1:${port}/`), {}, '{}', true, 200);
    expect(result).toEqual({ status: null, error: 'no answer within 0.2 s' });
  });

  it('does not connect when the name resolves to a private address (the check is the connection)', async () => {
    handle = (res) => res.end();
    const result = await postWebhook(new URL(`http://localhost:${port}/`), {}, '{}', false);
    expect(result.status).toBeNull();
    expect(result.error).toContain('EWEBHOOKPRIVATEADDRESS');
    expect(connections).toBe(0);
  });

  it('a refused connection is an error, not a status', async () => {
    const result = await postWebhook(new URL('http://127.0.0.1:1/'), {}, '{}', true);
    expect(result).toEqual({ status: null, error: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('webhookLookup', () => {
  const lookup = (allowPrivate: boolean, options: object) =>
    new Promise<{ error: Error | null; result: unknown }>((resolve) =>
      webhookLookup(allowPrivate)('localhost', options as never, (error, address) =>
        resolve({ error, result: address }),
      ),
    );

  it('refuses loopback unless private addresses are allowed, in both of its calling styles', async () => {
    expect((await lookup(false, {})).error?.message).toContain('private address');
    expect((await lookup(false, { all: true })).error?.message).toContain('private address');
    expect((await lookup(true, {})).result).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect((await lookup(true, { all: true })).result).toEqual(
      expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]),
    );
  });
});
