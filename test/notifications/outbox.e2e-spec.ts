import { Role } from '../../src/core/access/role.js';
import { LiveChannel } from '../../src/core/live/live-events.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import {
  connectLive,
  listen,
  waitForSubscribers,
  type LiveClient,
} from '../helpers/live-client.js';
import { codeOf, type GraphqlResponse } from '../helpers/test-app.js';
import {
  ADD_COMMENT,
  ANSWER,
  ASSIGN,
  count,
  did,
  LIFT,
  MODERATE,
  newProposal,
  newWorkshop,
  nid,
  ok,
  pid,
  proposalAt,
  PUBLISH_OUTCOME,
  raw,
  register,
  SET_ROLE,
  startScene,
  SUSPEND,
  uid,
  UPDATE_WORKSHOP,
  wid,
  type Scene,
} from './support.js';

/**
 * The outbox property: a notification and an audit entry exist if and only if the change
 * that caused them was committed. A refused mutation writes neither; a failure after the
 * notification was written takes it back (and nothing is pushed live); a change whose
 * notification cannot be written is not committed; racing changes leave exactly the
 * notifications and entries of the ones that won.
 */

let s: Scene;
let url: string;
let suspendedStaff: TestUser;
beforeAll(async () => {
  s = await startScene();
  url = await listen(s.t.app);
  suspendedStaff = await createUser(s.t.db, s.t.jwt, {
    role: Role.STAFF,
    departmentId: s.parks.id,
    suspendedUntil: new Date(Date.now() + 86_400_000),
  });
});
afterAll(() => s.t.close());

/** Rows of a proposal that the feedback mutations change, to prove a refusal changed nothing. */
async function proposalState(proposalId: string): Promise<unknown> {
  const [proposal] = await s.t.db.query(
    'SELECT status, department_id, awaiting_answer, progress, hidden, comment_count FROM proposal WHERE id = $1',
    [proposalId],
  );
  const transfers = await s.t.db.query(
    'SELECT id FROM department_transfer WHERE proposal_id = $1 ORDER BY id',
    [proposalId],
  );
  const answers = await s.t.db.query(
    'SELECT id FROM official_answer WHERE proposal_id = $1 ORDER BY id',
    [proposalId],
  );
  return { proposal, transfers, answers };
}

async function userState(userId: string): Promise<unknown> {
  const [user] = await s.t.db.query(
    'SELECT role, department_id, suspended_until FROM app_user WHERE id = $1',
    [userId],
  );
  return user;
}

async function workshopState(workshopId: string): Promise<unknown> {
  const [workshop] = await s.t.db.query(
    'SELECT title, capacity, registered_count, waitlist_count, outcome FROM workshop WHERE id = $1',
    [workshopId],
  );
  const registrations = await s.t.db.query(
    'SELECT id, status FROM workshop_registration WHERE workshop_id = $1 ORDER BY id',
    [workshopId],
  );
  return { workshop, registrations };
}

interface Refusal {
  /** Prepares the scene and answers the request to send and the state it must not change. */
  prepare(): Promise<{ send: () => Promise<GraphqlResponse>; state: () => Promise<unknown> }>;
  code: string;
}

