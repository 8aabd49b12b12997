import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import type { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { canSeeProposal, seesHiddenContent } from '../proposals/proposal-access.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { RESTRICTED_EVENT_KINDS } from './proposal-event-kind.js';
import { ProposalEventEntity } from './proposal-event.entity.js';

const OLDEST_FIRST: KeysetOrdering<ProposalEventEntity> = {
  name: 'timeline',
  direction: 'ASC',
  keys: [
    { expression: 'e.at', sqlType: 'timestamptz', value: (e) => e.at.toISOString() },
    { expression: 'e.id', sqlType: 'uuid', value: (e) => e.id },
  ],
};

const EVENT_BY_ID = new LoaderKey<string, ProposalEventEntity | null>('proposal-event-by-id');

/**
 * Whether the viewer sees a proposal's HIDDEN and RESTORED events: the author, moderators and
 * admins, who are also the ones who see a hidden proposal at all.
 */
export function seesModerationEvents(
  viewer: Viewer | null,
  proposal: Pick<ProposalEntity, 'authorId'>,
): boolean {
  return seesHiddenContent(viewer) || (viewer !== null && viewer.id === proposal.authorId);
}

/** Reads the timeline; writing is recordProposalEvent's, from the service that makes the change. */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
  ) {}

  /**
   * A proposal's events, oldest first, in one statement a page (ix_proposal_event_timeline).
   * The events the viewer may not see are left out in SQL, so totalCount and pages agree.
   */
  timelineOf(
    viewer: Viewer | null,
    proposal: ProposalEntity,
    args: ConnectionArgs,
  ): Promise<Connection<ProposalEventEntity>> {
    const query = this.db
      .getRepository(ProposalEventEntity)
      .createQueryBuilder('e')
      .where('e.proposal_id = :proposalId', { proposalId: proposal.id });
    if (!seesModerationEvents(viewer, proposal)) {
      query.andWhere('e.kind NOT IN (:...restrictedKinds)', {
        restrictedKinds: RESTRICTED_EVENT_KINDS,
      });
    }
    return paginate(query, args, OLDEST_FIRST);
  }

  /** node(id): the event when the viewer sees its proposal and, for HIDDEN/RESTORED, more. */
  async findVisible(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<ProposalEventEntity | null> {
    const event = await loaders
      .get(EVENT_BY_ID, async (ids) =>
        byKeys(
          ids,
          await this.db.getRepository(ProposalEventEntity).findBy({ id: In([...ids]) }),
          (e) => e.id,
        ),
      )
      .load(id);
    if (!event) return null;
    const proposal = await this.proposals.load(loaders, event.proposalId);
    if (!proposal || !canSeeProposal(viewer, proposal)) return null;
    if (RESTRICTED_EVENT_KINDS.includes(event.kind) && !seesModerationEvents(viewer, proposal))
      return null;
    return event;
  }
}
