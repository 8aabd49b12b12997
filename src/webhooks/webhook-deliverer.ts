import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { Environment } from '../core/config/environment.js';
import { translate } from '../core/i18n/translate.js';
import { JobQueue } from '../jobs/job-queue.js';
import { escapeHtml } from '../mail/mail-templates.js';
import { MailTransport } from '../mail/mail-transport.js';
import { WEBHOOK_LIMITS } from './dto/webhook.inputs.js';
import { urlProblem, type UrlProblem } from './webhook-address.js';
import { WebhookDeliveryState } from './webhook-enums.js';
import { postWebhook, type SendResult } from './webhook-sender.js';
import { signWebhook } from './webhook-signature.js';

export const WEBHOOK_DELIVERY_JOB = 'webhook-delivery';

/**
 * The Standard Webhooks retry schedule: the wait after the nth failed attempt. After the
 * attempt that follows the last wait fails too, the delivery is FAILED: 7 attempts in all,
 * over about 17 hours and a half.
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The job runs each minute (pg-boss's finest schedule) and sweeps every few seconds within it. */
const SWEEP_EVERY_MS = 5_000;
const SWEEPS_FOR_MS = 55_000;
/** One sweep stops taking rows after this long; the next goes on where it stopped. */
const RUN_BUDGET_MS = 45_000;

/** The error of an attempt that was not made because the proposal is hidden now. */
export const SKIPPED_HIDDEN = 'not sent: the proposal has been hidden';

export interface WebhookReport {
  delivered: number;
  retrying: number;
  failed: number;
  skipped: number;
}

interface DueRow {
  id: string;
  event_id: string;
  event_type: string;
  /** The payload as Postgres prints it: the same bytes on every attempt. */
  body: string;
  attempt_count: number;
  subscription_id: string;
  url: string;
  secret: string;
  /** True when the subject is a proposal hidden since the event. */
  hidden: boolean;
  client_name: string;
  owner_contact: string;
}

/** A subscription paused by this run: its owner is told once the pause is committed. */
interface Paused {
  row: DueRow;
  reason: string;
}

/**
 * Sends the webhook outbox (webhook_delivery): each due row in its own transaction, taken FOR
 * UPDATE SKIP LOCKED, so any number of deliverers never send one row twice at once, and its
 * state changes in the transaction that held it while it was sent. At least once: a crash
 * between the receiver's answer and the commit sends it again, under the same webhook-id.
 *
 * In order per subject: a row is not taken while an earlier row (seq) of the same subscription
 * and subject is PENDING or RETRYING, so a receiver that fails holds back that subject's later
 * events (not the others'). Rows of a paused subscription wait for resumeWebhook; a revoked
 * client's are never sent.
 *
 * Each row is judged again before it goes: a proposal hidden since the event is not sent (the
 * row is FAILED, with the reason as its attempt's error, and the subscription is not paused for
 * it); the URL's host must still resolve to public addresses (checked again by the connection
 * itself: webhook-address.ts). A non-2xx answer, a timeout or a refused address is a failed
 * attempt: RETRYING on the Standard Webhooks schedule, then FAILED, the subscription paused and
 * its owner told by mail (api_client.owner_contact, when it is an address).
 *
 * The clock is the application's (`now`), passed in; tests move it.
 */
