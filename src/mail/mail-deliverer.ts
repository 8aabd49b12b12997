import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, TypeORMError, type EntityManager } from 'typeorm';
import { Environment } from '../core/config/environment.js';
import { chooseLocale, type Locale } from '../core/i18n/locale.js';
import { JobQueue } from '../jobs/job-queue.js';
import { DEFAULT_CHANNELS } from '../notifications/delivery-defaults.js';
import type {
  NotificationActorKind,
  NotificationKind,
} from '../notifications/notification-kind.js';
import { notificationText } from '../notifications/notification-text.js';
import { EmailDeliveryState, EmailPurpose } from './email-delivery-state.js';
import { MailLinks } from './mail-links.js';
import {
  digestMail,
  notificationMail,
  verificationMail,
  type ComposedMail,
  type MailedNotification,
  type MailReader,
} from './mail-messages.js';
import { cut } from './mail-templates.js';
import { MailTransport, type MailSession } from './mail-transport.js';

export const MAIL_DELIVERY_JOB = 'mail-delivery';

/** First wait after a failure; each further failure doubles it, up to MAX_BACKOFF_MS. */
const FIRST_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;
/**
 * Attempts after which a mail the server keeps refusing (4xx) is given up: with the back-off,
 * about 20 hours of trying. A server that cannot be reached at all counts no attempt and never
 * makes a mail FAILED: it is tried again until the server is back (the "a dead mail
 * server loses nothing").
 */
export const MAX_ATTEMPTS = 12;
/** What an admin reads of a failure; servers' replies are short, stack traces are not kept. */
const LAST_ERROR_MAX_CHARS = 500;
/**
 * One run stops sending after this long, so it ends well within the job's expiry (300 s) and
 * the next minute's run goes on where it stopped.
 */
const RUN_BUDGET_MS = 200_000;

/** lastError of a mail that could not be made (a bug: the log has the details). */
export const COMPOSE_FAILED = 'The mail could not be composed (see the log).';

/** What happened to one row. */
type Outcome = 'SENT' | 'SKIPPED' | 'RETRYING' | 'FAILED';

export interface DeliveryReport {
  sent: number;
  skipped: number;
  retrying: number;
  failed: number;
  /** The server could not be reached: the run stopped, the other due rows wait untouched. */
  unreachable: boolean;
}

interface DueRow {
  id: string;
  purpose: EmailPurpose;
  recipient_id: string;
  digest_date: string | null;
  address: string | null;
  attempts: number;
  email: string;
  display_name: string;
  locale: Locale | null;
  verified: boolean;
}

interface NotificationRow {
  delivery_id: string;
  kind: NotificationKind;
  message_key: string | null;
  params: Record<string, string | number>;
  actor_kind: NotificationActorKind;
  message: string | null;
  channel: string;
  proposal_id: string | null;
  workshop_id: string | null;
}

/** The error nodemailer throws: the SMTP reply code when the server answered. */
interface SendError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * The deliverer: sends the mail outbox's due rows (email_delivery: NOTIFICATION, DIGEST,
 * VERIFICATION; DIGEST_ITEMs travel inside their DIGEST), one row per transaction, each picked
 * with FOR UPDATE SKIP LOCKED: two deliverers (two instances, or a run that overlaps the next)
 * never take the same row, and the row's state changes in the transaction that held it while
 * the mail went out. A crash after the server's "250 OK" and before the commit sends that
 * mail again on the next run, under the same Message-ID (mail-transport.ts), so it is
 * recognisable; nothing is ever lost.
 *
 * Before sending, the row is judged again: a person who has since unsubscribed from the kind
 * (IN_APP or NONE) or whose address is no longer verified is SKIPPED. A refusal (4xx) is
 * RETRYING with exponential back-off, FAILED after MAX_ATTEMPTS; a permanent refusal (5xx) is
 * FAILED at once. An unreachable server (refused connection, timeout, TLS, log-in) stops the
 * run: the row that met it is RETRYING (a minute, no attempt counted), the rest wait untouched
 * for the next run.
 *
 * The clock is the application's (`now`), passed in, as in the reminder sweeps; tests move it.
 */
