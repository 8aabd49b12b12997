import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DepartmentsService } from '../catalog/departments.service.js';
import { ProcessesService } from '../catalog/processes.service.js';
import { TopicsService } from '../catalog/topics.service.js';
import { UsersService } from '../identity/users.service.js';
import { CommentsService } from '../comments/comments.service.js';
import type { Viewer } from '../core/auth/viewer.js';
import { RequestLoaders } from '../core/loaders/request-loaders.js';
import type { UserEntity } from '../identity/user.entity.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { SupportsService } from '../proposals/supports.service.js';
import { AnswersService } from '../feedback/answers.service.js';
import { RoutingService } from '../feedback/routing.service.js';
import { ProposalStatus } from '../proposals/proposal-status.js';
import { Environment } from '../core/config/environment.js';
import {
  DEMO_ACCOUNTS,
  DEMO_CITY_LADDER,
  DEMO_MODERATION,
  DEMO_PROCESS_LADDER,
  DEMO_DEPARTMENTS,
  DEMO_PASSWORD,
  DEMO_PROPOSALS,
  DEMO_TOPICS,
  demoProcess,
  DEMO_WORKSHOPS,
  onTheHourInDemoCity,
  type DemoFeedbackStep,
} from './demo-city.js';
import { databaseNow } from '../core/database/database-now.js';
import { ModerationAction, ReportReason } from '../moderation/moderation-enums.js';
import { ModerationService } from '../moderation/moderation.service.js';
import { RegistrationsService } from '../workshops/registrations.service.js';
import { WorkshopKind } from '../workshops/workshop-status.js';
import { WorkshopsService } from '../workshops/workshops.service.js';
import { EscalationService } from '../escalation/escalation.service.js';
import { OversightService } from '../reminders/oversight.service.js';
import { ReminderSweeps } from '../reminders/reminder-sweeps.js';
import { seedDemoVotes } from './demo-budgets.js';
import { seedDemoRooms } from './demo-room.js';

const DAY_MS = 86_400_000;
/** How long before the seed the demo accounts were made. */
const DEMO_MEMBERS_SINCE_DAYS = 60;

