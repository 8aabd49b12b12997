import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/core/database/data-source-options.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * The ProposalTimeline migration copies the history stored before it into proposal_event: a
 * database with history and no timeline gets each proposal's events, in order, with their
 * actors; reverting the migration drops them and leaves the history as it was.
 */
describe('ProposalTimeline migration: the back-fill', () => {
  const MIGRATION = 'ProposalTimeline1796559324168';
  let database: TestDatabase;
  let source: DataSource;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    source = new DataSource(dataSourceOptions(database.url, { poolSize: 2 }));
    await source.initialize();
    await source.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    await source?.destroy();
    await database?.drop();
  });

  const ran = async () =>
    ((await source.query('SELECT name FROM typeorm_migration')) as { name: string }[]).map(
      (r) => r.name,
    );
  /** Reverts the migrations from the last one down to the timeline's, included. */
  async function revertTimeline(): Promise<void> {
    while ((await ran()).includes(MIGRATION))
      await source.undoLastMigration({ transaction: 'each' });
  }
  const one = async (sql: string, params: unknown[] = []) =>
    ((await source.query(sql, params)) as { id: string }[])[0]!.id;
  const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 9, minutes));

  /** Every history table's rows, to show the revert leaves them alone. */
  const history = async () => {
    const out: Record<string, unknown> = {};
    for (const table of [
      'proposal',
      'department_transfer',
      'official_answer',
      'progress_update',
      'workshop_proposal',
      'moderation_decision',
    ])
      out[table] = await source.query(`SELECT count(*)::int AS n FROM ${table}`);
    return out;
  };

  it('builds each proposal timeline from its history, and revert drops only that', async () => {
    await revertTimeline();
    const tableExists = async () =>
      (await source.query(`SELECT to_regclass('proposal_event') AS t`))[0].t !== null;
    expect(await tableExists()).toBe(false);

    const department = (slug: string) =>
      one(`INSERT INTO department (slug, name) VALUES ($1, $1) RETURNING id`, [slug]);
    const triage = await department('triage');
    const parks = await department('parks');
    const roads = await department('roads');
    const user = (name: string, role: string, departmentId: string | null) =>
      one(
        `INSERT INTO app_user (email, password_hash, display_name, role, department_id)
         VALUES ($1, 'x', $1, $2, $3) RETURNING id`,
        [`${name}@example.test`, role, departmentId],
      );
    const author = await user('author', 'CITIZEN', null);
    const triager = await user('triager', 'STAFF', triage);
    const parksStaff = await user('parks', 'STAFF', parks);
    const roadsStaff = await user('roads', 'STAFF', roads);
    const moderator = await user('moderator', 'MODERATOR', null);

    const proposal = await one(
      `INSERT INTO proposal (title, body, author_id, status, department_id, created_at, updated_at)
       VALUES ('그늘막', '본문', $1, 'IN_PROGRESS', $2, $3, $3) RETURNING id`,
      [author, roads, at(0)],
    );
    const routing = (from: string | null, to: string, by: string, minutes: number) =>
      one(
        `INSERT INTO department_transfer (proposal_id, from_department_id, to_department_id, reason,
           by_id, response_due_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [proposal, from, to, `사유 ${minutes}`, by, at(600), at(minutes)],
      );
    await routing(null, parks, triager, 1);
    const transfer = await routing(parks, roads, parksStaff, 2);
    await source.query(
      `INSERT INTO official_answer (proposal_id, department_id, transfer_id, author_id, status, body, created_at)
       VALUES ($1, $2, $3, $4, 'ACCEPTED', '하겠습니다', $5)`,
      [proposal, roads, transfer, roadsStaff, at(3)],
    );
    await source.query(
      `INSERT INTO progress_update (proposal_id, department_id, author_id, progress, body, created_at)
       VALUES ($1, $2, $3, 30, '발주', $4)`,
      [proposal, roads, roadsStaff, at(4)],
    );
    const workshop = await one(
      `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at, outcome,
         outcome_published_at) VALUES ('워크숍', '설명', 'DESIGN_CAMP', $1, $2, $3, '결과', $3) RETURNING id`,
      [roads, at(4), at(5)],
    );
    const unpublished = await one(
      `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at)
       VALUES ('다음', '설명', 'DESIGN_CAMP', $1, $2, $3) RETURNING id`,
      [roads, at(900), at(960)],
    );
    await source.query(
      `INSERT INTO workshop_proposal (workshop_id, proposal_id) VALUES ($1, $3), ($2, $3)`,
      [workshop, unpublished, proposal],
    );
    const item = await one(
      `INSERT INTO moderation_item (proposal_id, activity_at) VALUES ($1, $2) RETURNING id`,
      [proposal, at(6)],
    );
    // Automatic hide, restore, a restore of visible content, a moderator's hide, a confirmation.
    for (const [action, by, minutes] of [
      ['HIDE', null, 6],
      ['RESTORE', moderator, 7],
      ['RESTORE', moderator, 8],
      ['HIDE', moderator, 9],
      ['HIDE', moderator, 10],
    ] as const) {
      await source.query(
        `INSERT INTO moderation_decision (item_id, action, moderator_id, note, content_snapshot, created_at)
         VALUES ($1, $2, $3, '메모', '스냅샷', $4)`,
        [item, action, by, at(minutes)],
      );
    }
    const withdrawn = await one(
      `INSERT INTO proposal (title, body, author_id, status, created_at, updated_at)
       VALUES ('철회', '본문', $1, 'WITHDRAWN', $2, $3) RETURNING id`,
      [author, at(20), at(21)],
    );
    const before = await history();

    await source.runMigrations({ transaction: 'each' });

    const events = async (proposalId: string) =>
      (await source.query(
        `SELECT kind, at, actor_user_id, actor_department_id, actor_system, status,
                from_department_id, to_department_id, reason
           FROM proposal_event WHERE proposal_id = $1 ORDER BY at, id`,
        [proposalId],
      )) as Record<string, unknown>[];
    const e = (
      kind: string,
      minutes: number,
      actor: [string | null, string | null, boolean],
      more: Record<string, unknown> = {},
    ) => ({
      kind,
      at: at(minutes),
      actor_user_id: actor[0],
      actor_department_id: actor[1],
      actor_system: actor[2],
      status: null,
      from_department_id: null,
      to_department_id: null,
      reason: null,
      ...more,
    });
    expect(await events(proposal)).toEqual([
      e('SUBMITTED', 0, [author, null, false]),
      e('ASSIGNED', 1, [triager, triage, false], { to_department_id: parks, reason: '사유 1' }),
      e('TRANSFERRED', 2, [parksStaff, parks, false], {
        from_department_id: parks,
        to_department_id: roads,
        reason: '사유 2',
      }),
      e('ANSWERED', 3, [roadsStaff, roads, false], { status: 'ACCEPTED' }),
      e('PROGRESS_UPDATED', 4, [roadsStaff, roads, false], { status: 'IN_PROGRESS' }),
      e('WORKSHOP_LINKED', 5, [null, roads, false]),
      e('HIDDEN', 6, [null, null, true]),
      e('RESTORED', 7, [moderator, null, false]),
      e('HIDDEN', 9, [moderator, null, false]),
    ]);
    expect(await events(withdrawn)).toEqual([
      e('SUBMITTED', 20, [author, null, false]),
      e('WITHDRAWN', 21, [author, null, false], { status: 'WITHDRAWN' }),
    ]);

    await revertTimeline();
    expect(await tableExists()).toBe(false);
    expect(await history()).toEqual(before);
    await source.runMigrations({ transaction: 'each' });
    expect(await tableExists()).toBe(true);
  });
});
