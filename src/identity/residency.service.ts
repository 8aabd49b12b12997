import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { DistrictEntity } from '../catalog/district.entity.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { assertBirthYear } from './birth-year.js';
import type { VerifyResidencyInput } from './dto/residency.inputs.js';
import {
  RESIDENCY_VERIFIER,
  type ResidencyVerification,
  type ResidencyVerifier,
} from './residency-verifier.js';
import { UserEntity } from './user.entity.js';

/**
 * A person's birth year and verified residency: what votes with an age or residency rule read
 * (budgets/eligibility.ts). The user gives their birth year; staff verify where they live.
 */
@Injectable()
export class ResidencyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RESIDENCY_VERIFIER) private readonly verifier: ResidencyVerifier,
  ) {}

  /**
   * The user's own birth year, until staff verify one off an ID (then CONFLICT, also for the
   * same year: the verified one is not the user's to touch). A suspended user may set it: it
   * is their own data, read by nobody but them and admins.
   */
  async setBirthYear(viewer: Viewer, year: number): Promise<UserEntity> {
    assertBirthYear('year', year, new Date());
    return this.db.transaction(async (manager) => {
      // Locked: a verification committing meanwhile is seen, not overwritten.
      const user = await this.lockedUser(manager, viewer.id);
      if (user.birthYearVerified) throw AppError.conflict('error.conflict.birthYearVerified');
      user.birthYear = year;
      return manager.save(user);
    });
  }

  /**
   * STAFF and ADMIN (the guard; the verifier says who vouches). Verifying again (a move)
   * replaces the district, the time and the verifier; the audit entry says what was before.
   */
  async verifyResidency(actor: Viewer, input: VerifyResidencyInput): Promise<UserEntity> {
    const now = new Date();
    const birthYear = input.birthYear ?? null;
    if (birthYear !== null) assertBirthYear('birthYear', birthYear, now);
    const verification = await this.verifier.verify({
      method: 'IN_PERSON',
      actor,
      userId: input.userId,
      districtId: input.districtId,
      birthYear,
    });
    return this.store(actor, verification, now);
  }

  /**
   * STAFF and ADMIN, not of themself (as verifying): the person no longer lives in the city, or
   * was verified by mistake. They are UNVERIFIED again; ballots they cast while verified stay,
   * as they were eligible when cast. The birth year, read off an ID, stays verified.
   */
  async revokeResidency(actor: Viewer, userId: string): Promise<UserEntity> {
    if (actor.id === userId) throw AppError.forbidden('error.forbidden.verifyOwnResidency');
    return this.db.transaction(async (manager) => {
      const user = await this.lockedUser(manager, userId);
      if (user.residencyDistrictId === null) {
        throw AppError.conflict('error.conflict.residencyNotVerified');
      }
      const before = await this.describe(manager, user);
      user.residencyDistrictId = null;
      user.residencyVerifiedAt = null;
      user.residencyVerifiedById = null;
      const saved = await manager.save(user);
      await recordAudit(manager, {
        action: AuditAction.RESIDENCY_REVOKED,
        actorId: actor.id,
        target: { type: 'User', id: user.id },
        before,
        after: 'UNVERIFIED',
      });
      return saved;
    });
  }

  /** Writes `verification` and its audit entry in one transaction. */
  private store(
    actor: Viewer,
    verification: ResidencyVerification,
    now: Date,
  ): Promise<UserEntity> {
    return this.db.transaction(async (manager) => {
      const district = await manager.findOneBy(DistrictEntity, { id: verification.districtId });
      if (!district) throw AppError.badField('districtId', 'field.namesNoDistrict');
      // Locked, so that two desks verifying one person at once write one after the other and
      // each audit entry's "before" is what the other left.
      const user = await this.lockedUser(manager, verification.userId);
      const before = await this.describe(manager, user);
      user.residencyDistrictId = district.id;
      user.residencyVerifiedAt = now;
      user.residencyVerifiedById = verification.verifiedById;
      if (verification.birthYear !== null) {
        user.birthYear = verification.birthYear;
        user.birthYearVerified = true;
      }
      const saved = await manager.save(user);
      await recordAudit(manager, {
        action: AuditAction.RESIDENCY_VERIFIED,
        actorId: actor.id,
        target: { type: 'User', id: user.id },
        before,
        after: await this.describe(manager, saved, district),
      });
      return saved;
    });
  }

  /**
   * FOR NO KEY UPDATE, not FOR UPDATE: the audit entry's and residency_verified_by_id's foreign
   * keys take KEY SHARE on the actor's row, which FOR UPDATE would block. Two members of staff
   * verifying each other at once would otherwise deadlock.
   */
  private async lockedUser(manager: EntityManager, id: string): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, {
      where: { id },
      lock: { mode: 'for_no_key_update' },
    });
    if (!user) throw AppError.notFound('user');
    return user;
  }

  /**
   * A residency as the audit log shows it: "VERIFIED (동충동) birthYear=1990" (the birth year only
   * when it was verified), or "UNVERIFIED". The audit log is for admins, who read birth years.
   */
  private async describe(
    manager: EntityManager,
    user: UserEntity,
    district?: DistrictEntity,
  ): Promise<string> {
    if (user.residencyDistrictId === null) return 'UNVERIFIED';
    const name =
      district?.name ??
      (await manager.findOneBy(DistrictEntity, { id: user.residencyDistrictId }))?.name ??
      user.residencyDistrictId;
    const year =
      user.birthYearVerified && user.birthYear !== null ? ` birthYear=${user.birthYear}` : '';
    return `VERIFIED (${name})${year}`;
  }
}
