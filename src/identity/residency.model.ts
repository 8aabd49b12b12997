import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ResidencyStatus {
  UNVERIFIED = 'UNVERIFIED',
  VERIFIED = 'VERIFIED',
}
registerEnumType(ResidencyStatus, { name: 'ResidencyStatus' });

/**
 * A user's residency as User.residency serves it: what the user row holds, its district and
 * verifier resolved by ResidencyFieldsResolver through the request's loaders.
 */
export interface ResidencyView {
  status: ResidencyStatus;
  districtId: string | null;
  verifiedAt: Date | null;
  verifiedById: string | null;
}

@ObjectType('Residency', {
  description:
    'Where a user was verified to live. UNVERIFIED: district, verifiedAt and verifiedBy are null.',
})
export class Residency {
  @Field(() => ResidencyStatus)
  status: ResidencyStatus;

  @Field(() => Date, { nullable: true })
  verifiedAt: Date | null;
}

/** The residency facts of a user row, as the GraphQL field serves them. */
export function residencyOf(user: {
  residencyDistrictId: string | null;
  residencyVerifiedAt: Date | null;
  residencyVerifiedById: string | null;
}): ResidencyView {
  if (user.residencyDistrictId === null) {
    return {
      status: ResidencyStatus.UNVERIFIED,
      districtId: null,
      verifiedAt: null,
      verifiedById: null,
    };
  }
  return {
    status: ResidencyStatus.VERIFIED,
    districtId: user.residencyDistrictId,
    verifiedAt: user.residencyVerifiedAt,
    verifiedById: user.residencyVerifiedById,
  };
}
