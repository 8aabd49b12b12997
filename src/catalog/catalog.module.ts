import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { byKeys } from '../core/loaders/request-loaders.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { DepartmentsResolver, ProcessesResolver, TopicsResolver } from './catalog.resolver.js';
import { DepartmentEntity } from './department.entity.js';
import { DepartmentsService } from './departments.service.js';
import { DistrictEntity } from './district.entity.js';
import { DistrictsService } from './district.service.js';
import { DistrictsResolver } from './districts.resolver.js';
import { PhaseEntity, ProcessEntity } from './process.entity.js';
import { ProcessesService } from './processes.service.js';
import { TopicEntity } from './topic.entity.js';
import { TopicsService } from './topics.service.js';

/**
 * The city's reference data: departments, topics, districts, participatory processes and their
 * phases.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      DepartmentEntity,
      TopicEntity,
      ProcessEntity,
      PhaseEntity,
      DistrictEntity,
    ]),
  ],
  providers: [
    DepartmentsService,
    TopicsService,
    ProcessesService,
    DistrictsService,
    DepartmentsResolver,
    TopicsResolver,
    ProcessesResolver,
    DistrictsResolver,
  ],
  exports: [DepartmentsService, TopicsService, ProcessesService, DistrictsService],
})
export class CatalogModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly departments: DepartmentsService,
    private readonly topics: TopicsService,
    private readonly processes: ProcessesService,
    private readonly districts: DistrictsService,
  ) {}

  onModuleInit(): void {
    // Reference data is public: every row is visible to everyone.
    this.nodes.register('Department', async (ids) =>
      byKeys(ids, await this.departments.findByIds(ids), (d) => d.id),
    );
    this.nodes.register('Topic', async (ids) =>
      byKeys(ids, await this.topics.findByIds(ids), (t) => t.id),
    );
    this.nodes.register('ParticipatoryProcess', async (ids) =>
      byKeys(ids, await this.processes.findByIds(ids), (p) => p.id),
    );
    this.nodes.register('District', async (ids) =>
      byKeys(ids, await this.districts.findByIds(ids), (d) => d.id),
    );
  }
}
