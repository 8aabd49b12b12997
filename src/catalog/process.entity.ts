import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';

/** A participation space with ordered phases, e.g. the 5-stage service-design process. */
@Entity('participatory_process')
export class ProcessEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @OneToMany(() => PhaseEntity, (phase) => phase.process)
  phases?: Relation<PhaseEntity[]>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

@Entity('process_phase')
@Index('uq_process_phase_position', ['processId', 'position'], { unique: true })
@Check('ck_process_phase_dates', 'starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at')
export class PhaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  processId: string;

  @ManyToOne(() => ProcessEntity, (process) => process.phases, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'process_id' })
  process?: Relation<ProcessEntity>;

  /** 1-based order of the phase within its process. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startsAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endsAt: Date | null;
}
