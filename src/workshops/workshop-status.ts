import { registerEnumType } from '@nestjs/graphql';

export enum WorkshopKind {
  DESIGN_CAMP = 'DESIGN_CAMP',
  /** The base contract's name for a round table; kept for clients, treated as ROUND_TABLE. */
  ROUNDTABLE = 'ROUNDTABLE',
  ROUND_TABLE = 'ROUND_TABLE',
  INTERVIEW = 'INTERVIEW',
  TOWN_HALL = 'TOWN_HALL',
  OTHER = 'OTHER',
}
registerEnumType(WorkshopKind, { name: 'WorkshopKind' });

/**
 * A registration's state. First come, first served: CONFIRMED while places remain, then
 * WAITLISTED; a cancellation promotes the first waitlisted person (registrations.service.ts).
 */
export enum RegistrationStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RegistrationStatus, { name: 'RegistrationStatus' });

/** Registration closes when the workshop starts; so does cancelling a place. */
export function registrationOpen(workshop: { startsAt: Date }, now = new Date()): boolean {
  return now < workshop.startsAt;
}

/** Kinds of session held at tables, whose ideas and dots are recorded (src/round-tables). */
export const SEATED_KINDS: readonly WorkshopKind[] = [
  WorkshopKind.ROUND_TABLE,
  WorkshopKind.ROUNDTABLE,
  WorkshopKind.DESIGN_CAMP,
];
