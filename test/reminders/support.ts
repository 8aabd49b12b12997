import type { INestApplication } from '@nestjs/common';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { tokenFor } from '../../src/identity/testing/identity.factory.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import type { TestApp } from '../helpers/test-app.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Queues one run of a job on `app`'s queue and waits (polling, with a short real timeout) until
 * a worker has completed it. Any instance on the database may be the one that runs it.
 */
export async function runJob(
  app: INestApplication,
  name: string,
  timeoutMs = 20_000,
): Promise<void> {
  const queue = app.get(JobQueue);
  const id = await queue.runNow(name);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const state = await queue.stateOf(name, id);
    if (state === 'completed') return;
    if (state === 'failed') throw new Error(`job ${name} ${id} failed`);
    if (performance.now() > deadline)
      throw new Error(`job ${name} ${id} still ${state} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

export const NOTIFICATIONS = `query Inbox { notifications(first: 100) {
  nodes { kind message subject { id } } } }`;

export interface SeenNotification {
  kind: string;
  message: string;
  subject: { id: string } | null;
}

/**
 * `who`'s notifications as the API gives them, newest first. A token is minted at the current
 * (possibly moved) clock, since a token minted days earlier on the test's clock has expired.
 */
export async function inboxOf(
  t: TestApp,
  who: TestUser,
  kind?: string,
): Promise<SeenNotification[]> {
  const token = await tokenFor(t.db, t.jwt, who.user);
  const res = await t.gql(NOTIFICATIONS, {}, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const nodes: SeenNotification[] = res.data.notifications.nodes;
  return kind ? nodes.filter((n) => n.kind === kind) : nodes;
}

/** A fresh token for `who` at the current clock. */
export const tokenNow = (t: TestApp, who: TestUser) => tokenFor(t.db, t.jwt, who.user);

/** The timeline events of `kind` of a proposal, straight from proposal_event. */
export async function eventsOf(t: TestApp, proposalId: string, kind: string) {
  return t.db.query(
    `SELECT kind, at, actor_system, from_department_id, to_department_id
       FROM proposal_event WHERE proposal_id = $1 AND kind = $2 ORDER BY at, id`,
    [proposalId, kind],
  );
}

export const SET_OVERSIGHT = `mutation Set($id: ID!) { setOversightDepartment(departmentId: $id) { id slug } }`;

/** Makes `department` the oversight department, as the scene's admin, over the API. */
export async function setOversight(
  t: TestApp,
  s: { admin: TestUser },
  department: DepartmentEntity,
): Promise<void> {
  const res = await t.gql(
    SET_OVERSIGHT,
    { id: toGlobalId('Department', department.id) },
    await tokenNow(t, s.admin),
  );
  if (res.errors || res.data.setOversightDepartment.slug !== department.slug) {
    throw new Error(`setOversightDepartment failed: ${JSON.stringify(res.errors)}`);
  }
}
