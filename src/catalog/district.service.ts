import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppError } from '../core/errors/app-error.js';
import { isUniqueViolation } from '../core/errors/postgres-errors.js';
import { text } from '../core/i18n/text.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import type { CreateDistrictArgs } from './district.args.js';
import { DistrictEntity } from './district.entity.js';

/**
 * How many districts a city may have. `districts` is a plain list (no pages), so its length is
 * part of every query's cost (core/graphql/cost-model.ts): creation past it is a CONFLICT, and
 * the list never returns more. Namwon has 23 읍·면·동.
 */
export const MAX_DISTRICTS = 200;

const DISTRICT_BY_ID = new LoaderKey<string, DistrictEntity | null>('district-by-id');

/** The city's districts: reference data, public like departments. */
@Injectable()
export class DistrictsService {
  constructor(
    @InjectRepository(DistrictEntity) private readonly districts: Repository<DistrictEntity>,
  ) {}

  /** By name (then id, so that equal names keep one order), at most MAX_DISTRICTS. */
  list(): Promise<DistrictEntity[]> {
    return this.districts.find({ order: { name: 'ASC', id: 'ASC' }, take: MAX_DISTRICTS });
  }

  findById(id: string): Promise<DistrictEntity | null> {
    return this.districts.findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<DistrictEntity[]> {
    return this.districts.findBy({ id: In([...ids]) });
  }

  /** Batched per request: the districts of N budget pots, projects or residents cost one query. */
  load(loaders: RequestLoaders, id: string): Promise<DistrictEntity | null> {
    return this.byIdLoader(loaders).load(id);
  }

  /** Tells the request's loader about a district another query already read (a join). */
  prime(loaders: RequestLoaders, district: DistrictEntity): void {
    this.byIdLoader(loaders).prime(district.id, district);
  }

  private byIdLoader(loaders: RequestLoaders) {
    return loaders.get(DISTRICT_BY_ID, async (ids) =>
      byKeys(ids, await this.findByIds(ids), (d) => d.id),
    );
  }

  /**
   * ADMIN only (the guard). The count and the insert run under a table lock that only other
   * creations wait for (SHARE ROW EXCLUSIVE conflicts with itself and with writes, not with
   * reads): two admins creating the 200th district at once cannot both pass the count.
   */
  create(args: CreateDistrictArgs): Promise<DistrictEntity> {
    return this.districts.manager
      .transaction(async (manager) => {
        await manager.query('LOCK TABLE district IN SHARE ROW EXCLUSIVE MODE');
        if ((await manager.count(DistrictEntity)) >= MAX_DISTRICTS) {
          throw AppError.conflict(
            text('error.conflict.tooManyDistricts', { maximum: MAX_DISTRICTS }),
          );
        }
        return manager.save(manager.create(DistrictEntity, { slug: args.slug, name: args.name }));
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) {
          throw AppError.conflict(text('error.conflict.districtSlugTaken', { slug: args.slug }));
        }
        throw error;
      });
  }
}
