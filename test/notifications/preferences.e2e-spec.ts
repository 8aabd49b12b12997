import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import { ADD_COMMENT, MODERATE, ok, startScene, type Scene } from './support.js';

/**
 * Each person's choices (issue 17): notificationPreferences / updateNotificationPreferences,
 * and what the outbox does with them: NONE writes nothing (but for kinds always kept in the
 * app), e-mail channels write an e-mail row, PENDING for a verified address and SKIPPED for
 * one that is not.
 */

const PREFERENCES = `{ me { notificationPreferences { kind channel } } }`;
const UPDATE = `mutation Update($preferences: [NotificationPreferenceInput!]!) {
  updateNotificationPreferences(preferences: $preferences) { kind channel } }`;
const OTHERS = `query Other($id: ID!) { node(id: $id) { ... on User { notificationPreferences { kind channel } } } }`;
const INBOX = `{ notifications(first: 20) { nodes { kind emailState subject { __typename } } } }`;

const KIND_COUNT = 14;

let s: Scene;
let verified: TestUser;

beforeAll(async () => {
  s = await startScene();
  verified = await createUser(s.t.db, s.t.jwt, { emailVerifiedAt: new Date() });
});
afterAll(() => s.t.close());

const channels = (list: { kind: string; channel: string }[]) =>
  Object.fromEntries(list.map((p) => [p.kind, p.channel]));
const stored = async (u: TestUser) =>
  channels(
    await s.t.db.query(
      'SELECT kind, channel FROM notification_preference WHERE user_id = $1 ORDER BY kind',
      [u.user.id],
    ),
  );

