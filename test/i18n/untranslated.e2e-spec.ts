import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanSource, scanTree, type Untranslated } from './untranslated-scan.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Sentences that stay English on purpose, or until their owner converts them. Each is found by
 * file and a piece of its code, and must still be there: a fixed one is taken off this list.
 */
const KNOWN: { file: string; code: string; why: string }[] = [
  {
    file: 'src/core/graphql/date-time.scalar.ts',
    code: 'DateTime must be an RFC 3339',
    why: 'protocol: a scalar coercion message, quoted inside graphql-js own "Variable ... got invalid value" sentence',
  },
  {
    file: 'src/core/graphql/date-time.scalar.ts',
    code: 'DateTime must be a string',
    why: 'protocol: as above, for a literal in the document',
  },
  {
    file: 'src/core/graphql/query-limits.ts',
    code: 'Only subscriptions are served over the WebSocket',
    why: 'protocol: tells a client developer which transport to use, like graphql-js own errors',
  },
  {
    file: 'src/core/live/live-socket-options.ts',
    code: 'The connection has closed.',
    why: 'protocol: nobody reads it, the socket is gone',
  },
];

const isKnown = (found: Untranslated) =>
  KNOWN.some((known) => found.file === known.file && found.code.includes(known.code));

describe('no user-facing English sentence is left in code', () => {
  const found = scanTree(join(ROOT, 'src'), ROOT);

  it('every error and field problem in src/ takes its words from the catalogues', () => {
    expect(found.filter((f) => !isKnown(f))).toEqual([]);
  });

  it('each sentence kept on purpose is still there (a converted one leaves the list)', () => {
    const stale = KNOWN.filter(
      (known) => !found.some((f) => f.file === known.file && f.code.includes(known.code)),
    );
    expect(stale).toEqual([]);
  });

  it('catches a planted sentence, in every form an error is given one', () => {
    const planted = `
      import { AppError } from '../core/errors/app-error.js';
      export function planted(status: string, field: string) {
        if (status) throw AppError.conflict('This proposal is closed.');
        if (field) throw AppError.badField(field, \`\${field} must be shorter\`);
        if (!field) throw AppError.forbidden(status ? 'Go away now.' : 'error.forbidden');
        if (status === 'x') throw AppError.notFound('The proposal');
        if (status === 'y') throw new AppError(ErrorCode.CONFLICT, 'Already ' + 'done here.');
        if (status === 'z') throw new GraphQLError('Something broke here.');
        if (status === 'u') throw AppError.unauthenticated(reason, 'Sign in again please.');
        return [{ field: 'title', message: 'title is too long' }];
      }
      class Input {
        @IsEmail({}, { message: 'email must be an address' })
        email: string;
      }`;
    const lines = scanSource('planted.ts', planted).map((f) => f.line);
    expect(lines).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 14]);
  });

  it('lets catalogue keys, NOT_FOUND things, texts and variables through', () => {
    const sound = `
      export function sound(status: string, message: string) {
        if (status) throw AppError.conflict('error.conflict.alreadyRated');
        if (message) throw AppError.conflict(text('error.conflict.supportsClosed', { status }));
        throw AppError.notFound('proposal');
        throw AppError.badField('ids', 'field.noRepeatedIds');
        throw AppError.forbidden(message);
        throw AppError.unauthenticated(UnauthenticatedReason.TOKEN_EXPIRED);
        return [{ field: \`rungs.\${status}\`, message }, fieldProblem('x', 'field.afterStart')];
      }`;
    expect(scanSource('sound.ts', sound)).toEqual([]);
  });
});
