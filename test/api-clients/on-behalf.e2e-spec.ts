import {
  createApiClientRow,
  type TestApiClient,
} from '../../src/api-clients/testing/api-clients.factory.js';
import { createDepartment, createTopic } from '../../src/catalog/testing/catalog.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { Role } from '../../src/core/access/role.js';
import { parseGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * createProposalOnBehalf: a call centre or kiosk (PROPOSALS_WRITE) takes a proposal down for a
 * citizen, by PHONE, KIOSK or VISIT. The citizen's account is its author, or else the client's
 * with a contact that only the answering department and admins see. Every input hostile.
 */
const ON_BEHALF = `mutation OnBehalf($input: CreateProposalOnBehalfInput!) {
  createProposalOnBehalf(input: $input) {
    id title status channel author { id } submittedVia { id name clientId } topics { id }
  } }`;
const READ = `query P($id: ID!) { proposal(id: $id) {
  channel contactName contactPhone submittedVia { name clientId createdAt department { id } }
  timeline { nodes { kind actor { user { id } apiClient { name } } } } } }`;

describe('createProposalOnBehalf', () => {
  let t: TestApp;
  let centre: TestApiClient;
  let parksId: string;
  let roadsId: string;
  let topicId: string;
  let citizen: TestUser;
  let boss: TestUser;

  const proposalCount = async (): Promise<number> =>
    (await t.db.query('SELECT count(*)::int AS n FROM proposal'))[0].n;
  const withContact = {
    title: '공원 가로등 고장',
    body: '어린이공원 입구 가로등이 일주일째 꺼져 있습니다.',
    channel: 'PHONE',
    contactName: '김영희',
    contactPhone: '010-1234-5678',
  };

  beforeAll(async () => {
    t = await startTestApp();
    parksId = (await createDepartment(t.db, { name: '공원녹지과' })).id;
    roadsId = (await createDepartment(t.db, { name: '도로과' })).id;
    topicId = (await createTopic(t.db, { name: '안전' })).id;
    centre = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ, ApiScope.PROPOSALS_WRITE],
      name: '120 다산콜센터',
    });
    citizen = await createUser(t.db, t.jwt);
    boss = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  });
  afterAll(() => t.close());

  it('takes a proposal down for a citizen without an account: the client is its author, the channel and client recorded, the loop entered', async () => {
    const res = await t.gql(
      ON_BEHALF,
      { input: { ...withContact, topicIds: [toGlobalId('Topic', topicId)] } },
      centre.token,
    );
    expect(res.errors).toBeUndefined();
    const created = res.data.createProposalOnBehalf;
    expect(created).toMatchObject({
      title: '공원 가로등 고장',
      status: 'SUBMITTED',
      channel: 'PHONE',
      author: { id: toGlobalId('User', centre.user.id) },
      submittedVia: { id: toGlobalId('ApiClient', centre.client.id), name: '120 다산콜센터' },
      topics: [{ id: toGlobalId('Topic', topicId) }],
    });
    const id = parseGlobalId(created.id)!.id;
    const [row] = await t.db.query('SELECT * FROM proposal WHERE id = $1', [id]);
    expect(row).toMatchObject({
      channel: 'PHONE',
      submitted_via_client_id: centre.client.id,
      contact_name: '김영희',
      contact_phone: '010-1234-5678',
      author_id: centre.user.id,
    });
    // The usual loop: a SUBMITTED event by the client, found by search like any proposal.
    const read = await t.gql(READ, { id: created.id }, boss.token);
    expect(read.data.proposal.timeline.nodes).toEqual([
      {
        kind: 'SUBMITTED',
        actor: {
          user: { id: toGlobalId('User', centre.user.id) },
          apiClient: { name: '120 다산콜센터' },
        },
      },
    ]);
    const search = await t.gql(
      '{ proposals(first: 5, filter: { search: "가로등" }) { nodes { id channel submittedVia { name } } } }',
      {},
      citizen.token,
    );
    expect(search.errors).toBeUndefined();
    expect(search.data.proposals.nodes).toContainEqual({
      id: created.id,
      channel: 'PHONE',
      submittedVia: { name: '120 다산콜센터' },
    });
  });

  it("the contact is seen by admins and by the answering department's staff; by nobody else", async () => {
    const res = await t.gql(
      ON_BEHALF,
      { input: { ...withContact, channel: 'VISIT' } },
      centre.token,
    );
    const id = res.data.createProposalOnBehalf.id as string;
    const parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    const roadsStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: roadsId });
    const moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
    const contactOf = async (token: string | null) => {
      const read = await t.gql(READ, { id }, token);
      expect(read.errors).toBeUndefined();
      return [read.data.proposal.contactName, read.data.proposal.contactPhone];
    };
    expect(await contactOf(boss.token)).toEqual(['김영희', '010-1234-5678']);
    // Unassigned: no department answers it yet, so no staff sees the contact.
    for (const token of [
      parksStaff.token,
      roadsStaff.token,
      moderator.token,
      citizen.token,
      centre.token,
      null,
    ])
      expect(await contactOf(token)).toEqual([null, null]);
    await t.db.query('UPDATE proposal SET department_id = $2 WHERE id = $1', [
      parseGlobalId(id)!.id,
      parksId,
    ]);
    expect(await contactOf(parksStaff.token)).toEqual(['김영희', '010-1234-5678']);
    for (const token of [roadsStaff.token, moderator.token, citizen.token, centre.token, null])
      expect(await contactOf(token)).toEqual([null, null]);
    // The client's public face: its name; its owner's contact is not for the public.
    const read = await t.gql(READ, { id }, citizen.token);
    expect(read.data.proposal.submittedVia).toMatchObject({
      name: '120 다산콜센터',
      clientId: centre.client.clientId,
      department: null,
    });
    const owner = await t.gql(
      'query P($id: ID!) { proposal(id: $id) { submittedVia { ownerContact } } }',
      { id },
      citizen.token,
    );
    expect(codeOf(owner)).toBe('FORBIDDEN');
    expect(owner.data.proposal.submittedVia).toBeNull();
    for (const field of ['scopes', 'usage { costUsed }', 'revokedAt']) {
      const res2 = await t.gql(
        `query P($id: ID!) { proposal(id: $id) { submittedVia { ${field} } } }`,
        { id },
        citizen.token,
      );
      expect([field, codeOf(res2)]).toEqual([field, 'FORBIDDEN']);
    }
    const own = await t.gql(
      'query P($id: ID!) { proposal(id: $id) { submittedVia { ownerContact scopes } } }',
      { id },
      centre.token,
    );
    expect(own.errors).toBeUndefined();
    expect(own.data.proposal.submittedVia.scopes).toEqual(['READ', 'PROPOSALS_WRITE']);
  });

  it('a citizen with an account is the author; no copy of their contact is kept', async () => {
    const res = await t.gql(
      ON_BEHALF,
      {
        input: {
          title: '버스정류장 의자',
          body: '정류장에 앉을 곳이 없습니다.',
          channel: 'KIOSK',
          citizenId: toGlobalId('User', citizen.user.id),
        },
      },
      centre.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.createProposalOnBehalf).toMatchObject({
      channel: 'KIOSK',
      author: { id: toGlobalId('User', citizen.user.id) },
      submittedVia: { name: '120 다산콜센터' },
    });
    const [row] = await t.db.query(
      'SELECT author_id, contact_name, contact_phone FROM proposal WHERE id = $1',
      [parseGlobalId(res.data.createProposalOnBehalf.id)!.id],
    );
    expect(row).toEqual({ author_id: citizen.user.id, contact_name: null, contact_phone: null });
  });

  it('an online proposal says ONLINE and names no client', async () => {
    const res = await t.gql(
      `mutation { createProposal(input: { title: "온라인 제안", body: "온라인으로 낸 제안입니다." }) {
         channel submittedVia { name } } }`,
      {},
      citizen.token,
    );
    expect(res.data.createProposal).toEqual({ channel: 'ONLINE', submittedVia: null });
  });

  it('refuses every hostile input, naming the field, and creates nothing', async () => {
    const staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    const other = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    const nobody = toGlobalId('User', '00000000-0000-4000-8000-000000000000');
    const asCitizen = (id: string) => ({
      title: '버스 의자',
      body: '정류장에 의자가 필요합니다.',
      channel: 'PHONE',
      citizenId: id,
    });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...withContact, channel: 'ONLINE' }, ['channel']],
      [{ ...withContact, contactPhone: null }, ['contactPhone']],
      [{ ...withContact, contactName: null, contactPhone: null }, ['contactName', 'contactPhone']],
      [{ ...withContact, contactName: '   ' }, ['contactName']],
      [{ ...withContact, contactName: 'x'.repeat(51) }, ['contactName']],
      [{ ...withContact, contactPhone: 'call me' }, ['contactPhone']],
      [{ ...withContact, contactPhone: '+' }, ['contactPhone']],
      [{ ...withContact, contactPhone: '1'.repeat(31) }, ['contactPhone']],
      [{ ...withContact, title: '' }, ['title']],
      [{ ...withContact, title: 'ab' }, ['title']],
      [{ ...withContact, title: 'x'.repeat(151) }, ['title']],
      [{ ...withContact, body: 'a\u0000b' }, ['body']],
      [
        { ...withContact, topicIds: [toGlobalId('Topic', '00000000-0000-4000-8000-000000000000')] },
        ['topicIds'],
      ],
      [
        { ...withContact, topicIds: [toGlobalId('Topic', topicId), toGlobalId('Topic', topicId)] },
        ['topicIds'],
      ],
      [
        {
          ...withContact,
          processId: toGlobalId('ParticipatoryProcess', '00000000-0000-4000-8000-000000000000'),
        },
        ['processId'],
      ],
      [
        { ...asCitizen(toGlobalId('User', citizen.user.id)), contactName: '김영희' },
        ['contactName'],
      ],
      [asCitizen(nobody), ['citizenId']],
      [asCitizen(toGlobalId('User', staff.user.id)), ['citizenId']],
      [asCitizen(toGlobalId('User', boss.user.id)), ['citizenId']],
      // Another client's account (a CITIZEN one) is nobody to propose for.
      [asCitizen(toGlobalId('User', other.user.id)), ['citizenId']],
      [asCitizen(toGlobalId('Topic', citizen.user.id)), ['citizenId']],
      [asCitizen('junk'), ['citizenId']],
    ];
    const before = await proposalCount();
    for (const [input, fields] of cases) {
      const res = await t.gql(ON_BEHALF, { input }, centre.token);
      expect([JSON.stringify(input).slice(0, 80), codeOf(res), badFields(res)]).toEqual([
        JSON.stringify(input).slice(0, 80),
        'BAD_USER_INPUT',
        fields,
      ]);
    }
    for (const channel of ['FAX', 5]) {
      const res = await t.gql(ON_BEHALF, { input: { ...withContact, channel } }, centre.token);
      // Refused by GraphQL's own coercion of the enum, before anything runs.
      expect({ status: res.status, code: codeOf(res) }).toEqual({
        status: 400,
        code: 'BAD_USER_INPUT',
      });
    }
    const suspended = await createUser(t.db, t.jwt, {
      suspendedUntil: new Date(Date.now() + 86_400_000),
    });
    const refused = await t.gql(
      ON_BEHALF,
      { input: asCitizen(toGlobalId('User', suspended.user.id)) },
      centre.token,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(await proposalCount()).toBe(before);
  });

  it('is for API clients with proposals:write only: people, and clients or tokens without the scope, are refused', async () => {
    const staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    const reader = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ, ApiScope.WEBHOOKS],
    });
    const narrowed = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ, ApiScope.PROPOSALS_WRITE],
      tokenScopes: [ApiScope.READ],
    });
    const before = await proposalCount();
    for (const person of [citizen, staff, boss]) {
      const res = await t.gql(ON_BEHALF, { input: withContact }, person.token);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.errors![0].message).toBe('Only API clients may do this.');
    }
    expect(codeOf(await t.gql(ON_BEHALF, { input: withContact }))).toBe('UNAUTHENTICATED');
    for (const client of [reader, narrowed]) {
      const res = await t.gql(ON_BEHALF, { input: withContact }, client.token);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.errors![0].extensions).toMatchObject({ missingScope: 'proposals:write' });
    }
    expect(await proposalCount()).toBe(before);
  });
});