describe('reading and choosing', () => {
  it("lists every kind once with the city's defaults: answers by e-mail at once, talk in the digest", async () => {
    const res = await s.t.gql(PREFERENCES, {}, s.citizen.token);
    const list = res.data.me.notificationPreferences;
    expect(list).toHaveLength(KIND_COUNT);
    expect(new Set(list.map((p: { kind: string }) => p.kind)).size).toBe(KIND_COUNT);
    expect(channels(list)).toMatchObject({
      PROPOSAL_ANSWERED: 'EMAIL_NOW',
      PROGRESS_UPDATED: 'EMAIL_NOW',
      COMMENT_ON_PROPOSAL: 'EMAIL_DIGEST',
      COMMENT_REPLY: 'EMAIL_DIGEST',
    });
    expect(await stored(s.citizen)).toEqual({});
  });

  it('stores the kinds given, leaves the others, and answers the whole list', async () => {
    const res = await s.t.gql(
      UPDATE,
      {
        preferences: [
          { kind: 'COMMENT_ON_PROPOSAL', channel: 'NONE' },
          { kind: 'PROPOSAL_ANSWERED', channel: 'EMAIL_DIGEST' },
        ],
      },
      s.citizen.token,
    );
    expect(res.errors).toBeUndefined();
    const list = channels(res.data.updateNotificationPreferences);
    expect(Object.keys(list)).toHaveLength(KIND_COUNT);
    expect(list).toMatchObject({
      COMMENT_ON_PROPOSAL: 'NONE',
      PROPOSAL_ANSWERED: 'EMAIL_DIGEST',
      PROGRESS_UPDATED: 'EMAIL_NOW',
    });
    expect(await stored(s.citizen)).toEqual({
      COMMENT_ON_PROPOSAL: 'NONE',
      PROPOSAL_ANSWERED: 'EMAIL_DIGEST',
    });
    const again = await s.t.gql(
      UPDATE,
      { preferences: [{ kind: 'COMMENT_ON_PROPOSAL', channel: 'IN_APP' }] },
      s.citizen.token,
    );
    expect(channels(again.data.updateNotificationPreferences).COMMENT_ON_PROPOSAL).toBe('IN_APP');
    expect(await stored(s.citizen)).toEqual({
      COMMENT_ON_PROPOSAL: 'IN_APP',
      PROPOSAL_ANSWERED: 'EMAIL_DIGEST',
    });
  });

  it('an empty list changes nothing and answers the list', async () => {
    const before = await stored(s.citizen);
    const res = await s.t.gql(UPDATE, { preferences: [] }, s.citizen.token);
    expect(res.data.updateNotificationPreferences).toHaveLength(KIND_COUNT);
    expect(await stored(s.citizen)).toEqual(before);
  });

  it('all fourteen kinds at once are accepted', async () => {
    const preferences = (await s.t.gql(PREFERENCES, {}, s.citizen2.token)).data.me
      .notificationPreferences;
    const res = await s.t.gql(
      UPDATE,
      {
        preferences: preferences.map((p: { kind: string }) => ({
          kind: p.kind,
          channel: 'IN_APP',
        })),
      },
      s.citizen2.token,
    );
    expect(res.errors).toBeUndefined();
    expect(Object.values(await stored(s.citizen2))).toEqual(Array(KIND_COUNT).fill('IN_APP'));
  });

  it('a kind named twice: BAD_USER_INPUT on the second, and nothing is stored', async () => {
    const before = await stored(s.citizen);
    const res = await s.t.gql(
      UPDATE,
      {
        preferences: [
          { kind: 'WORKSHOP_UPDATED', channel: 'NONE' },
          { kind: 'WORKSHOP_UPDATED', channel: 'EMAIL_NOW' },
        ],
      },
      s.citizen.token,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['preferences.1.kind']);
    expect(await stored(s.citizen)).toEqual(before);
  });

  it('an unknown kind or channel, or a missing one, is refused by the schema and stores nothing', async () => {
    const before = await stored(s.citizen);
    for (const preferences of [
      [{ kind: 'EVERYTHING', channel: 'NONE' }],
      [{ kind: 'PROPOSAL_ANSWERED', channel: 'SMS' }],
      [{ kind: 'PROPOSAL_ANSWERED' }],
      [{ kind: 'PROPOSAL_ANSWERED', channel: null }],
      'PROPOSAL_ANSWERED',
    ]) {
      const res = await s.t.gql(UPDATE, { preferences }, s.citizen.token);
      expect(res.errors?.length).toBeGreaterThan(0);
    }
    expect(await stored(s.citizen)).toEqual(before);
  });

  it('signed out: UNAUTHENTICATED', async () => {
    const res = await s.t.gql(UPDATE, { preferences: [] }, null);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });

  it('a suspended user may still choose: nobody is made to keep receiving mail', async () => {
    const res = await s.t.gql(
      UPDATE,
      { preferences: [{ kind: 'PROPOSAL_ANSWERED', channel: 'IN_APP' }] },
      s.suspended.token,
    );
    expect(res.errors).toBeUndefined();
    expect(await stored(s.suspended)).toEqual({ PROPOSAL_ANSWERED: 'IN_APP' });
  });

  it('nobody else reads them, admins included', async () => {
    const id = toGlobalId('User', s.citizen.user.id);
    for (const viewer of [s.admin, s.moderator, s.citizen2, s.parksStaff, null]) {
      const res = await s.t.gql(OTHERS, { id }, viewer?.token ?? null);
      expect(res.errors).toBeUndefined();
      expect(res.data.node.notificationPreferences).toBeNull();
    }
    const own = await s.t.gql(OTHERS, { id }, s.citizen.token);
    expect(own.data.node.notificationPreferences).toHaveLength(KIND_COUNT);
  });

  it('two calls at once: each applies whole; on the same kind one of them wins, stored once', async () => {
    const u = await createUser(s.t.db, s.t.jwt);
    const set = (kind: string, channel: string) =>
      s.t.gql(UPDATE, { preferences: [{ kind, channel }] }, u.token);
    const results = await Promise.all([
      set('WORKSHOP_REMINDER', 'NONE'),
      set('WORKSHOP_UPDATED', 'EMAIL_DIGEST'),
      set('CONTENT_HIDDEN', 'IN_APP'),
      set('CONTENT_HIDDEN', 'EMAIL_DIGEST'),
    ]);
    for (const res of results) expect(res.errors).toBeUndefined();
    const now = await stored(u);
    expect(now).toMatchObject({ WORKSHOP_REMINDER: 'NONE', WORKSHOP_UPDATED: 'EMAIL_DIGEST' });
    expect(['IN_APP', 'EMAIL_DIGEST']).toContain(now.CONTENT_HIDDEN);
    const rows = await s.t.db.query(
      `SELECT count(*)::int AS n FROM notification_preference WHERE user_id = $1`,
      [u.user.id],
    );
    expect(rows[0].n).toBe(3);
  });
});

