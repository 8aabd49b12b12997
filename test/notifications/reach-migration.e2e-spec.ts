import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/core/database/data-source-options.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * The Reach migration gives the notifications written before it an actor kind, as notify
 * writes them now, so that Notification.actor never shows on an old row whom a new one hides:
 * a moderator who hid content, a citizen whose cancellation freed a place, an admin who routed
 * a proposal. Officials' acts become their department's. Their stored sentence is kept.
 */
describe('Reach migration: the actors of notifications written before it', () => {
  const MIGRATION = 'Reach1796800000000';
  let database: TestDatabase;
  let source: DataSource;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    source = new DataSource(dataSourceOptions(database.url, { poolSize: 2 }));
    await source.initialize();
    await source.runMigrations({ transaction: 'each' });
    const ran = async () =>
      ((await source.query('SELECT name FROM typeorm_migration')) as { name: string }[]).map(
        (r) => r.name,
      );
    while ((await ran()).includes(MIGRATION))
      await source.undoLastMigration({ transaction: 'each' });
  });
  afterAll(async () => {
    await source?.destroy();
    await database?.drop();
  });

  const one = async (sql: string, params: unknown[] = []) =>
    ((await source.query(sql, params)) as { id: string }[])[0]!.id;

  it('names each as it would be named now, and keeps its sentence', async () => {
    const department = (slug: string) =>
      one(`INSERT INTO department (slug, name) VALUES ($1, $1) RETURNING id`, [slug]);
    const parks = await department('parks');
    const roads = await department('roads');
    const user = (name: string, role: string, departmentId: string | null = null) =>
      one(
        `INSERT INTO app_user (email, password_hash, display_name, role, department_id)
         VALUES ($1, 'x', $1, $2, $3) RETURNING id`,
        [`${name}@example.test`, role, departmentId],
      );
    const author = await user('author', 'CITIZEN');
    const citizen = await user('citizen', 'CITIZEN');
    const moderator = await user('moderator', 'MODERATOR');
    const admin = await user('admin', 'ADMIN');
    // Answered for roads, and has since moved to parks: the answer stays roads'.
    const staff = await user('staff', 'STAFF', parks);

    const proposal = await one(
      `INSERT INTO proposal (title, body, author_id, status, department_id)
       VALUES ('그늘막', '본문', $1, 'ACCEPTED', $2) RETURNING id`,
      [author, roads],
    );
    const transfer = await one(
      `INSERT INTO department_transfer (proposal_id, to_department_id, reason, by_id, response_due_at)
       VALUES ($1, $2, '담당', $3, now()) RETURNING id`,
      [proposal, roads, admin],
    );
    const answer = await one(
      `INSERT INTO official_answer (proposal_id, department_id, transfer_id, author_id, status, body)
       VALUES ($1, $2, $3, $4, 'ACCEPTED', '하겠습니다') RETURNING id`,
      [proposal, roads, transfer, staff],
    );
    const comment = (by: string, official: boolean) =>
      one(
        `INSERT INTO comment (proposal_id, author_id, body, is_official) VALUES ($1, $2, '댓글', $3)
         RETURNING id`,
        [proposal, by, official],
      );
    const officialComment = await comment(staff, true);
    const staffOwnComment = await comment(staff, false);
    const moderatorComment = await comment(moderator, false);

    const notifications: [
      name: string,
      kind: string,
      type: string,
      id: string,
      actor: string | null,
    ][] = [
      ['hidden by a moderator', 'CONTENT_HIDDEN', 'Proposal', proposal, moderator],
      ['hidden by an admin', 'CONTENT_HIDDEN', 'Proposal', proposal, admin],
      ['hidden by reports', 'CONTENT_HIDDEN', 'Proposal', proposal, null],
      [
        'a place freed by a cancellation',
        'WORKSHOP_WAITLIST_PROMOTED',
        'WorkshopRegistration',
        proposal,
        citizen,
      ],
      [
        'places opened by an organizer',
        'WORKSHOP_REGISTRATION_CONFIRMED',
        'WorkshopRegistration',
        proposal,
        staff,
      ],
      ['routed by an admin', 'PROPOSAL_ASSIGNED', 'Proposal', proposal, admin],
      ['transferred by staff', 'PROPOSAL_TRANSFERRED', 'Proposal', proposal, staff],
      ['answered by staff', 'PROPOSAL_ANSWERED', 'OfficialAnswer', answer, staff],
      ['an official comment', 'COMMENT_ON_PROPOSAL', 'Comment', officialComment, staff],
      ["staff's own comment", 'COMMENT_REPLY', 'Comment', staffOwnComment, staff],
      ["a moderator's comment", 'COMMENT_ON_PROPOSAL', 'Comment', moderatorComment, moderator],
      ["a citizen's comment", 'COMMENT_ON_PROPOSAL', 'Comment', moderatorComment, citizen],
    ];
    for (const [name, kind, type, id, actor] of notifications)
      await source.query(
        `INSERT INTO notification (recipient_id, actor_id, kind, subject_type, subject_id, message)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [author, actor, kind, type, id, name],
      );

    await source.runMigrations({ transaction: 'each' });
    const rows: { message: string; actor_kind: string; actor_department_id: string | null }[] =
      await source.query(
        `SELECT message, actor_kind, actor_department_id FROM notification ORDER BY created_at, id`,
      );
    const byName = Object.fromEntries(
      rows.map((r) => [r.message, [r.actor_kind, r.actor_department_id]]),
    );
    expect(byName).toEqual({
      'hidden by a moderator': ['MODERATOR', null],
      'hidden by an admin': ['MODERATOR', null],
      'hidden by reports': ['SYSTEM', null],
      'a place freed by a cancellation': ['SYSTEM', null],
      'places opened by an organizer': ['SYSTEM', null],
      'routed by an admin': ['MODERATOR', null],
      'transferred by staff': ['DEPARTMENT', parks],
      'answered by staff': ['DEPARTMENT', roads],
      'an official comment': ['DEPARTMENT', parks],
      "staff's own comment": ['USER', null],
      "a moderator's comment": ['USER', null],
      "a citizen's comment": ['USER', null],
    });
    // Their actor is still recorded, and their sentence is what they read.
    expect(
      await source.query(
        `SELECT count(*)::int AS n FROM notification
          WHERE message_key IS NULL AND params = '{}'::jsonb AND message IS NOT NULL`,
      ),
    ).toEqual([{ n: notifications.length }]);
  });
});
