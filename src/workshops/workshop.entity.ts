import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { RegistrationStatus, WorkshopKind } from './workshop-status.js';

/**
 * A meeting in a room: a design camp, a round table. `registeredCount` and `waitlistCount` are
 * kept in the row, in the same transaction as the registration that moves them, under a lock
 * on this row; the CHECK makes overbooking impossible even for code that forgets the rule.
 */
@Entity('workshop')
@Index('ix_workshop_starts', ['startsAt', 'id'])
@Index('ix_workshop_process', ['processId', 'startsAt', 'id'])
@Check('ck_workshop_times', 'ends_at > starts_at')
@Check('ck_workshop_capacity', 'capacity IS NULL OR capacity BETWEEN 1 AND 10000')
@Check(
  'ck_workshop_registered',
  'registered_count >= 0 AND registered_count <= coalesce(capacity, registered_count)',
)
@Check('ck_workshop_waitlist', 'waitlist_count >= 0')
@Check('ck_workshop_dots', 'dots_per_participant IS NULL OR dots_per_participant BETWEEN 1 AND 100')
@Check(
  'ck_workshop_ages',
  'minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age',
)
export class WorkshopEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'enum', enum: WorkshopKind, enumName: 'workshop_kind' })
  kind: WorkshopKind;

  @Column({ type: 'uuid', nullable: true })
  processId: string | null;

  @ManyToOne(() => ProcessEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'process_id' })
  process?: Relation<ProcessEntity>;

  /** The department that runs it: its staff edit it, see registrations, publish the outcome. */
  @Column({ type: 'uuid' })
  organizerId: string;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organizer_id' })
  organizer?: Relation<DepartmentEntity>;

  @Column({ type: 'timestamptz', precision: 3 })
  startsAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  endsAt: Date;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  /** Null: unlimited. */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  /** CONFIRMED registrations. */
  @Column({ type: 'int', default: 0 })
  registeredCount: number;

  /** WAITLISTED registrations. */
  @Column({ type: 'int', default: 0 })
  waitlistCount: number;

  /** Published results (minutes, decisions); null until published. */
  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  outcomePublishedAt: Date | null;

  /** Round tables and design camps: the dots each participant may place (src/round-tables). */
  @Column({ type: 'int', nullable: true })
  dotsPerParticipant: number | null;

  /** When the organizer published the session's priorities; they are frozen from then on. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  prioritiesPublishedAt: Date | null;

  /** Guardians may register children (src/guardians); the ages bound those children. */
  @Column({ type: 'boolean', default: false })
  childrenAllowed: boolean;

  @Column({ type: 'int', nullable: true })
  minimumAge: number | null;

  @Column({ type: 'int', nullable: true })
  maximumAge: number | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/**
 * One person's place at one workshop; the unique key allows one row per person, reused when
 * they register again after cancelling. The queue order is queue_number; a waitlisted
 * person's position is their rank in it among the WAITLISTED, so positions are dense by
 * construction and never stored.
 */
@Entity('workshop_registration')
@Unique('uq_workshop_registration_user', ['workshopId', 'userId'])
@Index('ix_workshop_registration_queue', ['workshopId', 'status', 'queueNumber'])
@Index('ix_workshop_registration_user', ['userId'])
export class WorkshopRegistrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  workshopId: string;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({
    type: 'enum',
    enum: RegistrationStatus,
    enumName: 'registration_status',
  })
  status: RegistrationStatus;

  /**
   * The place in the queue: drawn from a sequence when registering (and again when registering
   * after a cancellation, with SET queue_number = DEFAULT), under the workshop's lock, so it
   * is the order of arrival; unique, so it orders the queue without ties.
   */
  @Column({ type: 'int' })
  @Generated('increment')
  queueNumber: number;

  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}

/** A proposal that came out of, or was discussed at, a workshop (set with its outcome). */
@Entity('workshop_proposal')
@Index('ix_workshop_proposal_proposal', ['proposalId', 'workshopId'])
export class WorkshopProposalEntity {
  @PrimaryColumn({ type: 'uuid' })
  workshopId: string;

  @PrimaryColumn({ type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;
}
