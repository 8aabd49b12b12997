import { NotificationKind } from '../notifications/notification-kind.js';
import { MAIL_TOKEN_MAX_CHARS, MailTokens } from './mail-tokens.js';

const tokens = new MailTokens('a-secret-of-at-least-thirty-two-characters');
const USER = '6f1c1a8e-5d2b-4c7e-9a1f-0b2c3d4e5f60';

describe('MailTokens', () => {
  it('an unsubscribe token says whose and which kind, and reads back', () => {
    const token = tokens.sign({
      purpose: 'unsubscribe',
      userId: USER,
      kind: NotificationKind.COMMENT_REPLY,
    });
    expect(token.length).toBeLessThan(MAIL_TOKEN_MAX_CHARS);
    expect(tokens.verify(token)).toEqual({
      purpose: 'unsubscribe',
      userId: USER,
      kind: NotificationKind.COMMENT_REPLY,
    });
    const all = tokens.sign({ purpose: 'unsubscribe', userId: USER, kind: 'ALL' });
    expect(tokens.verify(all)).toMatchObject({ kind: 'ALL' });
  });

  it('a verification token names the address and its expiry (to the second)', () => {
    const expiresAt = new Date('2026-12-13T00:00:00.000Z');
    const token = tokens.sign({
      purpose: 'verify',
      userId: USER,
      email: 'a@example.test',
      expiresAt,
    });
    expect(tokens.verify(token)).toEqual({
      purpose: 'verify',
      userId: USER,
      email: 'a@example.test',
      expiresAt,
    });
  });

  it('refuses what another key signed, an altered body or mac, junk, and anything too long', () => {
    const token = tokens.sign({ purpose: 'unsubscribe', userId: USER, kind: 'ALL' });
    const other = new MailTokens('another-secret-of-at-least-thirty-two-chars');
    expect(other.verify(token)).toBeNull();
    const [body, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ p: 'u', u: '00000000-0000-4000-8000-000000000000', k: 'ALL' }),
    ).toString('base64url');
    expect(tokens.verify(`${forged}.${mac}`)).toBeNull();
    expect(tokens.verify(`${body}.${mac!.slice(0, -1)}A`)).toBeNull();
    expect(tokens.verify(`${body}.${mac}.x`)).toBeNull();
    for (const junk of ['', '.', 'abc', `${body}`, `.${mac}`, 'x'.repeat(MAIL_TOKEN_MAX_CHARS + 1)])
      expect(tokens.verify(junk)).toBeNull();
  });

  it('a body signed with our key but of the wrong shape is refused too', () => {
    // As a bug elsewhere might sign: the claims are checked even when the mac is right.
    const macOf = (tokens as unknown as { mac(body: string): string }).mac.bind(tokens);
    const signed = (claims: object) => {
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${body}.${macOf(body)}`;
    };
    expect(tokens.verify(signed({ p: 'u', u: USER, k: 'ALL' }))).not.toBeNull();
    expect(tokens.verify(signed({ p: 'u', u: USER, k: 'NOT_A_KIND' }))).toBeNull();
    expect(tokens.verify(signed({ p: 'u', u: 42, k: 'ALL' }))).toBeNull();
    expect(tokens.verify(signed({ p: 'v', u: USER, e: 'a@example.test', x: 'soon' }))).toBeNull();
    expect(tokens.verify(signed({ p: 'x', u: USER }))).toBeNull();
    const notJson = Buffer.from('{not json').toString('base64url');
    expect(tokens.verify(`${notJson}.${macOf(notJson)}`)).toBeNull();
  });
});
