import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Department } from '../catalog/department.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import type { ProcessEntity } from '../catalog/process.entity.js';
import { ParticipatoryProcess } from '../catalog/process.model.js';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import { SetEscalationLadderInput } from './dto/set-escalation-ladder.input.js';
import { EscalationLadder, EscalationRung, ProposalEscalation } from './escalation.models.js';
import { EscalationService } from './escalation.service.js';

@Resolver(() => EscalationLadder)
export class EscalationLadderResolver {
  constructor(private readonly escalation: EscalationService) {}

  @Query(() => EscalationLadder, { nullable: true, description: 'The city-wide default ladder.' })
  @Allow(Permission.READ_PUBLIC)
  escalationLadder(@Context() ctx: RequestContext): Promise<EscalationLadder | null> {
    return this.escalation.ladder(ctx.loaders, null);
  }

  @Mutation(() => EscalationLadder, {
    description:
      'ADMIN only. Replaces the ladder of a process (or the city default) as a whole; an empty rungs list clears it. Applies to crossings from now on.',
  })
  @Allow(Permission.ADMINISTER)
  setEscalationLadder(
    @CurrentViewer() viewer: Viewer,
    @Args('input') input: SetEscalationLadderInput,
  ): Promise<EscalationLadder> {
    return this.escalation.setLadder(viewer.id, input);
  }
}

@Resolver(() => EscalationRung)
export class EscalationRungResolver {
  constructor(private readonly departments: DepartmentsService) {}

  @ResolveField(() => Department, { nullable: true })
  answeringDepartment(
    @Parent() rung: EscalationRung,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return rung.answeringDepartmentId
      ? this.departments.load(ctx.loaders, rung.answeringDepartmentId)
      : null;
  }
}

@Resolver(() => ParticipatoryProcess)
export class ProcessEscalationResolver {
  constructor(private readonly escalation: EscalationService) {}

  @ResolveField(() => EscalationLadder, {
    nullable: true,
    description: "The process's own ladder; null when it has none (the city default applies).",
  })
  escalationLadder(
    @Parent() process: ProcessEntity,
    @Context() ctx: RequestContext,
  ): Promise<EscalationLadder | null> {
    return this.escalation.ladder(ctx.loaders, process.id);
  }
}

@Resolver(() => Proposal)
export class ProposalEscalationResolver {
  constructor(private readonly ladders: EscalationService) {}

  @ResolveField(() => ProposalEscalation, {
    description:
      "The rungs reached and what each still owes, and the next rung of the ladder that applies: its process's ladder, or the city default.",
  })
  escalation(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEscalation> {
    return this.ladders.escalationOf(ctx.loaders, proposal);
  }
}
