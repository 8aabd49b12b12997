import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Environment } from '../core/config/environment.js';
import { JobQueue } from '../jobs/job-queue.js';
import { NotificationKind } from '../notifications/notification-kind.js';
import { notify, staffOf, SYSTEM_ACTOR } from '../notifications/outbox.js';
import type { MessageKey } from '../core/i18n/translate.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { overdueSql } from '../proposals/proposal-deadline.js';

/** Rows one transaction handles; a sweep repeats until a batch comes back short. */
const BATCH = 200;
const DAY_MS = 86_400_000;

export const ANSWER_REMINDERS_JOB = 'answer-reminders';
export const WORKSHOP_REMINDERS_JOB = 'workshop-reminders';

interface ProposalReminderRow {
  proposal_id: string;
  department_id: string;
  due_at: Date;
  escalated_to_department_id: string | null;
  title: string;
}

interface WorkshopReminderRow {
  workshop_id: string;
  title: string;
}

/**
 * The time rules of issue 16 as sweeps the job queue runs every minute. Each is idempotent:
 * the row of proposal_reminder / workshop_reminder that says "done" is inserted with ON
 * CONFLICT DO NOTHING in the same transaction as the notifications and timeline events it
 * causes, so a second run, a second instance running at the same moment (it waits on the
 * first's uncommitted key, then skips it) or a retry after a crash (the crashed transaction
 * left nothing) notifies nobody twice.
 *
 * The clock: every sweep takes `now` from the application's clock (`new Date()` when the job
 * runs), passed to SQL as a parameter, never Postgres's now(). Due dates are written with the
 * database's clock (routing, the timeline); both are the same real time on a server kept by
 * NTP, and a skew of seconds moves a reminder by seconds. The application's clock is the one
 * tests can move (test/helpers/clock.ts), so a test can stand three days before a due date.
 */