@Injectable()
export class MailDeliverer implements OnModuleInit {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly links: MailLinks,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: MAIL_DELIVERY_JOB,
      cron: '* * * * *',
      run: () => this.deliverDue(new Date()),
    });
  }

  /** Sends the rows due at `now`, up to `limit` of them; what became of them. */
  async deliverDue(now: Date, limit = Number.POSITIVE_INFINITY): Promise<DeliveryReport> {
    const report: DeliveryReport = {
      sent: 0,
      skipped: 0,
      retrying: 0,
      failed: 0,
      unreachable: false,
    };
    const started = Date.now();
    const session = this.transport.openSession();
    try {
      for (let done = 0; done < limit && Date.now() - started < RUN_BUDGET_MS; done++) {
        const result = await this.dataSource.transaction((m) => this.deliverOne(m, session, now));
        if (!result) break;
        report[result.outcome.toLowerCase() as Lowercase<Outcome>]++;
        if (result.unreachable) {
          report.unreachable = true;
          break;
        }
      }
    } finally {
      session.close();
    }
    if (report.sent + report.retrying + report.failed > 0)
      this.logger.log(
        `Mail: ${report.sent} sent, ${report.skipped} skipped, ${report.retrying} to retry, ${report.failed} failed`,
      );
    return report;
  }

  private async deliverOne(
    manager: EntityManager,
    session: MailSession,
    now: Date,
  ): Promise<{ outcome: Outcome; unreachable: boolean } | null> {
    const [row]: DueRow[] = await manager.query(
      `SELECT d.id, d.purpose, d.recipient_id, d.digest_date::text AS digest_date, d.address,
              d.attempts, u.email, u.display_name, u.locale,
              u.email_verified_at IS NOT NULL AS verified
         FROM email_delivery d JOIN app_user u ON u.id = d.recipient_id
        WHERE d.state IN ('PENDING', 'RETRYING') AND d.purpose <> 'DIGEST_ITEM'
          AND d.next_attempt_at <= $1
        ORDER BY d.next_attempt_at, d.id
        LIMIT 1
          FOR UPDATE OF d SKIP LOCKED`,
      [now],
    );
    if (!row) return null;
    let mail: ComposedMail | null;
    try {
      mail = await this.compose(manager, row, now);
    } catch (error) {
      // The database's failures fail the run (the job is retried). Any other is a bug of ours
      // with this one mail: it is FAILED, rather than first in line and failing every run.
      if (error instanceof TypeORMError) throw error;
      await this.finish(manager, row.id, EmailDeliveryState.FAILED, now, COMPOSE_FAILED);
      this.logger.error({ err: error }, `Mail ${row.id} could not be composed`);
      return { outcome: 'FAILED', unreachable: false };
    }
    if (!mail) {
      await this.finish(manager, row.id, EmailDeliveryState.SKIPPED, now);
      return { outcome: 'SKIPPED', unreachable: false };
    }
    try {
      await session.send({ deliveryId: row.id, to: row.email, ...mail });
    } catch (error) {
      return this.failed(manager, row, error as SendError, now);
    }
    await this.finish(manager, row.id, EmailDeliveryState.SENT, now);
    return { outcome: 'SENT', unreachable: false };
  }

  /** The mail a row is, in its reader's language; null when it is no longer to be sent. */
  private async compose(
    manager: EntityManager,
    row: DueRow,
    now: Date,
  ): Promise<ComposedMail | null> {
    const reader: MailReader = {
      userId: row.recipient_id,
      displayName: row.display_name,
      locale: chooseLocale(row.locale, undefined, this.env.DEFAULT_LOCALE),
    };
    if (row.purpose === EmailPurpose.VERIFICATION) {
      // An address proved already, or one the account has left: the link would prove nothing.
      if (row.address !== row.email || row.verified) return null;
      return verificationMail(this.links, reader, row.address, now);
    }
    if (!row.verified) return null;
    const wanted = (await this.notificationsOf(manager, row)).filter((n) => {
      return n.channel === 'EMAIL_NOW' || n.channel === 'EMAIL_DIGEST';
    });
    if (row.purpose === EmailPurpose.DIGEST) {
      // Items of kinds the person stopped since: out of the digest, and SKIPPED themselves.
      await manager.query(
        `UPDATE email_delivery SET state = 'SKIPPED', digest_id = NULL
          WHERE digest_id = $1 AND NOT (id = ANY($2::uuid[]))`,
        [row.id, wanted.map((n) => n.delivery_id)],
      );
    }
    if (!wanted.length) return null;
    const mailed = wanted.map((n) => this.mailed(reader.locale, n));
    return row.purpose === EmailPurpose.DIGEST
      ? digestMail(this.links, reader, row.digest_date!, mailed)
      : notificationMail(this.links, reader, mailed[0]);
  }

  /**
   * The notifications a row carries (its own, or its digest's items, oldest first), with the
   * person's channel for each kind now and the proposal or workshop each is about.
   */
  private notificationsOf(manager: EntityManager, row: DueRow): Promise<NotificationRow[]> {
    const which =
      row.purpose === EmailPurpose.DIGEST
        ? `i.digest_id = $1 AND i.purpose = 'DIGEST_ITEM'`
        : `i.id = $1`;
    return manager.query(
      `SELECT i.id AS delivery_id, n.kind, n.message_key, n.params, n.actor_kind, n.message,
              coalesce(p.channel::text, $2::jsonb ->> n.kind::text) AS channel,
              CASE n.subject_type WHEN 'Proposal' THEN n.subject_id
                                  WHEN 'OfficialAnswer' THEN oa.proposal_id
                                  WHEN 'ProgressUpdate' THEN pu.proposal_id
                                  WHEN 'Comment' THEN c.proposal_id END AS proposal_id,
              CASE n.subject_type WHEN 'Workshop' THEN n.subject_id
                                  WHEN 'WorkshopRegistration' THEN wr.workshop_id
                                  WHEN 'ChildRegistration' THEN cr.workshop_id
                                  WHEN 'Comment' THEN c.workshop_id END AS workshop_id
         FROM email_delivery i
         JOIN notification n ON n.id = i.notification_id
         LEFT JOIN notification_preference p ON p.user_id = n.recipient_id AND p.kind = n.kind
         LEFT JOIN official_answer oa ON n.subject_type = 'OfficialAnswer' AND oa.id = n.subject_id
         LEFT JOIN progress_update pu ON n.subject_type = 'ProgressUpdate' AND pu.id = n.subject_id
         LEFT JOIN comment c ON n.subject_type = 'Comment' AND c.id = n.subject_id
         LEFT JOIN workshop_registration wr
                ON n.subject_type = 'WorkshopRegistration' AND wr.id = n.subject_id
         LEFT JOIN child_registration cr
                ON n.subject_type = 'ChildRegistration' AND cr.id = n.subject_id
        WHERE ${which}
        ORDER BY n.created_at, n.id`,
      [row.id, JSON.stringify(DEFAULT_CHANNELS)],
    );
  }

  private mailed(locale: Locale, n: NotificationRow): MailedNotification {
    return {
      kind: n.kind,
      text: notificationText(locale, {
        messageKey: n.message_key,
        params: n.params,
        actorKind: n.actor_kind,
        message: n.message,
      }),
      target: { proposalId: n.proposal_id, workshopId: n.workshop_id },
    };
  }

  /** SENT or SKIPPED; a digest's items follow it (they also read its state through digest_id). */
  private async finish(
    manager: EntityManager,
    id: string,
    state: EmailDeliveryState.SENT | EmailDeliveryState.SKIPPED | EmailDeliveryState.FAILED,
    now: Date,
    lastError: string | null = null,
  ): Promise<void> {
    const sentAt = state === EmailDeliveryState.SENT ? now : null;
    await manager.query(
      `UPDATE email_delivery
          SET state = $2::email_delivery_state, sent_at = $3,
              attempts = attempts + CASE WHEN id = $1 AND $2::email_delivery_state <> 'SKIPPED' THEN 1 ELSE 0 END,
              last_error = CASE WHEN id = $1 THEN coalesce($4, last_error) ELSE last_error END
        WHERE id = $1 OR (digest_id = $1 AND purpose = 'DIGEST_ITEM')`,
      [id, state, sentAt, lastError],
    );
  }

  private async failed(
    manager: EntityManager,
    row: DueRow,
    error: SendError,
    now: Date,
  ): Promise<{ outcome: Outcome; unreachable: boolean }> {
    const lastError = describe(error);
    const unreachable = isUnreachable(error);
    if (unreachable) {
      // Not this mail's fault, and not handed over: no attempt counted, no back-off of its own.
      // The run stops here, so a server that is down is tried once a minute, and every mail
      // goes within a minute or so of its return, however long it was away.
      await manager.query(
        `UPDATE email_delivery SET state = 'RETRYING', last_error = $2, next_attempt_at = $3
          WHERE id = $1`,
        [row.id, lastError, new Date(now.getTime() + FIRST_BACKOFF_MS)],
      );
      this.logger.warn(
        `Mail server unreachable (${replyCode(error)}): sending stops until the next run`,
      );
      return { outcome: 'RETRYING', unreachable };
    }
    const attempts = row.attempts + 1;
    if (isPermanent(error) || attempts >= MAX_ATTEMPTS) {
      await this.finish(manager, row.id, EmailDeliveryState.FAILED, now, lastError);
      // The reply's code only: a server's words may quote the address (admins read them whole).
      this.logger.warn(`Mail ${row.id} failed for good: ${replyCode(error)}`);
      return { outcome: 'FAILED', unreachable };
    }
    const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(attempts - 1, 20));
    await manager.query(
      `UPDATE email_delivery
          SET state = 'RETRYING', attempts = $2, last_error = $3, next_attempt_at = $4
        WHERE id = $1`,
      [row.id, attempts, lastError, new Date(now.getTime() + wait)],
    );
    this.logger.warn(`Mail ${row.id} will be retried in ${wait / 1000} s: ${replyCode(error)}`);
    return { outcome: 'RETRYING', unreachable };
  }
}

