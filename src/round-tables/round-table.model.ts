import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars } from '../core/graphql/cost-model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { ROUND_TABLE_LIMITS as LIMITS } from './round-table-limits.js';
import { SessionPriorityEntity, TableIdeaEntity } from './table-idea.entity.js';

/**
 * The room's record as clients read it. facilitator, participants, ideas, table, provenance,
 * mergedInto, mergedBy and proposal are field resolvers (round-tables.resolver.ts).
 */
@ObjectType('RoundTable')
export class RoundTable {
  @NodeIdField()
  id: string;

  @Field(() => Int)
  number: number;

  @Field(() => String, { nullable: true })
  @MaxChars(LIMITS.topic[1])
  topic: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'People at the table when not all are registered users; null: the seated participants.',
  })
  size: number | null;
}

@ObjectType('TableIdea', { implements: () => [Node] })
export class TableIdea implements Node {
  @NodeIdField()
  id: string;

  @Field({ description: 'Plain text, exactly as written (trimmed, NFC); never HTML.' })
  @MaxChars(LIMITS.ideaText[1])
  text: string;

  @Field(() => String, { nullable: true })
  @MaxChars(LIMITS.ideaCategory[1])
  category: string | null;

  @Field(() => Int, { description: "The table's total for this idea; 0 until entered." })
  dots: number;
}
registerNodeType(TableIdeaEntity, 'TableIdea');

/**
 * Provenance of an entry made in the room, read from the idea's own columns: enteredBy,
 * deviceSession, dotsEnteredBy, dotsDeviceSession and corrections are field resolvers.
 */
@ObjectType('Provenance', { description: 'Provenance of an entry made in the room.' })
export class Provenance {
  /** The idea it describes (not a field). */
  idea: TableIdeaEntity;

  @Field({ description: 'When the idea was recorded.' })
  enteredAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When the current dots were entered; null: not yet.',
  })
  dotsEnteredAt: Date | null;
}

/**
 * A replaced value of an idea's dots, read from a table_idea_correction row: every field is
 * resolved (round-tables.resolver.ts).
 */
@ObjectType('Correction')
export class Correction {}

@ObjectType('SessionPriority', { implements: () => [Node] })
export class SessionPriority implements Node {
  @NodeIdField()
  id: string;

  @Field({ description: "The merged title, or the single idea's text." })
  @MaxChars(Math.max(LIMITS.priorityTitle[1], LIMITS.ideaText[1]))
  title: string;

  @Field(() => Int, { description: 'By dots, most first; ties share a rank (1, 2, 2, 4).' })
  rank: number;

  @Field({ description: 'Another priority of the session has the same dots.' })
  tied: boolean;

  @Field(() => Int, { description: "The sum of its ideas' dots." })
  dots: number;

  @Field(() => Date, { nullable: true })
  mergedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'The dots it had when it became a proposal.' })
  proposalDots: number | null;
}
registerNodeType(SessionPriorityEntity, 'SessionPriority');

/**
 * A priority as read: the row with what is computed over its ideas (round-tables.service.ts
 * ranks them in SQL). Still a SessionPriorityEntity, so node() knows its type; `title` is the
 * shown title (the merged one, or the single idea's text), never written back.
 */
export type RankedPriority = SessionPriorityEntity & {
  title: string;
  rank: number;
  tied: boolean;
  dots: number;
};
