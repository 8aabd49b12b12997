import { Injectable } from '@nestjs/common';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';

/**
 * Who vouches that a person lives in a district: the pluggable half of verifyResidency.
 *
 * ResidencyService asks the verifier bound to RESIDENCY_VERIFIER to turn a claim into a
 * verification, then stores it (the user row, in one transaction with its audit entry); the
 * verifier decides only whether the claim stands. Today the one verifier is the city's
 * in-person check: a member of staff (or an admin) looks at an ID at the desk and records the
 * district, and the birth year if they read it.
 *
 * To add an identity service (a 본인인증 provider):
 * add a claim kind to ResidencyClaim (say `{ method: 'IDENTITY_SERVICE'; userId; token }`,
 * sent by the user themself), write a verifier that checks it with the provider and returns
 * the district and birth year the provider vouches for, with `verifiedById: null` (the column
 * allows it: no person verified), and bind RESIDENCY_VERIFIER (identity.module.ts) to a verifier
 * that hands each claim to the one of its method (keeping InPersonResidencyVerifier for the
 * desk), or to the new one alone to replace the desk. Nothing else changes: the storage, the
 * audit entry and every reader of `User.residency` stay as they are.
 */

/** The claims a verifier may be asked about, one kind per way of verifying. */
export type ResidencyClaim = InPersonClaim;

/** Staff (or an admin) saw the person's ID at the desk. */
export interface InPersonClaim {
  method: 'IN_PERSON';
  /** Who checked the ID: the request's viewer. */
  actor: Viewer;
  /** Whose residency, already decoded from the global ID. */
  userId: string;
  districtId: string;
  /** The birth year read off the ID, or null when staff did not record one. */
  birthYear: number | null;
}

/** What a verifier vouches for, as ResidencyService stores it. */
export interface ResidencyVerification {
  userId: string;
  districtId: string;
  /** Stored as the verified birth year (the user can no longer change it); null: unchanged. */
  birthYear: number | null;
  /** The person who vouches, shown as Residency.verifiedBy; null when a service does. */
  verifiedById: string | null;
}

export interface ResidencyVerifier {
  /** The verification `claim` earns, or an AppError (FORBIDDEN, BAD_USER_INPUT) saying why not. */
  verify(claim: ResidencyClaim): Promise<ResidencyVerification>;
}

/** The Nest token ResidencyService injects its verifier by. */
export const RESIDENCY_VERIFIER = Symbol('ResidencyVerifier');

/**
 * The desk's check. Any STAFF member may do it, whatever their department (every member of
 * staff does triage here: feedback-access.ts), and admins; the guard already let only them in,
 * and this says it again because a verifier is the rule of who vouches. Nobody vouches for
 * themself: an ID check is worth something because someone else made it.
 */
@Injectable()
export class InPersonResidencyVerifier implements ResidencyVerifier {
  verify(claim: ResidencyClaim): Promise<ResidencyVerification> {
    const { actor } = claim;
    if (actor.role !== Role.STAFF && actor.role !== Role.ADMIN) {
      return Promise.reject(AppError.forbidden('error.forbidden.verifyResidency'));
    }
    if (actor.id === claim.userId) {
      return Promise.reject(AppError.forbidden('error.forbidden.verifyOwnResidency'));
    }
    return Promise.resolve({
      userId: claim.userId,
      districtId: claim.districtId,
      birthYear: claim.birthYear,
      verifiedById: actor.id,
    });
  }
}
