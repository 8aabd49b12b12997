import type { INestApplication } from '@nestjs/common';
import type { ExecutionResult } from 'graphql-ws';
import { SessionEntity } from '../../src/identity/session.entity.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { feedbackScene, ok, type FeedbackScene } from '../feedback/support.js';
import {
  connectLive,
  listen,
  subscriberCount,
  type LiveClient,
  type LiveSubscription,
} from '../helpers/live-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Shared documents and tools of the live-update end-to-end tests (not a test file itself). */

export const PROPOSAL_FIELDS = `id title body status progress supportCount commentCount hidden
  viewerHasSupported department { slug }`;
export const PROPOSAL_UPDATED = `subscription Updated($id: ID!) { proposalUpdated(id: $id) { ${PROPOSAL_FIELDS} } }`;
/** The few fields most tests compare. */
export const PROPOSAL_COUNTS = `subscription Counts($id: ID!) { proposalUpdated(id: $id) { id supportCount commentCount hidden } }`;

export const COMMENT_FIELDS = `id body hidden deleted replyCount parent { id } author { id }
  subject { __typename ... on Proposal { id } ... on Workshop { id } }`;
export const COMMENT_ADDED = `subscription Added($subjectId: ID!) { commentAdded(subjectId: $subjectId) { ${COMMENT_FIELDS} } }`;

export const NOTIFICATION_FIELDS = `id kind message readAt subject { __typename id }`;
export const NOTIFICATION_ADDED = `subscription { notificationAdded { ${NOTIFICATION_FIELDS} } }`;
export const NOTIFICATIONS = `{ notifications(first: 50) { totalCount unreadCount nodes { ${NOTIFICATION_FIELDS} } } }`;

export const SUPPORT = 'mutation($id: ID!) { supportProposal(id: $id) { id supportCount } }';
export const UNSUPPORT = 'mutation($id: ID!) { unsupportProposal(id: $id) { id supportCount } }';
export const UPDATE = `mutation($input: UpdateProposalInput!) { updateProposal(input: $input) { id title body } }`;
export const WITHDRAW = 'mutation($id: ID!) { withdrawProposal(id: $id) { id status } }';
export const ADD_COMMENT = `mutation($input: AddCommentInput!) { addComment(input: $input) { ${COMMENT_FIELDS} } }`;
export const DELETE_COMMENT = 'mutation($id: ID!) { deleteComment(id: $id) { id deleted } }';
export const EDIT_COMMENT = `mutation($input: EditCommentInput!) { editComment(input: $input) { id body } }`;
export const MODERATE = `mutation($input: ModerateContentInput!) { moderateContent(input: $input) { hidden openReportCount } }`;
export const REPORT = `mutation($input: ReportContentInput!) { reportContent(input: $input) { id } }`;
export const CREATE_WORKSHOP = `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`;
export const PROPOSAL = `query($id: ID!) { proposal(id: $id) { ${PROPOSAL_FIELDS} answers { id status } } }`;

export { pid } from '../feedback/support.js';

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

export interface LiveScene extends FeedbackScene {
  /** The app's ws:// URL. */
  url: string;
  /** A graphql-ws connection as `who` (a token, or none: anonymous); closed after each test. */
  connect(who?: TestUser | string | null, params?: Record<string, unknown>): LiveClient;
  /** Closes the connections of the test that ends (for afterEach). */
  closeConnections(): Promise<void>;
  close(): Promise<void>;
}

/** The app listening on a port, with the feedback scene's departments and users of every role. */
export async function startLiveScene(): Promise<LiveScene> {
  const t = await startTestApp();
  const url = await listen(t.app);
  const scene = await feedbackScene(t);
  let open: LiveClient[] = [];
  const closeConnections = async () => {
    const closing = open;
    open = [];
    await Promise.all(closing.map((c) => c.close()));
  };
  return {
    ...scene,
    url,
    connect(who, params) {
      const token = typeof who === 'string' ? who : who?.token;
      const client = connectLive(url, params ?? (token ? bearer(token) : undefined));
      open.push(client);
      return client;
    },
    closeConnections,
    async close() {
      await closeConnections();
      await t.close();
    },
  };
}

