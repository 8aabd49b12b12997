import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const CREATE = `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) {
  id title kind capacity registeredCount waitlistCount registrationOpen organizer { slug } } }`;
const REGISTER = `mutation($id: ID!) { registerForWorkshop(workshopId: $id) { id status waitlistPosition user { displayName email } workshop { registeredCount waitlistCount } } }`;
const CANCEL = `mutation($id: ID!) { cancelWorkshopRegistration(workshopId: $id) { id status waitlistPosition } }`;

describe('workshops: the path a design camp takes', () => {
  let t: TestApp;
  let staff: TestUser;
  let admin: TestUser;
  let citizens: TestUser[];

  beforeAll(async () => {
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    citizens = await Promise.all([0, 1, 2].map(() => createUser(t.db, t.jwt)));
  });
  afterAll(() => t.close());

  it('creates, registers, waitlists, promotes on cancel, comments and publishes the outcome', async () => {
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const endsAt = new Date(Date.now() + 90_000_000).toISOString();
    const created = await t.gql(
      CREATE,
      {
        input: {
          title: '생태놀이터 디자인 캠프',
          description: '아이들과 함께',
          kind: 'DESIGN_CAMP',
          startsAt,
          endsAt,
          capacity: 2,
        },
      },
      staff.token,
    );
    expect(created.errors).toBeUndefined();
    const w = created.data.createWorkshop;
    expect(w).toMatchObject({
      capacity: 2,
      registeredCount: 0,
      registrationOpen: true,
      organizer: { slug: 'parks' },
    });

    const regs = [];
    for (const c of citizens)
      regs.push((await t.gql(REGISTER, { id: w.id }, c.token)).data.registerForWorkshop);
    expect(regs.map((r) => [r.status, r.waitlistPosition])).toEqual([
      ['CONFIRMED', null],
      ['CONFIRMED', null],
      ['WAITLISTED', 1],
    ]);
    const again = (await t.gql(REGISTER, { id: w.id }, citizens[0]!.token)).data
      .registerForWorkshop;
    expect(again.id).toBe(regs[0].id);
    expect(again.workshop).toEqual({ registeredCount: 2, waitlistCount: 1 });

    const cancelled = (await t.gql(CANCEL, { id: w.id }, citizens[0]!.token)).data
      .cancelWorkshopRegistration;
    expect(cancelled.status).toBe('CANCELLED');
    const view = await t.gql(
      `query($id: ID!) { workshop(id: $id) { registeredCount waitlistCount viewerRegistration { status waitlistPosition }
        registrations { totalCount nodes { status user { displayName email } } } } }`,
      { id: w.id },
      staff.token,
    );
    expect(view.errors).toBeUndefined();
    expect(view.data.workshop.registeredCount).toBe(2);
    expect(view.data.workshop.waitlistCount).toBe(0);
    expect(view.data.workshop.registrations.nodes.map((n: any) => n.status)).toEqual([
      'CANCELLED',
      'CONFIRMED',
      'CONFIRMED',
    ]);
    expect(view.data.workshop.registrations.nodes.every((n: any) => n.user.email === null)).toBe(
      true,
    );
    const promoted = await t.gql(
      `query($id: ID!) { workshop(id: $id) { viewerRegistration { status } } }`,
      { id: w.id },
      citizens[2]!.token,
    );
    expect(promoted.data.workshop.viewerRegistration.status).toBe('CONFIRMED');

    const forbidden = await t.gql(
      `query($id: ID!) { workshop(id: $id) { registrations { totalCount } } }`,
      { id: w.id },
      citizens[1]!.token,
    );
    expect(codeOf(forbidden)).toBe('FORBIDDEN');

    const comment = await t.gql(
      `mutation($input: AddCommentInput!) { addComment(input: $input) { isOfficial subject { __typename ... on Workshop { id } } } }`,
      { input: { subjectId: w.id, body: '준비물이 있나요?' } },
      citizens[1]!.token,
    );
    expect(comment.data.addComment).toEqual({
      isOfficial: false,
      subject: { __typename: 'Workshop', id: w.id },
    });

    const early = await t.gql(
      `mutation($input: PublishWorkshopOutcomeInput!) { publishWorkshopOutcome(input: $input) { outcome } }`,
      { input: { workshopId: w.id, outcome: '결과' } },
      staff.token,
    );
    expect(codeOf(early)).toBe('CONFLICT');
    await t.db.query(
      `UPDATE workshop SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' WHERE id = $1`,
      [(await t.db.query('SELECT id FROM workshop'))[0].id],
    );
    const proposal = await createProposal(t.db, citizens[1]!.user.id);
    const published = await t.gql(
      `mutation($input: PublishWorkshopOutcomeInput!) { publishWorkshopOutcome(input: $input) { outcome proposals { id workshops { id } } comments { totalCount } } }`,
      {
        input: {
          workshopId: w.id,
          outcome: '그늘막이 가장 필요하다는 의견',
          proposalIds: [toGlobalId('Proposal', proposal.id)],
        },
      },
      admin.token,
    );
    expect(published.errors).toBeUndefined();
    expect(published.data.publishWorkshopOutcome).toEqual({
      outcome: '그늘막이 가장 필요하다는 의견',
      proposals: [{ id: toGlobalId('Proposal', proposal.id), workshops: [{ id: w.id }] }],
      comments: { totalCount: 1 },
    });
  });

  it.each([
    ['epoch milliseconds', 12],
    ['a one-element list', [new Date(Date.now() + 86_400_000).toISOString()]],
    ['a date-time without a zone', '2030-05-01T09:30:00'],
    ['a date only', '2030-05-01'],
    ['an impossible date', '2030-02-31T09:30:00Z'],
  ])('refuses %s as a DateTime, creating nothing', async (_label, startsAt) => {
    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM workshop');
    const res = await t.gql(
      CREATE,
      {
        input: {
          title: '날짜 시험',
          description: '시험',
          kind: 'OTHER',
          startsAt,
          endsAt: new Date(Date.now() + 90_000_000).toISOString(),
        },
      },
      staff.token,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM workshop');
    expect(after).toBe(before);
  });

  it('accepts a date-time with an offset and serves it in UTC', async () => {
    const res = await t.gql(
      CREATE,
      {
        input: {
          title: '오프셋 시험',
          description: '시험',
          kind: 'OTHER',
          startsAt: '2030-05-01T18:30:00+09:00',
          endsAt: '2030-05-01T20:30:00+09:00',
        },
      },
      staff.token,
    );
    expect(res.errors).toBeUndefined();
    const read = await t.gql('query($id: ID!) { workshop(id: $id) { startsAt } }', {
      id: res.data.createWorkshop.id,
    });
    expect(read.data.workshop.startsAt).toBe('2030-05-01T09:30:00.000Z');
    // Only the one canonical spelling of a global ID names the workshop.
    const stray = await t.gql('query($id: ID!) { workshop(id: $id) { id } }', {
      id: `${res.data.createWorkshop.id}x`,
    });
    expect(stray.data.workshop).toBeNull();
  });
});
