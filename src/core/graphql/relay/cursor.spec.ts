import { AppError } from '../../errors/app-error.js';
import { decodeCursor, encodeCursor } from './cursor.js';

function codeOfThrown(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? String(error.extensions.code) : 'not an AppError';
  }
  return undefined;
}

describe('cursors', () => {
  it('round-trip the sort values of an ordering', () => {
    const cursor = encodeCursor('users-created', ['2026-11-25T05:00:00.000Z', 'abc', 3, null]);
    expect(decodeCursor(cursor, 'users-created', 4)).toEqual([
      '2026-11-25T05:00:00.000Z',
      'abc',
      3,
      null,
    ]);
  });

  it('are opaque', () => {
    expect(encodeCursor('o', ['secret-looking'])).not.toContain('secret-looking');
  });

  it.each([
    ['junk characters', '!!!'],
    ['not JSON', Buffer.from('not json').toString('base64url')],
    ['not an array', Buffer.from('{"a":1}').toString('base64url')],
    ['another ordering', encodeCursor('other', ['a', 'b'])],
    ['the wrong arity', encodeCursor('o', ['a'])],
    ['an object value', Buffer.from(JSON.stringify(['o', { $gt: 1 }, 'b'])).toString('base64url')],
    ['too long', 'A'.repeat(600)],
  ])('refuse %s with BAD_USER_INPUT', (_case, cursor) => {
    expect(codeOfThrown(() => decodeCursor(cursor, 'o', 2))).toBe('BAD_USER_INPUT');
  });
});
