import { Field, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { AuditAction } from './audit-action.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { TEXT_CHARS } from '../core/graphql/cost-model.js';

@ObjectType('AuditEntry', {
  implements: () => [Node],
  description: 'A privileged action, kept for admins: who did what to which object, why, and when.',
})
export class AuditEntry implements Node {
  @NodeIdField()
  id: string;

  @Field(() => AuditAction)
  action: AuditAction;

  @Field(() => String, { nullable: true, description: 'The reason or note the actor gave.' })
  @MaxChars(TEXT_CHARS.note)
  note: string | null;

  @Field(() => String, { nullable: true, description: 'The state before, in a few words.' })
  @MaxChars(TEXT_CHARS.auditState)
  before: string | null;

  @Field(() => String, { nullable: true, description: 'The state after, in a few words.' })
  @MaxChars(TEXT_CHARS.auditState)
  after: string | null;

  @Field()
  createdAt: Date;
}
registerNodeType(AuditEntryEntity, 'AuditEntry');

@ObjectType()
export class AuditEntryConnection extends ConnectionType(AuditEntry) {}
