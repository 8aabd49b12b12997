import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppError } from '../core/errors/app-error.js';
import { text } from '../core/i18n/text.js';
import { isUniqueViolation } from '../core/errors/postgres-errors.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { CATALOG_LIMITS } from './catalog-limits.js';
import { DepartmentEntity } from './department.entity.js';
import type { CreateDepartmentInput } from './dto/catalog.inputs.js';

const DEPARTMENT_BY_ID = new LoaderKey<string, DepartmentEntity | null>('department-by-id');

@Injectable()
export class DepartmentsService {
  constructor(
    @InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>,
  ) {}

  list(): Promise<DepartmentEntity[]> {
    return this.departments.find({
      order: { name: 'ASC', id: 'ASC' },
      take: CATALOG_LIMITS.departments,
    });
  }

  findBySlug(slug: string): Promise<DepartmentEntity | null> {
    return this.departments.findOneBy({ slug });
  }

  findByIds(ids: readonly string[]): Promise<DepartmentEntity[]> {
    return this.departments.findBy({ id: In([...ids]) });
  }

  /** Batched per request: the departments of N users or proposals cost one query. */
  load(loaders: RequestLoaders, id: string): Promise<DepartmentEntity | null> {
    return this.byIdLoader(loaders).load(id);
  }

  /** Tells the request's loader about a department another query already read. */
  prime(loaders: RequestLoaders, department: DepartmentEntity): void {
    this.byIdLoader(loaders).prime(department.id, department);
  }

  private byIdLoader(loaders: RequestLoaders) {
    return loaders.get(DEPARTMENT_BY_ID, async (ids) =>
      byKeys(ids, await this.findByIds(ids), (d) => d.id),
    );
  }

  async create(input: CreateDepartmentInput): Promise<DepartmentEntity> {
    if ((await this.departments.count()) >= CATALOG_LIMITS.departments)
      throw AppError.conflict(
        text('error.conflict.tooManyDepartments', { maximum: CATALOG_LIMITS.departments }),
      );
    try {
      return await this.departments.save(this.departments.create(input));
    } catch (error) {
      if (isUniqueViolation(error))
        throw AppError.conflict(text('error.conflict.departmentSlugTaken', { slug: input.slug }));
      throw error;
    }
  }
}
