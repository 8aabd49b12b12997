import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import type { AuditLogArgs } from './dto/audit-log.args.js';

const NEWEST_FIRST: KeysetOrdering<AuditEntryEntity> = {
  name: 'audit-newest',
  direction: 'DESC',
  keys: [
    { expression: 'a.created_at', sqlType: 'timestamptz', value: (a) => a.createdAt.toISOString() },
    { expression: 'a.id', sqlType: 'uuid', value: (a) => a.id },
  ],
};

const AUDIT_ENTRY_BY_ID = new LoaderKey<string, AuditEntryEntity | null>('audit-entry-by-id');

/** Reads the audit log (admins only: the resolver's @Allow). Entries are written by recordAudit. */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>,
  ) {}

  list(args: AuditLogArgs): Promise<Connection<AuditEntryEntity>> {
    const query = this.entries.createQueryBuilder('a');
    if (args.action) query.andWhere('a.action = :action', { action: args.action });
    if (args.actorId) query.andWhere('a.actor_id = :actor', { actor: args.actorId });
    if (args.targetId) {
      query.andWhere('a.target_type = :targetType AND a.target_id = :targetId', {
        targetType: args.targetId.type,
        targetId: args.targetId.id,
      });
    }
    return paginate(query, args, NEWEST_FIRST);
  }

  load(loaders: RequestLoaders, id: string): Promise<AuditEntryEntity | null> {
    return loaders
      .get(AUDIT_ENTRY_BY_ID, async (ids) =>
        byKeys(ids, await this.entries.findBy({ id: In([...ids]) }), (a) => a.id),
      )
      .load(id);
  }
}
