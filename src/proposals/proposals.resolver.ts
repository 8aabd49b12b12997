import {
  Args,
  Context,
  ID,
  Info,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { decodeGlobalId } from '../core/graphql/relay/global-id.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { Department } from '../catalog/department.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { ParticipatoryProcess } from '../catalog/process.model.js';
import type { ProcessEntity } from '../catalog/process.entity.js';
import { ProcessesService } from '../catalog/processes.service.js';
import { Topic } from '../catalog/topic.model.js';
import type { TopicEntity } from '../catalog/topic.entity.js';
import { TopicsService } from '../catalog/topics.service.js';
import { User } from '../identity/user.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import {
  CreateProposalInput,
  ProposalIdArgs,
  ProposalsArgs,
  UpdateProposalInput,
} from './dto/proposal.inputs.js';
import type { ProposalEntity } from './proposal.entity.js';
import { Location, Proposal, ProposalConnection } from './proposal.model.js';
import { ProposalPlanner, type PlannedProposal } from './proposal-plan.js';
import { ProposalsService } from './proposals.service.js';
import { SupportsService } from './supports.service.js';
import { ArgumentCost, MaxItems } from '../core/graphql/cost-model.js';
import { PROPOSAL_LIMITS, SEARCH_COST } from './proposal-limits.js';

@Resolver(() => Proposal)
export class ProposalsResolver {
  constructor(
    private readonly proposalsService: ProposalsService,
    private readonly supports: SupportsService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly processes: ProcessesService,
    private readonly topicsService: TopicsService,
    private readonly planner: ProposalPlanner,
  ) {}

  /**
   * Planned as one statement from the selection (proposal-plan.ts) when every selected field
   * has a plan; otherwise through the field resolvers below. Both give the same answer.
   */
  @Query(() => ProposalConnection)
  @ArgumentCost({ 'filter.search': SEARCH_COST })
  @Allow(Permission.READ_PUBLIC)
  async proposals(
    @Args() args: ProposalsArgs,
    @CurrentViewer() viewer: Viewer | null,
    @Context() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<ProposalEntity | PlannedProposal>> {
    const scope = args.filter ?? {};
    const order = args.orderBy ?? undefined;
    return (
      (await this.planner.page(info, viewer, scope, args, order)) ??
      this.proposalsService.list(ctx.loaders, viewer, scope, args, order)
    );
  }

  @Query(() => Proposal, {
    nullable: true,
    description: 'Null when missing, hidden from the viewer, or not a Proposal id.',
  })
  @Allow(Permission.READ_PUBLIC)
  async proposal(
    @Args('id', { type: () => ID }) id: string,
    @CurrentViewer() viewer: Viewer | null,
    @Context() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ProposalEntity | PlannedProposal | null> {
    const proposalId = decodeGlobalId(id, 'Proposal');
    if (!proposalId) return null;
    const planned = await this.planner.one(info, viewer, proposalId);
    return planned !== undefined
      ? planned
      : this.proposalsService.findVisibleWithDetails(ctx.loaders, viewer, proposalId);
  }

  @Mutation(() => Proposal)
  @Allow(Permission.PARTICIPATE)
  createProposal(
    @Args('input') input: CreateProposalInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ProposalEntity> {
    return this.proposalsService.create(viewer, input);
  }

  @Mutation(() => Proposal)
  @Allow(Permission.PARTICIPATE)
  updateProposal(
    @Args('input') input: UpdateProposalInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ProposalEntity> {
    return this.proposalsService.update(viewer, input);
  }

  @Mutation(() => Proposal)
  @Allow(Permission.PARTICIPATE)
  withdrawProposal(
    @Args() { id }: ProposalIdArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ProposalEntity> {
    return this.proposalsService.withdraw(viewer, id);
  }

  @Mutation(() => Proposal, { description: 'Idempotent: supporting twice leaves one support.' })
  @Allow(Permission.PARTICIPATE)
  supportProposal(
    @Args() { id }: ProposalIdArgs,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEntity> {
    return this.supports.support(ctx.loaders, viewer, id);
  }

  @Mutation(() => Proposal, {
    description: 'Idempotent: unsupporting what one does not support changes nothing.',
  })
  @Allow(Permission.PARTICIPATE)
  unsupportProposal(
    @Args() { id }: ProposalIdArgs,
    @CurrentViewer() viewer: Viewer,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEntity> {
    return this.supports.unsupport(ctx.loaders, viewer, id);
  }

  @ResolveField(() => User)
  async author(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    return (await this.users.load(ctx.loaders, proposal.authorId))!;
  }

  @ResolveField(() => ParticipatoryProcess, { nullable: true })
  process(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProcessEntity | null> | null {
    return proposal.processId ? this.processes.load(ctx.loaders, proposal.processId) : null;
  }

  @ResolveField(() => [Topic])
  @MaxItems(PROPOSAL_LIMITS.topics)
  async topics(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<TopicEntity[]> {
    const ids = await this.proposalsService.topicIdsOf(ctx.loaders, proposal.id);
    return ids.length ? this.topicsService.loadMany(ctx.loaders, ids) : [];
  }

  @ResolveField(() => Department, {
    nullable: true,
    description: 'The department the proposal is routed to, once assigned.',
  })
  department(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<DepartmentEntity | null> | null {
    return proposal.departmentId ? this.departments.load(ctx.loaders, proposal.departmentId) : null;
  }

  @ResolveField(() => Location, { nullable: true })
  location(@Parent() proposal: ProposalEntity): Location | null {
    const {
      locationAddress: address,
      locationLatitude: latitude,
      locationLongitude: longitude,
    } = proposal;
    return address === null && latitude === null ? null : { address, latitude, longitude };
  }

  @ResolveField(() => Boolean, { description: 'False for anonymous viewers.' })
  viewerHasSupported(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<boolean> {
    return this.proposalsService.viewerHasSupported(ctx.loaders, viewerOf(ctx), proposal.id);
  }
}
