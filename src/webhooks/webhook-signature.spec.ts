import { newWebhookSecret, signWebhook } from './webhook-signature.js';

describe('webhook signatures (Standard Webhooks)', () => {
  it("match the scheme's published example", () => {
    // From the Standard Webhooks specification's test vectors.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const timestamp = 1614265330;
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, id, timestamp, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('change with every part signed', () => {
    const secret = newWebhookSecret();
    const base = signWebhook(secret, 'msg_a', 1, '{}');
    expect(signWebhook(secret, 'msg_b', 1, '{}')).not.toBe(base);
    expect(signWebhook(secret, 'msg_a', 2, '{}')).not.toBe(base);
    expect(signWebhook(secret, 'msg_a', 1, '{ }')).not.toBe(base);
    expect(signWebhook(newWebhookSecret(), 'msg_a', 1, '{}')).not.toBe(base);
  });

  it('make secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