@Injectable()
export class ReminderSweeps implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: ANSWER_REMINDERS_JOB,
      cron: '* * * * *',
      run: () => this.sweepAnswers(new Date()),
    });
    this.jobs.register({
      name: WORKSHOP_REMINDERS_JOB,
      cron: '* * * * *',
      run: () => this.sweepWorkshops(new Date()),
    });
  }

  /** ANSWER_DUE_SOON and PROPOSAL_OVERDUE (with the escalation to the oversight department). */
  async sweepAnswers(now: Date): Promise<{ dueSoon: number; overdue: number }> {
    let dueSoon = 0;
    let overdue = 0;
    for (;;) {
      const sent = await this.dataSource.transaction((m) => this.remindDueSoon(m, now));
      dueSoon += sent;
      if (sent < BATCH) break;
    }
    for (;;) {
      const sent = await this.dataSource.transaction((m) => this.remindOverdue(m, now));
      overdue += sent;
      if (sent < BATCH) break;
    }
    return { dueSoon, overdue };
  }

  private async remindDueSoon(manager: EntityManager, now: Date): Promise<number> {
    const rows: ProposalReminderRow[] = await manager.query(
      `WITH due AS (
         SELECT p.id, p.department_id, p.response_due_at
           FROM proposal p
          WHERE p.awaiting_answer AND p.department_id IS NOT NULL
            AND p.response_due_at > $1::timestamptz
            AND p.response_due_at <= $1::timestamptz + make_interval(days => $2::int)
            AND NOT EXISTS (SELECT 1 FROM proposal_reminder r
                             WHERE r.proposal_id = p.id AND r.kind = 'DUE_SOON'
                               AND r.department_id = p.department_id AND r.due_at = p.response_due_at)
          ORDER BY p.response_due_at LIMIT $3
       ), sent AS (
         INSERT INTO proposal_reminder (proposal_id, kind, department_id, due_at, sent_at)
         SELECT id, 'DUE_SOON', department_id, response_due_at, $1 FROM due
         ON CONFLICT ON CONSTRAINT uq_proposal_reminder_once DO NOTHING
         RETURNING proposal_id, department_id, due_at, escalated_to_department_id
       )
       SELECT sent.*, p.title FROM sent JOIN proposal p ON p.id = sent.proposal_id`,
      [now, this.env.REMINDER_DAYS_BEFORE_DUE, BATCH],
    );
    const staff = staffByDepartment(manager);
    for (const row of rows) {
      const days = Math.max(1, Math.ceil((row.due_at.getTime() - now.getTime()) / DAY_MS));
      await notify(manager, SYSTEM_ACTOR, await staff(row.department_id), {
        kind: NotificationKind.ANSWER_DUE_SOON,
        subject: { type: 'Proposal', id: row.proposal_id },
        messageKey: 'notification.ANSWER_DUE_SOON',
        params: { title: row.title, days },
      });
      await recordProposalEvent(manager, {
        proposalId: row.proposal_id,
        kind: ProposalEventKind.REMINDER_SENT,
        actor: { system: true },
        at: now,
        toDepartmentId: row.department_id,
      });
    }
    return rows.length;
  }

  private async remindOverdue(manager: EntityManager, now: Date): Promise<number> {
    const rows: ProposalReminderRow[] = await manager.query(
      `WITH due AS (
         SELECT p.id, p.department_id, p.response_due_at
           FROM proposal p
          WHERE ${overdueSql('p', '$1::timestamptz')} AND p.department_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM proposal_reminder r
                             WHERE r.proposal_id = p.id AND r.kind = 'OVERDUE'
                               AND r.department_id = p.department_id AND r.due_at = p.response_due_at)
          ORDER BY p.response_due_at LIMIT $2
       ), sent AS (
         INSERT INTO proposal_reminder
           (proposal_id, kind, department_id, due_at, sent_at, escalated_to_department_id)
         SELECT id, 'OVERDUE', department_id, response_due_at, $1,
                (SELECT department_id FROM oversight_setting)
           FROM due
         ON CONFLICT ON CONSTRAINT uq_proposal_reminder_once DO NOTHING
         RETURNING proposal_id, department_id, due_at, escalated_to_department_id
       )
       SELECT sent.*, p.title FROM sent JOIN proposal p ON p.id = sent.proposal_id`,
      [now, BATCH],
    );
    const staff = staffByDepartment(manager);
    for (const row of rows) {
      const subject = { type: 'Proposal', id: row.proposal_id };
      await notify(manager, SYSTEM_ACTOR, await staff(row.department_id), {
        kind: NotificationKind.PROPOSAL_OVERDUE,
        subject,
        messageKey: 'notification.PROPOSAL_OVERDUE',
        params: { title: row.title },
      });
      const oversight = row.escalated_to_department_id;
      if (oversight && oversight !== row.department_id) {
        await notify(manager, SYSTEM_ACTOR, await staff(oversight), {
          kind: NotificationKind.PROPOSAL_OVERDUE,
          subject,
          messageKey: 'notification.PROPOSAL_OVERDUE.oversight',
          params: { title: row.title },
        });
      }
      await recordProposalEvent(manager, {
        proposalId: row.proposal_id,
        kind: ProposalEventKind.OVERDUE,
        actor: { system: true },
        at: now,
        fromDepartmentId: row.department_id,
        toDepartmentId: oversight,
      });
    }
    return rows.length;
  }

  /**
   * WORKSHOP_REMINDER: the confirmed registrants (and children's guardians) the day before a workshop starts, and the
   * waitlist when registration closes (at the start: registrationOpen in workshop-status.ts)
   * and their place never came. A workshop moved to another time is reminded of again.
   * Workshops that started more than a day ago are not (a first deploy tells nobody of the past).
   */
  async sweepWorkshops(now: Date): Promise<{ dayBefore: number; closed: number }> {
    return this.dataSource.transaction(async (manager) => {
      const dayBefore: WorkshopReminderRow[] = await manager.query(
        `WITH sent AS (
           INSERT INTO workshop_reminder (workshop_id, kind, starts_at, sent_at)
           SELECT w.id, 'DAY_BEFORE', w.starts_at, $1 FROM workshop w
            WHERE w.starts_at > $1::timestamptz AND w.starts_at <= $1::timestamptz + interval '1 day'
           ON CONFLICT DO NOTHING
           RETURNING workshop_id
         )
         SELECT sent.workshop_id, w.title FROM sent JOIN workshop w ON w.id = sent.workshop_id`,
        [now],
      );
      await this.remindRegistrants(
        manager,
        dayBefore,
        'CONFIRMED',
        'notification.WORKSHOP_REMINDER',
      );
      const closed: WorkshopReminderRow[] = await manager.query(
        `WITH sent AS (
           INSERT INTO workshop_reminder (workshop_id, kind, starts_at, sent_at)
           SELECT w.id, 'REGISTRATION_CLOSED', w.starts_at, $1 FROM workshop w
            WHERE w.starts_at <= $1::timestamptz AND w.starts_at > $1::timestamptz - interval '1 day'
           ON CONFLICT DO NOTHING
           RETURNING workshop_id
         )
         SELECT sent.workshop_id, w.title FROM sent JOIN workshop w ON w.id = sent.workshop_id`,
        [now],
      );
      await this.remindRegistrants(
        manager,
        closed,
        'WAITLISTED',
        'notification.WORKSHOP_REMINDER.waitlistClosed',
      );
      return { dayBefore: dayBefore.length, closed: closed.length };
    });
  }

  /** WORKSHOP_REMINDER to the registrants of each workshop in `rows` who hold `status`. */
  private async remindRegistrants(
    manager: EntityManager,
    rows: WorkshopReminderRow[],
    status: 'CONFIRMED' | 'WAITLISTED',
    messageKey: MessageKey,
  ): Promise<void> {
    for (const row of rows) {
      await notify(
        manager,
        SYSTEM_ACTOR,
        await this.registrants(manager, row.workshop_id, status),
        {
          kind: NotificationKind.WORKSHOP_REMINDER,
          subject: { type: 'Workshop', id: row.workshop_id },
          messageKey,
          params: { title: row.title },
        },
      );
    }
  }

  private async registrants(
    manager: EntityManager,
    workshopId: string,
    status: 'CONFIRMED' | 'WAITLISTED',
  ): Promise<string[]> {
    // The guardians of children in that state too (once each, however many children): the
    // reminder names the workshop only, never a child.
    const rows: { user_id: string }[] = await manager.query(
      `SELECT user_id FROM workshop_registration WHERE workshop_id = $1 AND status = $2
       UNION
       SELECT guardian_id FROM child_registration WHERE workshop_id = $1 AND status = $2`,
      [workshopId, status],
    );
    return rows.map((r) => r.user_id);
  }
}

/** The staff of each department, read once per batch (a batch names a few departments many times). */
function staffByDepartment(manager: EntityManager): (departmentId: string) => Promise<string[]> {
  const known = new Map<string, Promise<string[]>>();
  return (departmentId) => {
    let staff = known.get(departmentId);
    if (!staff) known.set(departmentId, (staff = staffOf(manager, departmentId)));
    return staff;
  };
}
