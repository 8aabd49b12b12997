import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DepartmentsService } from '../catalog/departments.service.js';
import { ProcessesService } from '../catalog/processes.service.js';
import { TopicsService } from '../catalog/topics.service.js';
import { UsersService } from '../identity/users.service.js';
import {
  DEMO_ACCOUNTS,
  DEMO_DEPARTMENTS,
  DEMO_PASSWORD,
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
    for (const topic of DEMO_TOPICS) await this.topics.create(topic);
    await this.processes.create(demoProcess(now));
    for (const account of DEMO_ACCOUNTS) {
      await this.users.create({
        email: account.email,
        displayName: account.displayName,
        password: DEMO_PASSWORD,
        role: account.role,
        departmentId: account.departmentSlug ? departmentIds.get(account.departmentSlug) : null,
      });
    }
    this.logger.log(
      `Seeded the demo city: ${DEMO_ACCOUNTS.length} accounts, password "${DEMO_PASSWORD}"`,
    );
    return true;
  }
}