describe('what the choices do', () => {
  const comment = (proposalId: string, by: TestUser) =>
    ok(
      s.t,
      ADD_COMMENT,
      { input: { subjectId: toGlobalId('Proposal', proposalId), body: '좋은 제안입니다' } },
      by.token,
    );
  const inbox = async (u: TestUser) => (await s.t.gql(INBOX, {}, u.token)).data.notifications.nodes;

  it('NONE: a comment on their proposal writes no notification and no mail', async () => {
    const author = await createUser(s.t.db, s.t.jwt, { emailVerifiedAt: new Date() });
    await ok(
      s.t,
      UPDATE,
      { preferences: [{ kind: 'COMMENT_ON_PROPOSAL', channel: 'NONE' }] },
      author.token,
    );
    const proposal = await createProposal(s.t.db, author.user.id);
    await comment(proposal.id, s.citizen3);
    expect(await inbox(author)).toEqual([]);
    const mails = await s.t.db.query(`SELECT 1 FROM email_delivery WHERE recipient_id = $1`, [
      author.user.id,
    ]);
    expect(mails).toHaveLength(0);
  });

  it('NONE does not silence CONTENT_HIDDEN: the author still learns their content was hidden', async () => {
    const author = await createUser(s.t.db, s.t.jwt);
    await ok(
      s.t,
      UPDATE,
      { preferences: [{ kind: 'CONTENT_HIDDEN', channel: 'NONE' }] },
      author.token,
    );
    const proposal = await createProposal(s.t.db, author.user.id);
    await ok(
      s.t,
      MODERATE,
      { input: { targetId: toGlobalId('Proposal', proposal.id), action: 'HIDE', note: '광고' } },
      s.moderator.token,
    );
    const nodes = await inbox(author);
    expect(nodes.map((n: { kind: string }) => n.kind)).toEqual(['CONTENT_HIDDEN']);
    // Not by mail, as chosen.
    expect(nodes[0].emailState).toBeNull();
  });

  it('a verified address: EMAIL_DIGEST (the default for comments) is PENDING for the digest', async () => {
    const proposal = await createProposal(s.t.db, verified.user.id);
    await comment(proposal.id, s.citizen3);
    const [n] = await inbox(verified);
    expect(n).toMatchObject({ kind: 'COMMENT_ON_PROPOSAL', emailState: 'PENDING' });
    const rows = await s.t.db.query(
      `SELECT purpose, state FROM email_delivery WHERE recipient_id = $1`,
      [verified.user.id],
    );
    expect(rows).toEqual([{ purpose: 'DIGEST_ITEM', state: 'PENDING' }]);
  });

  it('an unverified address: the e-mail is SKIPPED, and the in-app notification is there', async () => {
    const author = await createUser(s.t.db, s.t.jwt);
    await ok(
      s.t,
      UPDATE,
      { preferences: [{ kind: 'COMMENT_ON_PROPOSAL', channel: 'EMAIL_NOW' }] },
      author.token,
    );
    const proposal = await createProposal(s.t.db, author.user.id);
    await comment(proposal.id, s.citizen3);
    const [n] = await inbox(author);
    expect(n).toMatchObject({ kind: 'COMMENT_ON_PROPOSAL', emailState: 'SKIPPED' });
  });

  it('IN_APP: the notification, and no e-mail state', async () => {
    const author = await createUser(s.t.db, s.t.jwt, { emailVerifiedAt: new Date() });
    await ok(
      s.t,
      UPDATE,
      { preferences: [{ kind: 'COMMENT_ON_PROPOSAL', channel: 'IN_APP' }] },
      author.token,
    );
    const proposal = await createProposal(s.t.db, author.user.id);
    await comment(proposal.id, s.citizen3);
    const [n] = await inbox(author);
    expect(n).toMatchObject({ kind: 'COMMENT_ON_PROPOSAL', emailState: null });
  });
});
