import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Locale } from '../../src/core/i18n/locale.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { deliverer, deliveriesOf, header, notifyNow, withEnv } from './support.js';

/**
 * With no SMTP_URL (development), every mail is written as an .eml file under DATA_DIR/mail/,
 * which any mail program opens: the same message an SMTP server would have received.
 */

let t: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wontak-mail-'));
  t = await withEnv({ SMTP_URL: null, DATA_DIR: dataDir }, () => startTestApp());
});

afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('writes each mail as an .eml file under DATA_DIR/mail, and marks it SENT', async () => {
  const reader = await createUser(t.db, t.jwt, {
    emailVerifiedAt: new Date(),
    locale: Locale.KO,
    displayName: '이서연',
  });
  await notifyNow(t, [reader.user.id], { title: '버스 정류장 그늘' });
  const logged = jest.spyOn(Logger.prototype, 'log');
  let lines: string[];
  try {
    expect(await deliverer(t).deliverDue(new Date(Date.now() + 1000))).toMatchObject({ sent: 1 });
  } finally {
    lines = logged.mock.calls.map((call) => String(call[0]));
    logged.mockRestore();
  }

  const [row] = await deliveriesOf(t, reader.user.id);
  expect(row.state).toBe('SENT');
  const files = await readdir(join(dataDir, 'mail'));
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z-${row.id}\\.eml$`));
  // One log line names the file (and not the address: logs outlive mail).
  const line = lines.find((l) => l.includes(files[0]));
  expect(line).toContain(join(dataDir, 'mail', files[0]));
  expect(lines.join('\n')).not.toContain(reader.user.email);

  const mail = await simpleParser(await readFile(join(dataDir, 'mail', files[0])));
  expect(mail.to && !Array.isArray(mail.to) && mail.to.value[0].address).toBe(reader.user.email);
  expect(mail.messageId).toBe(`<${row.id}@wontak.localhost>`);
  expect(mail.subject).toBe('[원탁] [버스 정류장 그늘] 제안의 답변 기한이 지났습니다.');
  expect(mail.text).toContain('이서연님, 안녕하세요.');
  expect(mail.html).toContain('<p>[버스 정류장 그늘] 제안의 답변 기한이 지났습니다.</p>');
  expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
});
