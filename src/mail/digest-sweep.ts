import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.js';

export const MAIL_DIGEST_JOB = 'mail-digests';

/** People one statement makes digests for; the sweep repeats until a batch comes back short. */
const BATCH = 200;

/**
 * The daily digest: once per person per local day, at or after their digest_hour in their
 * time_zone, one DIGEST row that carries every DIGEST_ITEM still waiting for a digest. The
 * deliverer (mail-deliverer.ts) sends it like any mail; its items read its state.
 *
 * At or after the hour, not at it: a worker that was down at 08:00 makes the day's digest when
 * it is back, the same day. The day is the person's own (their clock's date at `now`), and the
 * DIGEST row is unique per person and day (ux_email_delivery_digest_day, ON CONFLICT DO
 * NOTHING), so two sweeps at once, or a sweep run twice, make one digest. Items that arrive
 * after the day's digest wait for the next day's.
 *
 * `now` is the application's clock, as for every sweep (tests move it).
 */
@Injectable()
export class DigestSweep implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: MAIL_DIGEST_JOB,
      cron: '* * * * *',
      run: () => this.sweep(new Date()),
    });
  }

  /** Makes the digests due at `now`; how many. */
  async sweep(now: Date): Promise<number> {
    let made = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const rows: { id: string }[] = await manager.query(
          // From the people with items waiting (the partial index ix_email_delivery_digest_items),
          // not from every account: most people have nothing waiting most minutes.
          `WITH waiting AS (
             SELECT DISTINCT i.recipient_id FROM email_delivery i
              WHERE i.purpose = 'DIGEST_ITEM' AND i.state = 'PENDING' AND i.digest_id IS NULL
           ), due AS (
             SELECT u.id AS recipient_id, ($1::timestamptz AT TIME ZONE u.time_zone)::date AS day
               FROM waiting w JOIN app_user u ON u.id = w.recipient_id
              WHERE EXTRACT(hour FROM $1::timestamptz AT TIME ZONE u.time_zone) >= u.digest_hour
                AND NOT EXISTS (SELECT 1 FROM email_delivery d
                                 WHERE d.recipient_id = u.id AND d.purpose = 'DIGEST'
                                   AND d.digest_date = ($1::timestamptz AT TIME ZONE u.time_zone)::date)
              LIMIT $2
           ), made AS (
             INSERT INTO email_delivery (purpose, recipient_id, digest_date, state, next_attempt_at)
             SELECT 'DIGEST', recipient_id, day, 'PENDING', $1 FROM due
             ON CONFLICT (recipient_id, digest_date) WHERE purpose = 'DIGEST' DO NOTHING
             RETURNING id, recipient_id
           ), attached AS (
             UPDATE email_delivery i SET digest_id = made.id
               FROM made
              WHERE i.recipient_id = made.recipient_id AND i.purpose = 'DIGEST_ITEM'
                AND i.state = 'PENDING' AND i.digest_id IS NULL
             RETURNING i.id
           )
           SELECT id FROM made`,
          [now, BATCH],
        );
        return rows.length;
      });
      made += count;
      if (count < BATCH) return made;
    }
  }
}
