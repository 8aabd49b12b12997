import { LiveChannel } from '../../src/core/live/live-events.js';
import { ANSWER, answer, assign, newProposal, ok } from '../feedback/support.js';
import { waitForSubscribers } from '../helpers/live-client.js';
import { codeOf } from '../helpers/test-app.js';
import {
  ADD_COMMENT,
  comment,
  COMMENT_ADDED,
  nextData,
  NOTIFICATION_ADDED,
  NOTIFICATIONS,
  pid,
  PROPOSAL,
  PROPOSAL_UPDATED,
  startLiveScene,
  UPDATE,
  type LiveScene,
} from './support.js';

let s: LiveScene;
beforeAll(async () => {
  s = await startLiveScene();
  await s.t.db.query(`CREATE FUNCTION live_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused by the live test'; END $$`);
});
afterEach(() => s.closeConnections());
afterAll(() => s.close());

/** Every live stream a change to `proposal` can reach: its updates, its comments, its author's inbox. */
async function watchAll(proposal: { id: string }) {
  const id = pid(proposal.id);
  const updates = s.connect().subscribe(PROPOSAL_UPDATED, { id });
  const comments = s.connect().subscribe(COMMENT_ADDED, { subjectId: id });
  const inbox = s.connect(s.author).subscribe(NOTIFICATION_ADDED);
  await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id));
  await waitForSubscribers(s.t.app, LiveChannel.comments(proposal.id));
  await waitForSubscribers(s.t.app, LiveChannel.notifications(s.author.user.id));
  return { updates, comments, inbox };
}

async function rows(sql: string, params: unknown[]): Promise<number> {
  const [{ n }] = await s.t.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return n;
}

/** A trigger that fails the transactions touching `proposalId`'s rows, for the length of `work`. */
async function withTrigger<T>(create: string, drop: string, work: () => Promise<T>): Promise<T> {
  await s.t.db.query(create);
  try {
    return await work();
  } finally {
    await s.t.db.query(drop);
  }
}

