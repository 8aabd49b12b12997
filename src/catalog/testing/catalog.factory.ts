import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DepartmentEntity } from '../department.entity.js';
import { TopicEntity } from '../topic.entity.js';

export async function createDepartment(
  db: DataSource,
  overrides: Partial<DepartmentEntity> = {},
): Promise<DepartmentEntity> {
  const tag = randomBytes(3).toString('hex');
  return db
    .getRepository(DepartmentEntity)
    .save({ slug: `dept-${tag}`, name: `부서 ${tag}`, description: null, ...overrides });
}

export async function createTopic(
  db: DataSource,
  overrides: Partial<TopicEntity> = {},
): Promise<TopicEntity> {
  const tag = randomBytes(3).toString('hex');
  return db
    .getRepository(TopicEntity)
    .save({ slug: `topic-${tag}`, name: `주제 ${tag}`, ...overrides });
}
