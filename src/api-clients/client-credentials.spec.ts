import {
  basicCredentials,
  hashClientSecret,
  newClientId,
  newClientSecret,
  secretMatches,
} from './client-credentials.js';

describe('client credentials', () => {
  it('client ids are wtk_ and 16 base32 characters, and differ', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newClientId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^wtk_[a-z2-7]{16}$/);
  });

  it('secrets are 32 random bytes in base64url', () => {
    const secret = newClientSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newClientSecret()).not.toBe(secret);
  });

  describe('secretMatches', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const current = 'current-secret';
    const previous = 'previous-secret';
    const stored = (expiresAt: Date | null) => ({
      secretHash: hashClientSecret(current),
      previousSecretHash: expiresAt ? hashClientSecret(previous) : null,
      previousSecretExpiresAt: expiresAt,
    });

    it('accepts the current secret, and only it, without a previous one', () => {
      expect(secretMatches(stored(null), current, now)).toBe(true);
      for (const wrong of [previous, '', 'current-secreT', `${current} `, current.slice(0, -1)])
        expect(secretMatches(stored(null), wrong, now)).toBe(false);
    });

    it('accepts the previous secret until the very millisecond its grace ends', () => {
      const ends = new Date(now.getTime() + 1);
      expect(secretMatches(stored(ends), previous, now)).toBe(true);
      expect(secretMatches(stored(now), previous, now)).toBe(false);
      expect(secretMatches(stored(new Date(now.getTime() - 1)), previous, now)).toBe(false);
      expect(secretMatches(stored(now), current, now)).toBe(true);
    });

    it('a previous hash without an end is never accepted', () => {
      const odd = { ...stored(null), previousSecretHash: hashClientSecret(previous) };
      expect(secretMatches(odd, previous, now)).toBe(false);
    });
  });

  describe('basicCredentials (RFC 6749 2.3.1)', () => {
    const basic = (raw: string) => `Basic ${Buffer.from(raw, 'utf8').toString('base64')}`;

    it('decodes the pair, each form-urlencoded before base64', () => {
      expect(basicCredentials(basic('wtk_abc:s%3Acr%2Bt+x'))).toEqual({
        clientId: 'wtk_abc',
        clientSecret: 's:cr+t x',
      });
      expect(basicCredentials(`basic  ${Buffer.from('a:b').toString('base64')}`)).toEqual({
        clientId: 'a',
        clientSecret: 'b',
      });
    });

    it('no header, or another scheme: undefined; a broken Basic header: null', () => {
      expect(basicCredentials(undefined)).toBeUndefined();
      expect(basicCredentials('Bearer abc.def.ghi')).toBeUndefined();
      expect(basicCredentials('Basic')).toBeNull();
      expect(basicCredentials('Basic !!!')).toBeNull();
      expect(basicCredentials(basic('no-colon'))).toBeNull();
      expect(basicCredentials(basic('id:%E0%A4%A'))).toBeNull();
    });
  });
});
