import type { EntityManager } from 'typeorm';
import type { AuditAction } from './audit-action.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditRecord {
  action: AuditAction;
  actorId: string | null;
  target: { type: string; id: string };
  note?: string | null;
  before?: string | null;
  after?: string | null;
}

/**
 * Writes an audit entry in the caller's transaction, so the log holds an action if and only
 * if the action was committed. Called by every privileged write: role changes (identity),
 * suspensions and moderation (moderation), routing, answers and progress (feedback).
 */
export async function recordAudit(manager: EntityManager, record: AuditRecord): Promise<void> {
  await manager.insert(AuditEntryEntity, {
    action: record.action,
    actorId: record.actorId,
    targetType: record.target.type,
    targetId: record.target.id,
    note: record.note ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
  });
}