/**
 * Seeds the demo city once, through the same services the API uses (so demo rows obey every
 * rule). Never in production; only into a database with no departments and no users.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly departments: DepartmentsService,
    private readonly topics: TopicsService,
    private readonly processes: ProcessesService,
    private readonly users: UsersService,
    private readonly proposals: ProposalsService,
    private readonly supports: SupportsService,
    private readonly comments: CommentsService,
    private readonly routing: RoutingService,
    private readonly answers: AnswersService,
    private readonly env: Environment,
    private readonly workshops: WorkshopsService,
    private readonly registrations: RegistrationsService,
    private readonly moderation: ModerationService,
    private readonly escalation: EscalationService,
    private readonly oversight: OversightService,
    private readonly reminderSweeps: ReminderSweeps,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** True when it seeded; false when the database already holds data. */
  async seedOnce(now = new Date()): Promise<boolean> {
    const [{ empty }] = await this.db.query(
      'SELECT NOT EXISTS (SELECT 1 FROM department) AND NOT EXISTS (SELECT 1 FROM app_user) AS empty',
    );
    if (!empty) return false;

    const departmentIds = new Map<string, string>();
    for (const department of DEMO_DEPARTMENTS) {
      departmentIds.set(department.slug, (await this.departments.create(department)).id);
    }
    const topicIds = new Map<string, string>();
    for (const topic of DEMO_TOPICS) topicIds.set(topic.slug, (await this.topics.create(topic)).id);
    const process = await this.processes.create(demoProcess(now));
    // Before the supports, so that the most supported playground proposal climbs a rung the way
    // any proposal does: in its support.
    await this.escalation.setLadder(null, {
      rungs: DEMO_CITY_LADDER.map(({ answeringDepartmentSlug, ...rung }) => ({
        ...rung,
        answeringDepartmentId: answeringDepartmentSlug
          ? departmentIds.get(answeringDepartmentSlug)
          : null,
      })),
    });
    await this.escalation.setLadder(null, { processId: process.id, rungs: DEMO_PROCESS_LADDER });
    const accounts = new Map<string, Viewer>();
    for (const account of DEMO_ACCOUNTS) {
      const user = await this.users.create({
        email: account.email,
        displayName: account.displayName,
        password: DEMO_PASSWORD,
        role: account.role,
        departmentId: account.departmentSlug ? departmentIds.get(account.departmentSlug) : null,
      });
      accounts.set(account.email, asViewer(user));
    }
    // The demo's people were members before its six weeks of history began, so their reports
    // count toward the automatic hide (MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS) as they would
    // in a city that has run Wontak for a while.
    await this.db.query(`UPDATE app_user SET created_at = created_at - make_interval(days => $1)`, [
      DEMO_MEMBERS_SINCE_DAYS,
    ]);
    // Their addresses were verified when they joined, so the demo's mail goes out (in
    // development, as .eml files under DATA_DIR/mail/); their chosen languages are set.
    await this.db.query(`UPDATE app_user SET email_verified_at = created_at`);
    for (const account of DEMO_ACCOUNTS.filter((a) => a.locale))
      await this.db.query(`UPDATE app_user SET locale = $2 WHERE email = $1`, [
        account.email,
        account.locale,
      ]);
    const proposalIds = await this.seedProposals(accounts, topicIds, process.id, now);
    await this.seedWorkshops(accounts, proposalIds, process.id, now);
    await this.seedModeration(accounts, proposalIds);
    await this.seedOversight(departmentIds.get('planning')!, now);
    // Districts, residencies, budgets and polls (demo-budgets.ts). Their services are resolved
    // app-wide: results, paper tallies and residency are not exported by their modules.
    const budgetIds = await seedDemoVotes({
      db: this.db,
      resolve: (type) => this.moduleRef.get(type, { strict: false }),
      accounts,
      departmentIds,
      processId: process.id,
      proposalIds,
      now,
    });
    this.logger.log(`Seeded ${budgetIds.size} demo budgets with their ballots, and two polls`);
    // After the residencies: the guardians' birth years make them adults.
    await seedDemoRooms({
      db: this.db,
      resolve: (type) => this.moduleRef.get(type, { strict: false }),
      accounts,
      departmentIds,
      roundTableTitle: DEMO_WORKSHOPS.find((w) => w.kind === 'ROUND_TABLE')!.title,
      campTitle: DEMO_WORKSHOPS.find((w) => w.children)!.title,
      now,
    });
    this.logger.log(
      'Seeded the round table (100 officials, 10 tables, published priorities) and the camp children',
    );
    this.logger.log(
      `Seeded the demo city: ${DEMO_ACCOUNTS.length} accounts, password "${DEMO_PASSWORD}"`,
    );
    return true;
  }

  /**
   * Proposals with supports, comments, replies and their feedback history, written as their
   * demo authors and departments would.
   */
  private async seedProposals(
    accounts: Map<string, Viewer>,
    topicIds: Map<string, string>,
    processId: string,
    now: Date,
  ): Promise<Map<string, string>> {
    const proposalIds = new Map<string, string>();
    const loaders = new RequestLoaders();
    const who = (email: string) => accounts.get(email)!;
    for (const demo of DEMO_PROPOSALS) {
      const proposal = await this.proposals.create(who(demo.author), {
        title: demo.title,
        body: demo.body,
        processId: demo.process ? processId : null,
        topicIds: demo.topics.map((slug) => topicIds.get(slug)!),
        location: demo.location ?? null,
      });
      proposalIds.set(demo.title, proposal.id);
      for (const supporter of demo.supporters)
        await this.supports.support(loaders, who(supporter), proposal.id);
      const subjectId = { type: 'Proposal' as const, id: proposal.id };
      for (const comment of demo.comments) {
        const parent = await this.comments.add(who(comment.author), {
          subjectId,
          body: comment.body,
        });
        for (const reply of comment.replies ?? []) {
          await this.comments.add(who(reply.author), {
            subjectId,
            parentId: parent.id,
            body: reply.body,
          });
        }
      }
      const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
      if (demo.daysAgo !== undefined) {
        await this.db.query('UPDATE proposal SET created_at = $2 WHERE id = $1', [
          proposal.id,
          ago(demo.daysAgo),
        ]);
        await this.dateLatestEvent(proposal.id, ['SUBMITTED'], ago(demo.daysAgo));
      }
      for (const step of demo.feedback ?? []) {
        await this.feedbackStep(loaders, proposal.id, who, demo.author, step, ago(step.daysAgo));
      }
      // After the feedback steps, which date the proposal's notifications written since they began.
      if (demo.daysAgo !== undefined) await this.dateEscalation(proposal.id, ago(demo.daysAgo));
    }
    this.logger.log(
      `Seeded ${DEMO_PROPOSALS.length} demo proposals with supports, comments and feedback`,
    );
    return proposalIds;
  }

  /** Reports that hide an advertisement, and a report a moderator dismisses (DEMO_MODERATION). */
  private async seedModeration(
    accounts: Map<string, Viewer>,
    proposalIds: Map<string, string>,
  ): Promise<void> {
    const who = (email: string) => accounts.get(email)!;
    const { proposalTitle, spam, heated } = DEMO_MODERATION;
    const subjectId = { type: 'Proposal' as const, id: proposalIds.get(proposalTitle)! };
    const ad = await this.comments.add(who(spam.author), { subjectId, body: spam.body });
    for (const reporter of spam.reporters) {
      await this.moderation.report(who(reporter), {
        targetId: { type: 'Comment', id: ad.id },
        reason: ReportReason.SPAM,
      });
    }
    const fair = await this.comments.add(who(heated.author), { subjectId, body: heated.body });
    const targetId = { type: 'Comment' as const, id: fair.id };
    await this.moderation.report(who(heated.reporter), {
      targetId,
      reason: ReportReason.OFFENSIVE,
    });
    await this.moderation.moderate(who(heated.moderator), {
      targetId,
      action: ModerationAction.RESTORE,
      note: heated.note,
    });
    this.logger.log(
      'Seeded the moderation demo: one comment hidden by reports, one report dismissed',
    );
  }

  /** The design camp with its first registrations; the round table with its outcome. */
  private async seedWorkshops(
    accounts: Map<string, Viewer>,
    proposalIds: Map<string, string>,
    processId: string,
    now: Date,
  ): Promise<void> {
    const loaders = new RequestLoaders();
    const admin = accounts.get('admin@demo.wontak.kr')!;
    for (const demo of DEMO_WORKSHOPS) {
      const startsAt = onTheHourInDemoCity(now, demo.startsInDays, demo.startsAtHour);
      const workshop = await this.workshops.create(admin, {
        title: demo.title,
        description: demo.description,
        kind: demo.kind as WorkshopKind,
        processId: demo.process ? processId : null,
        organizerId: (await this.departments.findBySlug(demo.organizer))!.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + demo.hours * 3_600_000),
        location: demo.location,
        capacity: demo.capacity,
        childrenAllowed: Boolean(demo.children),
        minimumAge: demo.children?.minimumAge ?? null,
        maximumAge: demo.children?.maximumAge ?? null,
      });
      for (const email of demo.registrants)
        await this.registrations.register(loaders, accounts.get(email)!, workshop.id);
      if (demo.outcome) {
        await this.workshops.publishOutcome(loaders, admin, {
          workshopId: workshop.id,
          outcome: demo.outcome,
          proposalIds: (demo.linkedProposals ?? []).map((title) => proposalIds.get(title)!),
        });
      }
    }
    this.logger.log(`Seeded ${DEMO_WORKSHOPS.length} demo workshops`);
  }

  /**
   * Runs one feedback step through the real service, then dates its row back to `at`, and the
   * notifications it sent with it. The first assignment's deadline moves with it
   * (RESPONSE_DUE_DAYS after `at`), as it would have been.
   */
  private async feedbackStep(
    loaders: RequestLoaders,
    proposalId: string,
    who: (email: string) => Viewer,
    author: string,
    step: DemoFeedbackStep,
    at: Date,
  ): Promise<void> {
    const since = await databaseNow(this.db.manager);
    if ('assignTo' in step) {
      const departmentId = (await this.departments.findBySlug(step.assignTo))!.id;
      const [{ first }] = (await this.db.query(
        'SELECT NOT EXISTS (SELECT 1 FROM department_transfer WHERE proposal_id = $1) AS first',
        [proposalId],
      )) as [{ first: boolean }];
      await this.routing.assign(loaders, who(step.by), {
        proposalId,
        departmentId,
        reason: step.reason,
      });
      await this.db.query(
        `UPDATE department_transfer SET created_at = $2 WHERE id = (
           SELECT id FROM department_transfer WHERE proposal_id = $1 ORDER BY created_at DESC LIMIT 1)`,
        [proposalId, at],
      );
      await this.dateLatestEvent(proposalId, ['ASSIGNED', 'TRANSFERRED'], at);
      if (first) {
        const dueAt = new Date(at.getTime() + this.env.RESPONSE_DUE_DAYS * DAY_MS);
        await this.db.query('UPDATE proposal SET response_due_at = $2 WHERE id = $1', [
          proposalId,
          dueAt,
        ]);
        await this.db.query(
          'UPDATE department_transfer SET response_due_at = $2 WHERE proposal_id = $1',
          [proposalId, dueAt],
        );
      }
      await this.dateNotifications({ type: 'Proposal', id: proposalId }, since, at);
    } else if ('answer' in step) {
      const answer = await this.answers.answer(loaders, who(step.by), {
        proposalId,
        status: step.answer as ProposalStatus,
        body: step.body,
      });
      await this.db.query('UPDATE official_answer SET created_at = $2 WHERE id = $1', [
        answer.id,
        at,
      ]);
      await this.dateLatestEvent(proposalId, ['ANSWERED'], at);
      await this.dateNotifications({ type: 'OfficialAnswer', id: answer.id }, since, at);
    } else if ('progress' in step) {
      const update = await this.answers.postProgress(loaders, who(step.by), {
        proposalId,
        progress: step.progress,
        body: step.body,
      });
      await this.db.query('UPDATE progress_update SET created_at = $2 WHERE id = $1', [
        update.id,
        at,
      ]);
      await this.dateLatestEvent(proposalId, ['PROGRESS_UPDATED'], at);
      await this.dateNotifications({ type: 'ProgressUpdate', id: update.id }, since, at);
    } else {
      const [{ id: answerId }] = (await this.db.query(
        'SELECT id FROM official_answer WHERE proposal_id = $1 ORDER BY created_at DESC LIMIT 1',
        [proposalId],
      )) as [{ id: string }];
      await this.answers.rate(loaders, who(author), {
        answerId,
        score: step.rate,
        comment: step.comment ?? null,
      });
      await this.db.query('UPDATE answer_rating SET created_at = $2 WHERE answer_id = $1', [
        answerId,
        at,
      ]);
    }
  }

  /**
   * Dates the timeline event the step just recorded (the latest of its kinds) at `at`, with
   * the row it describes: the demo's timeline then agrees with its history. The seeder is the
   * one writer that moves an event, and only while it builds the demo's past.
   */
  private async dateLatestEvent(proposalId: string, kinds: string[], at: Date): Promise<void> {
    await this.db.query(
      `UPDATE proposal_event SET at = $3 WHERE id = (
         SELECT id FROM proposal_event WHERE proposal_id = $1 AND kind = ANY($2::proposal_event_kind[])
          ORDER BY at DESC, id DESC LIMIT 1)`,
      [proposalId, kinds, at],
    );
  }

  /**
   * Dates the notifications about `subject` that the step just run wrote (those since `since`,
   * on the database's clock) at `at`, when what they tell of happened: an inbox then reads as
   * the history it reports. A rating notifies nobody.
   */
  /**
   * Dates the rungs a demo proposal's supports crossed (and their timeline events and notices)
   * on the day it was proposed, when its supports came in, rather than when the seeder ran.
   */
  private async dateEscalation(proposalId: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE escalation_crossing
          SET reached_at = $2::timestamptz,
              due_at = $2::timestamptz + make_interval(days => due_in_days)
        WHERE proposal_id = $1`,
      [proposalId, at],
    );
    await this.db.query(
      `UPDATE proposal_event SET at = $2 WHERE proposal_id = $1 AND kind = 'ESCALATED'`,
      [proposalId, at],
    );
    await this.db.query(
      `UPDATE notification SET created_at = $2
        WHERE kind = 'PROPOSAL_ESCALATED' AND subject_type = 'Proposal' AND subject_id = $1`,
      [proposalId, at],
    );
  }

  /**
   * 기획실 oversees overdue answers. The reminder sweeps run as the job queue would have run
   * them when each overdue demo proposal's answer fell due (a sweep takes its clock as an
   * argument): three days before (ANSWER_DUE_SOON), and a minute after (PROPOSAL_OVERDUE, the
   * escalation to 기획실), so the weekend-parking proposal's reminders, timeline events and
   * notices are dated in the demo's past.
   */
  private async seedOversight(planningId: string, now: Date): Promise<void> {
    await this.oversight.setDepartmentById(planningId);
    const rows: { due: Date }[] = await this.db.query(
      `SELECT DISTINCT response_due_at AS due FROM proposal
        WHERE awaiting_answer AND response_due_at < $1 ORDER BY 1`,
      [now],
    );
    for (const { due } of rows) {
      await this.reminderSweeps.sweepAnswers(new Date(due.getTime() - 3 * 86_400_000));
      await this.reminderSweeps.sweepAnswers(new Date(due.getTime() + 60_000));
    }
    await this.db.query(
      `UPDATE notification n SET created_at = r.sent_at
         FROM proposal_reminder r
        WHERE n.subject_type = 'Proposal' AND n.subject_id = r.proposal_id
          AND ((n.kind = 'ANSWER_DUE_SOON' AND r.kind = 'DUE_SOON')
            OR (n.kind = 'PROPOSAL_OVERDUE' AND r.kind = 'OVERDUE'))`,
    );
  }

  private async dateNotifications(
    subject: { type: string; id: string },
    since: Date,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `UPDATE notification SET created_at = $4
        WHERE subject_type = $1 AND subject_id = $2 AND created_at >= $3`,
      [subject.type, subject.id, since, at],
    );
  }
}

function asViewer(user: UserEntity): Viewer {
  return {
    id: user.id,
    role: user.role,
    departmentId: user.departmentId,
    suspendedUntil: null,
    locale: null,
    sessionId: 'demo-seed',
  };
}
