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

/**
 * One table in the room of a ROUND_TABLE or DESIGN_CAMP session: its number (what is written
 * on the card on the table), its topic, and who facilitates it. Tables that hold ideas cannot
 * be removed (table_idea's foreign key is RESTRICT): the room's record stays whole.
 */
@Entity('round_table')
@Unique('uq_round_table_number', ['workshopId', 'number'])
@Check('ck_round_table_number', 'number BETWEEN 1 AND 1000')
@Check('ck_round_table_size', 'size IS NULL OR size BETWEEN 1 AND 1000')
export class RoundTableEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  workshopId: string;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  @Column({ type: 'int' })
  number: number;

  @Column({ type: 'text', nullable: true })
  topic: string | null;

  /** A staff member, or a registered participant the organizer named; may record for this table. */
  @Column({ type: 'uuid', nullable: true })
  facilitatorId: string | null;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'facilitator_id' })
  facilitator?: Relation<UserEntity>;

  /**
   * How many people sit at the table when not all of them are registered users (children at a
   * design camp have no account); null: the seated participants. Bounds the table's dots.
   */
  @Column({ type: 'int', nullable: true })
  size: number | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** One participant's seat: one table per person per session. */
@Entity('round_table_seat')
@Index('ix_round_table_seat_table', ['tableId'])
export class RoundTableSeatEntity {
  @PrimaryColumn({ type: 'uuid' })
  workshopId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'uuid' })
  tableId: string;

  @ManyToOne(() => RoundTableEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'table_id' })
  table?: Relation<RoundTableEntity>;

  @Column({ type: 'uuid' })
  assignedById: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'assigned_by_id' })
  assignedBy?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  assignedAt: Date;
}
