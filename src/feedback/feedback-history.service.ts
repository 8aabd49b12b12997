import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { UsersService } from '../identity/users.service.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { DepartmentTransferEntity } from './department-transfer.entity.js';
import { OfficialAnswerEntity } from './official-answer.entity.js';
import { ProgressUpdateEntity } from './progress-update.entity.js';

const ANSWERS_OF_PROPOSAL = new LoaderKey<string, OfficialAnswerEntity[]>('answers-of-proposal');
const ANSWER_BY_ID = new LoaderKey<string, OfficialAnswerEntity | null>('answer-by-id');
const TRANSFERS_OF_PROPOSAL = new LoaderKey<string, DepartmentTransferEntity[]>(
  'transfers-of-proposal',
);
const PROGRESS_OF_PROPOSAL = new LoaderKey<string, ProgressUpdateEntity[]>('progress-of-proposal');
const PROGRESS_BY_ID = new LoaderKey<string, ProgressUpdateEntity | null>('progress-by-id');

/**
 * Reads the feedback history of proposals: answers (with their ratings), routings and progress
 * updates, oldest first. Batched per request, so a page of N proposals with all three costs
 * three statements, not 3N. Each statement also joins the people and departments its rows
 * name (authors, `by`, `from`, `to`) and primes the request's loaders with them: loaded
 * afterwards, they would cost one statement per history query that happened to resolve in a
 * different tick, a count that varied from request to request. Everything here is as visible
 * as its proposal.
 */
@Injectable()
export class FeedbackHistoryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
  ) {}

  answersOf(loaders: RequestLoaders, proposalId: string): Promise<OfficialAnswerEntity[]> {
    return loaders
      .get(ANSWERS_OF_PROPOSAL, async (ids) => {
        const rows = await this.db.getRepository(OfficialAnswerEntity).find({
          where: { proposalId: In([...ids]) },
          relations: { rating: true, author: true, department: true },
          order: { createdAt: 'ASC', id: 'ASC' },
        });
        rows.forEach((row) => {
          this.answerLoader(loaders).prime(row.id, row);
          if (row.author) this.users.prime(loaders, row.author);
          if (row.department) this.departments.prime(loaders, row.department);
        });
        return groupByKeys(ids, rows, (row) => row.proposalId);
      })
      .load(proposalId);
  }

  transfersOf(loaders: RequestLoaders, proposalId: string): Promise<DepartmentTransferEntity[]> {
    return loaders
      .get(TRANSFERS_OF_PROPOSAL, async (ids) => {
        const rows = await this.db.getRepository(DepartmentTransferEntity).find({
          where: { proposalId: In([...ids]) },
          relations: { by: true, fromDepartment: true, toDepartment: true },
          order: { createdAt: 'ASC', id: 'ASC' },
        });
        rows.forEach((row) => {
          if (row.by) this.users.prime(loaders, row.by);
          if (row.fromDepartment) this.departments.prime(loaders, row.fromDepartment);
          if (row.toDepartment) this.departments.prime(loaders, row.toDepartment);
        });
        return groupByKeys(ids, rows, (row) => row.proposalId);
      })
      .load(proposalId);
  }

  progressUpdatesOf(loaders: RequestLoaders, proposalId: string): Promise<ProgressUpdateEntity[]> {
    return loaders
      .get(PROGRESS_OF_PROPOSAL, async (ids) => {
        const rows = await this.db.getRepository(ProgressUpdateEntity).find({
          where: { proposalId: In([...ids]) },
          relations: { author: true },
          order: { createdAt: 'ASC', id: 'ASC' },
        });
        rows.forEach((row) => {
          this.progressLoader(loaders).prime(row.id, row);
          if (row.author) this.users.prime(loaders, row.author);
        });
        return groupByKeys(ids, rows, (row) => row.proposalId);
      })
      .load(proposalId);
  }

  /** An answer, when the viewer may see its proposal: for node() and rateAnswer. */
  async findVisibleAnswer(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<OfficialAnswerEntity | null> {
    const answer = await this.answerLoader(loaders).load(id);
    return answer && (await this.proposals.findVisible(loaders, viewer, answer.proposalId))
      ? answer
      : null;
  }

  async findVisibleProgressUpdate(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<ProgressUpdateEntity | null> {
    const update = await this.progressLoader(loaders).load(id);
    return update && (await this.proposals.findVisible(loaders, viewer, update.proposalId))
      ? update
      : null;
  }

  /** After a rating, the answer as it now is (with its rating), also for the rest of the request. */
  async reloadAnswer(loaders: RequestLoaders, id: string): Promise<OfficialAnswerEntity> {
    const answer = await this.db.getRepository(OfficialAnswerEntity).findOneOrFail({
      where: { id },
      relations: { rating: true },
    });
    this.answerLoader(loaders).clear(id).prime(id, answer);
    return answer;
  }

  private answerLoader(loaders: RequestLoaders) {
    return loaders.get(ANSWER_BY_ID, async (ids) =>
      byKeys(
        ids,
        await this.db
          .getRepository(OfficialAnswerEntity)
          .find({ where: { id: In([...ids]) }, relations: { rating: true } }),
        (a) => a.id,
      ),
    );
  }

  private progressLoader(loaders: RequestLoaders) {
    return loaders.get(PROGRESS_BY_ID, async (ids) =>
      byKeys(
        ids,
        await this.db.getRepository(ProgressUpdateEntity).findBy({ id: In([...ids]) }),
        (u) => u.id,
      ),
    );
  }
}
