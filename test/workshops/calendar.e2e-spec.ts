import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { decodeGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const CREATE = `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id startsAt endsAt } }`;

/** RFC 5545 3.1: a line starting with a space or tab continues the previous one. */
function unfold(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, '');
}

/** The value of the first `NAME:` or `NAME;params:` content line of a component. */
function prop(lines: string[], name: string): string | undefined {
  const line = lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
  return line?.slice(line.indexOf(':') + 1);
}

/** RFC 5545 3.3.5 UTC form: 20260102T030405Z (seconds precision). */
function icsUtc(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

describe('GET /workshops/:id.ics', () => {
  let t: TestApp;
  let staff: TestUser;
  let workshop: { id: string; startsAt: string; endsAt: string };
  let plain: { id: string };

  const TITLE = '생태놀이터, 디자인; 캠프 \\ 1차';
  const DESCRIPTION = '아이들과 함께;\n준비물: 모자, 물병\n\t끝';
  const LOCATION = '시민청 2층, 회의실 A; 서울';

  beforeAll(async () => {
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    const startsAt = '2031-05-06T01:30:00.000Z';
    const endsAt = '2031-05-06T04:00:00.000Z';
    const created = await t.gql(
      CREATE,
      {
        input: {
          title: TITLE,
          description: DESCRIPTION,
          kind: 'DESIGN_CAMP',
          startsAt,
          endsAt,
          location: LOCATION,
          capacity: 20,
        },
      },
      staff.token,
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    workshop = created.data.createWorkshop;
    const second = await t.gql(
      CREATE,
      {
        input: {
          title: 'Roundtable',
          description: 'No place given',
          kind: 'ROUNDTABLE',
          startsAt: '2031-06-01T09:00:00.000Z',
          endsAt: '2031-06-01T10:00:00.000Z',
        },
      },
      staff.token,
    );
    if (second.errors) throw new Error(JSON.stringify(second.errors));
    plain = second.data.createWorkshop;
  });
  afterAll(() => t.close());

  const rawId = () => workshop.id;
  const dbId = async (globalId: string) => decodeGlobalId(globalId, 'Workshop')!;

  it('serves one VEVENT as text/calendar, inline, public (no token), UTF-8', async () => {
    const res = await t.http().get(`/workshops/${rawId()}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="[^"/\\]+\.ics"$/);
    const ics = res.text;
    // The bytes on the wire are UTF-8 (not UTF-16, not Latin-1, not escaped).
    const bytes = (
      await t
        .http()
        .get(`/workshops/${rawId()}.ics`)
        .buffer(true)
        .parse((stream, done) => {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => done(null, Buffer.concat(chunks)));
        })
    ).body as Buffer;
    expect(bytes.includes(Buffer.from('생태놀이터', 'utf8'))).toBe(true);
    expect(bytes.toString('utf8')).toBe(ics);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    // Every line ends with CRLF; no bare LF anywhere.
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(ics).split('\r\n');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(1);
    expect(prop(lines, 'VERSION')).toBe('2.0');
    expect(prop(lines, 'PRODID')).toBeTruthy();
    // Folded lines are at most 75 octets (RFC 5545 3.1), counted in UTF-8 bytes.
    for (const line of ics.split('\r\n'))
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('ends every line with CRLF, the last included, and folds long Korean lines at 75 octets on character boundaries', async () => {
    // Hangul is three octets a character in UTF-8, an emoji four: a fold by characters or at a
    // fixed byte count would overrun 75 octets or cut a character in two.
    const title = `${'생태놀이터 어린이 디자인 캠프와 원탁회의 '.repeat(4)}🌳 끝`;
    const description = `${'아이들이 직접 그리는 놀이터. '.repeat(12)}\n${'가'.repeat(100)}`;
    const created = await t.gql(
      CREATE,
      {
        input: {
          title,
          description,
          kind: 'DESIGN_CAMP',
          startsAt: '2031-07-01T01:00:00.000Z',
          endsAt: '2031-07-01T03:00:00.000Z',
          location: '남원시 요천로 생태놀이터 부지 옆 야외 천막, 비가 오면 시민청 2층 대회의실',
        },
      },
      staff.token,
    );
    expect(created.errors).toBeUndefined();
    const bytes = (
      await t
        .http()
        .get(`/workshops/${created.data.createWorkshop.id}.ics`)
        .buffer(true)
        .parse((stream, done) => {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => done(null, Buffer.concat(chunks)));
        })
    ).body as Buffer;
    const ics = bytes.toString('utf8');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // Split the octets, not the decoded text, so a character cut at a fold would show.
    const physical: Buffer[] = [];
    for (let start = 0; start < bytes.length;) {
      const end = bytes.indexOf('\r\n', start);
      expect(end).toBeGreaterThanOrEqual(start);
      physical.push(bytes.subarray(start, end));
      start = end + 2;
    }
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (const line of physical) {
      expect(line.length).toBeLessThanOrEqual(75);
      expect(() => strict.decode(line)).not.toThrow();
    }
    const folded = physical.filter((line) => line[0] === 0x20);
    expect(folded.length).toBeGreaterThan(4);
    const lines = unfold(ics).split('\r\n');
    expect(prop(lines, 'SUMMARY')).toBe(title);
    expect(prop(lines, 'DESCRIPTION')).toBe(description.replace('\n', '\\n'));
    expect(prop(lines, 'LOCATION')).toBe(
      '남원시 요천로 생태놀이터 부지 옆 야외 천막\\, 비가 오면 시민청 2층 대회의실',
    );
  });

  it('has a stable UID, SUMMARY/DESCRIPTION/LOCATION escaped per RFC 5545, UTC times', async () => {
    const id = await dbId(rawId());
    const first = unfold((await t.http().get(`/workshops/${rawId()}.ics`)).text).split('\r\n');
    const event = first.slice(first.indexOf('BEGIN:VEVENT'), first.indexOf('END:VEVENT'));
    expect(prop(event, 'UID')).toBe(`${id}@wontak`);
    expect(prop(event, 'SUMMARY')).toBe('생태놀이터\\, 디자인\\; 캠프 \\\\ 1차');
    expect(prop(event, 'DESCRIPTION')).toBe('아이들과 함께\\;\\n준비물: 모자\\, 물병\\n\t끝');
    expect(prop(event, 'LOCATION')).toBe('시민청 2층\\, 회의실 A\\; 서울');
    expect(prop(event, 'DTSTART')).toBe(icsUtc(workshop.startsAt));
    expect(prop(event, 'DTEND')).toBe(icsUtc(workshop.endsAt));
    expect(prop(event, 'DTSTART')).toBe('20310506T013000Z');
    expect(prop(event, 'DTEND')).toBe('20310506T040000Z');
    expect(prop(event, 'DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);

    // The same UID on every download, and after an edit; the new times follow the workshop.
    const moved = await t.gql(
      `mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { startsAt endsAt } }`,
      {
        input: {
          id: rawId(),
          startsAt: '2031-05-07T00:00:00.000Z',
          endsAt: '2031-05-07T02:15:00.000Z',
        },
      },
      staff.token,
    );
    expect(moved.errors).toBeUndefined();
    const again = unfold((await t.http().get(`/workshops/${rawId()}.ics`)).text).split('\r\n');
    expect(prop(again, 'UID')).toBe(`${id}@wontak`);
    expect(prop(again, 'DTSTART')).toBe('20310507T000000Z');
    expect(prop(again, 'DTEND')).toBe('20310507T021500Z');
  });

  it('is public: no token needed, and a bad token does not get in the way', async () => {
    const res = await t
      .http()
      .get(`/workshops/${rawId()}.ics`)
      .set('Authorization', 'Bearer not-a-token');
    expect(res.status).toBe(200);
    expect(res.text).toContain('BEGIN:VEVENT');
  });

  it('leaves LOCATION out when the workshop has none', async () => {
    const res = await t.http().get(`/workshops/${plain.id}.ics`);
    expect(res.status).toBe(200);
    const lines = unfold(res.text).split('\r\n');
    expect(prop(lines, 'SUMMARY')).toBe('Roundtable');
    expect(prop(lines, 'LOCATION')).toBeUndefined();
  });

  it('accepts the id URL-encoded', async () => {
    const encoded = rawId()
      .split('')
      .map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
      .join('');
    const res = await t.http().get(`/workshops/${encoded}.ics`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`UID:${await dbId(rawId())}@wontak`);
  });

  it('404s junk, a Proposal id, a nonexistent Workshop id, with a short body and no calendar', async () => {
    const author = await createUser(t.db, t.jwt);
    const proposal = await createProposal(t.db, author.user.id);
    const ids = [
      'junk',
      '%00',
      'a'.repeat(200),
      toGlobalId('Proposal', proposal.id),
      toGlobalId('Workshop', randomUUID()),
      toGlobalId('Workshop', 'not-a-uuid'),
      `${rawId()}.ics`,
    ];
    for (const id of ids) {
      const res = await t.http().get(`/workshops/${id}.ics`);
      expect([id, res.status]).toEqual([id, 404]);
      expect(res.headers['content-type']).not.toMatch(/text\/calendar/);
      expect(res.text).not.toContain('BEGIN:VCALENDAR');
      expect(res.text.length).toBeLessThan(300);
      expect(res.body).toMatchObject({ statusCode: 404, message: 'No such workshop.' });
    }
    // Without the .ics suffix there is no route either.
    expect((await t.http().get(`/workshops/${rawId()}`)).status).toBe(404);
  });
});
