import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { Role } from '../../src/core/access/role.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import {
  ADD_COMMENT,
  ANSWER,
  ASSIGN,
  AUDIT_LOG,
  comment,
  count,
  did,
  LIFT,
  MARK_READ,
  MODERATE,
  newProposal,
  newWorkshop,
  NODE,
  ok,
  pid,
  PROGRESS,
  proposalAt,
  register,
  REPORT,
  SET_ROLE,
  startScene,
  SUSPEND,
  uid,
  type Scene,
} from './support.js';

/**
 * The audit log: one entry per privileged action (role changes, suspensions and their lifting,
 * moderation, routing, answers, progress), written with the action, its actor (null for the
 * automatic hide), its target, the note given and the state before and after. Read by admins
 * only, newest first, filtered by action, actor and target.
 */

let s: Scene;
let suspendedAdmin: TestUser;
beforeAll(async () => {
  s = await startScene();
  suspendedAdmin = await createUser(s.t.db, s.t.jwt, {
    role: Role.ADMIN,
    suspendedUntil: new Date(Date.now() + 86_400_000),
  });
});
afterAll(() => s.t.close());

interface Entry {
  id: string;
  action: string;
  note: string | null;
  before: string | null;
  after: string | null;
  createdAt: string;
  targetId: string;
  actor: { id: string } | null;
  target: { __typename: string; id: string } | null;
}

async function auditLog(vars: Record<string, unknown> = {}) {
  return (await ok(s.t, AUDIT_LOG, vars, s.admin.token)).auditLog as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    nodes: Entry[];
  };
}

/** Runs `work`, checks it wrote exactly one audit entry, and answers that entry as the API shows it. */
async function oneEntryFrom(
  work: () => Promise<unknown>,
): Promise<Omit<Entry, 'id' | 'createdAt'>> {
  const before = await count(s.t, 'audit_entry');
  await work();
  expect(await count(s.t, 'audit_entry')).toBe(before + 1);
  const [newest] = (await auditLog({ first: 1 })).nodes;
  const { id: _id, createdAt: _createdAt, ...rest } = newest!;
  return rest;
}

const userTarget = (u: TestUser) => ({ __typename: 'User', id: uid(u) });
const inFuture = (days: number) =>
  new Date(Math.floor(Date.now() / 1000) * 1000 + days * 86_400_000).toISOString();

