import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  count,
  gid,
  PROPOSAL,
  proposalId,
  proposalRow,
  SUPPORT,
  UNSUPPORT,
  WITHDRAW,
} from './support.js';

describe('supportProposal and unsupportProposal', () => {
  let t: TestApp;
  let author: TestUser;
  let citizen: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    author = await createUser(t.db, t.jwt);
    citizen = await createUser(t.db, t.jwt);
  });
  afterAll(() => t.close());

  const support = (id: string, token: string | null = citizen.token) =>
    t.gql(SUPPORT, { id: proposalId(id) }, token);
  const unsupport = (id: string, token: string | null = citizen.token) =>
    t.gql(UNSUPPORT, { id: proposalId(id) }, token);
  const supportRows = (id: string) => count(t, 'proposal_support WHERE proposal_id = $1', [id]);
  const storedCount = async (id: string) => (await proposalRow(t, id))!.support_count as number;

  it('supports and unsupports, idempotently, with viewerHasSupported following', async () => {
    const p = await createProposal(t.db, author.user.id);
    expect((await support(p.id)).data.supportProposal).toEqual({
      id: proposalId(p.id),
      supportCount: 1,
      viewerHasSupported: true,
    });
    expect((await support(p.id)).data.supportProposal).toMatchObject({
      supportCount: 1,
      viewerHasSupported: true,
    });
    expect(await supportRows(p.id)).toBe(1);

    const read = await t.gql(PROPOSAL, { id: proposalId(p.id) }, citizen.token);
    expect(read.data.proposal).toMatchObject({ supportCount: 1, viewerHasSupported: true });
    const asAuthor = await t.gql(PROPOSAL, { id: proposalId(p.id) }, author.token);
    expect(asAuthor.data.proposal.viewerHasSupported).toBe(false);
    const anonymous = await t.gql(PROPOSAL, { id: proposalId(p.id) });
    expect(anonymous.data.proposal).toMatchObject({ supportCount: 1, viewerHasSupported: false });

    expect((await unsupport(p.id)).data.unsupportProposal).toMatchObject({
      supportCount: 0,
      viewerHasSupported: false,
    });
    expect((await unsupport(p.id)).data.unsupportProposal).toMatchObject({
      supportCount: 0,
      viewerHasSupported: false,
    });
    expect(await supportRows(p.id)).toBe(0);
    expect(await storedCount(p.id)).toBe(0);
  });

  it('lets an author support their own proposal', async () => {
    const p = await createProposal(t.db, author.user.id);
    expect((await support(p.id, author.token)).data.supportProposal.supportCount).toBe(1);
  });

  it('keeps supportCount exact under 50 concurrent supports from different users', async () => {
    const p = await createProposal(t.db, author.user.id);
    const users = await Promise.all(Array.from({ length: 50 }, () => createUser(t.db, t.jwt)));
    const results = await Promise.all(users.map((u) => support(p.id, u.token)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(await storedCount(p.id)).toBe(50);
    expect(await supportRows(p.id)).toBe(50);
    expect((await t.gql(PROPOSAL, { id: proposalId(p.id) })).data.proposal.supportCount).toBe(50);

    // And back down, all at once, with a few repeating themselves.
    const downs = await Promise.all(
      [...users, ...users.slice(0, 10)].map((u) => unsupport(p.id, u.token)),
    );
    expect(downs.filter((r) => r.errors)).toEqual([]);
    expect(await storedCount(p.id)).toBe(0);
    expect(await supportRows(p.id)).toBe(0);
  });

  it('changes an open proposal in one statement outside any transaction, which returns it', async () => {
    const p = await createProposal(t.db, author.user.id);
    for (const change of [support, unsupport]) {
      const { result, withTransactionControl: statements } = await countQueries(t.db, () =>
        change(p.id),
      );
      expect(result.errors).toBeUndefined();
      // the viewer's session, and the change (lock, row, counter) returning the proposal
      expect(statements).toHaveLength(2);
      expect(statements.some((q) => /^(START TRANSACTION|BEGIN)/i.test(q))).toBe(false);
    }
    expect(await storedCount(p.id)).toBe(0);
  });

  it('answers with the proposal as a fresh read shows it, every field', async () => {
    const FIELDS = `id title body status progress supportCount commentCount createdAt updatedAt
      responseDueAt overdue viewerHasSupported author { id } department { id }
      location { address latitude longitude }`;
    const p = await createProposal(t.db, author.user.id, {
      locationAddress: '남원시 요천로 1',
      locationLatitude: 35.41,
      locationLongitude: 127.39,
    });
    for (const change of ['supportProposal', 'unsupportProposal', 'unsupportProposal']) {
      const res = await t.gql(
        `mutation($id: ID!) { ${change}(id: $id) { ${FIELDS} } }`,
        { id: proposalId(p.id) },
        citizen.token,
      );
      expect(res.errors).toBeUndefined();
      const read = await t.gql(
        `query($id: ID!) { proposal(id: $id) { ${FIELDS} } }`,
        { id: proposalId(p.id) },
        citizen.token,
      );
      expect(res.data[change]).toEqual(read.data.proposal);
    }
  });

  it('counts one support for 20 concurrent repeats from one user', async () => {
    const p = await createProposal(t.db, author.user.id);
    const results = await Promise.all(Array.from({ length: 20 }, () => support(p.id)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(results.every((r) => r.data.supportProposal.viewerHasSupported === true)).toBe(true);
    expect(await storedCount(p.id)).toBe(1);
    expect(await supportRows(p.id)).toBe(1);
  });

  it('stays exact when supports and unsupports of many users interleave', async () => {
    const p = await createProposal(t.db, author.user.id);
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(t.db, t.jwt)));
    // Each user supports twice and unsupports once, all at once: the end state per user is
    // whatever ran last, and the count must equal the rows, whatever the order.
    await Promise.all(
      users.flatMap((u) => [
        support(p.id, u.token),
        unsupport(p.id, u.token),
        support(p.id, u.token),
      ]),
    );
    expect(await storedCount(p.id)).toBe(await supportRows(p.id));
  });

  it.each([ProposalStatus.WITHDRAWN, ProposalStatus.REJECTED])(
    'refuses support and unsupport on a %s proposal with CONFLICT, leaving the count',
    async (status) => {
      const p = await createProposal(t.db, author.user.id);
      await support(p.id);
      await t.db.query('UPDATE proposal SET status = $2 WHERE id = $1', [p.id, status]);
      const other = await createUser(t.db, t.jwt);
      expect(codeOf(await support(p.id, other.token))).toBe('CONFLICT');
      expect(codeOf(await unsupport(p.id))).toBe('CONFLICT');
      expect(await storedCount(p.id)).toBe(1);
      expect(await supportRows(p.id)).toBe(1);
    },
  );

  it.each([
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.ACCEPTED,
    ProposalStatus.IN_PROGRESS,
    ProposalStatus.IMPLEMENTED,
  ])('accepts supports on a %s proposal', async (status) => {
    const p = await createProposal(t.db, author.user.id, { status });
    expect((await support(p.id)).data.supportProposal.supportCount).toBe(1);
  });

  it('refuses supports on a hidden proposal: CONFLICT for its author, NOT_FOUND for others who cannot see it', async () => {
    const p = await createProposal(t.db, author.user.id, { hidden: true });
    expect(codeOf(await support(p.id, author.token))).toBe('CONFLICT');
    expect(codeOf(await support(p.id))).toBe('NOT_FOUND');
    const moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
    expect(codeOf(await support(p.id, moderator.token))).toBe('CONFLICT');
    expect(await supportRows(p.id)).toBe(0);
  });

  it('never lets a support land on a proposal withdrawn at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const p = await createProposal(t.db, author.user.id);
      const supporters = await Promise.all(
        Array.from({ length: 5 }, () => createUser(t.db, t.jwt)),
      );
      const results = await Promise.all([
        ...supporters.map((u) => support(p.id, u.token)),
        t.gql(WITHDRAW, { id: proposalId(p.id) }, author.token),
      ]);
      const accepted = results.slice(0, 5).filter((r) => !r.errors).length;
      expect(
        results
          .slice(0, 5)
          .filter((r) => r.errors)
          .every((r) => codeOf(r) === 'CONFLICT'),
      ).toBe(true);
      expect(await storedCount(p.id)).toBe(accepted);
      expect(await supportRows(p.id)).toBe(accepted);
    }
  });

  it('refuses anonymous (UNAUTHENTICATED) and suspended users (FORBIDDEN), writing nothing', async () => {
    const p = await createProposal(t.db, author.user.id);
    const suspended = await createUser(t.db, t.jwt, {
      suspendedUntil: new Date(Date.now() + 60_000),
    });
    expect(codeOf(await support(p.id, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(await support(p.id, suspended.token))).toBe('FORBIDDEN');
    expect(codeOf(await unsupport(p.id, suspended.token))).toBe('FORBIDDEN');
    expect(await supportRows(p.id)).toBe(0);
  });

  it.each([
    ['a junk id', 'not an id', 'BAD_USER_INPUT'],
    ['an id of another type', gid('Topic', randomUUID()), 'BAD_USER_INPUT'],
    ['an empty id', '', 'BAD_USER_INPUT'],
    ['a proposal that does not exist', proposalId(randomUUID()), 'NOT_FOUND'],
  ])('answers %s with %s', async (_label, id, code) => {
    const res = await t.gql(SUPPORT, { id }, citizen.token);
    expect(codeOf(res)).toBe(code);
    if (code === 'BAD_USER_INPUT') expect(badFields(res)).toEqual(['id']);
  });

  it('refuses an id of the wrong GraphQL type', async () => {
    expect(codeOf(await t.gql(SUPPORT, { id: 42.5 }, citizen.token))).toBe('BAD_USER_INPUT');
  });
});