describe('events are published only after their transaction commits', () => {
  it('a refused answer (a CONFLICT move after a successful assignment) sends nothing', async () => {
    const proposal = await newProposal(s);
    const { updates, inbox } = await watchAll(proposal);
    await assign(s, s.admin, proposal, s.parks);
    expect((await nextData(updates)).proposalUpdated.status).toBe('UNDER_REVIEW');
    expect((await nextData(inbox)).notificationAdded.kind).toBe('PROPOSAL_ASSIGNED');

    const notificationsBefore = await rows('notification WHERE recipient_id = $1', [
      s.author.user.id,
    ]);
    const refused = await s.t.gql(
      ANSWER,
      { input: { proposalId: pid(proposal), status: 'IMPLEMENTED', body: '바로 끝났습니다.' } },
      s.parksStaff.token,
    );
    expect(codeOf(refused)).toBe('CONFLICT');
    await updates.expectSilence();
    await inbox.expectSilence(0);
    const [row] = await s.t.db.query('SELECT status FROM proposal WHERE id = $1', [proposal.id]);
    expect(row.status).toBe('UNDER_REVIEW');
    expect(await rows('official_answer WHERE proposal_id = $1', [proposal.id])).toBe(0);
    expect(await rows('notification WHERE recipient_id = $1', [s.author.user.id])).toBe(
      notificationsBefore,
    );
  });

  it('an edit that fails after queueing its event (the UPDATE is refused) sends nothing', async () => {
    const proposal = await newProposal(s);
    const { updates } = await watchAll(proposal);
    const failed = await withTrigger(
      `CREATE TRIGGER live_test_refuse_update BEFORE UPDATE ON proposal FOR EACH ROW
         WHEN (NEW.id = '${proposal.id}'::uuid) EXECUTE FUNCTION live_test_refuse()`,
      'DROP TRIGGER live_test_refuse_update ON proposal',
      () => s.t.gql(UPDATE, { input: { id: pid(proposal), title: '실패할 제목' } }, s.author.token),
    );
    expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
    await updates.expectSilence();
    const [row] = await s.t.db.query('SELECT title FROM proposal WHERE id = $1', [proposal.id]);
    expect(row.title).toBe(proposal.title);

    // The same edit, once it can commit, is heard.
    await ok(s.t, UPDATE, { input: { id: pid(proposal), title: '성공한 제목' } }, s.author.token);
    expect((await nextData(updates)).proposalUpdated.title).toBe('성공한 제목');
  });

  it('an answer that fails after queueing its notification and its update sends neither', async () => {
    const proposal = await newProposal(s);
    await assign(s, s.admin, proposal, s.parks);
    const { updates, inbox } = await watchAll(proposal);
    const notificationsBefore = await rows('notification WHERE recipient_id = $1', [
      s.author.user.id,
    ]);
    const failed = await withTrigger(
      `CREATE TRIGGER live_test_refuse_answer BEFORE UPDATE ON proposal FOR EACH ROW
         WHEN (NEW.id = '${proposal.id}'::uuid AND NEW.status = 'ACCEPTED')
         EXECUTE FUNCTION live_test_refuse()`,
      'DROP TRIGGER live_test_refuse_answer ON proposal',
      () =>
        s.t.gql(
          ANSWER,
          { input: { proposalId: pid(proposal), status: 'ACCEPTED', body: '수용합니다.' } },
          s.parksStaff.token,
        ),
    );
    expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
    await updates.expectSilence();
    await inbox.expectSilence(0);
    expect(await rows('official_answer WHERE proposal_id = $1', [proposal.id])).toBe(0);
    expect(await rows('notification WHERE recipient_id = $1', [s.author.user.id])).toBe(
      notificationsBefore,
    );
  });

  it('a comment whose COMMIT fails (a deferred constraint) sends nothing on any stream', async () => {
    const proposal = await newProposal(s);
    const { updates, comments, inbox } = await watchAll(proposal);
    const failed = await withTrigger(
      `CREATE CONSTRAINT TRIGGER live_test_refuse_commit AFTER INSERT ON comment
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
         WHEN (NEW.proposal_id = '${proposal.id}'::uuid) EXECUTE FUNCTION live_test_refuse()`,
      'DROP TRIGGER live_test_refuse_commit ON comment',
      () =>
        s.t.gql(
          ADD_COMMENT,
          { input: { subjectId: pid(proposal), body: '커밋되지 않을 댓글' } },
          s.citizen.token,
        ),
    );
    expect(codeOf(failed)).toBe('INTERNAL_SERVER_ERROR');
    await updates.expectSilence();
    await comments.expectSilence(0);
    await inbox.expectSilence(0);
    expect(await rows('comment WHERE proposal_id = $1', [proposal.id])).toBe(0);
    const [row] = await s.t.db.query('SELECT comment_count FROM proposal WHERE id = $1', [
      proposal.id,
    ]);
    expect(row.comment_count).toBe(0);

    // The streams were listening all along: the next comment that commits reaches all three.
    const added = await comment(s.t, s.citizen, pid(proposal), '커밋된 댓글');
    expect((await nextData(updates)).proposalUpdated.commentCount).toBe(1);
    expect((await nextData(comments)).commentAdded.id).toBe(added.id);
    expect((await nextData(inbox)).notificationAdded.subject.id).toBe(added.id);
  });
});

describe("an event's data is readable over HTTP when it arrives", () => {
  it('the notification is in the inbox, the answer on the proposal, the comment on node()', async () => {
    const proposal = await newProposal(s);
    await assign(s, s.admin, proposal, s.parks);
    const { updates, comments, inbox } = await watchAll(proposal);

    const given = answer(s, s.parksStaff, proposal, 'ACCEPTED');
    const heard = (await nextData(inbox)).notificationAdded;
    const listed = (await ok(s.t, NOTIFICATIONS, {}, s.author.token)).notifications;
    expect(listed.nodes[0]).toEqual(heard);
    const update = (await nextData(updates)).proposalUpdated;
    const overHttp = (await ok(s.t, PROPOSAL, { id: pid(proposal) }, null)).proposal;
    expect(update.status).toBe('ACCEPTED');
    expect(overHttp.status).toBe('ACCEPTED');
    const answered = await given;
    expect(overHttp.answers).toEqual([{ id: answered.id, status: 'ACCEPTED' }]);
    expect(heard.subject).toEqual({ __typename: 'OfficialAnswer', id: answered.id });

    const added = comment(s.t, s.citizen, pid(proposal), '읽을 수 있나요?');
    const event = (await nextData(comments)).commentAdded;
    const node = await ok(
      s.t,
      'query($id: ID!) { node(id: $id) { ... on Comment { id body } } }',
      { id: event.id },
      null,
    );
    expect(node.node).toEqual({ id: event.id, body: '읽을 수 있나요?' });
    expect((await added).id).toBe(event.id);
  });
});
