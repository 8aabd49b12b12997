import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { RegistrationsService } from './registrations.service.js';
import { organizes } from './workshop-access.js';
import { WorkshopCalendarController } from './workshop-calendar.controller.js';
import {
  WorkshopEntity,
  WorkshopProposalEntity,
  WorkshopRegistrationEntity,
} from './workshop.entity.js';
import {
  ProcessWorkshopsResolver,
  ProposalWorkshopsResolver,
  WorkshopRegistrationResolver,
  WorkshopsResolver,
} from './workshops.resolver.js';
import { WorkshopsService } from './workshops.service.js';

/**
 * Workshops: design camps and round tables, first-come registration with a waitlist, and
 * published outcomes linked to the proposals that came out of them. Who may do what is in
 * workshop-access.ts; the registration rules in registrations.service.ts.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WorkshopEntity, WorkshopRegistrationEntity, WorkshopProposalEntity]),
    CatalogModule,
    ProposalsModule,
  ],
  controllers: [WorkshopCalendarController],
  providers: [
    WorkshopsService,
    RegistrationsService,
    WorkshopsResolver,
    WorkshopRegistrationResolver,
    ProposalWorkshopsResolver,
    ProcessWorkshopsResolver,
  ],
  exports: [WorkshopsService, RegistrationsService],
})
export class WorkshopsModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly workshops: WorkshopsService,
    private readonly registrations: RegistrationsService,
  ) {}

  onModuleInit(): void {
    this.nodes.register('Workshop', (ids, ctx) =>
      Promise.all(ids.map((id) => this.workshops.load(ctx.loaders, id))),
    );
    // A registration is seen by its registrant, the organizer's staff and admins.
    this.nodes.register('WorkshopRegistration', (ids, ctx) =>
      Promise.all(
        ids.map(async (id) => {
          const viewer = ctx.req.viewer ?? null;
          const registration = await this.registrations.load(ctx.loaders, id);
          if (!registration || !viewer) return null;
          if (registration.userId === viewer.id) return registration;
          const workshop = await this.workshops.load(ctx.loaders, registration.workshopId);
          return workshop && organizes(viewer, workshop) ? registration : null;
        }),
      ),
    );
  }
}
