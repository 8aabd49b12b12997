import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { createDepartment, createTopic } from '../../src/catalog/testing/catalog.factory.js';
import type { TopicEntity } from '../../src/catalog/topic.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  count,
  CREATE,
  gid,
  PROPOSAL,
  proposalId,
  proposalRow,
  UPDATE,
  WITHDRAW,
} from './support.js';

describe('createProposal, updateProposal, withdrawProposal', () => {
  let t: TestApp;
  let citizen: TestUser;
  let other: TestUser;
  let admin: TestUser;
  let moderator: TestUser;
  let shade: TopicEntity;
  let safety: TopicEntity;
  let processId: string;

  beforeAll(async () => {
    t = await startTestApp();
    citizen = await createUser(t.db, t.jwt);
    other = await createUser(t.db, t.jwt);
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
    shade = await createTopic(t.db, { slug: 'shade', name: '그늘' });
    safety = await createTopic(t.db, { slug: 'safety', name: '안전' });
    const process = await t.gql(
      'mutation { createProcess(input: { slug: "eco-play", title: "생태놀이터" }) { id } }',
      {},
      admin.token,
    );
    processId = process.data.createProcess.id;
  });
  afterAll(() => t.close());

  const create = (input: Record<string, unknown>, token: string | null = citizen.token) =>
    t.gql(CREATE, { input }, token);
  const proposals = () => count(t, 'proposal');
  const valid = {
    title: '놀이터에 그늘막을',
    body: '여름에 아이들이 놀 수 있도록 그늘막을 설치해 주세요.',
  };

  describe('createProposal', () => {
    it('creates a SUBMITTED proposal with topics, process and location, text kept verbatim after trim and NFC', async () => {
      const body = '  <script>alert("x")</script> 벤치와 <b>그늘</b>이 필요합니다.\n두 번째 줄.  ';
      const res = await create({
        title: `  ${'놀이터 그늘막'.normalize('NFD')}  `,
        body,
        processId,
        topicIds: [gid('Topic', shade.id), gid('Topic', safety.id)],
        location: { address: '남원시 요천로 1', latitude: 35.416, longitude: 127.39 },
      });
      expect(res.errors).toBeUndefined();
      const p = res.data.createProposal;
      expect(p).toMatchObject({
        title: '놀이터 그늘막',
        body: '<script>alert("x")</script> 벤치와 <b>그늘</b>이 필요합니다.\n두 번째 줄.',
        status: 'SUBMITTED',
        supportCount: 0,
        commentCount: 0,
        viewerHasSupported: false,
        hidden: false,
        progress: 0,
        responseDueAt: null,
        department: null,
        author: { id: gid('User', citizen.user.id) },
        process: { id: processId, slug: 'eco-play' },
        location: { address: '남원시 요천로 1', latitude: 35.416, longitude: 127.39 },
      });
      expect(p.topics.map((x: { slug: string }) => x.slug).sort()).toEqual(['safety', 'shade']);
      const read = await t.gql(PROPOSAL, { id: p.id });
      expect(read.data.proposal).toEqual({ ...p, viewerHasSupported: false });
    });

    it('accepts an address alone, coordinates alone, or no location', async () => {
      const address = await create({ ...valid, location: { address: '광한루원 앞' } });
      expect(address.data.createProposal.location).toEqual({
        address: '광한루원 앞',
        latitude: null,
        longitude: null,
      });
      const coords = await create({ ...valid, location: { latitude: -90, longitude: 180 } });
      expect(coords.data.createProposal.location).toEqual({
        address: null,
        latitude: -90,
        longitude: 180,
      });
      const none = await create(valid);
      expect(none.data.createProposal).toMatchObject({ location: null, topics: [], process: null });
    });

    it.each([
      ['anonymous', null, 'UNAUTHENTICATED'],
      ['a suspended citizen', 'suspended', 'FORBIDDEN'],
    ])('refuses %s, and writes nothing', async (_label, who, code) => {
      const token =
        who === 'suspended'
          ? (await createUser(t.db, t.jwt, { suspendedUntil: new Date(Date.now() + 3_600_000) }))
              .token
          : null;
      const before = await proposals();
      const res = await create(valid, token);
      expect(codeOf(res)).toBe(code);
      expect(await proposals()).toBe(before);
    });

    it.each([Role.STAFF, Role.MODERATOR, Role.ADMIN])('lets %s propose too', async (role) => {
      const department = role === Role.STAFF ? (await createDepartment(t.db)).id : null;
      const user = await createUser(t.db, t.jwt, { role, departmentId: department });
      const res = await create(valid, user.token);
      expect(res.errors).toBeUndefined();
    });

    it.each([
      ['a title of 2 characters', { title: '그늘' }, ['title']],
      ['a title of 151 characters', { title: '가'.repeat(151) }, ['title']],
      ['a blank title', { title: '   ' }, ['title']],
      ['a body of 9 characters', { body: '가'.repeat(9) }, ['body']],
      ['a body of 10,001 characters', { body: '가'.repeat(10_001) }, ['body']],
      ['a control character', { body: `${'가'.repeat(10)}\u0000` }, ['body']],
      ['a lone surrogate', { title: 'ab\uD800c' }, ['title']],
      ['a title and body both bad', { title: '', body: '' }, ['body', 'title']],
      [
        'a latitude out of range',
        { location: { latitude: 90.0001, longitude: 0 } },
        ['location.latitude'],
      ],
      [
        'a longitude out of range',
        { location: { latitude: 0, longitude: -180.5 } },
        ['location.longitude'],
      ],
      ['a latitude alone', { location: { latitude: 35 } }, ['location.latitude']],
      ['an empty location', { location: {} }, ['location']],
      ['an empty address', { location: { address: ' ' } }, ['location.address']],
      [
        'an address of 301 characters',
        { location: { address: '가'.repeat(301) } },
        ['location.address'],
      ],
      ['a junk process id', { processId: 'not-an-id' }, ['processId']],
      ['a topic id that is a user id', { topicIds: [gid('User', randomUUID())] }, ['topicIds']],
      [
        '11 topics',
        { topicIds: Array.from({ length: 11 }, () => gid('Topic', randomUUID())) },
        ['topicIds'],
      ],
      [
        'a repeated topic',
        { topicIds: ['T', 'T'].map(() => gid('Topic', '00000000-0000-4000-8000-000000000001')) },
        ['topicIds'],
      ],
      [
        'a process that does not exist',
        { processId: gid('ParticipatoryProcess', randomUUID()) },
        ['processId'],
      ],
      ['a topic that does not exist', { topicIds: [gid('Topic', randomUUID())] }, ['topicIds']],
    ])(
      'refuses %s as BAD_USER_INPUT naming the fields, and writes nothing',
      async (_label, change, fields) => {
        const before = await proposals();
        const res = await create({ ...valid, ...change });
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(fields);
        expect(await proposals()).toBe(before);
      },
    );

    it('counts characters, not bytes: 150 Hangul syllables and a 10,000-character body are accepted', async () => {
      const res = await create({ title: '가'.repeat(150), body: '나'.repeat(10_000) });
      expect(res.errors).toBeUndefined();
      expect(res.data.createProposal.body).toHaveLength(10_000);
    });

    it.each([
      ['a number as title', { title: 12345 }],
      ['a list as body', { body: ['a', 'b'] }],
      ['a string as latitude', { location: { latitude: 'north', longitude: 1 } }],
      ['an unknown field', { budget: 1_000_000 }],
    ])('refuses %s (wrong type) as BAD_USER_INPUT', async (_label, change) => {
      const before = await proposals();
      expect(codeOf(await create({ ...valid, ...change }))).toBe('BAD_USER_INPUT');
      expect(await proposals()).toBe(before);
    });
  });

  describe('updateProposal', () => {
    const update = (input: Record<string, unknown>, token: string | null = citizen.token) =>
      t.gql(UPDATE, { input }, token);

    it('lets the author change title, body, topics and location while SUBMITTED', async () => {
      const p = await createProposal(t.db, citizen.user.id, {
        topicIds: [shade.id],
        locationAddress: '옛 주소',
      });
      const res = await update({
        id: proposalId(p.id),
        title: '새 제목입니다',
        topicIds: [gid('Topic', safety.id)],
        location: { latitude: 35.4, longitude: 127.4 },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateProposal).toMatchObject({
        title: '새 제목입니다',
        body: p.body, // omitted: unchanged
        topics: [{ slug: 'safety' }],
        location: { address: null, latitude: 35.4, longitude: 127.4 },
      });
      expect(new Date(res.data.updateProposal.updatedAt).getTime()).toBeGreaterThan(
        p.updatedAt.getTime(),
      );
    });

    it('removes the location with null and the topics with []', async () => {
      const p = await createProposal(t.db, citizen.user.id, {
        topicIds: [shade.id],
        locationAddress: '주소',
      });
      const res = await update({ id: proposalId(p.id), location: null, topicIds: [] });
      expect(res.data.updateProposal).toMatchObject({ location: null, topics: [] });
      expect(await count(t, 'proposal_topic WHERE proposal_id = $1', [p.id])).toBe(0);
    });

    it('lets an admin edit anyone’s SUBMITTED proposal', async () => {
      const p = await createProposal(t.db, citizen.user.id);
      const res = await update({ id: proposalId(p.id), title: '관리자가 고친 제목' }, admin.token);
      expect(res.data.updateProposal.title).toBe('관리자가 고친 제목');
    });

    it.each([
      ['another citizen', () => other.token, 'FORBIDDEN'],
      ['a moderator', () => moderator.token, 'FORBIDDEN'],
      ['anonymous', () => null, 'UNAUTHENTICATED'],
    ])('refuses %s, leaving the proposal unchanged', async (_label, token, code) => {
      const p = await createProposal(t.db, citizen.user.id, { topicIds: [shade.id] });
      const res = await update(
        { id: proposalId(p.id), title: '남의 제안 고치기', topicIds: [] },
        token(),
      );
      expect(codeOf(res)).toBe(code);
      expect((await proposalRow(t, p.id))!.title).toBe(p.title);
      expect(await count(t, 'proposal_topic WHERE proposal_id = $1', [p.id])).toBe(1);
    });

    it.each([
      ProposalStatus.UNDER_REVIEW,
      ProposalStatus.ACCEPTED,
      ProposalStatus.REJECTED,
      ProposalStatus.IN_PROGRESS,
      ProposalStatus.IMPLEMENTED,
      ProposalStatus.WITHDRAWN,
    ])('is a CONFLICT once the proposal is %s, also for an admin', async (status) => {
      const p = await createProposal(t.db, citizen.user.id, { status });
      for (const token of [citizen.token, admin.token]) {
        const res = await update({ id: proposalId(p.id), title: '너무 늦은 수정' }, token);
        expect(codeOf(res)).toBe('CONFLICT');
      }
      expect((await proposalRow(t, p.id))!.title).toBe(p.title);
    });

    it('answers NOT_FOUND for a proposal that does not exist, and for a hidden one of someone else', async () => {
      expect(codeOf(await update({ id: proposalId(randomUUID()), title: '없는 제안' }))).toBe(
        'NOT_FOUND',
      );
      const hidden = await createProposal(t.db, other.user.id, { hidden: true });
      expect(codeOf(await update({ id: proposalId(hidden.id), title: '숨은 제안' }))).toBe(
        'NOT_FOUND',
      );
    });

    it.each([
      ['a junk id', { id: 'junk' }, ['id']],
      ['a comment id', { id: gid('Comment', randomUUID()) }, ['id']],
      ['a short title', { title: 'ab' }, ['title']],
      ['a short body', { body: '짧다' }, ['body']],
      ['an empty location', { location: {} }, ['location']],
    ])('refuses %s as BAD_USER_INPUT', async (_label, change, fields) => {
      const p = await createProposal(t.db, citizen.user.id);
      const res = await update({ id: proposalId(p.id), ...change });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(fields);
      expect((await proposalRow(t, p.id))!.title).toBe(p.title);
    });
  });

  describe('withdrawProposal', () => {
    const withdraw = (id: string, token: string | null = citizen.token) =>
      t.gql(WITHDRAW, { id: proposalId(id) }, token);

    it.each([ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW])(
      'lets the author withdraw a %s proposal',
      async (status) => {
        const p = await createProposal(t.db, citizen.user.id, { status });
        const res = await withdraw(p.id);
        expect(res.data.withdrawProposal).toEqual({ id: proposalId(p.id), status: 'WITHDRAWN' });
        expect((await proposalRow(t, p.id))!.status).toBe('WITHDRAWN');
      },
    );

    it.each([
      ProposalStatus.ACCEPTED,
      ProposalStatus.REJECTED,
      ProposalStatus.IN_PROGRESS,
      ProposalStatus.IMPLEMENTED,
      ProposalStatus.WITHDRAWN,
    ])('is a CONFLICT from %s', async (status) => {
      const p = await createProposal(t.db, citizen.user.id, { status });
      expect(codeOf(await withdraw(p.id))).toBe('CONFLICT');
      expect((await proposalRow(t, p.id))!.status).toBe(status);
    });

    it('refuses other users (FORBIDDEN) and anonymous (UNAUTHENTICATED); an admin may', async () => {
      const p = await createProposal(t.db, citizen.user.id);
      expect(codeOf(await withdraw(p.id, other.token))).toBe('FORBIDDEN');
      expect(codeOf(await withdraw(p.id, moderator.token))).toBe('FORBIDDEN');
      expect(codeOf(await withdraw(p.id, null))).toBe('UNAUTHENTICATED');
      expect((await proposalRow(t, p.id))!.status).toBe('SUBMITTED');
      expect((await withdraw(p.id, admin.token)).data.withdrawProposal.status).toBe('WITHDRAWN');
    });

    it('refuses a junk or foreign-type id as BAD_USER_INPUT', async () => {
      const junk = await t.gql(WITHDRAW, { id: '%%%' }, citizen.token);
      expect(badFields(junk)).toEqual(['id']);
      const user = await t.gql(WITHDRAW, { id: gid('User', citizen.user.id) }, citizen.token);
      expect(badFields(user)).toEqual(['id']);
    });

    it('withdraws once when two withdrawals race: one succeeds, one is a CONFLICT', async () => {
      const p = await createProposal(t.db, citizen.user.id);
      const results = await Promise.all([withdraw(p.id), withdraw(p.id)]);
      expect(results.map((r) => codeOf(r) ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
    });

    it('serialises an edit racing a withdrawal: never an edit applied to a withdrawn proposal', async () => {
      for (let round = 0; round < 5; round++) {
        const p = await createProposal(t.db, citizen.user.id);
        const [edit, withdrawal] = await Promise.all([
          t.gql(
            UPDATE,
            { input: { id: proposalId(p.id), title: `경쟁 수정 ${round}` } },
            citizen.token,
          ),
          withdraw(p.id),
        ]);
        expect(withdrawal.errors).toBeUndefined();
        const row = (await proposalRow(t, p.id))!;
        expect(row.status).toBe('WITHDRAWN');
        // Either the edit came first (and is kept) or it came second and was refused.
        if (edit.errors) {
          expect(codeOf(edit)).toBe('CONFLICT');
          expect(row.title).toBe(p.title);
        } else {
          expect(row.title).toBe(`경쟁 수정 ${round}`);
        }
      }
    });
  });
});
