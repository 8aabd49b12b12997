import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository, type SelectQueryBuilder } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError, fieldProblem } from '../core/errors/app-error.js';
import type { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate } from '../core/graphql/relay/paginate.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import { UsersService } from '../identity/users.service.js';
import { TopicEntity } from '../catalog/topic.entity.js';
import { TOPICS_JSON_SQL, TopicsService, type TopicJson } from '../catalog/topics.service.js';
import type {
  CreateProposalInput,
  LocationInput,
  ProposalOrder,
  UpdateProposalInput,
} from './dto/proposal.inputs.js';
import {
  assertEditable,
  assertMayChange,
  assertWithdrawable,
  canSeeProposal,
} from './proposal-access.js';
import { NEWEST_FIRST, orderingOf, scopeCondition, type ProposalScope } from './proposal-scope.js';
import { proposalChanged } from './proposal-events.js';
import { ProposalEntity, ProposalTopicEntity, SupportEntity } from './proposal.entity.js';
import { ProposalStatus } from './proposal-status.js';
import type { ProposalChannel } from './proposal-channel.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';

const PROPOSAL_BY_ID = new LoaderKey<string, ProposalEntity | null>('proposal-by-id');
/** Proposals read with their details (detailedQuery), per viewer: for `proposal(id)`. */
const PROPOSAL_WITH_DETAILS = new LoaderKey<string, ProposalEntity | null>('proposal-with-details');
const TOPIC_IDS_OF_PROPOSAL = new LoaderKey<string, string[]>('topic-ids-of-proposal');
/** Per request, so per viewer: whether the viewer supports each proposal. */
const SUPPORTED_BY_VIEWER = new LoaderKey<string, boolean>('supported-by-viewer');

function locationColumns(location: LocationInput | null): Partial<ProposalEntity> {
  return {
    locationAddress: location?.address ?? null,
    locationLatitude: location?.latitude ?? null,
    locationLongitude: location?.longitude ?? null,
  };
}

/** Who took a proposal down for whom, when it did not come online from its author. */
export interface ProposalProvenance {
  authorId: string;
  channel: ProposalChannel;
  submittedViaClientId: string;
  contactName: string | null;
  contactPhone: string | null;
}

