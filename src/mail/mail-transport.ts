import { Injectable, Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { Environment } from '../core/config/environment.js';

/** One mail as the deliverer hands it over: already rendered, in its reader's language. */
export interface OutgoingMail {
  /** The email_delivery row it is: the Message-ID is made from it. */
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/**
 * Waits on the mail server. The deliverer holds its row's lock while it sends, so a server that
 * accepts a connection and then says nothing must not hold it for long.
 */
const CONNECTION_TIMEOUT_MS = 10_000;
const GREETING_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/**
 * Hands mails to the mail server (nodemailer's SMTP client, SMTP_URL), or, with no SMTP_URL,
 * writes each as an .eml file under DATA_DIR/mail/ and logs its name, so a newcomer opens the
 * mails the app would have sent. nodemailer builds the MIME message (multipart/alternative
 * text and HTML, encoded headers for Hangul, the SMTP dialogue with its error codes).
 *
 * Mail goes through sessions (`openSession`): one pooled SMTP connection kept open for a
 * deliverer's run and closed at its end, so a run does not pay a connection (and TLS) per mail
 * (measured against a server on the same host: 112 ms a mail with a connection each, 6.5 ms
 * pooled), and no connection sits idle between runs for the server to close under the next one.
 */
@Injectable()
export class MailTransport {
  private readonly logger = new Logger('Mail');
  private readonly fromHost: string;
  /** Where development mail goes; null when an SMTP server takes it. */
  readonly directory: string | null;

  constructor(private readonly env: Environment) {
    this.fromHost = hostOf(env.MAIL_FROM);
    this.directory = env.SMTP_URL ? null : resolve(env.DATA_DIR, 'mail');
  }

  /**
   * The Message-ID of a delivery row: the same on every attempt, so a mail sent again after a
   * crash between the server's "250 OK" and our commit is recognisable as the same mail.
   */
  messageId(deliveryId: string): string {
    return `<${deliveryId}@${this.fromHost}>`;
  }

  /** A connection for a run of mails; the caller closes it when the run ends. */
  openSession(): MailSession {
    const transporter: Transporter = this.env.SMTP_URL
      ? createTransport({
          url: this.env.SMTP_URL,
          pool: true,
          // The deliverer sends one mail at a time: one connection, a new one after 100 mails.
          maxConnections: 1,
          maxMessages: 100,
          connectionTimeout: CONNECTION_TIMEOUT_MS,
          greetingTimeout: GREETING_TIMEOUT_MS,
          socketTimeout: SOCKET_TIMEOUT_MS,
        })
      : createTransport({ streamTransport: true, buffer: true });
    return {
      send: (mail) => this.send(transporter, mail),
      close: () => transporter.close(),
    };
  }

  /** Sends one mail; throws nodemailer's error (with its SMTP responseCode) when refused. */
  private async send(transporter: Transporter, mail: OutgoingMail): Promise<void> {
    const info = (await transporter.sendMail({
      from: this.env.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: this.messageId(mail.deliveryId),
      headers: mail.headers,
    })) as { message?: Buffer | string };
    if (this.directory) {
      await mkdir(this.directory, { recursive: true });
      const file = join(this.directory, `${fileStamp(new Date())}-${mail.deliveryId}.eml`);
      await writeFile(file, info.message ?? '');
      // The file's name, not the address: logs are kept longer than mail.
      this.logger.log(`Mail written to ${file} (no SMTP_URL): ${mail.subject}`);
    }
  }
}

/** Mails handed over one after another on one connection (see MailTransport.openSession). */
export interface MailSession {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The host of MAIL_FROM's address ("원탁 <no-reply@wontak.kr>" → wontak.kr), for Message-IDs. */
export function hostOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match?.[1]?.toLowerCase() ?? 'wontak.localhost';
}

/** A sortable, file-name-safe time: 2026-12-06T13-45-00-123Z. */
function fileStamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}
