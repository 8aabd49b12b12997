import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { EscalationAction } from './escalation-action.js';

/**
 * The ladder of a participatory process, or the city-wide default (processId null). At most
 * one of each: a unique index on process_id, and a partial unique index written by hand in
 * the migration for the one row whose process_id is null (NULLs are distinct in a plain one).
 * A ladder with no rungs is not kept: clearing it deletes the row.
 */
@Entity('escalation_ladder')
@Index('ux_escalation_ladder_city', { synchronize: false })
export class EscalationLadderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', nullable: true, unique: true })
  processId: string | null;

  @ManyToOne(() => ProcessEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'process_id' })
  process?: Relation<ProcessEntity>;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** One rung: level 1..n in threshold order. Replaced as a whole when the ladder is set. */
@Entity('escalation_rung')
@Check('ck_escalation_rung_level', 'level >= 1')
@Check('ck_escalation_rung_threshold', 'threshold >= 1')
@Check('ck_escalation_rung_due', 'due_in_days IS NULL OR due_in_days >= 1')
export class EscalationRungEntity {
  @PrimaryColumn({ type: 'uuid' })
  ladderId: string;

  @PrimaryColumn({ type: 'int' })
  level: number;

  @ManyToOne(() => EscalationLadderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ladder_id' })
  ladder?: Relation<EscalationLadderEntity>;

  @Column({ type: 'int' })
  threshold: number;

  @Column({ type: 'enum', enum: EscalationAction, enumName: 'escalation_action' })
  action: EscalationAction;

  @Column({ type: 'int', nullable: true })
  dueInDays: number | null;

  @Column({ type: 'uuid', nullable: true })
  answeringDepartmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'answering_department_id' })
  answeringDepartment?: Relation<DepartmentEntity>;
}

/**
 * A proposal reached a rung: written once (the primary key, with INSERT ... ON CONFLICT DO
 * NOTHING: only the inserter acts) and never removed when supports fall. The rung is copied as
 * it was when crossed, so a later change of the ladder leaves what this crossing required.
 * Whether it is still owed is not stored: it is read from the answers and workshops written
 * since `reachedAt` (escalation.service.ts), so no writer elsewhere has to remember to clear it.
 */
@Entity('escalation_crossing')
@Check('ck_escalation_crossing_level', 'level >= 1')
export class EscalationCrossingEntity {
  @PrimaryColumn({ type: 'uuid' })
  proposalId: string;

  @PrimaryColumn({ type: 'int' })
  level: number;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Relation<ProposalEntity>;

  @Column({ type: 'timestamptz', precision: 3 })
  reachedAt: Date;

  @Column({ type: 'int' })
  threshold: number;

  @Column({ type: 'enum', enum: EscalationAction, enumName: 'escalation_action' })
  action: EscalationAction;

  @Column({ type: 'int', nullable: true })
  dueInDays: number | null;

  /** reachedAt + dueInDays for the answer actions. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  answeringDepartmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'answering_department_id' })
  answeringDepartment?: Relation<DepartmentEntity>;
}