@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ProposalEntity) private readonly proposals: Repository<ProposalEntity>,
    private readonly users: UsersService,
    private readonly departments: DepartmentsService,
    private readonly topicsService: TopicsService,
  ) {}

  /** Any proposal by id, whatever its visibility: for code that checks visibility itself. */
  load(loaders: RequestLoaders, id: string): Promise<ProposalEntity | null> {
    return this.byIdLoader(loaders).load(id);
  }

  /**
   * The proposal as `viewer` may see it (null when missing or hidden from them), read with what
   * its page reads (author, department, topics, whether the viewer supports it) in the same
   * statement, and the request's loaders primed with them: `proposal(id)` with all of these
   * costs one statement, not five (issue 8).
   */
  async findVisibleWithDetails(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<ProposalEntity | null> {
    const loader = loaders.get(
      PROPOSAL_WITH_DETAILS,
      async (ids) => {
        const { entities, raw } = await this.detailedQuery(viewer)
          .where('p.id IN (:...ids)', { ids })
          .getRawAndEntities();
        this.primeDetails(loaders, viewer, entities, raw);
        return byKeys(ids, entities, (p) => p.id);
      },
      viewer?.id ?? '',
    );
    const proposal = await loader.load(id);
    return proposal && canSeeProposal(viewer, proposal) ? proposal : null;
  }

  /** The proposal as `viewer` may see it: null when missing or hidden from them. */
  async findVisible(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<ProposalEntity | null> {
    const proposal = await this.load(loaders, id);
    return proposal && canSeeProposal(viewer, proposal) ? proposal : null;
  }

  /**
   * A page of the proposals `viewer` may see, narrowed by `scope`. The page query also reads
   * each row's author and department (many-to-one joins by primary key), its topics and whether
   * the viewer supports it, and primes the request's loaders with them: a page with all of
   * these costs this one statement, whatever its size.
   */
  list(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    scope: ProposalScope,
    args: ConnectionArgs,
    order: ProposalOrder = NEWEST_FIRST,
  ): Promise<Connection<ProposalEntity>> {
    const query = this.detailedQuery(viewer);
    const where = scopeCondition(viewer, scope);
    query.where(where.sql, where.params);
    return paginate(query, args, orderingOf(order), {
      withRaw: (rows, raw) => this.primeDetails(loaders, viewer, rows, raw),
    });
  }

  /**
   * Proposals (`p`) with their author and department (many-to-one joins by primary key: one
   * row per proposal), their topics and whether `viewer` supports them, for primeDetails.
   * The caller adds the WHERE.
   */
  private detailedQuery(viewer: Viewer | null): SelectQueryBuilder<ProposalEntity> {
    const query = this.proposals
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.author', 'author')
      .leftJoinAndSelect('p.department', 'department')
      .addSelect(TOPICS_JSON_SQL, 'topics');
    if (viewer) {
      query.addSelect(
        'EXISTS (SELECT 1 FROM proposal_support s WHERE s.proposal_id = p.id AND s.user_id = :supportViewer)',
        'viewer_supports',
      );
      query.setParameter('supportViewer', viewer.id);
    }
    return query;
  }

  /** Primes the request's loaders with what detailedQuery read (`raw[i]` is `rows[i]`'s). */
  private primeDetails(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    rows: ProposalEntity[],
    raw: Record<string, unknown>[],
  ): void {
    rows.forEach((row, i) => {
      this.byIdLoader(loaders).prime(row.id, row);
      if (row.author) this.users.prime(loaders, row.author);
      if (row.department) this.departments.prime(loaders, row.department);
      const topics = (raw[i]!.topics as TopicJson[] | null) ?? [];
      this.topicIdsLoader(loaders).prime(
        row.id,
        topics.map((t) => t.id),
      );
      this.topicsService.prime(loaders, topics);
      if (viewer)
        this.supportedLoader(loaders, viewer).prime(row.id, raw[i]!.viewer_supports === true);
    });
  }

  topicIdsOf(loaders: RequestLoaders, proposalId: string): Promise<string[]> {
    return this.topicIdsLoader(loaders).load(proposalId);
  }

  /** False for anonymous viewers, without a query. */
  async viewerHasSupported(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    proposalId: string,
  ): Promise<boolean> {
    return viewer ? this.supportedLoader(loaders, viewer).load(proposalId) : false;
  }

  /** After a write, the request's loader holds the proposal as it now is. */
  noteChanged(loaders: RequestLoaders, proposal: ProposalEntity): void {
    this.byIdLoader(loaders).clear(proposal.id).prime(proposal.id, proposal);
  }

  /** After a support or unsupport, the request knows the answer without asking again. */
  noteSupport(
    loaders: RequestLoaders,
    viewer: Viewer,
    proposal: ProposalEntity,
    supported: boolean,
  ): void {
    this.supportedLoader(loaders, viewer).clear(proposal.id).prime(proposal.id, supported);
    this.noteChanged(loaders, proposal);
  }

  /**
   * `provenance`: an API client taking a proposal down for a citizen (src/api-clients,
   * createProposalOnBehalf): the author, channel and contact it records. The timeline's actor
   * stays the viewer (the client's account), so the event is attributed to the client.
   */
  async create(
    viewer: Viewer,
    input: CreateProposalInput,
    provenance?: ProposalProvenance,
  ): Promise<ProposalEntity> {
    return this.db.transaction(async (manager) => {
      await this.assertReferencesExist(manager, input.processId ?? null, input.topicIds ?? []);
      const proposal = await manager.save(
        manager.create(ProposalEntity, {
          title: input.title,
          body: input.body,
          authorId: provenance?.authorId ?? viewer.id,
          processId: input.processId ?? null,
          ...locationColumns(input.location ?? null),
          ...(provenance && {
            channel: provenance.channel,
            submittedViaClientId: provenance.submittedViaClientId,
            contactName: provenance.contactName,
            contactPhone: provenance.contactPhone,
          }),
        }),
      );
      await this.replaceTopics(manager, proposal.id, input.topicIds ?? []);
      await recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: ProposalEventKind.SUBMITTED,
        actor: { userId: viewer.id },
        at: proposal.createdAt,
      });
      return proposal;
    });
  }

  /** The author (or an admin), while SUBMITTED; the row is locked so a withdrawal cannot slip in. */
  async update(viewer: Viewer, input: UpdateProposalInput): Promise<ProposalEntity> {
    return this.db.transaction(async (manager) => {
      const proposal = await this.lockVisible(manager, viewer, input.id);
      assertMayChange(viewer, proposal);
      assertEditable(proposal);
      await this.assertReferencesExist(manager, null, input.topicIds ?? []);
      if (input.title != null) proposal.title = input.title;
      if (input.body != null) proposal.body = input.body;
      if (input.location !== undefined) Object.assign(proposal, locationColumns(input.location));
      if (input.topicIds != null) await this.replaceTopics(manager, proposal.id, input.topicIds);
      // Saved even when only topics changed, so updatedAt says the proposal was edited.
      proposal.updatedAt = new Date();
      proposalChanged(manager, proposal);
      const saved = await manager.save(proposal);
      await recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: ProposalEventKind.EDITED,
        actor: { userId: viewer.id },
        at: saved.updatedAt,
      });
      return saved;
    });
  }

  async withdraw(viewer: Viewer, id: string): Promise<ProposalEntity> {
    return this.db.transaction(async (manager) => {
      const proposal = await this.lockVisible(manager, viewer, id);
      assertMayChange(viewer, proposal);
      assertWithdrawable(proposal);
      proposal.status = ProposalStatus.WITHDRAWN;
      // Nothing is left to answer: a withdrawn proposal is never overdue.
      proposal.awaitingAnswer = false;
      proposalChanged(manager, proposal);
      const saved = await manager.save(proposal);
      await recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: ProposalEventKind.WITHDRAWN,
        actor: { userId: viewer.id },
        at: saved.updatedAt,
        status: ProposalStatus.WITHDRAWN,
      });
      return saved;
    });
  }

  /**
   * Locks the proposal row for the rest of the transaction (FOR NO KEY UPDATE: it does not block
   * the foreign-key checks of new supports and comments) and checks the viewer may see it.
   */
  async lockVisible(manager: EntityManager, viewer: Viewer, id: string): Promise<ProposalEntity> {
    const proposal = await manager.findOne(ProposalEntity, {
      where: { id },
      lock: { mode: 'for_no_key_update' },
    });
    if (!proposal || !canSeeProposal(viewer, proposal)) throw AppError.notFound('proposal');
    return proposal;
  }

  private async assertReferencesExist(
    manager: EntityManager,
    processId: string | null,
    topicIds: string[],
  ): Promise<void> {
    const problems = [];
    if (processId && !(await manager.existsBy(ProcessEntity, { id: processId }))) {
      problems.push(fieldProblem('processId', 'field.namesNoProcess'));
    }
    if (topicIds.length) {
      const found = await manager.countBy(TopicEntity, { id: In(topicIds) });
      if (found !== topicIds.length) problems.push(fieldProblem('topicIds', 'field.namesNoTopic'));
    }
    if (problems.length) throw AppError.badInput(problems);
  }

  private async replaceTopics(
    manager: EntityManager,
    proposalId: string,
    topicIds: string[],
  ): Promise<void> {
    await manager.delete(ProposalTopicEntity, { proposalId });
    if (topicIds.length) {
      await manager.insert(
        ProposalTopicEntity,
        topicIds.map((topicId) => ({ proposalId, topicId })),
      );
    }
  }

  private byIdLoader(loaders: RequestLoaders) {
    return loaders.get(PROPOSAL_BY_ID, async (ids) =>
      byKeys(ids, await this.proposals.findBy({ id: In([...ids]) }), (p) => p.id),
    );
  }

  private topicIdsLoader(loaders: RequestLoaders) {
    return loaders.get(TOPIC_IDS_OF_PROPOSAL, async (ids) => {
      const rows = await this.db
        .getRepository(ProposalTopicEntity)
        .find({ where: { proposalId: In([...ids]) }, order: { topicId: 'ASC' } });
      return groupByKeys(ids, rows, (r) => r.proposalId).map((group) =>
        group.map((r) => r.topicId),
      );
    });
  }

  private supportedLoader(loaders: RequestLoaders, viewer: Viewer) {
    return loaders.get(
      SUPPORTED_BY_VIEWER,
      async (ids) => {
        const rows = await this.db.getRepository(SupportEntity).find({
          select: { proposalId: true },
          where: { userId: viewer.id, proposalId: In([...ids]) },
        });
        const supported = new Set(rows.map((r) => r.proposalId));
        return ids.map((id) => supported.has(id));
      },
      viewer.id,
    );
  }
}
