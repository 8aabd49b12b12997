import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { isStaffOf } from '../core/access/permissions.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { pageSize, type ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import {
  cursorCondition,
  toConnection,
  type KeysetOrdering,
} from '../core/graphql/relay/paginate.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import type { OversightItem } from './oversight.model.js';

const DAY_MS = 86_400_000;

const NEWEST_ESCALATION_FIRST: KeysetOrdering<OversightItem> = {
  name: 'oversight-newest',
  direction: 'DESC',
  keys: [
    { expression: 'r.sent_at', sqlType: 'timestamptz', value: (i) => i.escalatedAt.toISOString() },
    { expression: 'r.id', sqlType: 'uuid', value: (i) => i.reminderId },
  ],
};

/**
 * The oversight department (one for the city, set by an admin) and what it oversees: the
 * proposals the overdue sweep escalated to it that are still overdue with the same department
 * and due date (an answer or a transfer takes one off the list; the due date never moves).
 */
@Injectable()
export class OversightService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>,
    @InjectRepository(ProposalEntity) private readonly proposals: Repository<ProposalEntity>,
  ) {}

  async departmentId(): Promise<string | null> {
    const rows: { department_id: string }[] = await this.dataSource.query(
      `SELECT department_id FROM oversight_setting`,
    );
    return rows[0]?.department_id ?? null;
  }

  /** Admins only (checked by the resolver's @Allow). Escalations from now on go to it. */
  async setDepartment(departmentGlobalId: string): Promise<DepartmentEntity> {
    const id = decodeGlobalId(departmentGlobalId, 'Department');
    if (!id) throw AppError.badField('departmentId', 'field.notADepartmentId');
    const department = await this.departments.findOneBy({ id });
    if (!department) throw AppError.notFound('department');
    await this.setDepartmentById(department.id);
    return department;
  }

  /** For the demo seeder, which holds the department's database id. */
  async setDepartmentById(id: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO oversight_setting (singleton, department_id) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET department_id = EXCLUDED.department_id,
                                             set_at = clock_timestamp()`,
      [id],
    );
  }

  /** Its STAFF and ADMINs see the list; everyone else is FORBIDDEN. */
  async list(
    viewer: Viewer,
    args: ConnectionArgs,
    now = new Date(),
  ): Promise<Connection<OversightItem>> {
    const departmentId = await this.departmentId();
    if (viewer.role !== Role.ADMIN && !isStaffOf(viewer, departmentId)) {
      throw AppError.forbidden('error.forbidden.oversightList');
    }
    const first = pageSize(args);
    const base = () =>
      this.dataSource
        .createQueryBuilder()
        .from('proposal_reminder', 'r')
        .innerJoin('proposal', 'p', 'p.id = r.proposal_id')
        .where(`r.kind = 'OVERDUE' AND r.escalated_to_department_id = :departmentId`, {
          departmentId,
        })
        .andWhere(
          `p.awaiting_answer AND p.department_id = r.department_id AND p.response_due_at = r.due_at AND NOT p.hidden`,
        );
    if (!departmentId) return toConnection([], first, args, NEWEST_ESCALATION_FIRST, 0);
    const query = base().select([
      'r.id AS id',
      'r.proposal_id AS proposal_id',
      'r.due_at AS due_at',
      'r.sent_at AS sent_at',
    ]);
    if (args.after) {
      const { sql, params } = cursorCondition(args.after, NEWEST_ESCALATION_FIRST);
      query.andWhere(sql, params);
    }
    const raw: { id: string; proposal_id: string; due_at: Date; sent_at: Date }[] =
      first > 0
        ? await query
            .orderBy('r.sent_at', 'DESC')
            .addOrderBy('r.id', 'DESC')
            .limit(first + 1)
            .getRawMany()
        : [];
    const proposals = raw.length
      ? await this.proposals.findBy({ id: In(raw.map((r) => r.proposal_id)) })
      : [];
    const byId = new Map(proposals.map((p) => [p.id, p]));
    const items: OversightItem[] = raw.map((r) => ({
      reminderId: r.id,
      proposal: byId.get(r.proposal_id)!,
      escalatedAt: new Date(r.sent_at),
      daysOverdue: Math.max(0, Math.floor((now.getTime() - new Date(r.due_at).getTime()) / DAY_MS)),
    }));
    return toConnection(items, first, args, NEWEST_ESCALATION_FIRST, async () => {
      const row = await base().select('count(*)::int', 'count').getRawOne<{ count: number }>();
      return row?.count ?? 0;
    });
  }
}
