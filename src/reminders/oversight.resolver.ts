import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import type { DepartmentEntity } from '../catalog/department.entity.js';
import { Department } from '../catalog/department.model.js';
import { OversightItem, OversightItemConnection } from './oversight.model.js';
import { OversightService } from './oversight.service.js';

@Resolver(() => OversightItem)
export class OversightResolver {
  constructor(private readonly oversightService: OversightService) {}

  @Query(() => OversightItemConnection, {
    description:
      'Overdue proposals escalated to the oversight department, newest escalation first: its STAFF and ADMIN only.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  oversight(
    @CurrentViewer() viewer: Viewer,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<OversightItem>> {
    return this.oversightService.list(viewer, args);
  }

  @Mutation(() => Department, {
    description:
      'ADMIN only: the department that overdue proposals escalate to (in the demo city 기획실).',
  })
  @Allow(Permission.ADMINISTER)
  setOversightDepartment(
    @Args('departmentId', { type: () => ID }) departmentId: string,
  ): Promise<DepartmentEntity> {
    return this.oversightService.setDepartment(departmentId);
  }
}
