import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDate,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  validate,
} from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { toFieldErrors } from '../validation/validation.pipe.js';
import { IsGlobalIdOf, IsGlobalRef, IsSlug, IsText } from '../validation/decorators.js';
import { Locale } from './locale.js';
import { english, fieldProblemText, render, text, withFieldLabel } from './text.js';

enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}

class Inner {
  @IsInt()
  n: unknown;
}

/** One field per validator the inputs use, each given a value it refuses. */
class Everything {
  @IsInt() @Min(1) a: unknown = 0.5;
  @Max(100) b: unknown = 101;
  @Min(1) c: unknown = 0;
  @IsEnum(Colour, { each: true }) d: unknown = ['GREEN'];
  @IsIn(['x', 'y']) e: unknown = 'z';
  @IsString() f: unknown = 1;
  @IsBoolean() g: unknown = 'yes';
  @IsDate() h: unknown = 'today';
  @ArrayMaxSize(2) i: unknown = [1, 2, 3];
  @IsArray() j: unknown = 'x';
  @IsUrl() k: unknown = 'not a url';
  @MinLength(3) l: unknown = 'ab';
  @MaxLength(3) m: unknown = 'abcd';
  @IsNumber() n: unknown = 'x';
  @ArrayUnique() o: unknown = [1, 1];
  @IsEmail() p: unknown = 'nobody';
  @IsText(3, 10) q: unknown = 'ab';
  @IsText(1, 3) r: unknown = 'abcd';
  @IsText(1, 3) s: unknown = '';
  @IsSlug() t: unknown = 'Not A Slug';
  @IsGlobalIdOf('Topic') u: unknown = 'junk';
  @IsGlobalIdOf('Topic', { each: true }) v: unknown = ['junk'];
  @IsGlobalRef(['Proposal', 'Comment']) w: unknown = 'junk';
  @IsGlobalRef() x: unknown = 'junk';
  @ValidateNested() @Type(() => Inner) y: unknown = { n: 'x' };
}

describe('field problems read back from the sentences validators write', () => {
  it('recognises every validator the inputs use, and renders the same English again', async () => {
    const object = plainToInstance(Everything, Object.assign({}, new Everything()));
    const errors = toFieldErrors(await validate(object, { stopAtFirstError: true }));
    expect(errors.length).toBeGreaterThanOrEqual(25);
    const unread = errors.filter((error) => !fieldProblemText(error.message));
    expect(unread).toEqual([]);
    for (const error of errors) {
      const read = fieldProblemText(error.message)!;
      expect(english(read)).toBe(error.message);
      expect(render(Locale.KO, read)).not.toBe(error.message);
    }
  });

  it('reads the arguments out of the sentence', () => {
    expect(fieldProblemText('first must not be greater than 100')).toEqual(
      text('validation.max', { field: 'first', max: '100' }),
    );
    expect(render(Locale.KO, fieldProblemText('title must be at least 3 characters long')!)).toBe(
      'title 항목은 3자 이상이어야 합니다',
    );
    expect(
      render(
        Locale.KO,
        fieldProblemText('each value in statuses must be one of the following values: A, B')!,
      ),
    ).toBe('statuses 항목은 다음 값 중 하나여야 합니다: A, B');
    expect(fieldProblemText('targetId must be an id of a Proposal or a Comment')).toEqual(
      text('field.idOfEither', { field: 'targetId', first: 'Proposal', second: 'Comment' }),
    );
  });

  it('names a field as the reader’s language does, and as the API does in English', () => {
    const short = fieldProblemText('title must be at least 3 characters long')!;
    expect(render(Locale.KO, withFieldLabel(Locale.KO, short))).toBe(
      '제목 항목은 3자 이상이어야 합니다',
    );
    expect(render(Locale.EN, withFieldLabel(Locale.EN, short))).toBe(
      'title must be at least 3 characters long',
    );
    // Inside "each value in ...", and a field without a label keeps its API name.
    const each = fieldProblemText('each value in topicIds must be ids of a Topic')!;
    expect(render(Locale.KO, withFieldLabel(Locale.KO, each))).toBe(
      '주제 항목은 Topic의 ID 목록이어야 합니다',
    );
    const unlabelled = fieldProblemText('ids must not repeat an id')!;
    expect(render(Locale.KO, withFieldLabel(Locale.KO, unlabelled))).toBe(
      'ids 항목에 같은 ID를 두 번 쓸 수 없습니다',
    );
  });

  it('leaves a sentence no template knows as it is (null), and a long one unread, quickly', () => {
    expect(fieldProblemText('something else entirely')).toBeNull();
    expect(fieldProblemText('')).toBeNull();
    const started = performance.now();
    expect(fieldProblemText(`${'x must be '.repeat(20_000)}an id of a`)).toBeNull();
    expect(fieldProblemText(`x must be ${'an id of a '.repeat(90)} or a`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(200);
  });
});
