import { AppError } from '../../src/core/errors/app-error.js';
import { UsersService } from '../../src/identity/users.service.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  claimsOf,
  globalId,
  LOG_IN,
  ME,
  PASSWORD,
  rateLimitsOff,
  SIGN_UP,
  userCount,
  userRowsByEmail,
} from './support.js';

describe('signUp', () => {
  let t: TestApp;
  let restoreLimits: () => void;
  let n = 0;
  /** A fresh, valid email for each call. */
  const email = () => `person-${++n}-${Date.now()}@example.test`;

  beforeAll(async () => {
    restoreLimits = rateLimitsOff();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    restoreLimits();
  });

  const signUp = (input: Record<string, unknown>) => t.gql(SIGN_UP, { input });

  it('creates a citizen and returns a token pair and the user, email lower-cased and trimmed', async () => {
    const res = await signUp({
      email: '  Mixed.Case@Example.TEST ',
      password: PASSWORD,
      displayName: '  Ada Kim  ',
    });
    expect(res.errors).toBeUndefined();
    const payload = res.data.signUp;
    expect(payload.user).toMatchObject({
      email: 'mixed.case@example.test',
      displayName: 'Ada Kim',
      role: 'CITIZEN',
      suspendedUntil: null,
      department: null,
    });
    expect(payload.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(payload.refreshToken.length).toBeGreaterThanOrEqual(32);
    expect(payload.refreshToken).not.toBe(payload.accessToken);
    const claims = claimsOf(payload.accessToken);
    expect((claims.exp as number) - (claims.iat as number)).toBe(payload.expiresIn);
    expect(payload.expiresIn).toBeGreaterThan(0);

    const rows: {
      id: string;
      email: string;
      display_name: string;
      password_hash: string;
      role: string;
    }[] = await t.db.query(
      'SELECT id, email, display_name, password_hash, role FROM app_user WHERE email = $1',
      ['mixed.case@example.test'],
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.display_name).toBe('Ada Kim');
    expect(row.role).toBe('CITIZEN');
    expect(payload.user.id).toBe(globalId('User', row.id));
    // Only an argon2id hash is stored, never the password.
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(PASSWORD);

    // The access token is good at once, and names the new account.
    const me = await t.gql(ME, {}, payload.accessToken);
    expect(me.errors).toBeUndefined();
    expect(me.data.me).toMatchObject({ id: payload.user.id, email: 'mixed.case@example.test' });
  });

  it('stores the display name NFC-normalised (decomposed Hangul and accents are composed)', async () => {
    const decomposed = '\u1112\u1161\u11ab \u1100\u1161\u11bc Jose\u0301'; // "한 강 José" in NFD
    const composed = decomposed.normalize('NFC');
    expect(composed).not.toBe(decomposed);
    const address = email();
    const res = await signUp({
      email: address,
      password: PASSWORD,
      displayName: `\t${decomposed} `,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.signUp.user.displayName).toBe(composed);
    const rows: { display_name: string }[] = await t.db.query(
      'SELECT display_name FROM app_user WHERE email = $1',
      [address],
    );
    expect(rows[0]!.display_name).toBe(composed);
  });

  it('stores an HTML-looking display name verbatim, as plain text', async () => {
    const html = '<img src=x onerror=alert(1)>&amp;';
    const address = email();
    const res = await signUp({ email: address, password: PASSWORD, displayName: html });
    expect(res.errors).toBeUndefined();
    expect(res.data.signUp.user.displayName).toBe(html);
    const rows: { display_name: string }[] = await t.db.query(
      'SELECT display_name FROM app_user WHERE email = $1',
      [address],
    );
    expect(rows[0]!.display_name).toBe(html);
  });

  it.each([
    ['2 characters', 'Jo'],
    ['50 characters', 'x'.repeat(50)],
    ['50 Hangul syllables', '가'.repeat(50)],
    ['50 emoji (astral code points count once)', '😀'.repeat(50)],
    ['a tab inside', 'Ada\tKim'],
    ['Hangul compatibility jamo', 'ㅋㅋ'],
    ['Arabic', 'محمد علي'],
    ['Persian with a zero-width non-joiner between letters', 'علی\u200Cرضا'],
    ['Thai, a base and its mark', 'กิ'],
    ['a family emoji (zero-width joiners between emoji)', '👩\u200D👩\u200D👧'],
    ['a flag (two regional indicators)', '🇰🇷'],
    ['an emoji with a variation selector and a name', '❤️ 민지'],
  ])('accepts a display name of %s', async (_label, displayName) => {
    const address = email();
    const res = await signUp({ email: address, password: PASSWORD, displayName });
    expect(res.errors).toBeUndefined();
    expect(res.data.signUp.user.displayName).toBe(displayName);
    expect(await userRowsByEmail(t, address)).toBe(1);
  });

  it('refuses a second account with the same email, also differing only in case or spacing', async () => {
    const address = email();
    const first = await signUp({ email: address, password: PASSWORD, displayName: 'First' });
    expect(first.errors).toBeUndefined();
    const before = await userCount(t);
    for (const variant of [
      address,
      address.toUpperCase(),
      `  ${address.replace('person', 'PERSON')}  `,
    ]) {
      const res = await signUp({ email: variant, password: `${PASSWORD}!`, displayName: 'Second' });
      expect(codeOf(res)).toBe('CONFLICT');
      expect(res.data).toBeNull();
    }
    expect(await userRowsByEmail(t, address)).toBe(1);
    expect(await userCount(t)).toBe(before);
    // The first account keeps its password.
    const login = await t.gql(LOG_IN, { input: { email: address, password: PASSWORD } });
    expect(login.errors).toBeUndefined();
    expect(login.data.logIn.user.displayName).toBe('First');
  });

  it('makes exactly one account when the same email signs up concurrently', async () => {
    const address = email();
    const variants = [
      address,
      address.toUpperCase(),
      ` ${address} `,
      address,
      address.toUpperCase(),
    ];
    const results = await Promise.all(
      variants.map((variant, i) =>
        signUp({ email: variant, password: PASSWORD, displayName: `Racer ${i}` }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const failed of results.filter((r) => r.errors)) expect(codeOf(failed)).toBe('CONFLICT');
    expect(await userRowsByEmail(t, address)).toBe(1);
  });

  it('treats a decomposed and a composed form of one email as the same address', async () => {
    const composed = `ren\u00e9-${Date.now()}@example.test`;
    const first = await signUp({ email: composed, password: PASSWORD, displayName: 'René' });
    expect(first.errors).toBeUndefined();
    expect(first.data.signUp.user.email).toBe(composed);
    const res = await signUp({
      email: composed.normalize('NFD'),
      password: PASSWORD,
      displayName: 'René 2',
    });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(await userRowsByEmail(t, composed)).toBe(1);
    expect(await userRowsByEmail(t, composed.normalize('NFD'))).toBe(0);
  });

  it('never fails with an internal error on an email with upper-case non-ASCII letters', async () => {
    const address = `ÉLODIE.ÇA-${Date.now()}@EXAMPLE.TEST`;
    const res = await signUp({ email: address, password: PASSWORD, displayName: 'Élodie' });
    expect(codeOf(res)).not.toBe('INTERNAL_SERVER_ERROR');
    if (!res.errors) {
      expect(res.data.signUp.user.email).toBe(address.toLowerCase());
      expect(await userRowsByEmail(t, address.toLowerCase())).toBe(1);
    } else {
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
  });

  describe('refuses hostile input with BAD_USER_INPUT naming the field, and writes nothing', () => {
    /** Sends `input` over a valid base and checks the error and that no account was made. */
    async function expectRefused(overrides: Record<string, unknown>, fields: string[]) {
      const address = typeof overrides.email === 'string' ? overrides.email : email();
      const before = await userCount(t);
      const res = await signUp({
        email: address,
        password: PASSWORD,
        displayName: 'Valid Name',
        ...overrides,
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(fields);
      expect(res.data).toBeNull();
      for (const fieldError of res.errors![0]!.extensions!.fieldErrors!) {
        expect(typeof fieldError.message).toBe('string');
        expect(fieldError.message.length).toBeGreaterThan(0);
      }
      expect(await userCount(t)).toBe(before);
      if (typeof address === 'string' && !address.includes('\u0000')) {
        expect(await userRowsByEmail(t, address.trim().toLowerCase())).toBe(0);
      }
      return res;
    }

    it.each([
      ['empty', ''],
      ['only spaces', '    '],
      ['1 character', 'A'],
      ['1 character once trimmed', '   A   '],
      ['51 characters', 'x'.repeat(51)],
      ['51 Hangul syllables', '가'.repeat(51)],
      ['a NUL character', 'Bo\u0000b'],
      ['a BEL character', 'Bo\u0007b'],
      ['an ANSI escape sequence', 'Bo\u001b[31mb'],
      ['a carriage return', 'Bob\r\nKim'],
      ['a DEL character', 'Bo\u007fb'],
      ['a C1 control character', 'Bo\u0085b'],
      ['a lone surrogate', 'Bo\ud800b'],
    ])('displayName with %s', async (_label, displayName) => {
      await expectRefused({ displayName }, ['displayName']);
    });

    // Issue 14: names that show nothing, or that change the direction of what follows them.
    it.each([
      ['only zero-width spaces', '\u200B\u200B'],
      ['only joiners and a word joiner', '\u200D\u200C\u2060'],
      ['only byte-order marks inside zero-width spaces', '\u200B\uFEFF\u200B'],
      ['only Hangul fillers', '\u3164\u3164'],
      ['only Hangul jamo fillers', '\u115F\u1160'],
      ['only halfwidth Hangul fillers', '\uFFA0\uFFA0'],
      ['only combining marks', '\u0301\u0302\u0303'],
      ['only blank Braille patterns', '\u2800\u2800'],
      ['one visible character padded with invisible ones', '별\u200B\u3164'],
      ['invisible characters trimmed around nothing', '  \u200B\u200B  '],
    ])('an invisible displayName: %s', async (_label, displayName) => {
      const res = await expectRefused({ displayName }, ['displayName']);
      expect(res.errors![0]!.extensions!.fieldErrors![0]!.message).toMatch(/visible characters/);
    });

    it.each([
      ['a right-to-left override', '관리자\u202Emoc.elpmaxe'],
      ['a left-to-right override', '\u202DBob'],
      ['an embedding and its pop', '\u202BKim\u202C'],
      ['an isolate', 'Kim\u2067علي\u2069'],
      ['a first-strong isolate', '\u2068김민지'],
      ['a right-to-left mark', 'محمد\u200F'],
      ['a left-to-right mark', '\u200E김민지'],
      ['an Arabic letter mark', 'علي\u061Cمحمد'],
    ])('a displayName with %s', async (_label, displayName) => {
      const res = await expectRefused({ displayName }, ['displayName']);
      expect(res.errors![0]!.extensions!.fieldErrors![0]!.message).toMatch(
        /change the direction of text/,
      );
    });

    it('an invisible displayName beside other bad fields: all of them named', async () => {
      await expectRefused({ email: 'nope', displayName: '\u3164\u3164' }, ['displayName', 'email']);
    });

    it('UsersService.create refuses the same names (the operator CLI and the seed use it)', async () => {
      const before = await userCount(t);
      for (const displayName of ['\u200B\u200B', '관리자\u202E']) {
        const error = await t.app
          .get(UsersService)
          .create({ email: email(), password: PASSWORD, displayName })
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fieldErrors: [{ field: 'displayName' }],
        });
      }
      expect(await userCount(t)).toBe(before);
    });

    it.each([
      ['no at sign', 'not-an-email'],
      ['no domain', 'someone@'],
      ['no local part', '@example.test'],
      ['a space inside', 'some one@example.test'],
      ['empty', ''],
      ['a control character', 'some\u0000one@example.test'],
      [
        'more than 254 characters',
        `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.example`,
      ],
    ])('email with %s', async (_label, address) => {
      await expectRefused({ email: address }, ['email']);
    });

    it.each([
      ['9 characters', '123456789'],
      ['129 characters', 'p'.repeat(129)],
      ['129 emoji', '😀'.repeat(129)],
      ['empty', ''],
    ])('password of %s', async (_label, password) => {
      await expectRefused({ password }, ['password']);
    });

    it('password equal to the email, also with other case and spaces', async () => {
      const address = email();
      await expectRefused({ email: address, password: address }, ['password']);
      await expectRefused({ email: address, password: ` ${address.toUpperCase()} ` }, ['password']);
      await expectRefused({ email: ` ${address.toUpperCase()}`, password: address }, ['password']);
    });

    it('several bad fields at once, all of them named', async () => {
      await expectRefused({ email: 'nope', password: 'short', displayName: 'x' }, [
        'displayName',
        'email',
        'password',
      ]);
      await expectRefused({ email: 'nope', displayName: 'Bo\u0007b' }, ['displayName', 'email']);
    });
  });

  it.each([10, 128])('accepts a password of exactly %i characters', async (length) => {
    const address = email();
    const password = 'p'.repeat(length);
    const res = await signUp({ email: address, password, displayName: 'Boundary' });
    expect(res.errors).toBeUndefined();
    const login = await t.gql(LOG_IN, { input: { email: address, password } });
    expect(login.errors).toBeUndefined();
  });

  it('counts password length in characters: 128 emoji are accepted, and log in', async () => {
    const address = email();
    const password = '😀'.repeat(128);
    const res = await signUp({ email: address, password, displayName: 'Emoji' });
    expect(res.errors).toBeUndefined();
    const login = await t.gql(LOG_IN, { input: { email: address, password } });
    expect(login.errors).toBeUndefined();
    expect(login.data.logIn.user.email).toBe(address);
  });

  it('keeps the password exactly as typed (not trimmed)', async () => {
    const address = email();
    const password = `  ${PASSWORD}  `;
    expect(
      (await signUp({ email: address, password, displayName: 'Spaces' })).errors,
    ).toBeUndefined();
    const trimmed = await t.gql(LOG_IN, { input: { email: address, password: PASSWORD } });
    expect(codeOf(trimmed)).toBe('UNAUTHENTICATED');
    const exact = await t.gql(LOG_IN, { input: { email: address, password } });
    expect(exact.errors).toBeUndefined();
  });

  describe('wrong GraphQL types are an error code, never a 500, and write nothing', () => {
    it.each([
      ['a number for email', { email: 42, password: PASSWORD, displayName: 'Typed' }],
      [
        'an object for password',
        { email: 'typed-1@example.test', password: { a: 1 }, displayName: 'Typed' },
      ],
      [
        'a list for displayName',
        { email: 'typed-2@example.test', password: PASSWORD, displayName: ['a', 'b'] },
      ],
      [
        'null for displayName',
        { email: 'typed-3@example.test', password: PASSWORD, displayName: null },
      ],
      ['a missing password', { email: 'typed-4@example.test', displayName: 'Typed' }],
      [
        'a role of their choosing',
        { email: 'typed-5@example.test', password: PASSWORD, displayName: 'X', role: 'ADMIN' },
      ],
    ])('%s (in variables)', async (_label, input) => {
      const before = await userCount(t);
      const res = await signUp(input);
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(codeOf(res)).toEqual(expect.any(String));
      expect(codeOf(res)).not.toBe('INTERNAL_SERVER_ERROR');
      expect(res.data ?? null).toBeNull();
      expect(await userCount(t)).toBe(before);
    });

    it('a number for email and an unknown role field (inline literals)', async () => {
      const before = await userCount(t);
      for (const input of [
        `{ email: 42, password: "${PASSWORD}", displayName: "Typed" }`,
        `{ email: "typed-6@example.test", password: "${PASSWORD}", displayName: "Typed", role: ADMIN }`,
      ]) {
        const res = await t.gql(`mutation { signUp(input: ${input}) { accessToken } }`);
        expect(res.status).toBeLessThan(500);
        expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      }
      expect(await userCount(t)).toBe(before);
      const admins: { n: number }[] = await t.db.query(
        "SELECT count(*)::int AS n FROM app_user WHERE role = 'ADMIN'",
      );
      expect(admins[0]!.n).toBe(0);
    });
  });
});
