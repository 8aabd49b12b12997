import { GraphQLError } from 'graphql';
import { Locale } from '../i18n/locale.js';
import { text } from '../i18n/text.js';
import { AppError, fieldProblem } from './app-error.js';
import { UnauthenticatedReason } from './error-codes.js';
import {
  formatGraphqlError,
  formatWebSocketErrors,
  type FormatErrorOptions,
} from './format-error.js';

describe('hideSuggestions', () => {
  const hidden = { exposeStack: false, hideSuggestions: true };
  const message = (text: string) =>
    formatWebSocketErrors([new GraphQLError(text)], 'validation', hidden)[0]!.message;

  it('masks every form of graphql-js suggestion, as graphql-armor leaves the field one over HTTP', () => {
    expect(message('Cannot query field "titel" on type "Proposal". Did you mean "title"?')).toBe(
      'Cannot query field "titel" on type "Proposal". [Suggestion hidden]?',
    );
    expect(
      message(
        'Unknown argument "frist" on field "Query.proposals". Did you mean "first" or "after"?',
      ),
    ).toBe('Unknown argument "frist" on field "Query.proposals". [Suggestion hidden]?');
    expect(
      message(
        'Value "ACCEPTD" does not exist in "ProposalStatus" enum. Did you mean the enum value "ACCEPTED"?',
      ),
    ).toBe('Value "ACCEPTD" does not exist in "ProposalStatus" enum. [Suggestion hidden]?');
    expect(
      message(
        'Cannot query field "title" on type "Node". Did you mean to use an inline fragment on "ParticipatoryProcess", "Proposal", or "Workshop"?',
      ),
    ).toBe('Cannot query field "title" on type "Node". [Suggestion hidden]?');
  });

  it('leaves other messages, and every message outside production, as they are', () => {
    expect(message('Syntax Error: Expected Name, found "}".')).toBe(
      'Syntax Error: Expected Name, found "}".',
    );
    const shown = formatGraphqlError(
      { message: 'Did you mean "title"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      null,
      { exposeStack: false },
    );
    expect(shown.message).toBe('Did you mean "title"?');
  });
});

describe("the reader's language", () => {
  const inKorean = { exposeStack: false, localeOf: () => Locale.KO };
  const format = (error: GraphQLError, options: FormatErrorOptions = inKorean) =>
    formatGraphqlError(error.toJSON(), error, options);

  it("renders an AppError's message and field errors (fields named in Korean), keeping code, reason and fields", () => {
    const refused = format(AppError.unauthenticated(UnauthenticatedReason.TOKEN_EXPIRED));
    expect(refused).toEqual({
      message: '액세스 토큰이 만료되었습니다. refreshSession으로 새 토큰을 받아 다시 시도하세요.',
      extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' },
    });
    const bad = format(
      AppError.badInput([
        fieldProblem('phases.1.endsAt', 'field.afterStart'),
        { field: 'title', message: 'title must be at least 3 characters long' },
      ]),
    );
    expect(bad.message).toBe(
      'phases.1.endsAt: 종료 시각 항목은 시작 시각보다 뒤여야 합니다 (외 1개 항목)',
    );
    expect(bad.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        { field: 'phases.1.endsAt', message: '종료 시각 항목은 시작 시각보다 뒤여야 합니다' },
        { field: 'title', message: '제목 항목은 3자 이상이어야 합니다' },
      ],
    });
  });

  it('finds the AppError inside the error graphql-js wrapped it in', () => {
    const thrown = AppError.conflict(
      text('error.conflict.supportsClosed', { status: 'WITHDRAWN' }),
    );
    const located = new GraphQLError(thrown.message, { originalError: thrown, path: ['x'] });
    expect(format(located).message).toBe('WITHDRAWN 상태의 제안은 공감을 받지 않습니다.');
  });

  it('is English when no language is known, exactly as before', () => {
    const error = AppError.rateLimited(3);
    expect(format(error, { exposeStack: false }).message).toBe(
      'Too many requests: try again in 3 seconds.',
    );
    expect(error.message).toBe('Too many requests: try again in 3 seconds.');
  });

  it("words the formatter's own answers in it: internal errors and unstorable input", () => {
    const internal = new GraphQLError('relation "x" does not exist', {
      originalError: new Error('relation "x" does not exist'),
    });
    expect(format(internal)).toMatchObject({
      message: '서버에 문제가 생겼습니다.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    });
    expect(format(new GraphQLError('x', { originalError: nul }))).toMatchObject({
      message: '입력에 저장할 수 없는 문자(NUL 등)가 있습니다.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it("graphql-js's token limit, its maximum read from its sentence", () => {
    const tokens = new GraphQLError(
      'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
      { extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
    );
    expect(format(tokens)).toMatchObject({
      message: '문서의 토큰 수가 한도(2000)를 넘어 읽기를 멈췄습니다.',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' },
    });
    expect(format(tokens, { exposeStack: false }).message).toBe(tokens.message);
  });
});
