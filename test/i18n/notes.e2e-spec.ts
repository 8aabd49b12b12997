// The city's real default, Korean (test/setup/env.mjs gives the other suites English).
process.env.DEFAULT_LOCALE = 'ko';

import { Locale } from '../../src/core/i18n/locale.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { Role } from '../../src/core/access/role.js';
import {
  citizens,
  decisionRows,
  moderateOk,
  newProposal,
  pid,
  QUEUE,
  reportAll,
  startModerationScene,
  type ModerationScene,
} from '../moderation/support.js';

/**
 * What the system writes in moderation and audit notes is read in the reader's language; what
 * a person wrote stays in their words. The database keeps the system's note in English.
 */

const AUDIT = `query Audit($targetId: ID) { auditLog(first: 10, targetId: $targetId) {
  nodes { action note actor { id } } } }`;
const KO_NOTE = '3명이 신고해 자동으로 숨겼습니다.';
const EN_NOTE = 'Hidden automatically: 3 people reported it.';

let s: ModerationScene;
beforeAll(async () => {
  s = await startModerationScene();
});
afterAll(() => s.t.close());

async function hiddenByReports(): Promise<string> {
  const proposal = pid(await newProposal(s));
  await reportAll(s, await citizens(s, 3), proposal);
  return proposal;
}

const decisionsOf = async (target: string, token: string, headers?: Record<string, string>) => {
  const res = await s.t.gql(QUEUE, { first: 4 }, token, headers);
  expect(res.errors).toBeUndefined();
  const item = res.data.moderationQueue.nodes.find((n: any) => n.target.id === target);
  return item.decisions.map((d: any) => ({ automatic: d.automatic, note: d.note }));
};

const auditNotes = async (target: string, token: string, headers?: Record<string, string>) => {
  const res = await s.t.gql(AUDIT, { targetId: target }, token, headers);
  expect(res.errors).toBeUndefined();
  return res.data.auditLog.nodes.map((n: any) => n.note);
};

describe('the note of an automatic hide', () => {
  it('is stored in English and read in Korean by default, in English on request', async () => {
    const target = await hiddenByReports();
    expect((await decisionRows(s.t, target)).map((d) => d.note)).toEqual([EN_NOTE]);

    expect(await decisionsOf(target, s.moderator.token)).toEqual([
      { automatic: true, note: KO_NOTE },
    ]);
    expect(await decisionsOf(target, s.moderator.token, { 'Accept-Language': 'en' })).toEqual([
      { automatic: true, note: EN_NOTE },
    ]);
    expect(await auditNotes(target, s.admin.token)).toEqual([KO_NOTE]);
    expect(await auditNotes(target, s.admin.token, { 'Accept-Language': 'en-GB' })).toEqual([
      EN_NOTE,
    ]);
  });

  it("follows the reader's own choice of language", async () => {
    const target = await hiddenByReports();
    const english = await createUser(s.t.db, s.t.jwt, { role: Role.ADMIN, locale: Locale.EN });
    expect(await auditNotes(target, english.token, { 'Accept-Language': 'ko' })).toEqual([EN_NOTE]);
  });

  it("leaves a person's note in their own words, even one that reads like the system's", async () => {
    const target = await hiddenByReports();
    // RESTORE with a note of the system's very words, then HIDE with a note of their own.
    await moderateOk(s, s.moderator, target, 'RESTORE', EN_NOTE);
    await moderateOk(s, s.moderator, target, 'HIDE', '광고입니다. Spam, confirmed.');
    const expected = [
      { automatic: true, note: KO_NOTE },
      { automatic: false, note: EN_NOTE },
      { automatic: false, note: '광고입니다. Spam, confirmed.' },
    ];
    const res = await s.t.gql(QUEUE, { first: 4, resolved: true }, s.admin.token);
    expect(res.errors).toBeUndefined();
    const item = res.data.moderationQueue.nodes.find((n: any) => n.target.id === target);
    expect(item.decisions.map((d: any) => ({ automatic: d.automatic, note: d.note }))).toEqual(
      expected,
    );
    expect(await auditNotes(target, s.admin.token)).toEqual(
      expect.arrayContaining([KO_NOTE, EN_NOTE, '광고입니다. Spam, confirmed.']),
    );
  });
});
