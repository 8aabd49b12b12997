import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { Role } from '../core/access/role.js';
import { ensureLocalJwtSecret, resolveDatabase } from '../core/bootstrap.js';
import { EnvironmentError, validateEnvironment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import { isDatabaseUnavailable } from '../core/errors/postgres-errors.js';
import { toGlobalId } from '../core/graphql/relay/global-id.js';
import { StartupError } from '../core/startup/startup-error.js';
import { displayNameProblem } from '../core/validation/display-name.js';
import { normalizeEmail, normalizeText } from '../core/validation/text.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { UsersService } from '../identity/users.service.js';
import { CliError, EXIT } from './cli-error.js';
import { CliModule } from './cli.module.js';
import { readPassword } from './read-password.js';

const USAGE = `Wontak operator commands

  npm run cli -- user:create --email E --name N --role ROLE [--department SLUG]
      Creates an account. The password is read from standard input (the first line when
      piped, or typed at a prompt). ROLE is CITIZEN, STAFF, MODERATOR or ADMIN; STAFF need
      --department, the slug of an existing department.

  npm run cli -- documents:register FILE [--client NAME]
      Registers the trusted documents of an Apollo persisted-query manifest (FILE, as a front
      end's build writes it): each id must be the SHA-256 of its body, and each body one
      operation that validates against the served schema, or nothing is registered. Clients
      may then send the hash alone; with TRUSTED_DOCUMENTS_ONLY=true, people may run only
      these. Registering again is harmless. NAME (default: the file's name) says which front
      end the documents are from.

  npm run cli -- help
      This text.

The database is DATABASE_URL, or the embedded one under DATA_DIR (joined when the server is
running, started and stopped again otherwise). Pending migrations run first.
In a built image: node dist/src/cli/main.js <command> ...

Ids are printed as the API's global ids (the ones its queries take and return).
Exit status: 0 done; 1 failed, with "error: ..." on standard error and nothing changed;
2 a usage mistake (no or unknown command, unknown option or role, missing option).`;

interface UserCreateOptions {
  email: string;
  displayName: string;
  role: Role;
  departmentSlug: string | null;
}

function parseUserCreate(args: string[]): UserCreateOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        department: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CliError(`user:create: ${(error as Error).message}`, EXIT.USAGE);
  }
  for (const required of ['email', 'name', 'role'] as const) {
    if (!values[required]) {
      throw new CliError(`user:create: --${required} is required`, EXIT.USAGE);
    }
  }
  const role = values.role!.toUpperCase();
  if (!Object.values(Role).includes(role as Role)) {
    throw new CliError(
      `user:create: --role must be one of ${Object.values(Role).join(', ')}`,
      EXIT.USAGE,
    );
  }
  const email = normalizeEmail(values.email!);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw new CliError('user:create: --email must be a valid email address');
  }
  const displayName = normalizeText(values.name!);
  const nameProblem = displayNameProblem(displayName);
  if (nameProblem) throw new CliError(`user:create: --name ${nameProblem}`);
  return { email, displayName, role: role as Role, departmentSlug: values.department ?? null };
}

async function userCreate(args: string[]): Promise<string> {
  const options = parseUserCreate(args);
  if (options.role === Role.STAFF && !options.departmentSlug) {
    throw new CliError('user:create: --department is required for the STAFF role');
  }
  if (options.role !== Role.STAFF && options.departmentSlug) {
    throw new CliError('user:create: --department is only for the STAFF role');
  }
  const password = await readPassword().catch(() => {
    throw new CliError('user:create: give the password on standard input');
  });

  ensureLocalJwtSecret();
  const env = validateEnvironment(process.env);
  const database = await resolveDatabase(env);
  const app = await NestFactory.createApplicationContext(CliModule.forUrl(database.url), {
    // A failure reaches the operator as one line (describe) and exit status 1: not as Nest's
    // retries and stack traces, nor an exit of Nest's own before that line is written.
    logger: false,
    abortOnError: false,
  });
  try {
    let departmentId: string | null = null;
    if (options.departmentSlug) {
      const department = await app.get(DepartmentsService).findBySlug(options.departmentSlug);
      if (!department)
        throw new CliError(`user:create: no department has the slug "${options.departmentSlug}"`);
      departmentId = department.id;
    }
    const user = await app.get(UsersService).create({
      email: options.email,
      displayName: options.displayName,
      password,
      role: options.role,
      departmentId,
    });
    // The id the API knows the account by: what `node(id:)` and `setUserRole` take.
    return `Created ${user.role} ${user.email} (id ${toGlobalId('User', user.id)})`;
  } finally {
    await app.close();
    await database.stop();
  }
}

function describe(error: unknown): string {
  if (
    error instanceof CliError ||
    error instanceof EnvironmentError ||
    error instanceof StartupError
  )
    return error.message;
  if (error instanceof AppError) {
    const fields = (error.extensions.fieldErrors as { message: string }[] | undefined) ?? [];
    return fields.length ? fields.map((f) => f.message).join('; ') : error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isDatabaseUnavailable(error)) {
    return `cannot reach the database (${message}): check DATABASE_URL, or that Postgres is running`;
  }
  return `unexpected failure: ${message}`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'user:create':
        console.log(await userCreate(args));
        return EXIT.OK;
      case 'documents:register': {
        // Loaded here: it builds the schema from every module, which user:create does without.
        const { documentsRegister } = await import('./documents-register.js');
        console.log(await documentsRegister(args));
        return EXIT.OK;
      }
      case 'help':
      case '--help':
        console.log(USAGE);
        return EXIT.OK;
      // A script that runs the CLI with an empty command must not pass for a success.
      case undefined:
        console.error(USAGE);
        return EXIT.USAGE;
      default:
        throw new CliError(`unknown command "${command}"; try: npm run cli -- help`, EXIT.USAGE);
    }
  } catch (error) {
    console.error(`error: ${describe(error)}`);
    return error instanceof CliError ? error.exitCode : EXIT.FAILED;
  }
}

process.exitCode = await main(process.argv.slice(2));