describe('one entry per privileged action', () => {
  it('setUserRole: ROLE_CHANGED, with the roles (and departments) before and after', async () => {
    const user = await createUser(s.t.db, s.t.jwt);
    expect(
      await oneEntryFrom(() =>
        ok(
          s.t,
          SET_ROLE,
          { input: { userId: uid(user), role: 'STAFF', departmentId: did(s.parks) } },
          s.admin.token,
        ),
      ),
    ).toEqual({
      action: 'ROLE_CHANGED',
      actor: { id: uid(s.admin) },
      targetId: uid(user),
      target: userTarget(user),
      note: null,
      before: 'CITIZEN',
      after: 'STAFF (공원녹지과)',
    });
    expect(
      await oneEntryFrom(() =>
        ok(s.t, SET_ROLE, { input: { userId: uid(user), role: 'MODERATOR' } }, s.admin.token),
      ),
    ).toMatchObject({ action: 'ROLE_CHANGED', before: 'STAFF (공원녹지과)', after: 'MODERATOR' });
  });

  it('suspendUser and liftSuspension: USER_SUSPENDED and SUSPENSION_LIFTED, with the reason and the dates', async () => {
    const user = await createUser(s.t.db, s.t.jwt);
    const firstUntil = inFuture(3);
    expect(
      await oneEntryFrom(() =>
        ok(
          s.t,
          SUSPEND,
          { input: { userId: uid(user), until: firstUntil, reason: '욕설 반복' } },
          s.moderator.token,
        ),
      ),
    ).toEqual({
      action: 'USER_SUSPENDED',
      actor: { id: uid(s.moderator) },
      targetId: uid(user),
      target: userTarget(user),
      note: '욕설 반복',
      before: 'not suspended',
      after: `suspended until ${firstUntil}`,
    });
    const secondUntil = inFuture(10);
    expect(
      await oneEntryFrom(() =>
        ok(
          s.t,
          SUSPEND,
          { input: { userId: uid(user), until: secondUntil, reason: '재발' } },
          s.admin.token,
        ),
      ),
    ).toEqual({
      action: 'USER_SUSPENDED',
      actor: { id: uid(s.admin) },
      targetId: uid(user),
      target: userTarget(user),
      note: '재발',
      before: `suspended until ${firstUntil}`,
      after: `suspended until ${secondUntil}`,
    });
    expect(
      await oneEntryFrom(() =>
        ok(s.t, LIFT, { input: { userId: uid(user), reason: '소명 확인' } }, s.moderator.token),
      ),
    ).toEqual({
      action: 'SUSPENSION_LIFTED',
      actor: { id: uid(s.moderator) },
      targetId: uid(user),
      target: userTarget(user),
      note: '소명 확인',
      before: `suspended until ${secondUntil}`,
      after: 'not suspended',
    });
  });

  it('moderateContent: CONTENT_HIDDEN and CONTENT_RESTORED on proposals and comments, with the note and the state', async () => {
    const proposal = await newProposal(s);
    const moderate = (targetId: string, action: string, note: string, who = s.moderator) =>
      oneEntryFrom(() => ok(s.t, MODERATE, { input: { targetId, action, note } }, who.token));
    const onProposal = {
      targetId: pid(proposal),
      target: { __typename: 'Proposal', id: pid(proposal) },
    };
    expect(await moderate(pid(proposal), 'HIDE', '광고성 게시물')).toEqual({
      action: 'CONTENT_HIDDEN',
      actor: { id: uid(s.moderator) },
      ...onProposal,
      note: '광고성 게시물',
      before: 'visible',
      after: 'hidden',
    });
    // Confirming a hide is kept too.
    expect(await moderate(pid(proposal), 'HIDE', '확인함', s.admin)).toEqual({
      action: 'CONTENT_HIDDEN',
      actor: { id: uid(s.admin) },
      ...onProposal,
      note: '확인함',
      before: 'hidden',
      after: 'hidden',
    });
    expect(await moderate(pid(proposal), 'RESTORE', '오인 신고')).toEqual({
      action: 'CONTENT_RESTORED',
      actor: { id: uid(s.moderator) },
      ...onProposal,
      note: '오인 신고',
      before: 'hidden',
      after: 'visible',
    });
    // Restoring visible content dismisses its reports, and is kept as well.
    expect(await moderate(pid(proposal), 'RESTORE', '신고 기각')).toMatchObject({
      action: 'CONTENT_RESTORED',
      before: 'visible',
      after: 'visible',
    });

    const commentId = await comment(s, s.citizen, pid(proposal));
    expect(await moderate(commentId, 'HIDE', '욕설')).toEqual({
      action: 'CONTENT_HIDDEN',
      actor: { id: uid(s.moderator) },
      targetId: commentId,
      target: { __typename: 'Comment', id: commentId },
      note: '욕설',
      before: 'visible',
      after: 'hidden',
    });
  });

  it('the automatic hide: CONTENT_HIDDEN with no actor, written by the report that reaches the threshold', async () => {
    const proposal = await newProposal(s);
    const report = (who: TestUser) =>
      ok(s.t, REPORT, { input: { targetId: pid(proposal), reason: 'SPAM' } }, who.token);
    const before = await count(s.t, 'audit_entry');
    await report(s.citizen);
    await report(s.citizen2);
    expect(await count(s.t, 'audit_entry')).toBe(before);
    expect(await oneEntryFrom(() => report(s.citizen3))).toEqual({
      action: 'CONTENT_HIDDEN',
      actor: null,
      targetId: pid(proposal),
      target: { __typename: 'Proposal', id: pid(proposal) },
      note: 'Hidden automatically: 3 people reported it.',
      before: 'visible',
      after: 'hidden',
    });
  });

  it('assignProposal: PROPOSAL_ASSIGNED then PROPOSAL_TRANSFERRED, the reason as note, departments before and after', async () => {
    const proposal = await newProposal(s);
    const onProposal = {
      targetId: pid(proposal),
      target: { __typename: 'Proposal', id: pid(proposal) },
    };
    expect(
      await oneEntryFrom(() =>
        ok(
          s.t,
          ASSIGN,
          { input: { proposalId: pid(proposal), departmentId: did(s.parks), reason: '공원 관련' } },
          s.roadsStaff.token,
        ),
      ),
    ).toEqual({
      action: 'PROPOSAL_ASSIGNED',
      actor: { id: uid(s.roadsStaff) },
      ...onProposal,
      note: '공원 관련',
      before: null,
      after: '공원녹지과',
    });
    expect(
      await oneEntryFrom(() =>
        ok(
          s.t,
          ASSIGN,
          { input: { proposalId: pid(proposal), departmentId: did(s.roads), reason: '도로 소관' } },
          s.parksStaff.token,
        ),
      ),
    ).toEqual({
      action: 'PROPOSAL_TRANSFERRED',
      actor: { id: uid(s.parksStaff) },
      ...onProposal,
      note: '도로 소관',
      before: '공원녹지과',
      after: '도로과',
    });
  });

  it('answerProposal and postProgressUpdate: PROPOSAL_ANSWERED (statuses) and PROGRESS_POSTED (percentages)', async () => {
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks);
    const onProposal = {
      targetId: pid(proposal),
      target: { __typename: 'Proposal', id: pid(proposal) },
    };
    expect(
      await oneEntryFrom(() =>
        ok(
          s.t,
          ANSWER,
          { input: { proposalId: pid(proposal), status: 'ACCEPTED', body: '추진하겠습니다.' } },
          s.parksStaff.token,
        ),
      ),
    ).toEqual({
      action: 'PROPOSAL_ANSWERED',
      actor: { id: uid(s.parksStaff) },
      ...onProposal,
      note: null,
      before: 'UNDER_REVIEW',
      after: 'ACCEPTED',
    });
    expect(
      await oneEntryFrom(() =>
        ok(
          s.t,
          PROGRESS,
          { input: { proposalId: pid(proposal), progress: 40, body: '설계 완료' } },
          s.parksStaff2.token,
        ),
      ),
    ).toEqual({
      action: 'PROGRESS_POSTED',
      actor: { id: uid(s.parksStaff2) },
      ...onProposal,
      note: null,
      before: '0%',
      after: '40%',
    });
    expect(
      await oneEntryFrom(() =>
        ok(
          s.t,
          ANSWER,
          { input: { proposalId: pid(proposal), status: 'IMPLEMENTED', body: '완료했습니다.' } },
          s.admin.token,
        ),
      ),
    ).toMatchObject({ action: 'PROPOSAL_ANSWERED', before: 'IN_PROGRESS', after: 'IMPLEMENTED' });
  });

  it('what is not privileged writes nothing: comments, supports, registrations, a report below the threshold, marking read', async () => {
    const proposal = await newProposal(s);
    const workshop = await newWorkshop(s, s.parks, 5);
    const before = await count(s.t, 'audit_entry');
    await ok(
      s.t,
      ADD_COMMENT,
      { input: { subjectId: pid(proposal), body: '좋아요' } },
      s.citizen.token,
    );
    await ok(
      s.t,
      'mutation($id: ID!) { supportProposal(id: $id) { id } }',
      { id: pid(proposal) },
      s.citizen.token,
    );
    await register(s, s.citizen, workshop.id);
    await ok(
      s.t,
      REPORT,
      { input: { targetId: pid(proposal), reason: 'OTHER' } },
      s.citizen2.token,
    );
    await ok(s.t, MARK_READ, { ids: null }, s.author.token);
    expect(await count(s.t, 'audit_entry')).toBe(before);
  });
});

