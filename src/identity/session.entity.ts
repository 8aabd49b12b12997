import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { UserEntity } from './user.entity.js';

/**
 * A signed-in session: one log-in and every refresh token rotated from it (the "family").
 * Revoking it ends every token of the family at once, including access tokens, which name it.
 */
@Entity('auth_session')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_auth_session_user')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  /** Why it ended: LOG_OUT, or REUSE when a spent refresh token was presented again. */
  @Column({ type: 'text', nullable: true })
  revokedReason: string | null;
}

/** A refresh token, stored only as its SHA-256; single use. */
@Entity('refresh_token')
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_refresh_token_session')
  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: Relation<SessionEntity>;

  @Column({ type: 'bytea', unique: true })
  tokenHash: Buffer;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  /** Set when the token is exchanged; presenting it again afterwards is reuse. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  usedAt: Date | null;
}
