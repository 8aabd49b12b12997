import { Injectable, Logger } from '@nestjs/common';
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
import {
  DEMO_ACCOUNTS,
  DEMO_DEPARTMENTS,
  DEMO_PASSWORD,
  DEMO_PROPOSALS,
  DEMO_TOPICS,
  demoProcess,
} from './demo-city.js';

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
    await this.seedProposals(accounts, topicIds, process.id);
    this.logger.log(
      `Seeded the demo city: ${DEMO_ACCOUNTS.length} accounts, password "${DEMO_PASSWORD}"`,
    );
    return true;
  }

  /** Proposals with supports, comments and replies, written as their demo authors would. */
  private async seedProposals(
    accounts: Map<string, Viewer>,
    topicIds: Map<string, string>,
    processId: string,
  ) {
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
    }
    this.logger.log(`Seeded ${DEMO_PROPOSALS.length} demo proposals with supports and comments`);
  }
}

function asViewer(user: UserEntity): Viewer {
  return {
    id: user.id,
    role: user.role,
    departmentId: user.departmentId,
    suspendedUntil: null,
    sessionId: 'demo-seed',
  };
}
