import { registerEnumType } from '@nestjs/graphql';
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
  type Relation,
} from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ProcessEntity } from '../catalog/process.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { WorkshopEntity } from '../workshops/workshop.entity.js';

export enum PollQuestionKind {
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTIPLE_CHOICE = 'MULTIPLE_CHOICE',
  FREE_TEXT = 'FREE_TEXT',
}
registerEnumType(PollQuestionKind, { name: 'PollQuestionKind' });

/**
 * A poll of a process or a workshop, run by a department: open between two dates, one response
 * per eligible user (changeable until it closes); results public once closed, or live.
 */
@Entity('poll')
@Index('ix_poll_process', ['processId', 'opensAt', 'id'])
@Index('ix_poll_workshop', ['workshopId', 'opensAt', 'id'])
@Check('ck_poll_dates', 'closes_at > opens_at')
@Check('ck_poll_owner', 'process_id IS NOT NULL OR workshop_id IS NOT NULL')
@Check('ck_poll_minimum_age', 'minimum_age IS NULL OR minimum_age BETWEEN 0 AND 120')
export class PollEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'uuid', nullable: true })
  processId: string | null;

  @ManyToOne(() => ProcessEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'process_id' })
  process?: Relation<ProcessEntity>;

  @Column({ type: 'uuid', nullable: true })
  workshopId: string | null;

  @ManyToOne(() => WorkshopEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'workshop_id' })
  workshop?: Relation<WorkshopEntity>;

  /** The organizing department: its staff create, close and read free texts. */
  @Column({ type: 'uuid' })
  departmentId: string;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  @Column({ type: 'timestamptz', precision: 3 })
  opensAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  closesAt: Date;

  @Column({ type: 'boolean', default: false })
  liveResults: boolean;

  /** Null: anyone signed in may respond; else the budget rules of age (eligibility.ts). */
  @Column({ type: 'smallint', nullable: true })
  minimumAge: number | null;

  @Column({ type: 'boolean', default: false })
  requiresVerifiedResidency: boolean;

  /** Kept in the row with the response that moves it, under the response's transaction. */
  @Column({ type: 'int', default: 0 })
  responseCount: number;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

@Entity('poll_question')
@Index('uq_poll_question_position', ['pollId', 'position'], { unique: true })
@Check('ck_poll_question_max_choices', 'max_choices IS NULL OR max_choices >= 1')
export class PollQuestionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  pollId: string;

  @ManyToOne(() => PollEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'poll_id' })
  poll?: Relation<PollEntity>;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'enum', enum: PollQuestionKind, enumName: 'poll_question_kind' })
  kind: PollQuestionKind;

  @Column({ type: 'text' })
  prompt: string;

  @Column({ type: 'int', nullable: true })
  maxChoices: number | null;
}

@Entity('poll_option')
@Index('uq_poll_option_position', ['questionId', 'position'], { unique: true })
export class PollOptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  questionId: string;

  @ManyToOne(() => PollQuestionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: Relation<PollQuestionEntity>;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  label: string;
}

/** A user's response to a poll: one per user (replaced in place when they answer again). */
@Entity('poll_response')
@Index('uq_poll_response_user', ['pollId', 'userId'], { unique: true })
export class PollResponseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  pollId: string;

  @ManyToOne(() => PollEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'poll_id' })
  poll?: Relation<PollEntity>;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** An option chosen in a response. */
@Entity('poll_answer_choice')
@Index('ix_poll_answer_choice_option', ['optionId'])
export class PollAnswerChoiceEntity {
  @PrimaryColumn({ type: 'uuid' })
  responseId: string;

  @ManyToOne(() => PollResponseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'response_id' })
  response?: Relation<PollResponseEntity>;

  @PrimaryColumn({ type: 'uuid' })
  optionId: string;

  @ManyToOne(() => PollOptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'option_id' })
  option?: Relation<PollOptionEntity>;
}

/** A free-text answer in a response. */
@Entity('poll_answer_text')
@Index('ix_poll_answer_text_question', ['questionId', 'createdAt', 'responseId'])
export class PollAnswerTextEntity {
  @PrimaryColumn({ type: 'uuid' })
  responseId: string;

  @ManyToOne(() => PollResponseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'response_id' })
  response?: Relation<PollResponseEntity>;

  @PrimaryColumn({ type: 'uuid' })
  questionId: string;

  @ManyToOne(() => PollQuestionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: Relation<PollQuestionEntity>;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
