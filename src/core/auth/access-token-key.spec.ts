import { JwtService } from '@nestjs/jwt';
import { accessTokenKey } from './jwt.strategy.js';

describe('accessTokenKey', () => {
  const secret = 'a'.repeat(40);

  it('is one secret KeyObject per secret, made once', () => {
    const key = accessTokenKey(secret);
    expect(key.type).toBe('secret');
    expect(key.symmetricKeySize).toBe(40);
    expect(accessTokenKey(secret)).toBe(key);
    expect(accessTokenKey('b'.repeat(40))).not.toBe(key);
  });

  it('verifies what the string secret signed, and refuses another secret and another algorithm', async () => {
    const bySecret = new JwtService({ secret });
    const byKey = new JwtService({
      secret: accessTokenKey(secret) as unknown as string,
      verifyOptions: { algorithms: ['HS256'] },
    });
    const token = await bySecret.signAsync({ sub: 'u', sid: 's' }, { algorithm: 'HS256' });
    await expect(byKey.verifyAsync(token)).resolves.toMatchObject({ sub: 'u', sid: 's' });
    const forged = await new JwtService({ secret: 'c'.repeat(40) }).signAsync(
      { sub: 'u', sid: 's' },
      { algorithm: 'HS256' },
    );
    await expect(byKey.verifyAsync(forged)).rejects.toThrow(/invalid signature/);
    const hs512 = await bySecret.signAsync({ sub: 'u', sid: 's' }, { algorithm: 'HS512' });
    await expect(byKey.verifyAsync(hs512)).rejects.toThrow(/invalid algorithm/);
  });
});
