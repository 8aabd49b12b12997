import { viewerOf } from '../core/auth/current-viewer.decorator.js';
import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { IdentityModule } from '../identity/identity.module.js';
import { WorkshopsModule } from '../workshops/workshops.module.js';
import { WorkshopsService } from '../workshops/workshops.service.js';
import {
  ChildEntity,
  ChildRegistrationEntity,
  ConsentTextEntity,
  GuardianConsentEntity,
} from './child.entity.js';
import { isGuardian, seesChildRegistration } from './guardian-access.js';
import {
  ConsentRecordResolver,
  GuardiansResolver,
  UserChildrenResolver,
  WorkshopChildrenResolver,
} from './guardians.resolver.js';
import { GuardiansService } from './guardians.service.js';

/**
 * Children and their guardians: a signed-in adult adds their children and registers them for
 * workshops that accept children, consenting to a versioned text (PIPA art. 22-2); withdrawing
 * consent erases the child and keeps only the record of consent. Who sees a child is in
 * guardian-access.ts; the age rules in guardian-eligibility.ts; a child's place is one in the
 * workshop's queue (workshops/registrations.service.ts).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ChildEntity,
      ConsentTextEntity,
      GuardianConsentEntity,
      ChildRegistrationEntity,
    ]),
    IdentityModule,
    WorkshopsModule,
  ],
  providers: [
    GuardiansService,
    GuardiansResolver,
    UserChildrenResolver,
    WorkshopChildrenResolver,
    ConsentRecordResolver,
  ],
  exports: [GuardiansService],
})
export class GuardiansModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly guardians: GuardiansService,
    private readonly workshops: WorkshopsService,
  ) {}

  onModuleInit(): void {
    // A child by id: its guardian only (guardian-access.ts).
    this.nodes.register('Child', (ids, ctx) =>
      Promise.all(
        ids.map(async (id) => {
          const child = await this.guardians.loadChild(ctx.loaders, id);
          return child && isGuardian(viewerOf(ctx), child) ? child : null;
        }),
      ),
    );
    // A child's registration by id (node, a notification's subject): the guardian and the
    // workshop's organizers.
    this.nodes.register('ChildRegistration', (ids, ctx) =>
      Promise.all(
        ids.map(async (id) => {
          const registration = await this.guardians.loadRegistration(ctx.loaders, id);
          if (!registration) return null;
          const workshop = await this.workshops.load(ctx.loaders, registration.workshopId);
          return workshop && seesChildRegistration(viewerOf(ctx), registration, workshop)
            ? registration
            : null;
        }),
      ),
    );
  }
}
