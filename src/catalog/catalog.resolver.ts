import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { MaxItems } from '../core/graphql/cost-model.js';
import { CATALOG_LIMITS } from './catalog-limits.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import type { DepartmentEntity } from './department.entity.js';
import { Department } from './department.model.js';
import { DepartmentsService } from './departments.service.js';
import {
  CreateDepartmentInput,
  CreateProcessInput,
  CreateTopicInput,
} from './dto/catalog.inputs.js';
import type { PhaseEntity, ProcessEntity } from './process.entity.js';
import { ParticipatoryProcess, Phase } from './process.model.js';
import { currentPhase, ProcessesService } from './processes.service.js';
import type { TopicEntity } from './topic.entity.js';
import { Topic } from './topic.model.js';
import { TopicsService } from './topics.service.js';

@Resolver(() => Department)
export class DepartmentsResolver {
  constructor(private readonly departmentsService: DepartmentsService) {}

  @Query(() => [Department], { description: `At most ${CATALOG_LIMITS.departments}.` })
  @MaxItems(CATALOG_LIMITS.departments)
  @Allow(Permission.READ_PUBLIC)
  departments(): Promise<DepartmentEntity[]> {
    return this.departmentsService.list();
  }

  @Query(() => Department, { nullable: true })
  @Allow(Permission.READ_PUBLIC)
  department(@Args('slug') slug: string): Promise<DepartmentEntity | null> {
    return this.departmentsService.findBySlug(slug);
  }

  @Mutation(() => Department)
  @Allow(Permission.ADMINISTER)
  createDepartment(@Args('input') input: CreateDepartmentInput): Promise<DepartmentEntity> {
    return this.departmentsService.create(input);
  }
}

@Resolver(() => Topic)
export class TopicsResolver {
  constructor(private readonly topicsService: TopicsService) {}

  @Query(() => [Topic], { description: `At most ${CATALOG_LIMITS.topics}.` })
  @MaxItems(CATALOG_LIMITS.topics)
  @Allow(Permission.READ_PUBLIC)
  topics(): Promise<TopicEntity[]> {
    return this.topicsService.list();
  }

  @Mutation(() => Topic)
  @Allow(Permission.ADMINISTER)
  createTopic(@Args('input') input: CreateTopicInput): Promise<TopicEntity> {
    return this.topicsService.create(input);
  }
}

@Resolver(() => ParticipatoryProcess)
export class ProcessesResolver {
  constructor(private readonly processesService: ProcessesService) {}

  @Query(() => [ParticipatoryProcess], {
    description: `Newest first, at most ${CATALOG_LIMITS.processes}.`,
  })
  @MaxItems(CATALOG_LIMITS.processes)
  @Allow(Permission.READ_PUBLIC)
  processes(): Promise<ProcessEntity[]> {
    return this.processesService.list();
  }

  @Query(() => ParticipatoryProcess, { nullable: true })
  @Allow(Permission.READ_PUBLIC)
  process(@Args('slug') slug: string): Promise<ProcessEntity | null> {
    return this.processesService.findBySlug(slug);
  }

  @Mutation(() => ParticipatoryProcess)
  @Allow(Permission.ADMINISTER)
  createProcess(@Args('input') input: CreateProcessInput): Promise<ProcessEntity> {
    return this.processesService.create(input);
  }

  @ResolveField(() => [Phase])
  @MaxItems(CATALOG_LIMITS.phases)
  phases(@Parent() process: ProcessEntity, @Context() ctx: RequestContext): Promise<PhaseEntity[]> {
    return this.processesService.phasesOf(ctx.loaders, process.id);
  }

  @ResolveField(() => Phase, { nullable: true, description: 'The phase whose dates contain now.' })
  async currentPhase(
    @Parent() process: ProcessEntity,
    @Context() ctx: RequestContext,
  ): Promise<PhaseEntity | null> {
    return currentPhase(await this.processesService.phasesOf(ctx.loaders, process.id));
  }
}
