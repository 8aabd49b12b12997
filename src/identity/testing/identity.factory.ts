import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Role } from '../../core/access/role.js';
import { SessionEntity } from '../session.entity.js';
import { UserEntity } from '../user.entity.js';

/** Every factory-made user has this password, for the tests that log in for real. */
export const TEST_PASSWORD = 'correct horse battery staple';

let passwordHash: Promise<string> | undefined;

export interface TestUser {
  user: UserEntity;
  /** A valid access token of a fresh session. */
  token: string;
}

let counter = 0;

/**
 * Inserts a user straight into the database (hashing once per test file, not per user) and
 * mints an access token for a new session, as logIn would, without argon2 on every call.
 */
export async function createUser(
  db: DataSource,
  jwt: JwtService,
  overrides: Partial<
    Pick<
      UserEntity,
      | 'email'
      | 'displayName'
      | 'role'
      | 'departmentId'
      | 'suspendedUntil'
      | 'locale'
      | 'emailVerifiedAt'
      | 'timeZone'
      | 'digestHour'
    >
  > = {},
): Promise<TestUser> {
  passwordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id });
  counter += 1;
  const tag = `${counter}-${randomBytes(3).toString('hex')}`;
  const user = await db.getRepository(UserEntity).save(
    db.getRepository(UserEntity).create({
      email: `user-${tag}@example.test`,
      displayName: `Tester ${tag}`,
      role: Role.CITIZEN,
      departmentId: null,
      suspendedUntil: null,
      passwordHash: await passwordHash,
      ...overrides,
    }),
  );
  return { user, token: await tokenFor(db, jwt, user) };
}

export async function tokenFor(db: DataSource, jwt: JwtService, user: UserEntity): Promise<string> {
  const session = await db.getRepository(SessionEntity).save({ userId: user.id });
  return jwt.signAsync({ sub: user.id, sid: session.id });
}
