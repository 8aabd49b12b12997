import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors/app-error.js';
import { text } from '../core/i18n/text.js';
import { isUniqueViolation } from '../core/errors/postgres-errors.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import { CATALOG_LIMITS } from './catalog-limits.js';
import type { CreateProcessInput } from './dto/catalog.inputs.js';
import { PhaseEntity, ProcessEntity } from './process.entity.js';

const PHASES_OF_PROCESS = new LoaderKey<string, PhaseEntity[]>('phases-of-process');
const PROCESS_BY_ID = new LoaderKey<string, ProcessEntity | null>('process-by-id');

/** The phase whose dates contain `now`; with overlapping phases, the later one. */
export function currentPhase(phases: PhaseEntity[], now = new Date()): PhaseEntity | null {
  const containing = phases.filter(
    (p) => p.startsAt !== null && p.startsAt <= now && (p.endsAt === null || now < p.endsAt),
  );
  return containing.sort((a, b) => b.position - a.position)[0] ?? null;
}

@Injectable()
export class ProcessesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ProcessEntity) private readonly processes: Repository<ProcessEntity>,
    @InjectRepository(PhaseEntity) private readonly phases: Repository<PhaseEntity>,
  ) {}

  list(): Promise<ProcessEntity[]> {
    return this.processes.find({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: CATALOG_LIMITS.processes,
    });
  }

  findBySlug(slug: string): Promise<ProcessEntity | null> {
    return this.processes.findOneBy({ slug });
  }

  findByIds(ids: readonly string[]): Promise<ProcessEntity[]> {
    return this.processes.findBy({ id: In([...ids]) });
  }

  /** Batched per request: the processes of a page of proposals cost one query. */
  load(loaders: RequestLoaders, id: string): Promise<ProcessEntity | null> {
    return loaders
      .get(PROCESS_BY_ID, async (ids) => byKeys(ids, await this.findByIds(ids), (p) => p.id))
      .load(id);
  }

  /** The phases of a process in order; batched per request. */
  phasesOf(loaders: RequestLoaders, processId: string): Promise<PhaseEntity[]> {
    return loaders
      .get(PHASES_OF_PROCESS, async (ids) => {
        const rows = await this.phases.find({
          where: { processId: In([...ids]) },
          order: { position: 'ASC' },
        });
        return groupByKeys(ids, rows, (p) => p.processId);
      })
      .load(processId);
  }

  async create(input: CreateProcessInput): Promise<ProcessEntity> {
    const phases = input.phases ?? [];
    const problems: FieldProblem[] = phases.flatMap((phase, i) =>
      phase.startsAt && phase.endsAt && phase.endsAt <= phase.startsAt
        ? [fieldProblem(`phases.${i}.endsAt`, 'field.afterStart')]
        : [],
    );
    if (problems.length) throw AppError.badInput(problems);
    if ((await this.processes.count()) >= CATALOG_LIMITS.processes)
      throw AppError.conflict(
        text('error.conflict.tooManyProcesses', { maximum: CATALOG_LIMITS.processes }),
      );
    try {
      return await this.db.transaction(async (manager) => {
        const process = await manager.save(
          manager.create(ProcessEntity, {
            slug: input.slug,
            title: input.title,
            description: input.description ?? null,
          }),
        );
        await manager.save(
          phases.map((phase, i) =>
            manager.create(PhaseEntity, {
              processId: process.id,
              position: i + 1,
              title: phase.title,
              startsAt: phase.startsAt ?? null,
              endsAt: phase.endsAt ?? null,
            }),
          ),
        );
        return process;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw AppError.conflict(text('error.conflict.processSlugTaken', { slug: input.slug }));
      throw error;
    }
  }
}
