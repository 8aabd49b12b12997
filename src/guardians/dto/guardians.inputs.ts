import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional } from 'class-validator';
import { IsGlobalIdOf, IsText } from '../../core/validation/decorators.js';

/** The limits of children, consents and their lists (issue 19). */
export const GUARDIAN_LIMITS = {
  firstName: [1, 50],
  relationship: [1, 30],
  guardianContact: [1, 200],
  consentVersion: [1, 40],
  consentText: [1, 20_000],
  /** Children one guardian may add: a family, not a class (a teacher is not a legal guardian). */
  children: 20,
  /** The newest of a guardian's registrations and consent records listed on User. */
  listed: 100,
} as const;

@InputType()
export class AddChildInput {
  @Field({
    description: `${GUARDIAN_LIMITS.firstName[0]}-${GUARDIAN_LIMITS.firstName[1]} characters; what the organizers will call the child.`,
  })
  @IsText(...GUARDIAN_LIMITS.firstName)
  firstName: string;

  @Field(() => Int, {
    description: 'A minor: from 18 years before this year (in Seoul) to this year.',
  })
  @IsInt()
  birthYear: number;
}

@InputType()
export class RegisterChildInput {
  @Field(() => ID)
  @IsGlobalIdOf('Workshop')
  workshopId: string;

  @Field(() => ID, { description: 'One of your own children (addChild).' })
  @IsGlobalIdOf('Child')
  childId: string;

  @Field({
    description: `Your relationship to the child (어머니, 아버지, 후견인...), ${GUARDIAN_LIMITS.relationship[0]}-${GUARDIAN_LIMITS.relationship[1]} characters; kept with the consent.`,
  })
  @IsText(...GUARDIAN_LIMITS.relationship)
  relationship: string;

  @Field({ description: "Must equal the current consent text's version." })
  @IsText(...GUARDIAN_LIMITS.consentVersion)
  consentTextVersion: string;

  @Field(() => String, {
    nullable: true,
    description: `A contact the organizers may see, ${GUARDIAN_LIMITS.guardianContact[0]}-${GUARDIAN_LIMITS.guardianContact[1]} characters; omitted: none.`,
  })
  @IsOptional()
  @IsText(...GUARDIAN_LIMITS.guardianContact)
  guardianContact?: string | null;
}

@ArgsType()
export class ChildRegistrationIdArgs {
  @Field(() => ID)
  @IsGlobalIdOf('ChildRegistration')
  id: string;
}

@ArgsType()
export class ChildIdArgs {
  @Field(() => ID)
  @IsGlobalIdOf('Child')
  childId: string;
}

@ArgsType()
export class PublishGuardianConsentTextArgs {
  @Field({
    description: `${GUARDIAN_LIMITS.consentVersion[0]}-${GUARDIAN_LIMITS.consentVersion[1]} characters, not used before (CONFLICT).`,
  })
  @IsText(...GUARDIAN_LIMITS.consentVersion)
  version: string;

  @Field({
    description: `${GUARDIAN_LIMITS.consentText[0]}-${GUARDIAN_LIMITS.consentText[1]} characters, plain text.`,
  })
  @IsText(...GUARDIAN_LIMITS.consentText)
  text: string;
}