/** nodemailer's codes for a server that could not be reached or talked to at all. */
const UNREACHABLE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EREQUIRETLS',
  'EPROXY',
  'EAUTH',
  'ENOAUTH',
  'EPROTOCOL',
]);

/**
 * The server is down, unreachable or not accepting us (421 closes the session): no mail can go
 * now, and it says nothing about this mail. A log-in refused (EAUTH, even with a 5xx) is our
 * configuration's fault, not the mail's: it waits for the configuration to be fixed.
 */
function isUnreachable(error: SendError): boolean {
  // Anything else, known or not, is about this mail: it counts, and ends FAILED if it lasts,
  // so one odd mail can never stop every run.
  return error.responseCode === 421 || UNREACHABLE_CODES.has(error.code ?? '');
}

/** A 5xx reply to this mail (its recipient, its content): sending it again would fail again. */
function isPermanent(error: SendError): boolean {
  return (
    typeof error.responseCode === 'number' && error.responseCode >= 500 && error.responseCode < 600
  );
}

function replyCode(error: SendError): string {
  return String(error.responseCode ?? error.code ?? 'unknown error');
}

function describe(error: SendError): string {
  const text = [error.responseCode ?? error.code, error.message ?? 'unknown error']
    .filter(Boolean)
    .join(' ');
  return cut(text, LAST_ERROR_MAX_CHARS);
}
