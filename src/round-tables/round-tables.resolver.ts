import { pageSize } from '../core/graphql/relay/connection.args.js';
import { firstItems } from '../core/loaders/request-loaders.js';
import { createHash } from 'node:crypto';
import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { MaxChars, MaxItems } from '../core/graphql/cost-model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { User } from '../identity/user.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { WorkshopIdArgs } from '../workshops/dto/workshop.inputs.js';
import type { WorkshopEntity } from '../workshops/workshop.entity.js';
import { Workshop } from '../workshops/workshop.model.js';
import { WorkshopsService } from '../workshops/workshops.service.js';
import {
  AssignSeatsInput,
  FirstArgs,
  MergeIdeasInput,
  PriorityToProposalInput,
  RecordDotsInput,
  RecordIdeaInput,
  SetRoundTablesInput,
} from './dto/round-table.inputs.js';
import { PriorityToProposalService } from './priority-to-proposal.js';
import { ROUND_TABLE_LIMITS as LIMITS } from './round-table-limits.js';
import type { RoundTableEntity } from './round-table.entity.js';
import {
  Correction,
  Provenance,
  RoundTable,
  SessionPriority,
  TableIdea,
  type RankedPriority,
} from './round-table.model.js';
import { RoundTablesService } from './round-tables.service.js';
import type { TableIdeaCorrectionEntity, TableIdeaEntity } from './table-idea.entity.js';

/**
 * A short, non-reversible name of an auth session: entries made from one device share it, and
 * nobody can turn it back into the session id (a bearer of nothing, but never shown).
 */
export function deviceSessionOf(sessionId: string | null): string | null {
  return sessionId
    ? createHash('sha256')
        .update(`wontak-device-session:${sessionId}`)
        .digest('hex')
        .slice(0, LIMITS.deviceSessionChars)
    : null;
}

async function users(
  service: UsersService,
  ctx: RequestContext,
  ids: readonly string[],
): Promise<UserEntity[]> {
  const found = await Promise.all(ids.map((id) => service.load(ctx.loaders, id)));
  return found.filter((user): user is UserEntity => user !== null);
}

@Resolver(() => Workshop)
export class WorkshopRoundTablesResolver {
  constructor(
    private readonly roundTables: RoundTablesService,
    private readonly workshops: WorkshopsService,
  ) {}