describe('reading the log', () => {
  /** Ids of entries as the database orders them newest first, for comparing with the API. */
  async function idsInDatabase(where = 'TRUE', params: unknown[] = []): Promise<string[]> {
    const rows: { id: string }[] = await s.t.db.query(
      `SELECT id FROM audit_entry WHERE ${where} ORDER BY created_at DESC, id DESC`,
      params,
    );
    return rows.map((r) => toGlobalId('AuditEntry', r.id));
  }

  let answered: ProposalEntity;
  let suspendedUser: TestUser;
  beforeAll(async () => {
    answered = await proposalAt(s, 'UNDER_REVIEW', s.parks);
    await ok(
      s.t,
      ANSWER,
      { input: { proposalId: pid(answered), status: 'ACCEPTED', body: '추진합니다.' } },
      s.parksStaff.token,
    );
    suspendedUser = await createUser(s.t.db, s.t.jwt);
    await ok(
      s.t,
      SUSPEND,
      { input: { userId: uid(suspendedUser), until: inFuture(2), reason: '도배' } },
      s.moderator.token,
    );
    await ok(
      s.t,
      LIFT,
      { input: { userId: uid(suspendedUser), reason: '해제' } },
      s.moderator.token,
    );
    const other = await newProposal(s);
    await ok(
      s.t,
      MODERATE,
      { input: { targetId: pid(other), action: 'HIDE', note: '숨김' } },
      s.moderator.token,
    );
  });

  it('is for admins only: CITIZEN, STAFF and MODERATOR are FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    for (const who of [s.citizen, s.parksStaff, s.moderator]) {
      const res = await s.t.gql(AUDIT_LOG, { first: 5 }, who.token);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    }
    const anonymous = await s.t.gql(AUDIT_LOG, { first: 5 });
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(anonymous.data).toBeNull();
    // Role before input: a non-admin with a junk filter learns nothing about the filter.
    expect(codeOf(await s.t.gql(AUDIT_LOG, { targetId: 'junk' }, s.moderator.token))).toBe(
      'FORBIDDEN',
    );
  });

  it('a suspended admin may still read it (reads stay open)', async () => {
    const res = await s.t.gql(AUDIT_LOG, { first: 1 }, suspendedAdmin.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.auditLog.totalCount).toBe(await count(s.t, 'audit_entry'));
  });

  it('lists newest first, with totalCount, and pages through by cursors without gaps or repeats', async () => {
    const expected = await idsInDatabase();
    expect(expected.length).toBe(await count(s.t, 'audit_entry'));
    const seen: string[] = [];
    const times: number[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await auditLog({ first: 3, after });
      pages += 1;
      expect(page.totalCount).toBe(expected.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...page.nodes.map((n) => n.id));
      times.push(...page.nodes.map((n) => Date.parse(n.createdAt)));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 3));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('refuses a page size out of range and a junk cursor', async () => {
    for (const first of [101, -1]) {
      const res = await s.t.gql(AUDIT_LOG, { first }, s.admin.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['first']);
    }
    const junk = await s.t.gql(AUDIT_LOG, { after: 'junk' }, s.admin.token);
    expect(codeOf(junk)).toBe('BAD_USER_INPUT');
    expect(badFields(junk)).toEqual(['after']);
  });

  it('filters by action', async () => {
    const page = await auditLog({ action: 'PROPOSAL_ANSWERED', first: 100 });
    expect(page.nodes.map((n) => n.id)).toEqual(
      await idsInDatabase(`action = 'PROPOSAL_ANSWERED'`),
    );
    // The newest is the answer of this block's set-up.
    expect(page.nodes[0]).toMatchObject({ targetId: pid(answered.id), after: 'ACCEPTED' });
    expect(new Set(page.nodes.map((n) => n.action))).toEqual(new Set(['PROPOSAL_ANSWERED']));
    expect(page.totalCount).toBe(page.nodes.length);
  });

  it('filters by actor', async () => {
    const page = await auditLog({ actorId: uid(s.moderator), first: 100 });
    expect(page.nodes.map((n) => n.id)).toEqual(
      await idsInDatabase('actor_id = $1', [s.moderator.user.id]),
    );
    expect(new Set(page.nodes.map((n) => n.actor?.id))).toEqual(new Set([uid(s.moderator)]));
    // Somebody who never acted: an empty list, not an error.
    const nobody = await auditLog({ actorId: uid(s.citizen3) });
    expect(nobody).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('filters by target, given a global id of any type', async () => {
    const onUser = await auditLog({ targetId: uid(suspendedUser) });
    expect(onUser.nodes.map((n) => [n.action, n.targetId])).toEqual([
      ['SUSPENSION_LIFTED', uid(suspendedUser)],
      ['USER_SUSPENDED', uid(suspendedUser)],
    ]);
    const onProposal = await auditLog({ targetId: pid(answered.id) });
    expect(onProposal.nodes.map((n) => n.action)).toEqual(['PROPOSAL_ANSWERED']);
    // The same uuid under another type names another object.
    expect(await auditLog({ targetId: toGlobalId('User', answered.id) })).toMatchObject({
      totalCount: 0,
      nodes: [],
    });
    for (const targetId of [
      toGlobalId('Workshop', randomUUID()),
      toGlobalId('Department', s.parks.id),
      toGlobalId('Unheard', randomUUID()),
    ]) {
      expect(await auditLog({ targetId })).toMatchObject({ totalCount: 0, nodes: [] });
    }
  });

  it('combines filters', async () => {
    const page = await auditLog({
      action: 'USER_SUSPENDED',
      actorId: uid(s.moderator),
      targetId: uid(suspendedUser),
    });
    expect(page.nodes.map((n) => [n.action, n.actor?.id, n.targetId, n.note])).toEqual([
      ['USER_SUSPENDED', uid(s.moderator), uid(suspendedUser), '도배'],
    ]);
    const none = await auditLog({ action: 'ROLE_CHANGED', targetId: uid(suspendedUser) });
    expect(none).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('refuses junk filters: BAD_USER_INPUT naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ targetId: 'junk' }, 'targetId'],
      [{ targetId: '' }, 'targetId'],
      [{ targetId: `${uid(s.citizen)}x` }, 'targetId'],
      [{ actorId: 'junk' }, 'actorId'],
      [{ actorId: pid(answered.id) }, 'actorId'],
    ];
    for (const [vars, field] of cases) {
      const res = await s.t.gql(AUDIT_LOG, vars, s.admin.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual([field]);
      expect(res.data).toBeNull();
    }
    const badAction = await s.t.gql(AUDIT_LOG, { action: 'DELETED_EVERYTHING' }, s.admin.token);
    expect(codeOf(badAction)).toBe('BAD_USER_INPUT');
  });

  it('node(id) of an entry is the entry for an admin and null for everyone else', async () => {
    const [newest] = (await auditLog({ first: 1 })).nodes;
    const asAdmin = await ok(s.t, NODE, { id: newest!.id }, s.admin.token);
    expect(asAdmin.node).toEqual({
      __typename: 'AuditEntry',
      id: newest!.id,
      action: newest!.action,
      note: newest!.note,
      before: newest!.before,
      after: newest!.after,
      targetId: newest!.targetId,
      actor: newest!.actor,
    });
    for (const token of [s.citizen.token, s.parksStaff.token, s.moderator.token, null]) {
      const res = await s.t.gql(NODE, { id: newest!.id }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
    }
  });
});