const REFUSALS: [string, Refusal][] = [
  [
    'an answer that is not a lifecycle move (UNDER_REVIEW -> IMPLEMENTED)',
    {
      code: 'CONFLICT',
      async prepare() {
        const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
        return {
          send: () =>
            s.t.gql(
              ANSWER,
              { input: { proposalId: pid(p), status: 'IMPLEMENTED', body: '완료했습니다.' } },
              s.parksStaff.token,
            ),
          state: () => proposalState(p.id),
        };
      },
    },
  ],
  [
    'a transfer by staff of another department',
    {
      code: 'FORBIDDEN',
      async prepare() {
        const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
        return {
          send: () =>
            s.t.gql(
              ASSIGN,
              { input: { proposalId: pid(p), departmentId: did(s.roads), reason: '가져갑니다' } },
              s.roadsStaff.token,
            ),
          state: () => proposalState(p.id),
        };
      },
    },
  ],
  [
    'a transfer to the department it is already assigned to',
    {
      code: 'CONFLICT',
      async prepare() {
        const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
        return {
          send: () =>
            s.t.gql(
              ASSIGN,
              { input: { proposalId: pid(p), departmentId: did(s.parks), reason: '그대로' } },
              s.parksStaff.token,
            ),
          state: () => proposalState(p.id),
        };
      },
    },
  ],
  [
    'an answer by a suspended staff member',
    {
      code: 'FORBIDDEN',
      async prepare() {
        const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
        return {
          send: () =>
            s.t.gql(
              ANSWER,
              { input: { proposalId: pid(p), status: 'ACCEPTED', body: '추진하겠습니다.' } },
              suspendedStaff.token,
            ),
          state: () => proposalState(p.id),
        };
      },
    },
  ],
  [
    'a comment with a blank body (its proposal author would have been told)',
    {
      code: 'BAD_USER_INPUT',
      async prepare() {
        const p = await newProposal(s);
        return {
          send: () =>
            s.t.gql(ADD_COMMENT, { input: { subjectId: pid(p), body: '   ' } }, s.citizen.token),
          state: () => proposalState(p.id),
        };
      },
    },
  ],
  [
    "a moderator's HIDE of a staff member's proposal",
    {
      code: 'FORBIDDEN',
      async prepare() {
        const p = await newProposal(s, {}, s.parksStaff.user.id);
        return {
          send: () =>
            s.t.gql(
              MODERATE,
              { input: { targetId: pid(p), action: 'HIDE', note: '부적절' } },
              s.moderator.token,
            ),
          state: () => proposalState(p.id),
        };
      },
    },
  ],
  [
    'a suspension ending in the past',
    {
      code: 'BAD_USER_INPUT',
      async prepare() {
        return {
          send: () =>
            s.t.gql(
              SUSPEND,
              {
                input: {
                  userId: uid(s.citizen3),
                  until: new Date(Date.now() - 60_000).toISOString(),
                  reason: '도배',
                },
              },
              s.moderator.token,
            ),
          state: () => userState(s.citizen3.user.id),
        };
      },
    },
  ],
  [
    'lifting the suspension of a user who is not suspended',
    {
      code: 'CONFLICT',
      async prepare() {
        return {
          send: () =>
            s.t.gql(LIFT, { input: { userId: uid(s.citizen3), reason: '해제' } }, s.admin.token),
          state: () => userState(s.citizen3.user.id),
        };
      },
    },
  ],
  [
    'an admin changing their own role',
    {
      code: 'CONFLICT',
      async prepare() {
        return {
          send: () =>
            s.t.gql(SET_ROLE, { input: { userId: uid(s.admin), role: 'CITIZEN' } }, s.admin.token),
          state: () => userState(s.admin.user.id),
        };
      },
    },
  ],
  [
    'a capacity lowered below the confirmed registrants (they would have heard of an update)',
    {
      code: 'CONFLICT',
      async prepare() {
        const w = await newWorkshop(s, s.parks, 3);
        await register(s, s.citizen, w.id);
        await register(s, s.citizen2, w.id);
        return {
          send: () =>
            s.t.gql(
              UPDATE_WORKSHOP,
              { input: { id: wid(w.id), capacity: 1, title: '새 제목입니다' } },
              s.parksStaff.token,
            ),
          state: () => workshopState(w.id),
        };
      },
    },
  ],
  [
    'an outcome published before the workshop started',
    {
      code: 'CONFLICT',
      async prepare() {
        const w = await newWorkshop(s, s.parks, 3);
        await register(s, s.citizen, w.id);
        return {
          send: () =>
            s.t.gql(
              PUBLISH_OUTCOME,
              { input: { workshopId: wid(w.id), outcome: '결과입니다' } },
              s.parksStaff.token,
            ),
          state: () => workshopState(w.id),
        };
      },
    },
  ],
];

