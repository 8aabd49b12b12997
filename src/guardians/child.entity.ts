import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { UserEntity } from '../identity/user.entity.js';
import { WorkshopEntity } from '../workshops/workshop.entity.js';
import { RegistrationStatus } from '../workshops/workshop-status.js';

/**
 * A child a guardian added: a first name and a birth year, nothing else (PIPA art. 22-2: a
 * child under 14 is registered with a legal guardian's consent). No account. Erased when the
 * guardian withdraws consent.
 */
@Entity('child')
@Index('ix_child_guardian', ['guardianId'])
@Check('ck_child_birth_year', 'birth_year BETWEEN 1900 AND 2200')
export class ChildEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  guardianId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'guardian_id' })
  guardian?: Relation<UserEntity>;

  @Column({ type: 'text' })
  firstName: string;

  @Column({ type: 'int' })
  birthYear: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** A version of the text guardians consent to; stored, never changed, so a consent names it. */
@Entity('consent_text')
export class ConsentTextEntity {
  @PrimaryColumn({ type: 'text' })
  version: string;

  @Column({ type: 'text' })
  text: string;

  /** The current text is the one published last. */
  @Column({ type: 'timestamptz', precision: 3 })
  publishedAt: Date;
}

/**
 * A guardian's consent to one registration: who consented, as what, to which text, when, and
 * when it was withdrawn. What the law requires to be kept: it outlives the child's data
 * (child_id is set null when the child is erased) and names no child.
 */
@Entity('guardian_consent')
@Index('ix_guardian_consent_guardian', ['guardianId', 'givenAt'])
@Index('ix_guardian_consent_child', ['childId'])
export class GuardianConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true })
  childId: string | null;

  @ManyToOne(() => ChildEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'child_id' })
  child?: Relation<ChildEntity>;

  @Column({ type: 'uuid' })
  guardianId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'guardian_id' })
  guardian?: Relation<UserEntity>;

  /** Null once the workshop is deleted: the record of consent stays all the same. */
  @Column({ type: 'uuid', nullable: true })
  workshopId: string | null;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  @Column({ type: 'text' })
  consentTextVersion: string;

  @ManyToOne(() => ConsentTextEntity)
  @JoinColumn({ name: 'consent_text_version' })
  consentText?: Relation<ConsentTextEntity>;

  @Column({ type: 'text' })
  relationship: string;

  @Column({ type: 'timestamptz', precision: 3 })
  givenAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  withdrawnAt: Date | null;
}

/**
 * A child's place at a workshop. Shares the workshop's counters and the adults' queue
 * sequence (workshop_registration_queue_number_seq), so capacity, waitlist and promotion treat
 * a child exactly as an adult: one queue, ordered by arrival. One row per child per workshop,
 * reused when registering again after a cancellation (with a new consent).
 */
@Entity('child_registration')
@Unique('uq_child_registration_child', ['workshopId', 'childId'])
@Index('ix_child_registration_queue', ['workshopId', 'status', 'queueNumber'])
@Index('ix_child_registration_guardian', ['guardianId'])
export class ChildRegistrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  workshopId: string;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  @Column({ type: 'uuid' })
  childId: string;

  @ManyToOne(() => ChildEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'child_id' })
  child?: Relation<ChildEntity>;

  @Column({ type: 'uuid' })
  guardianId: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'guardian_id' })
  guardian?: Relation<UserEntity>;

  @Column({ type: 'enum', enum: RegistrationStatus, enumName: 'registration_status' })
  status: RegistrationStatus;

  /** Drawn from the adults' sequence: one queue for both, in order of arrival. */
  @Column({ type: 'int', default: () => "nextval('workshop_registration_queue_number_seq')" })
  queueNumber: number;

  @Column({ type: 'uuid' })
  consentId: string;

  @ManyToOne(() => GuardianConsentEntity)
  @JoinColumn({ name: 'consent_id' })
  consent?: Relation<GuardianConsentEntity>;

  /** Shown to the organizers, by the guardian's choice. */
  @Column({ type: 'text', nullable: true })
  guardianContact: string | null;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
