import { Locale } from '../core/i18n/locale.js';
import { DEFAULT_DIGEST_HOUR, DEFAULT_TIME_ZONE } from '../core/i18n/time-zone.js';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { Role } from '../core/access/role.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { DistrictEntity } from '../catalog/district.entity.js';

@Entity('app_user')
@Index('ix_app_user_created', ['createdAt', 'id'])
@Check('ck_app_user_email_lower', 'email = lower(email)')
@Check('ck_app_user_digest_hour', 'digest_hour BETWEEN 0 AND 23')
@Check('ck_app_user_birth_year', 'birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200')
// A residency is verified as a whole: its district, when and by whom (verifiedBy may later be
// deleted, so it alone may be null).
@Check('ck_app_user_residency', '(residency_district_id IS NULL) = (residency_verified_at IS NULL)')
// STAFF always work in a department, and only STAFF have one.
@Check('ck_app_user_staff_department', "(role = 'STAFF') = (department_id IS NOT NULL)")
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  email: string;

  /**
   * argon2id; never leaves the identity module (the GraphQL User model has no such field), and
   * is not even read unless asked for (`select: false`): a page of proposals joins its authors,
   * and their hashes have no business in its memory. UsersService.verifyCredentials asks.
   */
  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', default: Role.CITIZEN })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<DepartmentEntity>;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  suspendedUntil: Date | null;

  /** The language they chose; null: their client's Accept-Language, else DEFAULT_LOCALE. */
  @Column({ type: 'enum', enum: Locale, enumName: 'locale', nullable: true })
  locale: Locale | null;

  /** IANA time zone of their daily digest. */
  @Column({ type: 'text', default: DEFAULT_TIME_ZONE })
  timeZone: string;

  /** Hour of the day (0-23, in timeZone) at which their daily digest is sent. */
  @Column({ type: 'smallint', default: DEFAULT_DIGEST_HOUR })
  digestHour: number;

  /** When `email` was proved theirs; nothing is e-mailed to an address before that. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  emailVerifiedAt: Date | null;

  /** Private to the user and admins; votes with a minimum age read it (budgets/eligibility.ts). */
  @Column({ type: 'smallint', nullable: true })
  birthYear: number | null;

  /**
   * Set when staff checked an ID in person (or a verifier service did): the birth year is then
   * the ID's, and the user can no longer change it.
   */
  @Column({ type: 'boolean', default: false })
  birthYearVerified: boolean;

  /** The district whose resident they were verified to be; null while UNVERIFIED. */
  @Column({ type: 'uuid', nullable: true })
  residencyDistrictId: string | null;

  @ManyToOne(() => DistrictEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'residency_district_id' })
  residencyDistrict?: Relation<DistrictEntity>;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  residencyVerifiedAt: Date | null;

  /** Who verified it: staff or an admin; null for a verifier service, or once they are deleted. */
  @Column({ type: 'uuid', nullable: true })
  residencyVerifiedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'residency_verified_by_id' })
  residencyVerifiedBy?: Relation<UserEntity>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
