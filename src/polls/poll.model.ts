import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars } from '../core/graphql/cost-model.js';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { POLL_LIMITS } from './dto/poll.inputs.js';
import {
  PollEntity,
  PollQuestionKind,
  type PollOptionEntity,
  type PollQuestionEntity,
} from './poll.entity.js';

/**
 * A question or an option as the API serves it: with its poll, whose dates, organizers and
 * response count decide what its fields show.
 */
export type PollQuestionView = PollQuestionEntity & { poll: PollEntity };
export type PollOptionView = PollOptionEntity & { poll: PollEntity };

/** count and percent are field resolvers (null until the results are public). */
@ObjectType('PollOption')
export class PollOption {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(POLL_LIMITS.optionLabel[1])
  label: string;
}

/** options and freeTextAnswers are field resolvers. */
@ObjectType('PollQuestion')
export class PollQuestion {
  @NodeIdField()
  id: string;

  @Field(() => PollQuestionKind)
  kind: PollQuestionKind;

  @Field()
  @MaxChars(POLL_LIMITS.prompt[1])
  prompt: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'MULTIPLE_CHOICE: the most options a response may choose (all of them when the creator gave none). Null for the other kinds.',
  })
  maxChoices: number | null;
}

/** One free-text answer, without its author: nothing links it to who wrote it. */
@ObjectType('PollFreeText')
export class PollFreeText {
  @Field()
  @MaxChars(POLL_LIMITS.freeText[1])
  text: string;
}

@ObjectType()
export class PollFreeTextConnection extends ConnectionType(PollFreeText) {}

/**
 * A poll of a process or a workshop. process, workshop, department, questions, responseCount
 * and viewerHasResponded are field resolvers.
 */
@ObjectType('Poll', { implements: () => [Node] })
export class Poll implements Node {
  @NodeIdField()
  id: string;

  @Field({ description: 'Plain text, exactly as written (trimmed, NFC); never HTML.' })
  @MaxChars(POLL_LIMITS.title[1])
  title: string;

  @Field({ description: 'Responses are taken from this instant (included).' })
  opensAt: Date;

  @Field({
    description: 'Responses are taken until this instant (excluded); closePoll brings it forward.',
  })
  closesAt: Date;

  @Field({ description: 'Counts public while the poll is open (else once it has closed).' })
  liveResults: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "Respondents must be at least this old in the year's age (연 나이); null: no age rule.",
  })
  minimumAge: number | null;

  @Field({ description: 'Respondents must have a verified residency.' })
  requiresVerifiedResidency: boolean;

  @Field()
  createdAt: Date;
}
registerNodeType(PollEntity, 'Poll');
