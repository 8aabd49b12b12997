import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import { isUniqueViolation } from '../core/errors/postgres-errors.js';
import { displayNameProblem } from '../core/validation/display-name.js';
import { normalizeEmail } from '../core/validation/text.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { PASSWORD_MAX, passwordProblem } from './password-rules.js';
import type { SetUserRoleInput } from './dto/set-user-role.input.js';
import type { UsersArgs } from './dto/users.args.js';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { PasswordHasher } from './password-hasher.js';
import { UserEntity } from './user.entity.js';

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  role?: Role;
  departmentId?: string | null;
}

const NEWEST_FIRST: KeysetOrdering<UserEntity> = {
  name: 'users-created',
  direction: 'DESC',
  keys: [
    { expression: 'u.created_at', sqlType: 'timestamptz', value: (u) => u.createdAt.toISOString() },
    { expression: 'u.id', sqlType: 'uuid', value: (u) => u.id },
  ],
};

const USER_BY_ID = new LoaderKey<string, UserEntity | null>('user-by-id');

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Accounts and roles: the one owner of the rules about who a user is and what role they hold. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Creates an account; used by signUp, the operator CLI and the demo seed alike. The inputs
   * were checked by their callers; the display-name and password rules are checked here again
   * so that no path can store what they refuse.
   */
  async create(input: NewUser): Promise<UserEntity> {
    const nameProblem = displayNameProblem(input.displayName);
    if (nameProblem) throw AppError.badField('displayName', `displayName ${nameProblem}`);
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw AppError.badField('password', problem);
    const role = input.role ?? Role.CITIZEN;
    const departmentId = await this.checkedDepartment(role, input.departmentId ?? null);
    try {
      return await this.users.save(
        this.users.create({
          email: input.email,
          displayName: input.displayName,
          passwordHash: await this.hasher.hash(input.password),
          role,
          departmentId,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw AppError.conflict('error.conflict.emailTaken');
      throw error;
    }
  }

  /** The account behind a log-in, or null: one answer for an unknown email and a wrong password. */
  async verifyCredentials(email: string, password: string): Promise<UserEntity | null> {
    if (
      typeof email !== 'string' ||
      typeof password !== 'string' ||
      password.length > 4 * PASSWORD_MAX
    ) {
      await this.hasher.verify(null, '');
      return null;
    }
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: normalizeEmail(email) })
      .getOne();
    const ok = await this.hasher.verify(user?.passwordHash ?? null, password);
    return ok ? user : null;
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** Batched per request: the authors of a page of proposals or comments cost one query. */
  load(loaders: RequestLoaders, id: string): Promise<UserEntity | null> {
    return this.byIdLoader(loaders).load(id);
  }

  /** Tells the request's loader about a user another query already read (a joined author). */
  prime(loaders: RequestLoaders, user: UserEntity): void {
    this.byIdLoader(loaders).prime(user.id, user);
  }

  private byIdLoader(loaders: RequestLoaders) {
    return loaders.get(USER_BY_ID, async (ids) =>
      byKeys(ids, await this.findByIds(ids), (u) => u.id),
    );
  }

  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.users.findBy({ id: In([...ids]) });
  }

  list(args: UsersArgs): Promise<Connection<UserEntity>> {
    const query = this.users.createQueryBuilder('u');
    if (args.role) query.andWhere('u.role = :role', { role: args.role });
    if (args.search) {
      query.andWhere(
        "(u.display_name ILIKE :pattern ESCAPE '\\' OR u.email ILIKE :pattern ESCAPE '\\')",
        {
          pattern: `%${escapeLike(args.search)}%`,
        },
      );
    }
    return paginate(query, args, NEWEST_FIRST);
  }

  /**
   * ADMIN only (the guard). An admin cannot change their own role, so the city can never lose
   * its last admin by accident; another admin must do it.
   */
  async setRole(actor: Viewer, input: SetUserRoleInput): Promise<UserEntity> {
    return this.users.manager.transaction(async (manager) => {
      if (input.userId === actor.id) throw AppError.conflict('error.conflict.ownRole');
      // The actor's row and the target's, locked in one order: two admins demoting each other
      // at once then wait for one another instead of deadlocking (the audit entry's reference
      // to the actor would otherwise lock the actor's row second), and the second finds that
      // it is no longer an admin.
      const locked: { id: string; role: Role }[] = await manager.query(
        `SELECT id, role FROM app_user WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [[actor.id, input.userId]],
      );
      if (locked.find((row) => row.id === actor.id)?.role !== Role.ADMIN) {
        throw AppError.forbidden('error.forbidden.onlyAdminsChangeRoles');
      }
      const user = await manager.findOneBy(UserEntity, { id: input.userId });
      if (!user) throw AppError.notFound('user');
      const before = await this.describeRole(user.role, user.departmentId);
      user.departmentId = await this.checkedDepartment(input.role, input.departmentId ?? null);
      user.role = input.role;
      const saved = await manager.save(user);
      await recordAudit(manager, {
        action: AuditAction.ROLE_CHANGED,
        actorId: actor.id,
        target: { type: 'User', id: user.id },
        before,
        after: await this.describeRole(user.role, user.departmentId),
      });
      return saved;
    });
  }

  /** "STAFF (공원녹지과)" or "CITIZEN": a role as the audit log shows it. */
  private async describeRole(role: Role, departmentId: string | null): Promise<string> {
    if (!departmentId) return role;
    const department = await this.departments.findOneBy({ id: departmentId });
    return `${role} (${department?.name ?? departmentId})`;
  }

  /** STAFF need an existing department and only STAFF have one. */
  private async checkedDepartment(role: Role, departmentId: string | null): Promise<string | null> {
    if (role !== Role.STAFF) {
      if (departmentId) throw AppError.badField('departmentId', 'field.onlyForStaff');
      return null;
    }
    if (!departmentId) throw AppError.badField('departmentId', 'field.requiredForStaff');
    if (!(await this.departments.existsBy({ id: departmentId }))) {
      throw AppError.badField('departmentId', 'field.notAnExistingDepartment');
    }
    return departmentId;
  }
}
