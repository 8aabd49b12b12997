import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { EntityManager } from 'typeorm';
import type { MessageKey } from '../../src/core/i18n/translate.js';
import { DigestSweep } from '../../src/mail/digest-sweep.js';
import { MailDeliverer } from '../../src/mail/mail-deliverer.js';
import { NotificationKind } from '../../src/notifications/notification-kind.js';
import { notify, SYSTEM_ACTOR, type ActorRef } from '../../src/notifications/outbox.js';
import type { TestApp } from '../helpers/test-app.js';

/** A refusal the server gives instead of accepting a mail: `421`, `450`, `550`... */
export interface Refusal {
  code: number;
  message: string;
}

/**
 * A real SMTP server in this process (smtp-server), which parses every mail it accepts
 * (mailparser), so tests read what a person's mail client would. No TLS and no log-in, as a
 * relay on the same host. It can refuse (`refuseNext`), and stop and start again on the same
 * port, as a mail server that goes down and comes back.
 */
export class TestSmtp {
  readonly received: ParsedMail[] = [];
  /** Refusals to give, one per mail, before accepting again. */
  private refusals: Refusal[] = [];
  private server: SMTPServer | null = null;
  port = 0;
  /** Called as each mail is accepted (to stop the server mid-batch). */
  onAccepted: ((count: number) => void | Promise<void>) | null = null;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Tests talk to 127.0.0.1: no reverse DNS lookup of the client (it costs each connection).
      disableReverseLookup: true,
      // A stopped server closes its sessions at once (a crash, not a drain).
      closeTimeout: 100,
      onData: (stream, session, callback) => void this.accept(stream, session, callback),
    });
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next mails are refused with these replies, one each, in order. */
  refuseNext(...refusals: Refusal[]): void {
    this.refusals.push(...refusals);
  }

  /** The accepted mails to `address`. */
  to(address: string): ParsedMail[] {
    return this.received.filter((m) => addressesOf(m).includes(address));
  }

  private async accept(
    stream: SMTPServerDataStream,
    _session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const refusal = this.refusals.shift();
    if (refusal) {
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      return;
    }
    this.received.push(await simpleParser(Buffer.concat(chunks)));
    callback();
    await this.onAccepted?.(this.received.length);
  }
}

export function addressesOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

/** A header of a parsed mail as it was written (unfolded): mailparser restructures some. */
export function header(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? '';
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** The token of the first link in `text` that starts with `prefix`. */
export function tokenIn(text: string, prefix: string): string {
  const at = text.indexOf(prefix);
  if (at < 0) throw new Error(`no link ${prefix} in:\n${text}`);
  return /^[A-Za-z0-9_.-]+/.exec(text.slice(at + prefix.length))![0];
}

/** Writes one notification (with its e-mail row, as the outbox does) for each of `recipients`. */
export async function notifyNow(
  t: TestApp,
  recipients: string[],
  draft: {
    kind?: NotificationKind;
    messageKey?: MessageKey;
    title?: string;
    params?: Record<string, string | number>;
    subject?: { type: string; id: string };
    actor?: ActorRef;
  } = {},
): Promise<void> {
  await t.db.transaction((manager: EntityManager) =>
    notify(manager, draft.actor ?? SYSTEM_ACTOR, recipients, {
      kind: draft.kind ?? NotificationKind.PROPOSAL_OVERDUE,
      subject: draft.subject ?? { type: 'Proposal', id: '00000000-0000-4000-8000-000000000001' },
      messageKey: draft.messageKey ?? 'notification.PROPOSAL_OVERDUE',
      params: { title: draft.title ?? '놀이터 그늘막', ...draft.params },
    }),
  );
}

export const deliverer = (t: TestApp) => t.app.get(MailDeliverer);
export const digests = (t: TestApp) => t.app.get(DigestSweep);

export interface DeliveryRow {
  id: string;
  purpose: string;
  state: string;
  attempts: number;
  last_error: string | null;
  digest_id: string | null;
  next_attempt_at: Date;
  sent_at: Date | null;
}

/** The rows of the outbox for `recipientId`, oldest first. */
export function deliveriesOf(t: TestApp, recipientId: string): Promise<DeliveryRow[]> {
  return t.db.query(
    `SELECT id, purpose, state, attempts, last_error, digest_id, next_attempt_at, sent_at
       FROM email_delivery WHERE recipient_id = $1 ORDER BY created_at, id`,
    [recipientId],
  );
}

/** Runs `start` with these variables set (null: unset), as an app reads them when it is made. */
export async function withEnv<T>(
  env: Record<string, string | null>,
  start: () => Promise<T>,
): Promise<T> {
  const before: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    before[key] = process.env[key];
    if (value === null) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return await start();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
