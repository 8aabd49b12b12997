import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Role } from '../core/access/role.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditResolver } from './audit.resolver.js';

/**
 * The audit log of privileged actions. Other modules write to it with recordAudit (audit-log.ts)
 * inside their own transactions; admins read it here.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity])],
  providers: [AuditLogService, AuditResolver],
})
export class AuditModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly audit: AuditLogService,
  ) {}

  onModuleInit(): void {
    this.nodes.register('AuditEntry', (ids, ctx) =>
      ctx.req.viewer?.role === Role.ADMIN
        ? Promise.all(ids.map((id) => this.audit.load(ctx.loaders, id)))
        : Promise.resolve(ids.map(() => null)),
    );
  }
}
