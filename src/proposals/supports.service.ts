import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import type { RequestLoaders } from '../core/loaders/request-loaders.js';
import { assertSupportsOpen } from './proposal-access.js';
import { proposalChanged } from './proposal-events.js';
import { ProposalEntity } from './proposal.entity.js';
import { ProposalsService } from './proposals.service.js';

/**
 * Supports, exact under any concurrency. Each change runs in one transaction that first locks
 * the proposal row, so supports of one proposal queue behind each other and behind a
 * withdrawal; the (proposal, user) primary key makes a second support impossible, and the
 * count moves only when a row was really inserted or deleted. Both calls are idempotent.
 */
@Injectable()
export class SupportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
  ) {}

  async support(loaders: RequestLoaders, viewer: Viewer, id: string): Promise<ProposalEntity> {
    return this.change(loaders, viewer, id, true);
  }

  async unsupport(loaders: RequestLoaders, viewer: Viewer, id: string): Promise<ProposalEntity> {
    return this.change(loaders, viewer, id, false);
  }

  private async change(
    loaders: RequestLoaders,
    viewer: Viewer,
    id: string,
    support: boolean,
  ): Promise<ProposalEntity> {
    const proposal = await this.db.transaction(async (manager) => {
      const locked = await this.proposals.lockVisible(manager, viewer, id);
      assertSupportsOpen(locked);
      const changed: unknown[] = support
        ? await manager.query(
            `INSERT INTO proposal_support (proposal_id, user_id) VALUES ($1, $2)
             ON CONFLICT DO NOTHING RETURNING proposal_id`,
            [id, viewer.id],
          )
        : (
            (await manager.query(
              'DELETE FROM proposal_support WHERE proposal_id = $1 AND user_id = $2 RETURNING proposal_id',
              [id, viewer.id],
            )) as [unknown[], number]
          )[0];
      if (changed.length === 0) return locked;
      // Plain SQL: a support moves the counter, not the proposal's updatedAt.
      await manager.query('UPDATE proposal SET support_count = support_count + $2 WHERE id = $1', [
        id,
        support ? 1 : -1,
      ]);
      const changedProposal = await manager.findOneByOrFail(ProposalEntity, { id });
      proposalChanged(manager, changedProposal);
      return changedProposal;
    });
    this.proposals.noteSupport(loaders, viewer, proposal, support);
    return proposal;
  }
}
