import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars } from '../core/graphql/cost-model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { RegistrationStatus } from '../workshops/workshop-status.js';
import { ChildEntity, ChildRegistrationEntity } from './child.entity.js';
import { GUARDIAN_LIMITS } from './dto/guardians.inputs.js';

/**
 * A child, as its guardian and the organizers of its workshops see it: a first name and a birth
 * year, nothing else. Who may reach one is in guardian-access.ts.
 */
@ObjectType('Child', {
  implements: () => [Node],
  description:
    'Seen by its guardian, and by the organizers of a workshop it is registered for; by nobody else, through any path.',
})
export class Child implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(GUARDIAN_LIMITS.firstName[1])
  firstName: string;

  @Field(() => Int)
  birthYear: number;
}
registerNodeType(ChildEntity, 'Child');

/**
 * A guardian's consent, as the law requires it kept: who consented (the guardian), as what, to
 * which text, when, and when it was withdrawn. It names no child, and outlives the child's data.
 */
@ObjectType('ConsentRecord')
export class ConsentRecord {
  @Field()
  @MaxChars(GUARDIAN_LIMITS.consentVersion[1])
  consentTextVersion: string;

  @Field()
  @MaxChars(GUARDIAN_LIMITS.relationship[1])
  relationship: string;

  @Field()
  givenAt: Date;

  @Field(() => Date, { nullable: true })
  withdrawnAt: Date | null;
}

/** A child's place at a workshop; workshop, child, guardian and consent are field resolvers. */
@ObjectType('ChildRegistration', {
  implements: () => [Node],
  description:
    'Seen by the guardian and by the organizers of the workshop (STAFF of its department, ADMIN); by nobody else.',
})
export class ChildRegistration implements Node {
  @NodeIdField()
  id: string;

  @Field(() => RegistrationStatus)
  status: RegistrationStatus;

  @Field()
  createdAt: Date;
}
registerNodeType(ChildRegistrationEntity, 'ChildRegistration');

@ObjectType('ConsentText')
export class ConsentText {
  @Field()
  @MaxChars(GUARDIAN_LIMITS.consentVersion[1])
  version: string;

  @Field()
  @MaxChars(GUARDIAN_LIMITS.consentText[1])
  text: string;

  @Field({ description: 'The current text is the one published last.' })
  publishedAt: Date;
}
