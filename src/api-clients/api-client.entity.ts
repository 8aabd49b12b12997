import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ApiScope } from '../core/access/api-scope.js';
import { SessionEntity } from '../identity/session.entity.js';
import { UserEntity } from '../identity/user.entity.js';

/**
 * A third-party client (a kiosk, the 120 call centre, a newspaper's data desk) with its own
 * identity. It acts through an account of its own (user_id: a STAFF account of its department
 * when it acts for one, else a CITIZEN account, neither able to log in), so every rule, count
 * and record that names a user names the client's account; api_client says it is a client.
 * Its tokens belong to one session of that account (session_id): revoking the client ends it.
 * The secret is stored as a SHA-256 hash only (it is 256 random bits: no salt or slow hash
 * needed); after a rotation the previous hash stays valid until previous_secret_expires_at.
 */
@Entity('api_client')
export class ApiClientEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The OAuth client_id: public, unique. */
  @Column({ type: 'text', unique: true })
  clientId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  ownerContact: string;

  @Column({ type: 'enum', enum: ApiScope, enumName: 'api_scope', array: true })
  scopes: ApiScope[];

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  @Column({ type: 'uuid', unique: true })
  userId: string;

  @OneToOne(() => UserEntity)
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'uuid', unique: true })
  sessionId: string;

  @OneToOne(() => SessionEntity)
  @JoinColumn({ name: 'session_id' })
  session?: Relation<SessionEntity>;

  /** SHA-256 of the current secret. */
  @Column({ type: 'bytea' })
  secretHash: Buffer;

  @Column({ type: 'bytea', nullable: true })
  previousSecretHash: Buffer | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  previousSecretExpiresAt: Date | null;

  /** Null: the city's default (RATE_LIMIT_COST_PER_MINUTE). */
  @Column({ type: 'int', nullable: true })
  costLimitPerMinute: number | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => UserEntity)
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}
