import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { overdueSql } from '../proposals/proposal-deadline.js';
import type { DepartmentStats } from './feedback.models.js';

const STATS_OF_DEPARTMENT = new LoaderKey<string, DepartmentStats>('stats-of-department');

/**
 * The figures of `DepartmentStats`, each computed by SQL from the records of what happened
 * (routings, answers, ratings) and, for overdueCount, from the department's inbox as the public
 * sees it. Nothing here reads a counter a department could move, so it cannot look better than
 * its history. The README ("Department statistics") defines each figure; this is the definition.
 *
 * One statement serves every department of a request (the `departments` list with stats costs
 * one query); each figure is an index scan on the department's own rows, and its routings and
 * answers are read from indexes alone, never from table rows: the counts walk the
 * (department, proposal) indexes in order (DISTINCT over a sorted scan; count(DISTINCT) would
 * sort again), the median merges the department's first answer per routing
 * (ix_official_answer_department_routing) with its routings in id order
 * (ix_department_transfer_to_routing). The join names the routing's department as the
 * definition does (routings to it that it answered); an answer always answers a routing to its
 * own department, and the condition is what lets the second index serve the join.
 * bench/feedback.bench.ts times it at 100,000 proposals. STATS_COLUMNS are the figures of a
 * department `d` (a row with `d.id`); the benchmark's floor (bench/scenarios.ts) selects the
 * same ones, so both do the same work.
 */
export const STATS_COLUMNS = `
    (SELECT count(*) FROM (SELECT DISTINCT t.proposal_id FROM department_transfer t
      WHERE t.to_department_id = d.id) routed)::int AS assigned_count,
    (SELECT count(*) FROM (SELECT DISTINCT a.proposal_id FROM official_answer a
      WHERE a.department_id = d.id) answered)::int AS answered_count,
    (SELECT count(*) FROM proposal p
      WHERE p.department_id = d.id AND NOT p.hidden AND ${overdueSql('p')})::int AS overdue_count,
    (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_at - t.created_at) / 3600)
      FROM (SELECT a.transfer_id, min(a.created_at) AS first_at FROM official_answer a
             WHERE a.department_id = d.id GROUP BY a.transfer_id) f
      JOIN department_transfer t ON t.id = f.transfer_id AND t.to_department_id = d.id
    ) AS median_first_response_hours,
    (SELECT avg(r.score) FROM answer_rating r JOIN official_answer a ON a.id = r.answer_id
      WHERE a.department_id = d.id)::float8 AS average_satisfaction,
    (SELECT count(*) FROM department_transfer t
      WHERE t.from_department_id = d.id)::int AS transfers_out`;

const STATS_SQL = `SELECT d.id, ${STATS_COLUMNS} FROM unnest($1::uuid[]) AS d(id)`;

interface StatsRow {
  id: string;
  assigned_count: number;
  answered_count: number;
  overdue_count: number;
  median_first_response_hours: number | null;
  average_satisfaction: number | null;
  transfers_out: number;
}

@Injectable()
export class DepartmentStatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  statsOf(loaders: RequestLoaders, departmentId: string): Promise<DepartmentStats> {
    return loaders
      .get(STATS_OF_DEPARTMENT, async (ids) => {
        const rows = (await this.db.query(STATS_SQL, [ids])) as StatsRow[];
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => toStats(byId.get(id)!));
      })
      .load(departmentId);
  }
}

function toStats(row: StatsRow): DepartmentStats {
  return {
    assignedCount: row.assigned_count,
    answeredCount: row.answered_count,
    overdueCount: row.overdue_count,
    medianFirstResponseHours: roundTo(row.median_first_response_hours, 2),
    averageSatisfaction: roundTo(row.average_satisfaction, 2),
    transfersOut: row.transfers_out,
  };
}

function roundTo(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(Number(value) * factor) / factor;
}