describe('a refused mutation writes no notification and no audit entry', () => {
  it.each(REFUSALS)('%s', async (_name, refusal) => {
    const { send, state } = await refusal.prepare();
    const before = {
      notifications: await count(s.t, 'notification'),
      audit: await count(s.t, 'audit_entry'),
      state: await state(),
    };
    const res = await send();
    expect(codeOf(res)).toBe(refusal.code);
    expect(res.data).toBeNull();
    expect({
      notifications: await count(s.t, 'notification'),
      audit: await count(s.t, 'audit_entry'),
      state: await state(),
    }).toEqual(before);
  });
});

describe('written in the transaction of the change', () => {
  it('an answer, its notification and its audit entry are written by one transaction', async () => {
    const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
    const notificationsBefore = await count(s.t, 'notification');
    const auditBefore = await count(s.t, 'audit_entry');
    const data = await ok(
      s.t,
      ANSWER,
      { input: { proposalId: pid(p), status: 'ACCEPTED', body: '추진하겠습니다.' } },
      s.parksStaff.token,
    );
    const answerId = raw(data.answerProposal.id);
    expect(await count(s.t, 'notification')).toBe(notificationsBefore + 1);
    expect(await count(s.t, 'audit_entry')).toBe(auditBefore + 1);
    // xmin is the id of the transaction that wrote a row: one for all three.
    const [answer] = await s.t.db.query(
      'SELECT xmin::text AS tx FROM official_answer WHERE id = $1',
      [answerId],
    );
    const [notification] = await s.t.db.query(
      'SELECT xmin::text AS tx FROM notification WHERE subject_id = $1',
      [answerId],
    );
    const [entry] = await s.t.db.query(
      `SELECT xmin::text AS tx FROM audit_entry WHERE target_id = $1 AND action = 'PROPOSAL_ANSWERED'`,
      [p.id],
    );
    expect(notification.tx).toBe(answer.tx);
    expect(entry.tx).toBe(answer.tx);
  });

  describe('with a failure injected after the notification is written', () => {
    let live: LiveClient | undefined;
    beforeAll(async () => {
      await s.t.db.query('CREATE TABLE test_poison (id uuid PRIMARY KEY)');
      await s.t.db.query(`CREATE FUNCTION test_poison_check() RETURNS trigger AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM test_poison WHERE id IN (NEW.target_id)) THEN
            RAISE EXCEPTION 'poisoned for a test';
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql`);
      // Routing writes its notifications, then its audit entry: this fails the latter.
      await s.t.db.query(`CREATE TRIGGER test_poison_audit BEFORE INSERT ON audit_entry
        FOR EACH ROW EXECUTE FUNCTION test_poison_check()`);
    });
    afterAll(async () => {
      await live?.close();
      await s.t.db.query('DROP TRIGGER test_poison_audit ON audit_entry');
      await s.t.db.query('DROP FUNCTION test_poison_check()');
      await s.t.db.query('DROP TABLE test_poison');
    });

    it('takes the notification back with the change, and pushes nothing live; the retry is delivered', async () => {
      const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
      await s.t.db.query('INSERT INTO test_poison (id) VALUES ($1)', [p.id]);
      live = connectLive(url, { authorization: `Bearer ${s.author.token}` });
      const inbox = live.subscribe('subscription { notificationAdded { id kind subject { id } } }');
      await waitForSubscribers(s.t.app, LiveChannel.notifications(s.author.user.id));

      const before = {
        notifications: await count(s.t, 'notification'),
        audit: await count(s.t, 'audit_entry'),
        state: await proposalState(p.id),
      };
      const transfer = () =>
        s.t.gql(
          ASSIGN,
          { input: { proposalId: pid(p), departmentId: did(s.roads), reason: '도로 문제' } },
          s.parksStaff.token,
        );
      const failed = await transfer();
      expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
      expect({
        notifications: await count(s.t, 'notification'),
        audit: await count(s.t, 'audit_entry'),
        state: await proposalState(p.id),
      }).toEqual(before);
      await inbox.expectSilence(300);

      await s.t.db.query('DELETE FROM test_poison WHERE id = $1', [p.id]);
      expect((await transfer()).errors).toBeUndefined();
      const event = await inbox.next();
      expect(event.errors).toBeUndefined();
      const [row] = await s.t.db.query(
        'SELECT id FROM notification WHERE recipient_id = $1 AND subject_id = $2',
        [s.author.user.id, p.id],
      );
      expect(event.data.notificationAdded).toEqual({
        id: nid(row.id),
        kind: 'PROPOSAL_TRANSFERRED',
        subject: { id: pid(p) },
      });
      expect(await count(s.t, 'notification')).toBe(before.notifications + 2);
      expect(await count(s.t, 'audit_entry')).toBe(before.audit + 1);
    });
  });

  describe('with the notification made impossible to write', () => {
    beforeAll(async () => {
      await s.t.db.query(`CREATE FUNCTION test_refuse_notification() RETURNS trigger AS $$
        BEGIN
          IF NEW.params->>'title' LIKE '%[refuse-notification]%' THEN
            RAISE EXCEPTION 'notification refused for a test';
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql`);
      await s.t.db.query(`CREATE TRIGGER test_refuse_notification BEFORE INSERT ON notification
        FOR EACH ROW EXECUTE FUNCTION test_refuse_notification()`);
    });
    afterAll(async () => {
      await s.t.db.query('DROP TRIGGER test_refuse_notification ON notification');
      await s.t.db.query('DROP FUNCTION test_refuse_notification()');
    });

    it('a comment whose notification cannot be written is not committed either', async () => {
      const p = await newProposal(s, { title: '산책로 [refuse-notification]' });
      const before = {
        comments: await s.t.db.query('SELECT id FROM comment WHERE proposal_id = $1', [p.id]),
        state: await proposalState(p.id),
        notifications: await count(s.t, 'notification'),
      };
      const res = await s.t.gql(
        ADD_COMMENT,
        { input: { subjectId: pid(p), body: '좋은 생각입니다' } },
        s.citizen.token,
      );
      expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
      expect({
        comments: await s.t.db.query('SELECT id FROM comment WHERE proposal_id = $1', [p.id]),
        state: await proposalState(p.id),
        notifications: await count(s.t, 'notification'),
      }).toEqual(before);
      // The author's own comment notifies nobody, so it goes through.
      expect(
        (
          await s.t.gql(
            ADD_COMMENT,
            { input: { subjectId: pid(p), body: '제 제안입니다' } },
            s.author.token,
          )
        ).errors,
      ).toBeUndefined();
    });
  });
});

