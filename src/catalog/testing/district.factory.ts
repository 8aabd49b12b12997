import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DistrictEntity } from '../district.entity.js';

/** Inserts a district straight into the database (tests of budgets, polls and residency). */
export async function createDistrict(
  db: DataSource,
  overrides: Partial<Pick<DistrictEntity, 'slug' | 'name'>> = {},
): Promise<DistrictEntity> {
  const tag = randomBytes(3).toString('hex');
  return db
    .getRepository(DistrictEntity)
    .save({ slug: `district-${tag}`, name: `동 ${tag}`, ...overrides });
}
