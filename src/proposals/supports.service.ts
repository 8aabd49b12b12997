import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { hydrateRow } from '../core/database/hydrate.js';
import { LiveChannel, type ProposalUpdatedEvent } from '../core/live/live-events.js';
import type { RequestLoaders } from '../core/loaders/request-loaders.js';
import { assertSupportsOpen } from './proposal-access.js';
import { proposalChanged } from './proposal-events.js';
import { Lifecycle } from './proposal-status.js';
import { ProposalEntity } from './proposal.entity.js';
import { ProposalsService } from './proposals.service.js';
import { escalationDueSql } from '../escalation/escalation-due.js';
import { EscalationService } from '../escalation/escalation.service.js';

/**
 * One statement, committed on its own, that supports (or unsupports) an open proposal, moves
 * its counter when a row really changed, and returns the proposal as it now is. `target` locks
 * the proposal row, so concurrent changes of one proposal queue behind each other inside
 * Postgres; the lock is held only while this statement runs, never across a round trip to the
 * API (issue 8: a transaction of four round trips held it while the API's event loop was busy
 * elsewhere, which capped a hot proposal at about 180 changes a second).
 *
 * It returns one row: the proposal after the change (`changed` true), or as locked when there
 * was nothing to change (under READ COMMITTED the lock reads the latest version); none when
 * the proposal is missing, hidden or closed to supports, and the caller then takes the
 * transactional path, which names the reason. `escalation_due` says whether a support reached a
 * rung of its escalation ladder not crossed yet (escalation/escalation-due.ts): asked here, so
 * that the supports that cross nothing (nearly all) cost no statement more.
 */
function fastChangeSql(change: 'support' | 'unsupport'): string {
  const write =
    change === 'support'
      ? `INSERT INTO proposal_support (proposal_id, user_id) SELECT id, $2 FROM target
         ON CONFLICT DO NOTHING RETURNING proposal_id`
      : `DELETE FROM proposal_support s USING target
          WHERE s.proposal_id = target.id AND s.user_id = $2 RETURNING s.proposal_id`;
  return `
    WITH target AS (
      SELECT * FROM proposal
       WHERE id = $1 AND NOT hidden AND status <> ALL($3::proposal_status[])
       FOR NO KEY UPDATE
    ), changed AS (${write}
    ), counted AS (
      UPDATE proposal SET support_count = support_count ${change === 'support' ? '+' : '-'} 1
       WHERE id IN (SELECT proposal_id FROM changed) RETURNING proposal.*
    )
    SELECT true AS changed, ${change === 'support' ? escalationDueSql('counted') : 'false'} AS escalation_due,
           * FROM counted
    UNION ALL
    SELECT false AS changed, false AS escalation_due, * FROM target
     WHERE NOT EXISTS (SELECT 1 FROM counted)`;
}

const FAST_CHANGE_SQL = {
  support: fastChangeSql('support'),
  unsupport: fastChangeSql('unsupport'),
};

@Injectable()
export class SupportsService {
  private readonly logger = new Logger(SupportsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly pubSub: PubSubEngine,
    private readonly escalation: EscalationService,
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
    const [row] = (await this.db.query(FAST_CHANGE_SQL[support ? 'support' : 'unsupport'], [
      id,
      viewer.id,
      Lifecycle.supportsFrozenIn,
    ])) as ({ changed: boolean; escalation_due: boolean } & Record<string, unknown>)[];
    if (!row) return this.changeLocked(loaders, viewer, id, support);
    // The support committed already; the crossing follows in a transaction of its own. Should
    // this process stop in between, the next support of the proposal crosses (it checks for
    // supports >= threshold, not for equality).
    if (row.escalation_due) await this.escalation.crossReachedRungs(id);
    const proposal = hydrateRow(this.db, ProposalEntity, row);
    if (row.changed) {
      // Committed already: the event goes out now (what publishAfterCommit does for transactions).
      const event: ProposalUpdatedEvent = {
        proposalId: proposal.id,
        hidden: proposal.hidden,
        authorId: proposal.authorId,
      };
      this.pubSub.publish(LiveChannel.proposal(proposal.id), event).catch((error: unknown) => {
        this.logger.error({ err: error }, 'A live event could not be published');
      });
    }
    this.proposals.noteSupport(loaders, viewer, proposal, support);
    return proposal;
  }

  /** The transactional path: the proposal read and locked first, with the precise refusal. */
  private async changeLocked(
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
      if (support) await this.escalation.crossReachedRungsIn(manager, id);
      const changedProposal = await manager.findOneByOrFail(ProposalEntity, { id });
      proposalChanged(manager, changedProposal);
      return changedProposal;
    });
    this.proposals.noteSupport(loaders, viewer, proposal, support);
    return proposal;
  }
}
