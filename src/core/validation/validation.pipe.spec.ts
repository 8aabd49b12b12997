import { Field, InputType } from '@nestjs/graphql';
import { jest } from '@jest/globals';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';
import { IsText } from './decorators.js';
import { createValidationPipe } from './validation.pipe.js';

@InputType()
class NoteInput {
  @Field()
  @IsText(2, 10)
  title: string;

  @Field()
  @IsText(1, 100)
  body: string;
}

const pipe = createValidationPipe();
const argument = (data: string | undefined, metatype: ArgumentMetadata['metatype']) =>
  ({ type: 'body', data, metatype }) as ArgumentMetadata;

async function refusal(value: unknown, metadata: ArgumentMetadata) {
  try {
    await pipe.transform(value, metadata);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.extensions.code, fields: error.extensions.fieldErrors };
  }
  return null;
}

const MALFORMED = 'must be valid Unicode text without NUL characters';

describe('the validation pipe on GraphQL arguments', () => {
  it('refuses malformed text in an argument no DTO validates, naming the argument', async () => {
    expect(await refusal('parks\u0000', argument('slug', String))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'slug', message: `slug ${MALFORMED}` }],
    });
    expect(await refusal(['ok', '\ud800'], argument('ids', Array))).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'ids', message: `ids ${MALFORMED}` }],
    });
  });

  it('lets sound text through, validated and transformed as before', async () => {
    expect(await pipe.transform('parks', argument('slug', String))).toBe('parks');
    const note = await pipe.transform(
      { title: '  제목  ', body: '본문' },
      argument('input', NoteInput),
    );
    expect(note).toBeInstanceOf(NoteInput);
    expect(note).toEqual(Object.assign(new NoteInput(), { title: '제목', body: '본문' }));
  });

  it('reports malformed text with the other bad fields of the input, once per field', async () => {
    const result = await refusal({ title: 'x', body: 'a\ud800b' }, argument('input', NoteInput));
    expect(result?.code).toBe('BAD_USER_INPUT');
    expect(result?.fields).toEqual([
      { field: 'body', message: `body ${MALFORMED}` },
      { field: 'title', message: 'title must be at least 2 characters long' },
    ]);
  });

  it('does not walk the context, the info or the parent (which reach pipes as custom)', async () => {
    const context = { req: { headers: { 'x-junk': '\u0000' } } };
    const custom = { type: 'custom', data: undefined, metatype: Object } as ArgumentMetadata;
    expect(await pipe.transform(context, custom)).toBe(context);
  });
});

describe('arguments that passed validation once', () => {
  it('pass again as they are, and anything else is still validated, however often it comes', async () => {
    const fresh = createValidationPipe();
    // class-validator's walk, under the pipe's own cache.
    const validate = jest.spyOn(
      ValidationPipe.prototype as unknown as { validate: () => unknown },
      'validate',
    );
    const input = argument('input', NoteInput);
    const passes = () => fresh.transform({ title: '제목', body: '본문' }, input);
    await passes();
    await passes();
    expect(await passes()).toEqual(Object.assign(new NoteInput(), { title: '제목', body: '본문' }));
    // Refused every time, before and after the good value was remembered.
    for (let i = 0; i < 3; i++) {
      await expect(fresh.transform({ title: 'x', body: '본문' }, input)).rejects.toBeInstanceOf(
        AppError,
      );
    }
    // One title longer than allowed, after the same body passed: refused.
    await expect(
      fresh.transform({ title: '제목이 너무 깁니다 정말로', body: '본문' }, input),
    ).rejects.toBeInstanceOf(AppError);
    // Once for the good value, then once for each refusal.
    expect(validate).toHaveBeenCalledTimes(5);
    validate.mockRestore();
  });

  it('are kept within a bound: ever new arguments cost validation, not memory', async () => {
    const fresh = createValidationPipe();
    for (let i = 0; i < 2500; i++)
      await fresh.transform({ title: `제목${i}`, body: '본문' }, argument('input', NoteInput));
    const kept = (fresh as unknown as { passedCount: number }).passedCount;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(2000);
  });
});