  @Mutation(() => Workshop, {
    description:
      'Organizers (STAFF of the organizing department) and ADMIN, for ROUND_TABLE and DESIGN_CAMP sessions until the priorities are published. Replaces the tables: matched by number; a table left out is removed unless ideas were recorded at it (CONFLICT).',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  setRoundTables(
    @Args('input') input: SetRoundTablesInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<WorkshopEntity> {
    return this.roundTables.setTables(viewer, input);
  }

  @Mutation(() => Workshop, {
    description:
      'Organizers and ADMIN, until the priorities are published; replaces every seat. Needs tables (CONFLICT otherwise).',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  assignSeats(
    @Args('input') input: AssignSeatsInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<WorkshopEntity> {
    return this.roundTables.assignSeats(viewer, input);
  }

  @Mutation(() => Workshop, {
    description:
      "Organizers and ADMIN, once the session has started: the priorities become public and the room's record (tables, seats, ideas, dots, merges) is frozen. Publishing again changes nothing.",
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  publishPriorities(
    @Args() { workshopId }: WorkshopIdArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<WorkshopEntity> {
    return this.roundTables.publish(viewer, workshopId);
  }

  @ResolveField(() => [RoundTable], {
    description: `ROUND_TABLE and DESIGN_CAMP sessions: the tables by number (the first \`first\`; at most ${LIMITS.tables} exist).`,
  })
  async tables(
    @Parent() workshop: WorkshopEntity,
    @Args() args: FirstArgs,
    @Context() ctx: RequestContext,
  ): Promise<RoundTableEntity[]> {
    return firstItems(await this.roundTables.tablesOf(ctx.loaders, workshop.id), pageSize(args));
  }

  @ResolveField(() => Int, { nullable: true, description: 'Dots each participant places.' })
  dotsPerParticipant(@Parent() workshop: WorkshopEntity): number | null {
    return workshop.dotsPerParticipant;
  }

  @ResolveField(() => [SessionPriority], {
    description:
      'Public once published; before that organizers and facilitators only (others get []). Ranked by dots, ties share a rank; the first `first`.',
  })
  async priorities(
    @Parent() workshop: WorkshopEntity,
    @Args() args: FirstArgs,
    @Context() ctx: RequestContext,
  ): Promise<RankedPriority[]> {
    return this.roundTables.prioritiesOf(ctx.loaders, viewerOf(ctx), workshop.id, pageSize(args));
  }

  @ResolveField(() => Date, { nullable: true })
  prioritiesPublishedAt(@Parent() workshop: WorkshopEntity): Date | null {
    return workshop.prioritiesPublishedAt;
  }
}

@Resolver(() => RoundTable)
export class RoundTableResolver {
  constructor(
    private readonly roundTables: RoundTablesService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => User, { nullable: true })
  facilitator(
    @Parent() table: RoundTableEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return table.facilitatorId ? this.users.load(ctx.loaders, table.facilitatorId) : null;
  }

  @ResolveField(() => [User], {
    description:
      "Who sits at the table: organizers and facilitators see every table's, a seated participant their own table's; everyone else []. The first `first`.",
  })
  async participants(
    @Parent() table: RoundTableEntity,
    @Args() args: FirstArgs,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity[]> {
    const ids = await this.roundTables.participantIds(ctx.loaders, viewerOf(ctx), table);
    return users(this.users, ctx, firstItems(ids, pageSize(args)));
  }

  @ResolveField(() => [TableIdea], {
    description:
      'In the order recorded; organizers and facilitators until the priorities are published, everyone after (others get []). The first `first`.',
  })
  async ideas(
    @Parent() table: RoundTableEntity,
    @Args() args: FirstArgs,
    @Context() ctx: RequestContext,
  ): Promise<TableIdeaEntity[]> {
    return this.roundTables.ideasOfTable(ctx.loaders, viewerOf(ctx), table, pageSize(args));
  }
}

@Resolver(() => TableIdea)
export class TableIdeaResolver {
  constructor(private readonly roundTables: RoundTablesService) {}

  @Mutation(() => TableIdea, {
    description:
      "The table's facilitator, organizers and ADMIN, until the priorities are published. The idea stands as a priority of its own until merged.",
  })
  @Allow(Permission.PARTICIPATE)
  recordIdea(
    @Args('input') input: RecordIdeaInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<TableIdeaEntity> {
    return this.roundTables.recordIdea(viewer, input);
  }

  @Mutation(() => TableIdea, {
    description:
      "The idea's table's facilitator, organizers and ADMIN, until the priorities are published; needs the session's dotsPerParticipant.",
  })
  @Allow(Permission.PARTICIPATE)
  recordDots(
    @Args('input') input: RecordDotsInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<TableIdeaEntity> {
    return this.roundTables.recordDots(viewer, input);
  }

  @ResolveField(() => RoundTable)
  async table(
    @Parent() idea: TableIdeaEntity,
    @Context() ctx: RequestContext,
  ): Promise<RoundTableEntity> {
    return (await this.roundTables.loadTable(ctx.loaders, idea.tableId))!;
  }

  @ResolveField(() => Provenance)
  provenance(@Parent() idea: TableIdeaEntity): Provenance {
    return Object.assign(new Provenance(), {
      idea,
      enteredAt: idea.createdAt,
      dotsEnteredAt: idea.dotsEnteredAt,
    });
  }

  @ResolveField(() => SessionPriority, {
    nullable: true,
    description: 'Set when the organizer merged this idea into a priority.',
  })
  mergedInto(
    @Parent() idea: TableIdeaEntity,
    @Context() ctx: RequestContext,
  ): Promise<RankedPriority | null> {
    return this.roundTables.mergedInto(ctx.loaders, idea);
  }
}

@Resolver(() => Provenance)
export class ProvenanceResolver {
  constructor(
    private readonly roundTables: RoundTablesService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => User, { description: 'Who recorded the idea.' })
  async enteredBy(
    @Parent() provenance: Provenance,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    return (await this.users.load(ctx.loaders, provenance.idea.enteredById))!;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The device (auth session) the idea was recorded from, as a short hash: entries from one device share it; it is not the session id.',
  })
  @MaxChars(LIMITS.deviceSessionChars)
  deviceSession(@Parent() provenance: Provenance): string | null {
    return deviceSessionOf(provenance.idea.enteredSessionId);
  }

  @ResolveField(() => User, { nullable: true, description: 'Who entered the current dots.' })
  dotsEnteredBy(
    @Parent() provenance: Provenance,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    const id = provenance.idea.dotsEnteredById;
    return id ? this.users.load(ctx.loaders, id) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The device the current dots were entered from (see deviceSession).',
  })
  @MaxChars(LIMITS.deviceSessionChars)
  dotsDeviceSession(@Parent() provenance: Provenance): string | null {
    return deviceSessionOf(provenance.idea.dotsEnteredSessionId);
  }

  @ResolveField(() => [Correction], {
    description: `Earlier values of the dots, newest first (the latest ${LIMITS.corrections}).`,
  })
  @MaxItems(LIMITS.corrections)
  corrections(
    @Parent() provenance: Provenance,
    @Context() ctx: RequestContext,
  ): Promise<TableIdeaCorrectionEntity[]> {
    return this.roundTables.corrections(ctx.loaders, provenance.idea.id);
  }
}

@Resolver(() => Correction)
export class CorrectionResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => String, { description: 'The replaced dots, as a decimal string.' })
  @MaxChars(12)
  previous(@Parent() correction: TableIdeaCorrectionEntity): string {
    return String(correction.previousDots);
  }

  @ResolveField(() => User, { description: 'Who replaced it.' })
  async by(
    @Parent() correction: TableIdeaCorrectionEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    return (await this.users.load(ctx.loaders, correction.correctedById))!;
  }

  @ResolveField(() => Date, { description: 'When it was replaced.' })
  at(@Parent() correction: TableIdeaCorrectionEntity): Date {
    return correction.correctedAt;
  }

  @ResolveField(() => User, { nullable: true, description: 'Who had entered the replaced value.' })
  previousEnteredBy(
    @Parent() correction: TableIdeaCorrectionEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return correction.previousById ? this.users.load(ctx.loaders, correction.previousById) : null;
  }

  @ResolveField(() => Date, {
    nullable: true,
    description: 'When the replaced value had been entered.',
  })
  previousEnteredAt(@Parent() correction: TableIdeaCorrectionEntity): Date | null {
    return correction.previousAt;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The device the correction was made from (see Provenance.deviceSession).',
  })
  @MaxChars(LIMITS.deviceSessionChars)
  deviceSession(@Parent() correction: TableIdeaCorrectionEntity): string | null {
    return deviceSessionOf(correction.correctedSessionId);
  }
}

@Resolver(() => SessionPriority)
export class SessionPriorityResolver {
  constructor(
    private readonly roundTables: RoundTablesService,
    private readonly conversion: PriorityToProposalService,
    private readonly users: UsersService,
    private readonly proposals: ProposalsService,
  ) {}

  @Mutation(() => SessionPriority, {
    description:
      'Organizers and ADMIN, until the priorities are published: the ideas (of any tables of the session) become one priority; the priorities they leave empty are removed.',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  mergeIdeas(
    @Args('input') input: MergeIdeasInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<RankedPriority> {
    return this.roundTables.merge(viewer, input);
  }

  @Mutation(() => Proposal, {
    description:
      'Organizers and ADMIN, once the priorities are published: the priority becomes a proposal routed to the department (staff: their own; admins: any), linked to the priority and the workshop. One per priority (CONFLICT on the second).',
  })
  @Allow(Permission.ACT_FOR_DEPARTMENT)
  priorityToProposal(
    @Args('input') input: PriorityToProposalInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ProposalEntity> {
    return this.conversion.convert(viewer, input);
  }

  @ResolveField(() => [TableIdea], { description: 'In the order recorded; the first `first`.' })
  async ideas(
    @Parent() priority: RankedPriority,
    @Args() args: FirstArgs,
    @Context() ctx: RequestContext,
  ): Promise<TableIdeaEntity[]> {
    return this.roundTables.ideasOfPriority(ctx.loaders, priority.id, pageSize(args));
  }

  @ResolveField(() => User, {
    nullable: true,
    description: 'Who merged its ideas; null for an idea standing alone.',
  })
  mergedBy(
    @Parent() priority: RankedPriority,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> | null {
    return priority.mergedById ? this.users.load(ctx.loaders, priority.mergedById) : null;
  }

  @ResolveField(() => Proposal, {
    nullable: true,
    description: 'The proposal made from this priority, if any (and if the viewer may see it).',
  })
  proposal(
    @Parent() priority: RankedPriority,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEntity | null> | null {
    return priority.proposalId
      ? this.proposals.findVisible(ctx.loaders, viewerOf(ctx), priority.proposalId)
      : null;
  }
}

@Resolver(() => Proposal)
export class ProposalSessionPriorityResolver {
  constructor(private readonly roundTables: RoundTablesService) {}

  @ResolveField(() => SessionPriority, {
    nullable: true,
    description: 'The round-table priority this proposal was made from, with its dots.',
  })
  sessionPriority(
    @Parent() proposal: ProposalEntity,
    @Context() ctx: RequestContext,
  ): Promise<RankedPriority | null> {
    return this.roundTables.priorityOfProposal(ctx.loaders, viewerOf(ctx), proposal.id);
  }
}

export const ROUND_TABLE_RESOLVERS = [
  WorkshopRoundTablesResolver,
  RoundTableResolver,
  TableIdeaResolver,
  ProvenanceResolver,
  CorrectionResolver,
  SessionPriorityResolver,
  ProposalSessionPriorityResolver,
];