/** Waits until exactly `count` subscribers listen on `channel` (0: all of them are gone). */
export async function waitForExactly(
  app: INestApplication,
  channel: string,
  count: number,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (subscriberCount(app, channel) !== count) {
    if (Date.now() > deadline) {
      throw new Error(
        `${channel}: ${subscriberCount(app, channel)} subscribers after ${timeoutMs} ms, wanted exactly ${count}`,
      );
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The data of the next event, failing when it carries errors. */
export async function nextData(sub: LiveSubscription, timeoutMs?: number): Promise<any> {
  const result = await sub.next(timeoutMs);
  if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The code of the first error of a result, for `expect(errorCode(r)).toBe('NOT_FOUND')`. */
export function errorCode(result: ExecutionResult<any>): string | undefined {
  return (result.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code;
}

/** The fields a BAD_USER_INPUT result names, sorted. */
export function errorFields(result: ExecutionResult<any>): string[] {
  const first = result.errors?.[0] as
    { extensions?: { fieldErrors?: { field: string }[] } } | undefined;
  return (first?.extensions?.fieldErrors ?? [])
    .map((e) => e.field)
    .sort((a, b) => a.localeCompare(b));
}

/**
 * Expects a subscription refused at subscribe time: one result with the error `code`, then
 * the end of the stream.
 */
export async function expectRefused(
  sub: LiveSubscription,
  code: string,
): Promise<ExecutionResult<any>> {
  const result = await sub.next();
  expect(result.data ?? null).toBeNull();
  expect(errorCode(result)).toBe(code);
  await expect(withTimeout(sub.ended, 2000)).resolves.toEqual({});
  return result;
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** An access token of a fresh session of `user` that expires `seconds` from now (as JWT exp). */
export async function shortLivedToken(
  t: TestApp,
  user: TestUser['user'],
  seconds: number,
): Promise<{ token: string; expiresAt: number }> {
  const session = await t.db.getRepository(SessionEntity).save({ userId: user.id });
  const token = await t.jwt.signAsync({ sub: user.id, sid: session.id }, { expiresIn: seconds });
  const exp = (
    JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
      exp: number;
    }
  ).exp;
  return { token, expiresAt: exp * 1000 };
}

/** Adds a comment through the API (it must succeed); returns it. */
export async function comment(
  t: TestApp,
  who: TestUser,
  subjectId: string,
  body = '좋은 생각입니다',
  parentId?: string,
): Promise<any> {
  const data = await ok(t, ADD_COMMENT, { input: { subjectId, body, parentId } }, who.token);
  return data.addComment;
}

/** HIDE or RESTORE through the API as `who` (it must succeed). */
export async function moderate(
  t: TestApp,
  who: TestUser,
  targetId: string,
  action: 'HIDE' | 'RESTORE',
): Promise<any> {
  const data = await ok(
    t,
    MODERATE,
    { input: { targetId, action, note: `${action} by a moderator` } },
    who.token,
  );
  return data.moderateContent;
}

/** A workshop of `staff`'s department, created through the API; its global id. */
export async function newWorkshop(t: TestApp, staff: TestUser): Promise<string> {
  const startsAt = new Date(Date.now() + 86_400_000).toISOString();
  const endsAt = new Date(Date.now() + 90_000_000).toISOString();
  const data = await ok(
    t,
    CREATE_WORKSHOP,
    {
      input: {
        title: '생태놀이터 디자인 캠프',
        description: '아이들과 함께',
        kind: 'DESIGN_CAMP',
        startsAt,
        endsAt,
        capacity: 10,
      },
    },
    staff.token,
  );
  return data.createWorkshop.id;
}
