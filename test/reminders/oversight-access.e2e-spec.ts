import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { did, feedbackScene, pid, proposalAt, type FeedbackScene } from '../feedback/support.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { SET_OVERSIGHT, setOversight } from './support.js';

const OVERSIGHT = `query { oversight { totalCount nodes { proposal { id } daysOverdue } } }`;
const ANY_ESCALATION = `query { oversight { nodes { escalatedAt } } }`;

/**
 * Who may read the oversight list (its department's STAFF and ADMINs) and set the oversight
 * department (ADMINs), tried from every other side; bad department ids are BAD_USER_INPUT or
 * NOT_FOUND and change nothing.
 */
describe('oversight: who may see it and set it', () => {
  let t: TestApp;
  let s: FeedbackScene;

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
  });
  afterAll(() => t.close());

  const oversightDepartment = async () =>
    (await t.db.query(`SELECT department_id FROM oversight_setting`))[0]?.department_id ?? null;

  it('with no oversight department set: admins see an empty list, staff are refused', async () => {
    const admin = await t.gql(OVERSIGHT, {}, s.admin.token);
    expect(admin.errors).toBeUndefined();
    expect(admin.data.oversight.totalCount).toBe(0);
    expect(codeOf(await t.gql(OVERSIGHT, {}, s.welfareStaff.token))).toBe('FORBIDDEN');
  });

  it('only an admin sets the oversight department; every other role is FORBIDDEN', async () => {
    for (const who of [s.citizen, s.author, s.parksStaff, s.welfareStaff, s.moderator]) {
      const res = await t.gql(SET_OVERSIGHT, { id: did(s.welfare) }, who.token);
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    expect(codeOf(await t.gql(SET_OVERSIGHT, { id: did(s.welfare) }, null))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await oversightDepartment()).toBeNull();
    const res = await t.gql(SET_OVERSIGHT, { id: did(s.welfare) }, s.admin.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.setOversightDepartment).toEqual({ id: did(s.welfare), slug: 'welfare' });
    expect(await oversightDepartment()).toBe(s.welfare.id);
  });

  it('refuses ids that are not departments (BAD_USER_INPUT) and unknown ones (NOT_FOUND)', async () => {
    const cases: [string, string][] = [
      ['not-an-id', 'BAD_USER_INPUT'],
      ['', 'BAD_USER_INPUT'],
      ["'; DROP TABLE department; --", 'BAD_USER_INPUT'],
      [toGlobalId('Proposal', randomUUID()), 'BAD_USER_INPUT'],
      [toGlobalId('Department', randomUUID()), 'NOT_FOUND'],
    ];
    for (const [id, code] of cases) {
      const res = await t.gql(SET_OVERSIGHT, { id }, s.admin.token);
      expect([id, codeOf(res)]).toEqual([id, code]);
    }
    expect(await oversightDepartment()).toBe(s.welfare.id);
  });

  it('the list: the oversight department staff and admins; FORBIDDEN for everyone else', async () => {
    await setOversight(t, s, s.welfare);
    const late = await proposalAt(s, 'UNDER_REVIEW', s.parks, {
      responseDueAt: new Date(Date.now() - 3 * 86_400_000 - 60_000),
    });
    await t.db.query(
      `INSERT INTO proposal_reminder (proposal_id, kind, department_id, due_at, sent_at, escalated_to_department_id)
       VALUES ($1, 'OVERDUE', $2, $3, now(), $4)`,
      [late.id, s.parks.id, late.responseDueAt, s.welfare.id],
    );
    for (const who of [s.welfareStaff, s.admin]) {
      const res = await t.gql(OVERSIGHT, {}, who.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.oversight).toEqual({
        totalCount: 1,
        nodes: [{ proposal: { id: pid(late) }, daysOverdue: 3 }],
      });
    }
    // the responsible department's own staff, another department, and every other role
    for (const who of [s.parksStaff, s.roadsStaff, s.citizen, s.author, s.moderator]) {
      expect(codeOf(await t.gql(ANY_ESCALATION, {}, who.token))).toBe('FORBIDDEN');
    }
    expect(codeOf(await t.gql(ANY_ESCALATION, {}, null))).toBe('UNAUTHENTICATED');
  });

  it('moving the oversight department moves who sees the list', async () => {
    await setOversight(t, s, s.roads);
    expect(codeOf(await t.gql(OVERSIGHT, {}, s.welfareStaff.token))).toBe('FORBIDDEN');
    const roads = await t.gql(OVERSIGHT, {}, s.roadsStaff.token);
    expect(roads.errors).toBeUndefined();
    // what was escalated to welfare stays with welfare's record; roads oversees from now on
    expect(roads.data.oversight.totalCount).toBe(0);
  });

  it('rejects a page size above the cap and a forged cursor', async () => {
    const big = await t.gql(`query { oversight(first: 101) { totalCount } }`, {}, s.admin.token);
    expect(codeOf(big)).toBe('BAD_USER_INPUT');
    const forged = await t.gql(
      `query { oversight(after: "bm90LWEtY3Vyc29y") { totalCount } }`,
      {},
      s.admin.token,
    );
    expect(codeOf(forged)).toBe('BAD_USER_INPUT');
  });
});
