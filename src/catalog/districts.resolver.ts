import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { MaxItems } from '../core/graphql/cost-model.js';
import { CreateDistrictArgs } from './district.args.js';
import type { DistrictEntity } from './district.entity.js';
import { District } from './district.model.js';
import { DistrictsService, MAX_DISTRICTS } from './district.service.js';

@Resolver(() => District)
export class DistrictsResolver {
  constructor(private readonly districtsService: DistrictsService) {}

  @Query(() => [District], { description: `By name, at most ${MAX_DISTRICTS}.` })
  @MaxItems(MAX_DISTRICTS)
  @Allow(Permission.READ_PUBLIC)
  districts(): Promise<DistrictEntity[]> {
    return this.districtsService.list();
  }

  @Mutation(() => District, {
    description: `ADMIN only. A slug already taken, or a ${MAX_DISTRICTS + 1}st district, is a CONFLICT.`,
  })
  @Allow(Permission.ADMINISTER)
  createDistrict(@Args() args: CreateDistrictArgs): Promise<DistrictEntity> {
    return this.districtsService.create(args);
  }
}
