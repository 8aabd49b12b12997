import {
  Args,
  Context,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { ParticipatoryProcess } from '../catalog/process.model.js';
import type { ProcessEntity } from '../catalog/process.entity.js';
import { ProcessesService } from '../catalog/processes.service.js';
import { Department } from '../catalog/department.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { User } from '../identity/user.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import {
  CreateWorkshopInput,
  PublishWorkshopOutcomeInput,
  RegistrationsArgs,
  UpdateWorkshopInput,
  WorkshopIdArgs,
  WorkshopsArgs,
} from './dto/workshop.inputs.js';
import { RegistrationsService } from './registrations.service.js';
import type { WorkshopEntity, WorkshopRegistrationEntity } from './workshop.entity.js';
import {
  Workshop,
  WorkshopConnection,
  WorkshopRegistration,
  WorkshopRegistrationConnection,
} from './workshop.model.js';
import { registrationOpen } from './workshop-status.js';
import { WorkshopsService } from './workshops.service.js';
import { MaxItems } from '../core/graphql/cost-model.js';
import { firstItems } from '../core/loaders/request-loaders.js';
import { WORKSHOP_LIMITS } from './dto/workshop.inputs.js';

@Resolver(() => Workshop)
export class WorkshopsResolver {
  constructor(
    private readonly workshopsService: WorkshopsService,
    private readonly registrationsService: RegistrationsService,
    private readonly processes: ProcessesService,
    private readonly departments: DepartmentsService,
  ) {}

  @Query(() => WorkshopConnection, {
    description:
      'Upcoming workshops soonest first, then those that have started, the most recent first. With upcoming: true, only the first group; with upcoming: false, only the second.',
  })
  @Allow(Permission.READ_PUBLIC)
  workshops(@Args() args: WorkshopsArgs): Promise<Connection<WorkshopEntity>> {
    return this.workshopsService.list(args.filter ?? {}, args);
  }

  @Query(() => Workshop, { nullable: true, description: 'Null when missing or not a Workshop id.' })
  @Allow(Permission.READ_PUBLIC)
  workshop(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopEntity | null> | null {
    const workshopId = decodeGlobalId(id, 'Workshop');
    return workshopId ? this.workshopsService.load(ctx.loaders, workshopId) : null;
  }

  @Mutation(() => Workshop, {
    description: 'Staff for their own department; admins name the organizer (organizerId).',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  createWorkshop(
    @Args('input') input: CreateWorkshopInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<WorkshopEntity> {
    return this.workshopsService.create(viewer, input);
  }

  @Mutation(() => Workshop, { description: 'Staff of the organizing department, or an admin.' })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  updateWorkshop(
    @Args('input') input: UpdateWorkshopInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopEntity> {
    return this.workshopsService.update(ctx.loaders, viewer, input);
  }

  @Mutation(() => Workshop, {
    description:
      'Staff of the organizing department, or an admin, once the workshop has started; publishing again replaces the outcome (and the links, when proposalIds is given).',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  publishWorkshopOutcome(
    @Args('input') input: PublishWorkshopOutcomeInput,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopEntity> {
    return this.workshopsService.publishOutcome(ctx.loaders, viewer, input);
  }

  @Mutation(() => WorkshopRegistration, {
    description:
      'A full workshop puts the registrant on the waitlist; registering twice returns the existing registration.',
  })
  @Allow(Permission.PARTICIPATE)
  registerForWorkshop(
    @Args() { workshopId }: WorkshopIdArgs,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopRegistrationEntity> {
    return this.registrationsService.register(ctx.loaders, viewer, workshopId);
  }

  @Mutation(() => WorkshopRegistration, {
    description:
      'Frees the place; the first waitlisted person is promoted to CONFIRMED in the same transaction.',
  })
  @Allow(Permission.PARTICIPATE)
  cancelWorkshopRegistration(
    @Args() { workshopId }: WorkshopIdArgs,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopRegistrationEntity> {
    return this.registrationsService.cancel(ctx.loaders, viewer, workshopId);
  }

  @ResolveField(() => ParticipatoryProcess, { nullable: true })
  process(
    @Parent() workshop: WorkshopEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProcessEntity | null> | null {
    return workshop.processId ? this.processes.load(ctx.loaders, workshop.processId) : null;
  }

  @ResolveField(() => Department)
  async organizer(
    @Parent() workshop: WorkshopEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity> {
    return (await this.departments.load(ctx.loaders, workshop.organizerId))!;
  }

  @ResolveField(() => Boolean, { description: 'Open until the workshop starts.' })
  registrationOpen(@Parent() workshop: WorkshopEntity): boolean {
    return registrationOpen(workshop);
  }

  @ResolveField(() => WorkshopRegistration, {
    nullable: true,
    description: "The viewer's own registration, if any (also when cancelled).",
  })
  viewerRegistration(
    @Parent() workshop: WorkshopEntity,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopRegistrationEntity | null> {
    return this.registrationsService.viewerRegistration(ctx.loaders, viewerOf(ctx), workshop.id);
  }

  @ResolveField(() => WorkshopRegistrationConnection, {
    description:
      'Staff of the organizer and admins only (FORBIDDEN for anyone else), in queue order. Registrants show their display name; User.email stays hidden.',
  })
  registrations(
    @Parent() workshop: WorkshopEntity,
    @Args() args: RegistrationsArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<WorkshopRegistrationEntity>> {
    return this.registrationsService.list(ctx.loaders, viewerOf(ctx), workshop, args.status, args);
  }

  @ResolveField(() => [Proposal], {
    description: `Proposals that came out of, or were discussed at, this workshop (at most ${WORKSHOP_LIMITS.linkedProposals}).`,
  })
  @MaxItems(WORKSHOP_LIMITS.linkedProposals)
  async proposals(
    @Parent() workshop: WorkshopEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEntity[]> {
    return firstItems(
      await this.workshopsService.proposalsOf(ctx.loaders, viewerOf(ctx), workshop.id),
      WORKSHOP_LIMITS.linkedProposals,
    );
  }
}

@Resolver(() => WorkshopRegistration)
export class WorkshopRegistrationResolver {
  constructor(
    private readonly workshopsService: WorkshopsService,
    private readonly registrationsService: RegistrationsService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => Workshop)
  async workshop(
    @Parent() registration: WorkshopRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopEntity> {
    return (await this.workshopsService.load(ctx.loaders, registration.workshopId))!;
  }

  @ResolveField(() => User)
  async user(
    @Parent() registration: WorkshopRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    return (await this.users.load(ctx.loaders, registration.userId))!;
  }

  @ResolveField(() => Int, {
    nullable: true,
    description: '1-based place in the waitlist while WAITLISTED, else null.',
  })
  waitlistPosition(
    @Parent() registration: WorkshopRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<number | null> {
    return this.registrationsService.waitlistPosition(ctx.loaders, registration);
  }
}

@Resolver(() => Proposal)
export class ProposalWorkshopsResolver {
  constructor(private readonly workshopsService: WorkshopsService) {}

  @ResolveField(() => [Workshop], {
    description: `Workshops this proposal came out of, soonest first (at most ${WORKSHOP_LIMITS.workshopsOfProposal}).`,
  })
  @MaxItems(WORKSHOP_LIMITS.workshopsOfProposal)
  async workshops(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopEntity[]> {
    return firstItems(
      await this.workshopsService.workshopsOf(ctx.loaders, proposal.id),
      WORKSHOP_LIMITS.workshopsOfProposal,
    );
  }
}

@Resolver(() => ParticipatoryProcess)
export class ProcessWorkshopsResolver {
  constructor(private readonly workshopsService: WorkshopsService) {}

  @ResolveField(() => WorkshopConnection, {
    description:
      'Upcoming workshops soonest first, then those that have started, the most recent first.',
  })
  workshops(
    @Parent() process: ProcessEntity,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<WorkshopEntity>> {
    return this.workshopsService.list({ processId: process.id }, args);
  }
}
