import { SetMetadata } from '@nestjs/common';
import { Role } from './role.js';

/**
 * The role table of ../shared/api/README.md ("Who may do what"), the one place it is written.
 * Each root field declares the permission it needs with @Allow; the global guard enforces it.
 * What depends on the object (own proposal, the department a proposal is assigned to) is
 * checked in the service by the access helpers of each domain.
 */
export enum Permission {
  /** Public reads: proposals, comments, workshops, departments, stats. */
  READ_PUBLIC = 'READ_PUBLIC',
  /**
   * Sign up, log in, refresh and log out: the argument is the credential and the bearer header
   * is not read (so these stay open to suspended users, and a stale token cannot block a refresh).
   */
  AUTHENTICATE = 'AUTHENTICATE',
  /** Reads about oneself (notifications). */
  SIGNED_IN = 'SIGNED_IN',
  /** Create proposals, support, comment, register for workshops, report content. */
  PARTICIPATE = 'PARTICIPATE',
  /** First assignment, transfers, answers, progress updates, workshops (department checked in the service). */
  ACT_FOR_DEPARTMENT = 'ACT_FOR_DEPARTMENT',
  /** See hidden content, the moderation queue; moderate and suspend. */
  MODERATE = 'MODERATE',
  /** setUserRole, createDepartment/Topic/Process, `users`. */
  ADMINISTER = 'ADMINISTER',
}

const EVERY_ROLE = [Role.CITIZEN, Role.STAFF, Role.MODERATOR, Role.ADMIN] as const;

/** Which roles hold each permission; `null` means anyone, signed in or not. */
export const ROLE_TABLE: Record<Permission, readonly Role[] | null> = {
  [Permission.READ_PUBLIC]: null,
  [Permission.AUTHENTICATE]: null,
  [Permission.SIGNED_IN]: EVERY_ROLE,
  [Permission.PARTICIPATE]: EVERY_ROLE,
  [Permission.ACT_FOR_DEPARTMENT]: [Role.STAFF, Role.ADMIN],
  [Permission.MODERATE]: [Role.MODERATOR, Role.ADMIN],
  [Permission.ADMINISTER]: [Role.ADMIN],
};

export const PERMISSION_KEY = 'wontak:permission';

export const WHILE_SUSPENDED_KEY = 'wontak:allowedWhileSuspended';

/**
 * A mutation a suspended user may still make: a suspension stops writing for others to read,
 * not a person's control over what reaches them (their language, their mail).
 */
export const AllowWhileSuspended = () => SetMetadata(WHILE_SUSPENDED_KEY, true);

/** Declares what a resolver (class) or root field (method) requires. Every root field needs one. */
export const Allow = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

/**
 * STAFF of `departmentId`: who answers for a department (the proposals assigned to it, the
 * workshops it organizes) and whose comments there are official.
 */
export function isStaffOf(
  viewer: { role: Role; departmentId: string | null } | null,
  departmentId: string | null,
): boolean {
  return (
    viewer !== null &&
    viewer.role === Role.STAFF &&
    departmentId !== null &&
    viewer.departmentId === departmentId
  );
}

/** Whether `viewer` (null when anonymous) holds `permission` by role. */
export function holds(viewer: { role: Role } | null, permission: Permission): boolean {
  const roles = ROLE_TABLE[permission];
  return roles === null || (viewer !== null && roles.includes(viewer.role));
}
