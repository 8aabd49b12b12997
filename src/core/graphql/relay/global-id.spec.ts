import { decodeGlobalId, parseGlobalId, toGlobalId } from './global-id.js';

const UUID = '0b6c7d8e-1f2a-4b3c-8d4e-5f6a7b8c9d0e';

describe('global IDs', () => {
  it('round-trip a type and a uuid through an opaque string', () => {
    const id = toGlobalId('Department', UUID);
    expect(id).not.toContain(UUID);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(parseGlobalId(id)).toEqual({ type: 'Department', id: UUID });
    expect(decodeGlobalId(id, 'Department')).toBe(UUID);
  });

  it('refuse an id of another type', () => {
    expect(decodeGlobalId(toGlobalId('User', UUID), 'Department')).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['a raw uuid', UUID],
    ['not base64url', 'abc$%^'],
    ['no colon', Buffer.from('Department').toString('base64url')],
    ['not a uuid', Buffer.from('Department:42').toString('base64url')],
    ['a lower-case type', Buffer.from(`department:${UUID}`).toString('base64url')],
    ['SQL in the type', Buffer.from(`User';DROP TABLE x;--:${UUID}`).toString('base64url')],
    ['too long', 'A'.repeat(500)],
    ['a valid id with a stray trailing character', `${toGlobalId('Workshop', UUID)}x`],
    ['a valid id with padding', `${toGlobalId('Workshop', UUID)}=`],
  ])('answer null for junk (%s)', (_case, junk) => {
    expect(parseGlobalId(junk)).toBeNull();
  });

  it('answer null for what is not a string', () => {
    expect(parseGlobalId(42)).toBeNull();
    expect(parseGlobalId(undefined)).toBeNull();
  });
});
