import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/core/bootstrap.js';
import { LiveChannel } from '../../src/core/live/live-events.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  connectLive,
  listen,
  waitForSubscribers,
  type LiveClient,
} from '../helpers/live-client.js';
import type { GraphqlResponse, TestApp } from '../helpers/test-app.js';
import { ASSIGN, did, feedbackScene, ok, type FeedbackScene } from '../feedback/support.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import {
  ADD_COMMENT,
  bearer,
  COMMENT_ADDED,
  MODERATE,
  nextData,
  NOTIFICATION_ADDED,
  pid,
  PROPOSAL_COUNTS,
  SUPPORT,
  waitForExactly,
} from './support.js';

/**
 * Two API instances on one database, their live events crossing through Redis: a client
 * connected to one hears what was done on the other. Needs a Redis server (TEST_REDIS_URL,
 * which the test setup takes from REDIS_URL).
 */
const REDIS_URL = process.env.TEST_REDIS_URL;
if (!REDIS_URL) {
  console.warn('Redis crossing test SKIPPED: set REDIS_URL (e.g. redis://127.0.0.1:6379)');
}
const describeWithRedis = REDIS_URL ? describe : describe.skip;

interface Instance {
  app: NestExpressApplication;
  /** The instance's ws:// URL. */
  url: string;
  /** A TestApp-shaped handle, so the shared helpers (ok, feedbackScene) send to this instance. */
  t: TestApp;
}

async function startInstance(database: TestDatabase, redisUrl: string): Promise<Instance> {
  const app = await createApp(database.url, { redisUrl });
  await app.init();
  const url = await listen(app);
  const server = app.getHttpServer();
  const t: TestApp = {
    app,
    database,
    db: app.get(DataSource),
    jwt: app.get(JwtService),
    http: () => request(server),
    async gql(query, variables, token) {
      const req = request(server).post('/graphql').set('Content-Type', 'application/json');
      if (token) req.set('Authorization', `Bearer ${token}`);
      const res = await req.send({ query, variables });
      return {
        status: res.status,
        data: res.body?.data,
        errors: res.body?.errors,
        headers: res.headers,
      } as GraphqlResponse;
    },
    close: () => app.close(),
  };
  return { app, url, t };
}

