import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { LiveChannel, type ProposalUpdatedEvent } from '../core/live/live-events.js';
import type { RequestLoaders } from '../core/loaders/request-loaders.js';
import { assertSupportsOpen } from './proposal-access.js';
import { proposalChanged } from './proposal-events.js';
import { Lifecycle } from './proposal-status.js';
import { ProposalEntity } from './proposal.entity.js';
import { ProposalsService } from './proposals.service.js';

/**
 * One statement, committed on its own, that supports (or unsupports) an open proposal and moves
 * its counter when a row really changed. `target` locks the proposal row, so concurrent changes
 * of one proposal queue behind each other inside Postgres; the lock is held only while this
 * statement runs, never across a round trip to the API (issue 8: a transaction of four round
 * trips held it while the API's event loop was busy elsewhere, which capped a hot proposal at
 * about 180 changes a second). `open` says whether the proposal was found supportable: when it
 * was not, the caller takes the transactional path, which names the reason.
 */
const FAST_CHANGE_SQL = {
  support: `
    WITH target AS (
      SELECT id FROM proposal
       WHERE id = $1 AND NOT hidden AND status <> ALL($3::proposal_status[])
       FOR NO KEY UPDATE
    ), changed AS (
      INSERT INTO proposal_support (proposal_id, user_id) SELECT id, $2 FROM target
      ON CONFLICT DO NOTHING RETURNING proposal_id
    ), counted AS (
      UPDATE proposal SET support_count = support_count + 1
       WHERE id IN (SELECT proposal_id FROM changed) RETURNING id, hidden, author_id
    )
    SELECT (SELECT count(*) FROM target)::int AS open, c.id, c.hidden, c.author_id
      FROM (SELECT 1) one LEFT JOIN counted c ON true`,
  unsupport: `
    WITH target AS (
      SELECT id FROM proposal
       WHERE id = $1 AND NOT hidden AND status <> ALL($3::proposal_status[])
       FOR NO KEY UPDATE
    ), changed AS (
      DELETE FROM proposal_support s USING target
       WHERE s.proposal_id = target.id AND s.user_id = $2 RETURNING s.proposal_id
    ), counted AS (
      UPDATE proposal SET support_count = support_count - 1
       WHERE id IN (SELECT proposal_id FROM changed) RETURNING id, hidden, author_id
    )
    SELECT (SELECT count(*) FROM target)::int AS open, c.id, c.hidden, c.author_id
      FROM (SELECT 1) one LEFT JOIN counted c ON true`,
} as const;

interface FastChangeRow {
  open: number;
  /** Set when a support row was inserted or deleted, and the counter moved. */
  id: string | null;
  hidden: boolean | null;
  author_id: string | null;
}

/**
 * Supports, exact under any concurrency. Every change locks the proposal row first, so supports
 * of one proposal queue behind each other and behind a withdrawal; the (proposal, user) primary
 * key makes a second support impossible, and the count moves only when a row was really
 * inserted or deleted. Both calls are idempotent.
 *
 * An open proposal is changed by one statement (FAST_CHANGE_SQL). Anything else (missing,
 * hidden, closed to supports) goes through a transaction that reads the proposal, locked, and
 * refuses with the precise error; it also changes the proposal if it was reopened meanwhile.
 */
@Injectable()
export class SupportsService {
  private readonly logger = new Logger(SupportsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly pubSub: PubSubEngine,
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
    ])) as FastChangeRow[];
    if (!row || row.open === 0) return this.changeLocked(loaders, viewer, id, support);
    if (row.id !== null) {
      // Committed already: the event goes out now (what publishAfterCommit does for transactions).
      const event: ProposalUpdatedEvent = {
        proposalId: row.id,
        hidden: row.hidden === true,
        authorId: row.author_id!,
      };
      this.pubSub.publish(LiveChannel.proposal(row.id), event).catch((error: unknown) => {
        this.logger.error({ err: error }, 'A live event could not be published');
      });
    }
    const proposal = await this.db.manager.findOneByOrFail(ProposalEntity, { id });
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
      const changedProposal = await manager.findOneByOrFail(ProposalEntity, { id });
      proposalChanged(manager, changedProposal);
      return changedProposal;
    });
    this.proposals.noteSupport(loaders, viewer, proposal, support);
    return proposal;
  }
}
