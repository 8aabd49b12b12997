import { setTimeout as sleep } from 'node:timers/promises';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { withEnv } from '../mail/support.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { deliveriesOf, subscribe, TestReceiver, webhookClient } from './support.js';

/**
 * The deliverer on the job queue, as production runs it: the job starts with the app and sweeps
 * every few seconds, so an event goes out within seconds without anyone calling deliverDue.
 */

const receiver = new TestReceiver();
let t: TestApp;

beforeAll(async () => {
  await receiver.start();
  t = await withEnv({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' }, () => startTestApp({ runJobs: true }));
}, 60_000);

afterAll(async () => {
  await t?.close();
  await receiver.stop();
});

it('an event is delivered by the job within seconds', async () => {
  const client = await webhookClient(t);
  await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED']);
  const author = await createUser(t.db, t.jwt);
  await createProposal(t.db, author.user.id);
  // The job's sweep runs every 5 s: waiting here is for the queue, not for a clock in the code.
  const deadline = performance.now() + 20_000;
  const states = async () => (await deliveriesOf(t, client)).map((r) => r.state);
  while ((await states())[0] !== 'DELIVERED' && performance.now() < deadline) await sleep(100);
  expect(await states()).toEqual(['DELIVERED']);
  expect(receiver.received).toHaveLength(1);
}, 30_000);
