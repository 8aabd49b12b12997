import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Metrics } from '../core/metrics/metrics.js';
import { overdueSql } from '../proposals/proposal-deadline.js';

interface DepartmentBacklog {
  department: string;
  overdue: number;
  awaiting: number;
}

/**
 * Every department's figures, zeros included, so that a department with nothing overdue reads
 * 0 and a missing series means the figures could not be read. Counted over the proposals
 * awaiting an answer only (the partial index ix_proposal_awaiting_answer); hidden ones aside,
 * as DepartmentStats.overdueCount counts them.
 */
const BACKLOG_SQL = `
  SELECT d.slug AS department,
         count(p.id) FILTER (WHERE ${overdueSql('p')})::int AS overdue,
         count(p.id)::int AS awaiting
    FROM department d
    LEFT JOIN proposal p ON p.department_id = d.id AND p.awaiting_answer AND NOT p.hidden
   GROUP BY d.slug
   ORDER BY d.slug
   LIMIT 1000`;

/**
 * The feedback loop's gauges for the operator's dashboard, read from the database when
 * Prometheus scrapes: proposals overdue (the contract's rule, proposal-deadline.ts) and
 * awaiting an answer, per department. One statement per scrape, shared by both gauges.
 */
@Injectable()
export class FeedbackMetrics {
  private readonly logger = new Logger('FeedbackMetrics');
  private reading: Promise<DepartmentBacklog[] | null> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    metrics: Metrics,
  ) {
    const read = () => this.readOnce();
    metrics.gauge({
      name: 'wontak_proposals_overdue',
      help: 'Proposals past their response due date without an answer from the department they are with, per department (hidden ones aside).',
      labelNames: ['department'] as const,
      async collect() {
        this.reset();
        for (const row of (await read()) ?? [])
          this.set({ department: row.department }, row.overdue);
      },
    });
    metrics.gauge({
      name: 'wontak_proposals_awaiting_answer',
      help: 'Proposals assigned to a department and not yet answered by it, per department (hidden ones aside).',
      labelNames: ['department'] as const,
      async collect() {
        this.reset();
        for (const row of (await read()) ?? [])
          this.set({ department: row.department }, row.awaiting);
      },
    });
  }

  /** One reading for the gauges of one scrape (they collect at the same time); null on failure. */
  private readOnce(): Promise<DepartmentBacklog[] | null> {
    this.reading ??= this.db
      .query<DepartmentBacklog[]>(BACKLOG_SQL)
      .catch((error: unknown) => {
        this.logger.warn(`The feedback gauges could not be read: ${String(error)}`);
        return null;
      })
      .finally(() => (this.reading = null));
    return this.reading;
  }
}
