import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createBudgetRow } from '../../src/budgets/testing/budgets.factory.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { ProposalEventKind } from '../../src/timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../../src/timeline/record-proposal-event.js';
import {
  MAX_ATTEMPTS,
  RETRY_DELAYS_MS,
  SKIPPED_HIDDEN,
} from '../../src/webhooks/webhook-deliverer.js';
import { assign, feedbackScene, ok, pid, type FeedbackScene } from '../feedback/support.js';
import { TestSmtp, withEnv } from '../mail/support.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  DeliveryClock,
  deliverer,
  deliveriesOf,
  subscribe,
  TestReceiver,
  verify,
  webhookClient,
  WEBHOOKS,
} from './support.js';

/**
 * Deliveries to a real HTTP receiver on 127.0.0.1 (so this app allows private URLs): what a
 * receiver gets and how it verifies it, retries on the Standard Webhooks schedule in order per
 * subject, the pause and the owner's mail, resume and redelivery, hidden proposals. The
 * deliverer's clock is passed in (deliverDue(now)), never waited for.
 */

const receiver = new TestReceiver();
const smtp = new TestSmtp();
let t: TestApp;
let s: FeedbackScene;

const CREATE_PROPOSAL = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { id title } }`;
const ANSWER = `mutation($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawProposal(id: $id) { id status } }`;
const RESUME = `mutation($id: ID!) { resumeWebhook(id: $id) { id active pausedReason } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id eventId state attempts { responseStatus } } }`;

beforeAll(async () => {
  await receiver.start();
  await smtp.start();
  t = await withEnv({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', SMTP_URL: smtp.url }, () =>
    startTestApp(),
  );
  s = await feedbackScene(t);
});

afterAll(async () => {
  await t?.close();
  await receiver.stop();
  await smtp.stop();
});

beforeEach(async () => {
  // Each test sees only its own subscriptions' deliveries.
  await t.db.query('DELETE FROM webhook_subscription');
  receiver.reset();
  smtp.received.length = 0;
});

const bodyOf = (i: number) => JSON.parse(receiver.received[i].body);

describe('a delivery', () => {
  it('reaches the receiver signed the documented way, with the event as JSON', async () => {
    const client = await webhookClient(t);
    const { secret } = await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED']);
    const created = await ok(
      t,
      CREATE_PROPOSAL,
      {
        input: {
          title: '놀이터에 그늘막을',
          body: '여름에 너무 덥습니다. 그늘막을 설치해 주세요.',
        },
      },
      s.citizen.token,
    );
    const clock = new DeliveryClock();
    expect(await deliverer(t).deliverDue(clock.now())).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
      skipped: 0,
    });

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const [row] = await deliveriesOf(t, client);
    expect(request.path).toBe('/hook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['webhook-id']).toBe(row.event_id);
    expect(row.event_id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(request.headers['webhook-timestamp']).toBe(
      String(Math.floor(clock.now().getTime() / 1000)),
    );
    expect(verify(secret, request.headers, request.body)).toBe(true);
    // Under another secret, with a changed body, or replayed an hour later, it does not.
    const otherSecret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    expect(verify(otherSecret, request.headers, request.body)).toBe(false);
    expect(verify(secret, request.headers, request.body.replace('}', ' }'))).toBe(false);
    const replayed = {
      ...request.headers,
      'webhook-timestamp': String(Number(request.headers['webhook-timestamp']) - 3600),
    };
    expect(verify(secret, replayed, request.body)).toBe(false);
    expect(bodyOf(0)).toEqual({
      type: 'PROPOSAL_CREATED',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        id: created.createProposal.id,
        title: '놀이터에 그늘막을',
        status: 'SUBMITTED',
        departmentId: null,
      },
    });

    const read = await t.gql(WEBHOOKS, {}, client.token);
    expect(read.errors).toBeUndefined();
    const [delivery] = read.data.webhooks[0].deliveries.nodes;
    expect(delivery).toMatchObject({
      eventId: row.event_id,
      eventType: 'PROPOSAL_CREATED',
      state: 'DELIVERED',
      attempts: [{ responseStatus: 204, error: null }],
    });
    expect(delivery.attempts[0].at).toBe(clock.now().toISOString());
  });

  it('goes to every subscription of its type, and to none of other types', async () => {
    const a = await webhookClient(t);
    const b = await webhookClient(t);
    const other = await webhookClient(t);
    await subscribe(t, a, receiver.url('/a'), ['PROPOSAL_CREATED']);
    await subscribe(t, b, receiver.url('/b'), ['PROPOSAL_CREATED', 'PROPOSAL_ANSWERED']);
    await subscribe(t, other, receiver.url('/other'), ['WORKSHOP_UPDATED']);
    await createProposal(t.db, s.author.user.id);
    await deliverer(t).deliverDue(new DeliveryClock().now());
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/a', '/b']);
    expect(await deliveriesOf(t, other)).toEqual([]);
    // Two subscriptions, two deliveries: each has its own webhook-id.
    expect(receiver.received[0].headers['webhook-id']).not.toBe(
      receiver.received[1].headers['webhook-id'],
    );
  });

  it('is not written when the change rolls back', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED']);
    // The event is recorded in a transaction that then fails: its delivery goes with it.
    const proposal = await createProposal(t.db, s.author.user.id);
    const before = await deliveriesOf(t, client);
    await expect(
      t.db.transaction(async (manager) => {
        await recordProposalEvent(manager, {
          proposalId: proposal.id,
          kind: ProposalEventKind.SUBMITTED,
          actor: { userId: s.author.user.id },
        });
        expect(
          (await manager.query('SELECT count(*)::int AS n FROM webhook_delivery'))[0].n,
        ).toBeGreaterThan(0);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await deliveriesOf(t, client)).toEqual(before);
  });
});

describe('retries', () => {
  it('a receiver that fails five times then succeeds: one delivery, six attempts, and the next event of the subject waits behind it', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED', 'PROPOSAL_STATUS_CHANGED']);
    const proposal = await createProposal(t.db, s.author.user.id);
    const [first] = await deliveriesOf(t, client);
    let failures = 5;
    receiver.respond = (r) =>
      r.headers['webhook-id'] === first.event_id && failures-- > 0 ? 500 : 204;

    const clock = new DeliveryClock();
    expect((await deliverer(t).deliverDue(clock.now())).retrying).toBe(1);
    // A later event of the same proposal (assigned: SUBMITTED -> UNDER_REVIEW), and one of
    // another proposal, which does not wait.
    await assign(s, s.admin, proposal, s.parks);
    const other = await createProposal(t.db, s.author.user.id);
    let rows = await deliveriesOf(t, client);
    expect(rows.map((r) => [r.event_type, r.subject_id])).toEqual([
      ['PROPOSAL_CREATED', proposal.id],
      ['PROPOSAL_STATUS_CHANGED', proposal.id],
      ['PROPOSAL_CREATED', other.id],
    ]);
    const second = rows[1];

    await deliverer(t).deliverDue(clock.advance(1_000));
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([
      first.event_id,
      rows[2].event_id,
    ]);

    // Attempts 2 to 5 fail, each at the schedule's time; the status change waits behind them.
    for (const wait of RETRY_DELAYS_MS.slice(0, 4)) {
      // A moment before the wait is up, nothing is due.
      expect((await deliverer(t).deliverDue(clock.advance(wait - 1_001))).retrying).toBe(0);
      expect((await deliverer(t).deliverDue(clock.advance(1_001))).retrying).toBe(1);
      rows = await deliveriesOf(t, client);
      expect(rows[1].state).toBe('PENDING');
    }
    expect(rows[0]).toMatchObject({ state: 'RETRYING', attempt_count: 5 });
    expect(rows[0].next_attempt_at).toEqual(new Date(clock.now().getTime() + RETRY_DELAYS_MS[4]));

    // The sixth attempt succeeds, and the status change follows it in the same run.
    const report = await deliverer(t).deliverDue(clock.advance(RETRY_DELAYS_MS[4]));
    expect(report).toMatchObject({ delivered: 2, retrying: 0, failed: 0 });
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids.filter((id) => id === first.event_id)).toHaveLength(6);
    expect(ids.slice(-2)).toEqual([first.event_id, second.event_id]);
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({
      type: 'PROPOSAL_STATUS_CHANGED',
      data: {
        id: pid(proposal),
        status: 'UNDER_REVIEW',
        departmentId: toGlobalId('Department', s.parks.id),
      },
    });
    // Every attempt sent the same body under the same webhook-id.
    const bodies = new Set(
      receiver.received
        .filter((r) => r.headers['webhook-id'] === first.event_id)
        .map((r) => r.body),
    );
    expect(bodies.size).toBe(1);

    const read = await t.gql(WEBHOOKS, {}, client.token);
    const byId = new Map(
      read.data.webhooks[0].deliveries.nodes.map((n: any) => [n.eventId, n] as const),
    );
    const delivered: any = byId.get(first.event_id);
    expect(delivered.state).toBe('DELIVERED');
    expect(delivered.attempts.map((a: any) => a.responseStatus)).toEqual([
      500, 500, 500, 500, 500, 204,
    ]);
    // Oldest first.
    const times = delivered.attempts.map((a: any) => Date.parse(a.at));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  it('every retry failing: FAILED, the subscription paused, its owner mailed; later events wait; resume and redeliver', async () => {
    const client = await webhookClient(t);
    const { id: subscriptionId } = await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED']);
    await createProposal(t.db, s.author.user.id);
    receiver.respond = () => 503;
    const clock = new DeliveryClock();
    await deliverer(t).deliverDue(clock.now());
    for (const wait of RETRY_DELAYS_MS.slice(0, -1)) {
      expect((await deliverer(t).deliverDue(clock.advance(wait))).retrying).toBe(1);
    }
    expect(await deliverer(t).deliverDue(clock.advance(RETRY_DELAYS_MS.at(-1)!))).toMatchObject({
      failed: 1,
    });
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    const [failed] = await deliveriesOf(t, client);
    expect(failed).toMatchObject({ state: 'FAILED', attempt_count: 7 });

    let read = await t.gql(WEBHOOKS, {}, client.token);
    const paused = read.data.webhooks[0];
    expect(paused.active).toBe(false);
    expect(paused.pausedReason).toContain(failed.event_id);
    expect(paused.pausedReason).toContain('HTTP 503');

    // Its owner is told, by mail to the client's ownerContact.
    const mails = smtp.to(client.client.ownerContact);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain(receiver.url());
    expect(mails[0].text).toContain(client.client.name);

    // While paused, events are recorded but not sent (nothing is due however late it is).
    receiver.reset();
    await createProposal(t.db, s.author.user.id);
    expect(await deliverer(t).deliverDue(clock.advance(86_400_000))).toMatchObject({
      delivered: 0,
      failed: 0,
    });
    expect(receiver.received).toEqual([]);

    // Resumed: the waiting event goes; the FAILED one does not.
    const resumed = await t.gql(RESUME, { id: subscriptionId }, client.token);
    expect(resumed.data.resumeWebhook).toEqual({
      id: subscriptionId,
      active: true,
      pausedReason: null,
    });
    expect((await deliverer(t).deliverDue(clock.advance(1_000))).delivered).toBe(1);
    let rows = await deliveriesOf(t, client);
    expect(rows.map((r) => r.state)).toEqual(['FAILED', 'DELIVERED']);
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([rows[1].event_id]);

    // Redelivered: the same webhook-id and body, due now, a fresh schedule.
    const redelivered = await t.gql(
      REDELIVER,
      { id: toGlobalId('WebhookDelivery', failed.id) },
      client.token,
    );
    expect(redelivered.errors).toBeUndefined();
    expect(redelivered.data.redeliverWebhook).toMatchObject({
      eventId: failed.event_id,
      state: 'PENDING',
    });
    expect(redelivered.data.redeliverWebhook.attempts).toHaveLength(7);
    expect((await deliverer(t).deliverDue(clock.advance(1_000))).delivered).toBe(1);
    rows = await deliveriesOf(t, client);
    expect(rows[0]).toMatchObject({ state: 'DELIVERED', attempt_count: 1 });
    const replay = receiver.received.at(-1)!;
    expect(replay.headers['webhook-id']).toBe(failed.event_id);
    expect(JSON.parse(replay.body)).toEqual(failed.payload);
    read = await t.gql(WEBHOOKS, {}, client.token);
    const history = read.data.webhooks[0].deliveries.nodes.find(
      (n: any) => n.eventId === failed.event_id,
    );
    expect(history.attempts.map((a: any) => a.responseStatus)).toEqual([
      503, 503, 503, 503, 503, 503, 503, 204,
    ]);
  });

  it("a revoked client's deliveries are not sent, and no new ones are written", async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED']);
    await createProposal(t.db, s.author.user.id);
    await t.db.query('UPDATE api_client SET revoked_at = now() WHERE id = $1', [client.client.id]);
    await createProposal(t.db, s.author.user.id);
    expect(await deliverer(t).deliverDue(new DeliveryClock().now())).toMatchObject({
      delivered: 0,
    });
    expect(receiver.received).toEqual([]);
    expect((await deliveriesOf(t, client)).map((r) => r.state)).toEqual(['PENDING']);
  });

  it('a redirect is a failed attempt, and is not followed', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED']);
    await createProposal(t.db, s.author.user.id);
    receiver.respond = () => 302;
    await deliverer(t).deliverDue(new DeliveryClock().now());
    const [row] = await deliveriesOf(t, client);
    expect(row).toMatchObject({ state: 'RETRYING', attempt_count: 1 });
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
  });
});

describe('what a client may see', () => {
  it('a hidden proposal sends nothing', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED', 'PROPOSAL_STATUS_CHANGED']);
    await createProposal(t.db, s.author.user.id, { hidden: true });
    expect(await deliveriesOf(t, client)).toEqual([]);
  });

  it('a proposal hidden after its event: the delivery is not sent (FAILED, with the reason) and the subscription stays active', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), ['PROPOSAL_CREATED']);
    const proposal = await createProposal(t.db, s.author.user.id);
    const visible = await createProposal(t.db, s.author.user.id);
    await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [proposal.id]);
    expect(await deliverer(t).deliverDue(new DeliveryClock().now())).toMatchObject({
      delivered: 1,
      skipped: 1,
    });
    expect(receiver.received.map((r) => JSON.parse(r.body).data.id)).toEqual([pid(visible)]);
    const read = await t.gql(WEBHOOKS, {}, client.token);
    const [subscription] = read.data.webhooks;
    expect(subscription.active).toBe(true);
    const skipped = subscription.deliveries.nodes.find((n: any) => n.state === 'FAILED');
    expect(skipped.attempts).toEqual([
      expect.objectContaining({ responseStatus: null, error: SKIPPED_HIDDEN }),
    ]);
  });
});

describe('which changes are events', () => {
  it('answers (and the status they set), an interim answer, a withdrawal', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), ['PROPOSAL_ANSWERED', 'PROPOSAL_STATUS_CHANGED']);
    const proposal = await createProposal(t.db, s.author.user.id);
    await assign(s, s.admin, proposal, s.parks);
    const answer = (status: string) =>
      ok(
        t,
        ANSWER,
        {
          input: {
            proposalId: pid(proposal),
            status,
            body: '검토 중입니다. 조금만 기다려 주세요.',
          },
        },
        s.parksStaff.token,
      );
    await answer('UNDER_REVIEW');
    await answer('ACCEPTED');
    const withdrawable = await createProposal(t.db, s.author.user.id);
    await ok(t, WITHDRAW, { id: pid(withdrawable) }, s.author.token);
    const rows = await deliveriesOf(t, client);
    expect(rows.map((r) => [r.event_type, r.payload.data.status])).toEqual([
      ['PROPOSAL_STATUS_CHANGED', 'UNDER_REVIEW'],
      // An interim answer keeps the status: answered, not changed.
      ['PROPOSAL_ANSWERED', 'UNDER_REVIEW'],
      ['PROPOSAL_ANSWERED', 'ACCEPTED'],
      ['PROPOSAL_STATUS_CHANGED', 'ACCEPTED'],
      ['PROPOSAL_STATUS_CHANGED', 'WITHDRAWN'],
    ]);
    // Bodies carry public fields only.
    for (const row of rows) {
      expect(Object.keys(row.payload.data).sort()).toEqual([
        'departmentId',
        'id',
        'status',
        'title',
      ]);
    }
  });
});

describe('other events', () => {
  const PROGRESS = `mutation($input: PostProgressUpdateInput!) { postProgressUpdate(input: $input) { id } }`;

  it('progress (and the status it moves), an escalation', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), [
      'PROGRESS_UPDATED',
      'PROPOSAL_STATUS_CHANGED',
      'PROPOSAL_ESCALATED',
    ]);
    const proposal = await createProposal(t.db, s.author.user.id, {
      status: ProposalStatus.ACCEPTED,
      departmentId: s.parks.id,
    });
    const progress = (value: number) =>
      ok(
        t,
        PROGRESS,
        { input: { proposalId: pid(proposal), progress: value, body: '설계를 시작했습니다.' } },
        s.parksStaff.token,
      );
    await progress(10);
    await progress(40);
    await t.db.transaction((manager) =>
      recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: ProposalEventKind.ESCALATED,
        actor: { system: true },
        escalationLevel: 2,
      }),
    );
    const rows = await deliveriesOf(t, client);
    expect(rows.map((r) => [r.event_type, r.payload.data.status])).toEqual([
      ['PROGRESS_UPDATED', 'IN_PROGRESS'],
      ['PROPOSAL_STATUS_CHANGED', 'IN_PROGRESS'],
      ['PROGRESS_UPDATED', 'IN_PROGRESS'],
      ['PROPOSAL_ESCALATED', 'IN_PROGRESS'],
    ]);
    expect(rows[3].payload.data.escalationLevel).toBe(2);
    expect(rows[0].payload.data.escalationLevel).toBeUndefined();
  });

  it('a workshop changed, its outcome published; a budget’s results published', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, receiver.url(), ['WORKSHOP_UPDATED', 'BUDGET_RESULTS_PUBLISHED']);
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const endsAt = new Date(Date.now() + 90_000_000).toISOString();
    const created = await ok(
      t,
      `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`,
      {
        input: {
          title: '생태놀이터 디자인 캠프',
          description: '함께 그려요',
          kind: 'DESIGN_CAMP',
          startsAt,
          endsAt,
        },
      },
      s.parksStaff.token,
    );
    const workshopId = created.createWorkshop.id;
    await ok(
      t,
      `mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { id } }`,
      { input: { id: workshopId, title: '생태놀이터 디자인 캠프 (장소 변경)' } },
      s.parksStaff.token,
    );
    const budget = await createBudgetRow(t.db, {
      votingStartsAt: new Date(Date.now() - 2 * 86_400_000),
      votingEndsAt: new Date(Date.now() - 60_000),
    });
    await ok(
      t,
      `mutation($id: ID!) { publishBudgetResults(budgetId: $id) { final } }`,
      { id: toGlobalId('ParticipatoryBudget', budget.id) },
      s.admin.token,
    );
    await deliverer(t).deliverDue(new DeliveryClock().now());
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([
      {
        type: 'WORKSHOP_UPDATED',
        timestamp: expect.any(String),
        data: {
          id: workshopId,
          title: '생태놀이터 디자인 캠프 (장소 변경)',
          change: 'DETAILS_CHANGED',
          organizerId: toGlobalId('Department', s.parks.id),
          startsAt,
          endsAt,
        },
      },
      {
        type: 'BUDGET_RESULTS_PUBLISHED',
        timestamp: expect.any(String),
        data: { id: toGlobalId('ParticipatoryBudget', budget.id), title: budget.title },
      },
    ]);
  });
});