it('two transfers at once: one wins, and only its notifications and audit entry exist', async () => {
  const p = await proposalAt(s, 'UNDER_REVIEW', s.parks);
  const notificationsBefore = await count(s.t, 'notification');
  const auditBefore = await count(s.t, 'audit_entry');
  const [toRoads, toWelfare] = await Promise.all([
    s.t.gql(
      ASSIGN,
      { input: { proposalId: pid(p), departmentId: did(s.roads), reason: '도로 문제' } },
      s.parksStaff.token,
    ),
    s.t.gql(
      ASSIGN,
      { input: { proposalId: pid(p), departmentId: did(s.welfare), reason: '복지 문제' } },
      s.parksStaff2.token,
    ),
  ]);
  const results = [toRoads, toWelfare];
  const won = results.filter((r) => !r.errors);
  expect(won).toHaveLength(1);
  // The loser found the proposal in another department, which it does not act for.
  expect(results.map(codeOf).filter(Boolean)).toEqual(['FORBIDDEN']);
  const winner = won[0] === toRoads ? s.roadsStaff : s.welfareStaff;
  const rows: { recipient_id: string; kind: string }[] = await s.t.db.query(
    'SELECT recipient_id, kind::text AS kind FROM notification WHERE subject_id = $1',
    [p.id],
  );
  const byRecipient = (a: { recipient_id: string }, b: { recipient_id: string }) =>
    a.recipient_id.localeCompare(b.recipient_id);
  expect(rows.sort(byRecipient)).toEqual(
    [
      { recipient_id: s.author.user.id, kind: 'PROPOSAL_TRANSFERRED' },
      { recipient_id: winner.user.id, kind: 'PROPOSAL_TRANSFERRED' },
    ].sort(byRecipient),
  );
  expect(await count(s.t, 'notification')).toBe(notificationsBefore + 2);
  expect(await count(s.t, 'audit_entry')).toBe(auditBefore + 1);
});