@Injectable()
export class WebhookDeliverer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  /** Ends a sweep's wait at shutdown, before the queue waits for its jobs to finish. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly jobs: JobQueue,
    private readonly mail: MailTransport,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: WEBHOOK_DELIVERY_JOB,
      cron: '* * * * *',
      run: () => this.sweepForAMinute(),
    });
  }

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  private async sweepForAMinute(): Promise<void> {
    const until = Date.now() + SWEEPS_FOR_MS;
    while (!this.stopping.signal.aborted) {
      await this.deliverDue(new Date());
      if (Date.now() + SWEEP_EVERY_MS > until) break;
      await sleep(SWEEP_EVERY_MS, undefined, { signal: this.stopping.signal }).catch(() => {});
    }
  }

  private get allowPrivate(): boolean {
    return this.env.WEBHOOKS_ALLOW_PRIVATE_URLS ?? false;
  }

  /** Sends the rows due at `now`, up to `limit` of them; what became of them. */
  async deliverDue(now: Date, limit = Number.POSITIVE_INFINITY): Promise<WebhookReport> {
    const report: WebhookReport = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
    const started = Date.now();
    for (let done = 0; done < limit && Date.now() - started < RUN_BUDGET_MS; done++) {
      const paused: Paused[] = [];
      const outcome = await this.dataSource.transaction((m) => this.deliverOne(m, now, paused));
      if (!outcome) break;
      report[outcome]++;
      for (const pause of paused) await this.tellOwner(pause);
    }
    if (report.delivered + report.retrying + report.failed + report.skipped > 0)
      this.logger.log(
        `Webhooks: ${report.delivered} delivered, ${report.retrying} to retry, ${report.failed} failed, ${report.skipped} skipped`,
      );
    return report;
  }

  private async deliverOne(
    manager: EntityManager,
    now: Date,
    paused: Paused[],
  ): Promise<keyof WebhookReport | null> {
    const [row]: DueRow[] = await manager.query(
      `SELECT d.id, d.event_id, d.event_type, d.payload::text AS body, d.attempt_count,
              s.id AS subscription_id, s.url, s.secret,
              coalesce(p.hidden, d.subject_type = 'Proposal') AS hidden,
              c.name AS client_name, c.owner_contact
         FROM webhook_delivery d
         JOIN webhook_subscription s ON s.id = d.subscription_id
         JOIN api_client c ON c.id = s.api_client_id AND c.revoked_at IS NULL
         LEFT JOIN proposal p ON d.subject_type = 'Proposal' AND p.id = d.subject_id
        WHERE d.state IN ('PENDING', 'RETRYING') AND d.next_attempt_at <= $1 AND s.active
          AND NOT EXISTS (
                SELECT 1 FROM webhook_delivery e
                 WHERE e.subscription_id = d.subscription_id AND e.subject_id = d.subject_id
                   AND e.seq < d.seq AND e.state IN ('PENDING', 'RETRYING'))
        ORDER BY d.next_attempt_at, d.seq
        LIMIT 1
          FOR UPDATE OF d SKIP LOCKED`,
      [now],
    );
    if (!row) return null;
    if (row.hidden) {
      await this.recordAttempt(manager, row.id, now, 0, { status: null, error: SKIPPED_HIDDEN });
      await manager.query(`UPDATE webhook_delivery SET state = $2 WHERE id = $1`, [
        row.id,
        WebhookDeliveryState.FAILED,
      ]);
      return 'skipped';
    }
    const started = performance.now();
    const result = await this.send(row, now);
    const durationMs = Math.round(performance.now() - started);
    await this.recordAttempt(manager, row.id, now, durationMs, result);
    const attempts = row.attempt_count + 1;
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await manager.query(
        `UPDATE webhook_delivery SET state = $2, attempt_count = $3, delivered_at = $4 WHERE id = $1`,
        [row.id, WebhookDeliveryState.DELIVERED, attempts, now],
      );
      return 'delivered';
    }
    if (attempts < MAX_ATTEMPTS) {
      await manager.query(
        `UPDATE webhook_delivery SET state = $2, attempt_count = $3, next_attempt_at = $4 WHERE id = $1`,
        [
          row.id,
          WebhookDeliveryState.RETRYING,
          attempts,
          new Date(now.getTime() + RETRY_DELAYS_MS[attempts - 1]),
        ],
      );
      return 'retrying';
    }
    await manager.query(
      `UPDATE webhook_delivery SET state = $2, attempt_count = $3 WHERE id = $1`,
      [row.id, WebhookDeliveryState.FAILED, attempts],
    );
    const reason = translate(this.env.DEFAULT_LOCALE, 'webhooks.pausedReason', {
      eventType: row.event_type,
      eventId: row.event_id,
      attempts,
      lastError: describe(result),
    });
    const [, count]: [unknown, number] = await manager.query(
      `UPDATE webhook_subscription SET active = false, paused_reason = $2, paused_at = $3
        WHERE id = $1 AND active`,
      [row.subscription_id, reason, now],
    );
    if (count) paused.push({ row, reason });
    this.logger.warn(
      `Webhook ${row.subscription_id} paused: delivery ${row.id} failed ${attempts} times`,
    );
    return 'failed';
  }

  /** One signed POST, its URL checked again first (an IP literal is never looked up). */
  private async send(row: DueRow, now: Date): Promise<SendResult> {
    const problem = await urlProblem(row.url, this.allowPrivate);
    if (problem) return { status: null, error: REFUSALS[problem] };
    const timestamp = Math.floor(now.getTime() / 1000);
    return postWebhook(
      new URL(row.url),
      {
        'content-type': 'application/json',
        'user-agent': 'Wontak-Webhooks/1',
        'webhook-id': row.event_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(row.secret, row.event_id, timestamp, row.body),
      },
      row.body,
      this.allowPrivate,
    );
  }

  private async recordAttempt(
    manager: EntityManager,
    deliveryId: string,
    at: Date,
    durationMs: number,
    result: SendResult,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO webhook_attempt (delivery_id, at, duration_ms, response_status, error)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        deliveryId,
        at,
        durationMs,
        result.status,
        result.error?.slice(0, WEBHOOK_LIMITS.error) ?? null,
      ],
    );
  }

  /**
   * The owner of a paused subscription hears of it by mail, when the client's ownerContact is
   * an address, in the city's language; after the pause is committed, once. The pause itself is
   * the durable record (webhooks { active pausedReason }); a mail that cannot be sent now is
   * logged, not retried.
   */
  private async tellOwner({ row, reason }: Paused): Promise<void> {
    const to = row.owner_contact.trim();
    if (!EMAIL.test(to)) return;
    const locale = this.env.DEFAULT_LOCALE;
    const body = translate(locale, 'webhooks.pausedMail.body', {
      client: row.client_name,
      url: row.url,
      reason,
    });
    const session = this.mail.openSession();
    try {
      await session.send({
        deliveryId: row.id,
        to,
        subject: translate(locale, 'webhooks.pausedMail.subject', { url: row.url }),
        text: body,
        html: `<p>${escapeHtml(body).replace(/\n/g, '<br>')}</p>`,
      });
    } catch (error) {
      this.logger.warn(
        { err: error },
        `The owner of webhook ${row.subscription_id} could not be mailed`,
      );
    } finally {
      session.close();
    }
  }
}

/** An attempt's error when the URL is refused before any connection. */
const REFUSALS: Record<UrlProblem, string> = {
  'field.webhookUrl': 'refused: not an absolute URL',
  'field.webhookUrlHttps': 'refused: not an https URL',
  'field.webhookUrlCredentials': 'refused: the URL holds credentials',
  'field.webhookUrlUnresolvable': 'refused: the host name does not resolve',
  'field.webhookUrlPrivate': 'refused: the host resolves to an address that is not public',
};

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function describe(result: SendResult): string {
  return result.status !== null ? `HTTP ${result.status}` : result.error;
}
