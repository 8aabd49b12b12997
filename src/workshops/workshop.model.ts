import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { WorkshopEntity, WorkshopRegistrationEntity } from './workshop.entity.js';
import { RegistrationStatus, WorkshopKind } from './workshop-status.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { WORKSHOP_LIMITS } from './dto/workshop.inputs.js';

/**
 * A workshop. process, organizer, registrationOpen, viewerRegistration, registrations,
 * proposals and comments are field resolvers.
 */
@ObjectType('Workshop', { implements: () => [Node] })
export class Workshop implements Node {
  @NodeIdField()
  id: string;

  @Field({ description: 'Plain text, exactly as written (trimmed, NFC); never HTML.' })
  @MaxChars(WORKSHOP_LIMITS.title[1])
  title: string;

  @Field({ description: 'Plain text, exactly as written (trimmed, NFC); never HTML.' })
  @MaxChars(WORKSHOP_LIMITS.description[1])
  description: string;

  @Field(() => WorkshopKind)
  kind: WorkshopKind;

  @Field()
  startsAt: Date;

  @Field()
  endsAt: Date;

  @Field(() => String, { nullable: true })
  @MaxChars(WORKSHOP_LIMITS.location[1])
  location: string | null;

  @Field(() => Int, { nullable: true, description: 'Null means unlimited.' })
  capacity: number | null;

  @Field(() => Int, { description: 'CONFIRMED registrations.' })
  registeredCount: number;

  @Field(() => Int, { description: 'WAITLISTED registrations.' })
  waitlistCount: number;

  @Field(() => String, {
    nullable: true,
    description: 'Published results (minutes, decisions) after the workshop.',
  })
  @MaxChars(WORKSHOP_LIMITS.outcome[1])
  outcome: string | null;

  @Field(() => Date, { nullable: true, description: 'When the outcome was (last) published.' })
  outcomePublishedAt: Date | null;

  @Field({ description: 'Whether guardians may register children (registerChild).' })
  childrenAllowed: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      "The least age of the children guardians register (the workshop's year in Seoul minus the birth year, 연 나이); adults' registration is unchanged. Null: no limit.",
  })
  minimumAge: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "The greatest age of the children guardians register (연 나이, as minimumAge); adults' registration is unchanged. Null: no limit.",
  })
  maximumAge: number | null;

  @Field()
  createdAt: Date;
}
registerNodeType(WorkshopEntity, 'Workshop');

@ObjectType()
export class WorkshopConnection extends ConnectionType(Workshop) {}

@ObjectType('WorkshopRegistration', { implements: () => [Node] })
export class WorkshopRegistration implements Node {
  @NodeIdField()
  id: string;

  @Field(() => RegistrationStatus)
  status: RegistrationStatus;

  @Field()
  createdAt: Date;
}
registerNodeType(WorkshopRegistrationEntity, 'WorkshopRegistration');

@ObjectType()
export class WorkshopRegistrationConnection extends ConnectionType(WorkshopRegistration) {}
