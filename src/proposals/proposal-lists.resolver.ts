import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { viewerOf } from '../core/auth/current-viewer.decorator.js';
import { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { Department } from '../catalog/department.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { ParticipatoryProcess } from '../catalog/process.model.js';
import type { ProcessEntity } from '../catalog/process.entity.js';
import { User } from '../identity/user.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { DepartmentProposalsArgs, ProcessProposalsArgs } from './dto/proposal.inputs.js';
import type { ProposalEntity } from './proposal.entity.js';
import { ProposalConnection } from './proposal.model.js';
import { ProposalsService } from './proposals.service.js';

/**
 * The proposal lists hanging off other types. Each is the `proposals` list with its parent as
 * a fixed filter, so the visibility rules and orderings are the same everywhere.
 */
@Resolver(() => User)
export class UserProposalsResolver {
  constructor(private readonly proposalsService: ProposalsService) {}

  @ResolveField(() => ProposalConnection, { description: 'Newest first.' })
  proposals(
    @Parent() user: UserEntity,
    @Args() args: ConnectionArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<ProposalEntity>> {
    return this.proposalsService.list(ctx.loaders, viewerOf(ctx), { authorId: user.id }, args);
  }
}

@Resolver(() => Department)
export class DepartmentProposalsResolver {
  constructor(private readonly proposalsService: ProposalsService) {}

  @ResolveField(() => ProposalConnection, {
    description: 'Proposals routed to the department, newest first.',
  })
  proposals(
    @Parent() department: DepartmentEntity,
    @Args() args: DepartmentProposalsArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<ProposalEntity>> {
    return this.proposalsService.list(
      ctx.loaders,
      viewerOf(ctx),
      {
        departmentId: department.id,
        status: args.status,
        overdue: args.overdue,
        awaitingAnswer: args.awaitingAnswer,
      },
      args,
      args.orderBy ?? undefined,
    );
  }
}

@Resolver(() => ParticipatoryProcess)
export class ProcessProposalsResolver {
  constructor(private readonly proposalsService: ProposalsService) {}

  @ResolveField(() => ProposalConnection)
  proposals(
    @Parent() process: ProcessEntity,
    @Args() args: ProcessProposalsArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<ProposalEntity>> {
    return this.proposalsService.list(
      ctx.loaders,
      viewerOf(ctx),
      { processId: process.id },
      args,
      args.orderBy ?? undefined,
    );
  }
}
