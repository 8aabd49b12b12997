import { malformedTextErrors } from './malformed-text.js';
import { isStorableText } from './text.js';

describe('isStorableText', () => {
  it.each([
    ['plain text', '공원 놀이터'],
    ['a surrogate pair (an emoji)', '🌳 나무'],
    [
      'control characters other than NUL (the text rules refuse them, Postgres does not)',
      'a\u0007\r\u0085b',
    ],
    ['empty text', ''],
  ])('accepts %s', (_label, text) => {
    expect(isStorableText(text)).toBe(true);
  });

  it.each([
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate at the end', 'ab\udfff'],
    ['a pair in the wrong order', '\udc00\ud800'],
    ['NUL', 'a\u0000b'],
  ])('refuses %s', (_label, text) => {
    expect(isStorableText(text)).toBe(false);
  });
});

describe('malformedTextErrors', () => {
  const fields = (value: unknown, path = '') =>
    malformedTextErrors(value, path).map((e) => e.field);

  it('finds nothing in sound values, whatever their types', () => {
    expect(
      fields({ title: '제목', n: 3, when: new Date(), ok: true, none: null, ids: ['a', 'b'] }),
    ).toEqual([]);
  });

  it('names a string argument by its own name', () => {
    expect(malformedTextErrors('parks\u0000', 'slug')).toEqual([
      { field: 'slug', message: 'slug must be valid Unicode text without NUL characters' },
    ]);
  });

  it('names fields of input objects by their path, relative to the argument', () => {
    expect(
      fields({
        title: '\ud800',
        location: { address: 'x\u0000' },
        phases: [{ title: '좋은 단계' }, { title: '\udfff' }],
        filter: { search: 'ok' },
      }),
    ).toEqual(['title', 'location.address', 'phases.1.title']);
  });

  it('names a list of strings once, however many of its strings are bad', () => {
    expect(fields({ topicIds: ['ok', '\ud800', '\u0000'] })).toEqual(['topicIds']);
    expect(fields(['\ud800', '\u0000'], 'ids')).toEqual(['ids']);
  });

  it('walks objects without a prototype (as graphql-js may build them) but not class instances', () => {
    const bare = Object.assign(Object.create(null) as object, { body: 'a\u0000' });
    expect(fields(bare)).toEqual(['body']);
    class Holder {
      text = '\ud800';
    }
    expect(fields(new Holder())).toEqual([]);
  });
});