describeWithRedis('live events across two API instances through Redis', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  let s: FeedbackScene;
  let redis: Redis;
  let clients: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startInstance(database, REDIS_URL!);
    b = await startInstance(database, REDIS_URL!);
    s = await feedbackScene(a.t);
    redis = new Redis(REDIS_URL!);
  });
  afterEach(async () => {
    const closing = clients;
    clients = [];
    await Promise.all(closing.map((c) => c.close()));
  });
  afterAll(async () => {
    redis?.disconnect();
    await a?.app.close();
    await b?.app.close();
    await database?.drop();
  });

  function connect(on: Instance, token?: string): LiveClient {
    const client = connectLive(on.url, token ? bearer(token) : undefined);
    clients.push(client);
    return client;
  }

  /** How many connections of all instances Redis counts on `channel`. */
  async function redisSubscribers(channel: string): Promise<number> {
    const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(count);
  }

  it('both instances use Redis pub/sub, not their own process', () => {
    expect(a.app.get(PubSubEngine)).toBeInstanceOf(RedisPubSub);
    expect(b.app.get(PubSubEngine)).toBeInstanceOf(RedisPubSub);
  });

  for (const [from, to] of [
    ['A', 'B'],
    ['B', 'A'],
  ] as const) {
    it(`a client on instance ${from} hears proposalUpdated, commentAdded and notificationAdded of mutations sent to ${to}`, async () => {
      const listener = from === 'A' ? a : b;
      const writer = from === 'A' ? b : a;
      const proposal = await createProposal(a.t.db, s.author.user.id);
      const id = pid(proposal);
      const updates = connect(listener).subscribe(PROPOSAL_COUNTS, { id });
      const comments = connect(listener).subscribe(COMMENT_ADDED, { subjectId: id });
      const inbox = connect(listener, s.author.token).subscribe(NOTIFICATION_ADDED);
      await waitForSubscribers(listener.app, LiveChannel.proposal(proposal.id));
      await waitForSubscribers(listener.app, LiveChannel.comments(proposal.id));
      await waitForSubscribers(listener.app, LiveChannel.notifications(s.author.user.id));

      await ok(writer.t, SUPPORT, { id }, s.citizen.token);
      expect((await nextData(updates)).proposalUpdated).toEqual({
        id,
        supportCount: 1,
        commentCount: 0,
        hidden: false,
      });

      const added = (
        await ok(
          writer.t,
          ADD_COMMENT,
          { input: { subjectId: id, body: '다른 서버에서' } },
          s.citizen.token,
        )
      ).addComment;
      expect((await nextData(comments)).commentAdded).toMatchObject({
        id: added.id,
        body: '다른 서버에서',
        subject: { __typename: 'Proposal', id },
      });
      expect((await nextData(updates)).proposalUpdated.commentCount).toBe(1);
      expect((await nextData(inbox)).notificationAdded).toMatchObject({
        kind: 'COMMENT_ON_PROPOSAL',
        subject: { __typename: 'Comment', id: added.id },
      });

      await ok(
        writer.t,
        ASSIGN,
        {
          input: {
            proposalId: id,
            departmentId: did(s.parks),
            reason: '담당 부서입니다',
          },
        },
        s.admin.token,
      );
      expect((await nextData(inbox)).notificationAdded).toMatchObject({
        kind: 'PROPOSAL_ASSIGNED',
        subject: { __typename: 'Proposal', id },
      });
      expect((await nextData(updates)).proposalUpdated.supportCount).toBe(1);
      await updates.expectSilence();
      await comments.expectSilence(0);
      await inbox.expectSilence(0);
    });
  }

  it("a proposal hidden on B: A's anonymous subscriber hears nothing, its author on A hears hidden: true", async () => {
    const proposal = await createProposal(a.t.db, s.author.user.id);
    const id = pid(proposal);
    const anonymous = connect(a).subscribe(PROPOSAL_COUNTS, { id });
    const citizen = connect(a, s.citizen.token).subscribe(PROPOSAL_COUNTS, { id });
    const author = connect(a, s.author.token).subscribe(PROPOSAL_COUNTS, { id });
    await waitForSubscribers(a.app, LiveChannel.proposal(proposal.id), 3);

    await ok(
      b.t,
      MODERATE,
      { input: { targetId: id, action: 'HIDE', note: '개인정보 노출' } },
      s.moderator.token,
    );
    expect((await nextData(author)).proposalUpdated).toEqual({
      id,
      supportCount: 0,
      commentCount: 0,
      hidden: true,
    });
    await anonymous.expectSilence();
    await citizen.expectSilence(0);

    // Routed while hidden, on B: still only the author.
    await ok(
      b.t,
      ASSIGN,
      {
        input: {
          proposalId: id,
          departmentId: did(s.roads),
          reason: '도로과 소관입니다',
        },
      },
      s.admin.token,
    );
    expect((await nextData(author)).proposalUpdated.hidden).toBe(true);
    await anonymous.expectSilence();
    await citizen.expectSilence(0);
  });

  it('unsubscribing on A releases the Redis subscription too', async () => {
    const proposal = await createProposal(a.t.db, s.author.user.id);
    const channel = LiveChannel.proposal(proposal.id);
    const client = connect(a);
    const first = client.subscribe(PROPOSAL_COUNTS, { id: pid(proposal) });
    const second = connect(b).subscribe(PROPOSAL_COUNTS, { id: pid(proposal) });
    await waitForSubscribers(a.app, channel);
    await waitForSubscribers(b.app, channel);
    expect(await redisSubscribers(channel)).toBe(2); // one Redis subscription per instance

    first.unsubscribe();
    await waitForExactly(a.app, channel, 0);
    const deadline = Date.now() + 3000;
    while ((await redisSubscribers(channel)) !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await redisSubscribers(channel)).toBe(1);

    await ok(a.t, SUPPORT, { id: pid(proposal) }, s.citizen.token);
    expect((await nextData(second)).proposalUpdated.supportCount).toBe(1);
    await first.expectSilence(0);
  });
});
