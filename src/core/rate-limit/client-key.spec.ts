import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { addressKey, clientKeyOf } from './client-key.js';

describe('addressKey', () => {
  it('keeps IPv4 addresses, and unwraps IPv4-mapped IPv6', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 by /64, however it is written', () => {
    const key = '2001:db8:0:1::/64';
    expect(addressKey('2001:db8:0:1::1')).toBe(key);
    expect(addressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).toBe(key);
    expect(addressKey('2001:DB8:0:1:0:0:0:2')).toBe(key);
    expect(addressKey('2001:db8:0:1::1%eth0')).toBe(key);
    expect(addressKey('2001:db8:0:2::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::')).toBe('0:0:0:0::/64');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('anything else is one "unknown" client, never the raw text', () => {
    for (const junk of [undefined, null, '', 'not an ip', 'x'.repeat(10_000), '1.2.3.4.5']) {
      expect(addressKey(junk)).toBe('unknown');
    }
  });
});

describe('clientKeyOf', () => {
  const key = createSecretKey(Buffer.from('k'.repeat(48)));
  const token = (payload: object, secret = key) =>
    `Bearer ${jwt.sign(payload, secret, { algorithm: 'HS256' })}`;

  it('a validly signed token is its user', () => {
    expect(
      clientKeyOf({ headers: { authorization: token({ sub: 'u1' }) }, ip: '1.2.3.4' }, key),
    ).toBe('user:u1');
  });

  it('no token, a forged one, an expired one, or an absurd sub count as the address', () => {
    const forged = token({ sub: 'u1' }, createSecretKey(Buffer.from('x'.repeat(48))));
    const expired = token({ sub: 'u1', exp: 1 });
    const long = token({ sub: 'u'.repeat(65) });
    for (const authorization of [undefined, forged, expired, long, 'Bearer junk', 'Basic x']) {
      expect(clientKeyOf({ headers: { authorization }, ip: '1.2.3.4' }, key)).toBe('ip:1.2.3.4');
    }
  });
});
