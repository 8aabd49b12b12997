import { Role } from '../../src/core/access/role.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { codeOf, startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';
import { SET_ROLE, uid } from '../notifications/support.js';

/**
 * Escalation's race: the rule "an admin cannot change their own role" is what keeps the city
 * from losing its last admin. Two admins demoting each other at the same moment are the way
 * around it. A file of its own because the test needs a database whose only admins are the
 * two (and one application per test file: passport's strategies are process-wide).
 */

describe('the last admins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /**
   * Two admins, alone in a database, demote each other at the same moment: both requests pass
   * the guard (each is still an admin), then wait on a lock this test holds on both rows, and
   * are let go together.
   */
  async function demoteEachOther(): Promise<{ results: GraphqlResponse[]; admins: number }> {
    const a = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    const b = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    await t.db.query("UPDATE app_user SET role = 'CITIZEN' WHERE id <> ALL($1)", [
      [a.user.id, b.user.id],
    ]);
    const holder = t.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let results: GraphqlResponse[];
    try {
      await holder.query('SELECT id FROM app_user WHERE id = ANY($1) FOR UPDATE', [
        [a.user.id, b.user.id],
      ]);
      const both = Promise.all([
        t.gql(SET_ROLE, { input: { userId: uid(b), role: 'CITIZEN' } }, a.token),
        t.gql(SET_ROLE, { input: { userId: uid(a), role: 'CITIZEN' } }, b.token),
      ]);
      for (let i = 0; i < 500; i++) {
        const [{ n }] = (await t.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )) as { n: number }[];
        if (n >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await holder.commitTransaction();
      results = await both;
    } finally {
      await holder.release();
    }
    const [{ n }] = (await t.db.query(
      "SELECT count(*)::int AS n FROM app_user WHERE role = 'ADMIN'",
    )) as { n: number }[];
    return { results, admins: n };
  }

  it('two admins demoting each other at once leave at least one admin', async () => {
    const { admins } = await demoteEachOther();
    expect(admins).toBeGreaterThanOrEqual(1);
  });

  // setRole locks the actor's row and the target's in one order and re-checks that the actor is
  // still an admin (src/identity/users.service.ts): no deadlock, the loser is FORBIDDEN.
  it('two admins demoting each other at once: the loser gets FORBIDDEN, not a 500', async () => {
    const { results } = await demoteEachOther();
    const codes = results.map(codeOf);
    expect(codes).toHaveLength(2);
    expect(codes.filter((c) => c === undefined)).toHaveLength(1);
    expect(codes.filter((c) => c === 'FORBIDDEN')).toHaveLength(1);
  });
});
