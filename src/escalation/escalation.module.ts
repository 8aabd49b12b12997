import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import {
  EscalationLadderResolver,
  EscalationRungResolver,
  ProcessEscalationResolver,
  ProposalEscalationResolver,
} from './escalation.resolver.js';
import { EscalationService } from './escalation.service.js';

/**
 * Escalation ladders: support thresholds that oblige the city to answer or hold a forum. The
 * proposals module calls EscalationService from its support path, so this module does not
 * import that one (no cycle): it reads proposals through SQL and the entity only.
 */
@Module({
  imports: [CatalogModule],
  providers: [
    EscalationService,
    EscalationLadderResolver,
    EscalationRungResolver,
    ProcessEscalationResolver,
    ProposalEscalationResolver,
  ],
  exports: [EscalationService],
})
export class EscalationModule {}
