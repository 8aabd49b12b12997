import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './catalogues/en.js';
import { ko } from './catalogues/ko.js';
import { Locale } from './locale.js';
import { CATALOGUES, translate, type MessageKey } from './translate.js';

/** intl-messageformat's element types (its AST is @formatjs/icu-messageformat-parser's). */
const ARGUMENT = 1;

interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}

/** Every argument a message reads, nested ones (inside plural and select branches) included. */
function argumentsOf(elements: readonly Element[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type !== 0 && element.type !== 7 && element.value) into.add(element.value);
    for (const option of Object.values(element.options ?? {})) argumentsOf(option.value, into);
    if (element.children) argumentsOf(element.children, into);
  }
  return into;
}

function parsed(locale: Locale, key: MessageKey) {
  return new IntlMessageFormat(CATALOGUES[locale][key], locale, undefined, { ignoreTag: true });
}

const keys = Object.keys(ko) as MessageKey[];

describe('the message catalogues', () => {
  it('hold the same keys in Korean and in English, none empty', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    for (const locale of [Locale.KO, Locale.EN]) {
      const empty = keys.filter((key) => !CATALOGUES[locale][key]?.trim());
      expect({ locale, empty }).toEqual({ locale, empty: [] });
    }
  });

  it('parse as ICU messages in their own locale', () => {
    const broken: string[] = [];
    for (const locale of [Locale.KO, Locale.EN]) {
      for (const key of keys) {
        try {
          parsed(locale, key);
        } catch (error) {
          broken.push(`${locale} ${key}: ${(error as Error).message}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('read the same argument names in both languages, key by key', () => {
    const differ = keys
      .map((key) => ({
        key,
        ko: [...argumentsOf(parsed(Locale.KO, key).getAst() as Element[])].sort(),
        en: [...argumentsOf(parsed(Locale.EN, key).getAst() as Element[])].sort(),
      }))
      .filter(({ ko, en }) => ko.join() !== en.join());
    expect(differ).toEqual([]);
  });

  it('word field problems and system notes with simple arguments only (text.ts reads them back)', () => {
    const complex = keys
      .filter((key) => /^(field|validation|systemNote)\./.test(key))
      .filter((key) =>
        [Locale.KO, Locale.EN].some((locale) =>
          (parsed(locale, key).getAst() as Element[]).some((e) => e.type > ARGUMENT),
        ),
      );
    expect(complex).toEqual([]);
  });

  it('name fields in English as the API does, so English sentences stay as they were', () => {
    const renamed = keys
      .filter((key) => key.startsWith('fieldLabel.'))
      .filter((key) => en[key] !== key.slice('fieldLabel.'.length));
    expect(renamed).toEqual([]);
  });

  it('count with each language’s plural rules', () => {
    expect(translate(Locale.KO, 'common.comments', { count: 3 })).toBe('댓글 3개');
    expect(translate(Locale.KO, 'common.comments', { count: 1 })).toBe('댓글 1개');
    expect(translate(Locale.EN, 'common.comments', { count: 1 })).toBe('1 comment');
    expect(translate(Locale.EN, 'common.comments', { count: 3 })).toBe('3 comments');
    expect(translate(Locale.EN, 'common.comments', { count: 0 })).toBe('0 comments');
    expect(translate(Locale.EN, 'error.rateLimited', { retryAfter: 1 })).toBe(
      'Too many requests: try again in 1 second.',
    );
    expect(translate(Locale.EN, 'error.rateLimited', { retryAfter: 1200 })).toBe(
      'Too many requests: try again in 1200 seconds.',
    );
    expect(translate(Locale.KO, 'error.rateLimited', { retryAfter: 30 })).toBe(
      '요청이 너무 많습니다. 30초 뒤에 다시 시도하세요.',
    );
    expect(
      translate(Locale.EN, 'error.input.moreFields', { problem: 'title must be text', count: 2 }),
    ).toBe('title must be text (and 2 more fields)');
    expect(translate(Locale.KO, 'error.input.moreFields', { problem: '제목 문제', count: 1 })).toBe(
      '제목 문제 (외 1개 항목)',
    );
  });

  it('select by value, with the value itself for one they do not know', () => {
    const answered = (status: string) =>
      translate(Locale.KO, 'notification.PROPOSAL_ANSWERED', {
        department: '공원녹지과',
        title: '벤치',
        status,
      });
    expect(answered('ACCEPTED')).toBe('공원녹지과에서 [벤치] 제안에 답변했습니다: 수용.');
    expect(answered('SOMETHING_NEW')).toBe(
      '공원녹지과에서 [벤치] 제안에 답변했습니다: SOMETHING_NEW.',
    );
  });
});
