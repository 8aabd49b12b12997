import { LiveChannel } from '../../src/core/live/live-events.js';
import { tokenFor } from '../../src/identity/testing/identity.factory.js';
import { answer, assign, newProposal, ok, PROGRESS } from '../feedback/support.js';
import { waitForSubscribers } from '../helpers/live-client.js';
import {
  comment,
  moderate,
  nextData,
  NOTIFICATION_ADDED,
  NOTIFICATIONS,
  pid,
  startLiveScene,
  waitForExactly,
  type LiveScene,
} from './support.js';

let s: LiveScene;
beforeAll(async () => {
  s = await startLiveScene();
});
afterEach(() => s.closeConnections());
afterAll(() => s.close());

/** `who`'s notificationAdded stream, in place before the test goes on. */
async function inboxOf(who: { user: { id: string }; token: string }, count = 1) {
  const sub = s.connect(who.token).subscribe(NOTIFICATION_ADDED);
  await waitForSubscribers(s.t.app, LiveChannel.notifications(who.user.id), count);
  return sub;
}

async function httpInbox(token: string): Promise<any> {
  return (await ok(s.t, NOTIFICATIONS, {}, token)).notifications;
}

describe('notificationAdded: the viewer hears their own notifications, and nobody else does', () => {
  it('two users connected: an event for one never reaches the other', async () => {
    const other = s.citizen;
    const mine = await newProposal(s);
    const theirs = await newProposal(s, { authorId: other.user.id });
    const a = await inboxOf(s.author);
    const b = await inboxOf(other);

    const onMine = await comment(s.t, s.admin, pid(mine), '제 의견입니다');
    const heard = (await nextData(a)).notificationAdded;
    expect(heard).toEqual({
      id: expect.any(String),
      kind: 'COMMENT_ON_PROPOSAL',
      message: expect.stringContaining(mine.title),
      readAt: null,
      subject: { __typename: 'Comment', id: onMine.id },
    });
    await b.expectSilence();

    const onTheirs = await comment(s.t, s.admin, pid(theirs), '다른 제안에도');
    expect((await nextData(b)).notificationAdded).toMatchObject({
      kind: 'COMMENT_ON_PROPOSAL',
      subject: { __typename: 'Comment', id: onTheirs.id },
    });
    await a.expectSilence();

    // What each heard is what each finds over HTTP, and only there.
    const aInbox = await httpInbox(s.author.token);
    const bInbox = await httpInbox(other.token);
    expect(aInbox.nodes.map((n: any) => n.id)).toEqual([heard.id]);
    expect(aInbox.nodes[0]).toEqual(heard);
    expect(bInbox.nodes.map((n: any) => n.subject.id)).toEqual([onTheirs.id]);
  });

  it('nobody hears of their own action', async () => {
    const proposal = await newProposal(s);
    const a = await inboxOf(s.author);
    await comment(s.t, s.author, pid(proposal), '제 제안에 제가 답니다');
    await a.expectSilence();
  });

  it('every connection of the same user hears it (two devices, two sessions)', async () => {
    const proposal = await newProposal(s);
    const phone = s.connect(s.author.token).subscribe(NOTIFICATION_ADDED);
    const laptop = s
      .connect(await tokenFor(s.t.db, s.t.jwt, s.author.user))
      .subscribe(NOTIFICATION_ADDED);
    await waitForSubscribers(s.t.app, LiveChannel.notifications(s.author.user.id), 2);
    const added = await comment(s.t, s.citizen, pid(proposal));
    const onPhone = (await nextData(phone)).notificationAdded;
    const onLaptop = (await nextData(laptop)).notificationAdded;
    expect(onPhone).toEqual(onLaptop);
    expect(onPhone.subject.id).toBe(added.id);
  });

  it('routing: the author and the staff of the receiving department, each their own notification; not the actor', async () => {
    const proposal = await newProposal(s);
    const author = await inboxOf(s.author);
    const actor = await inboxOf(s.parksStaff);
    const colleague = await inboxOf(s.parksStaff2);
    const roads = await inboxOf(s.roadsStaff);
    const citizen = await inboxOf(s.citizen);
    const subject = { __typename: 'Proposal', id: pid(proposal) };

    await assign(s, s.parksStaff, proposal, s.parks);
    const toAuthor = (await nextData(author)).notificationAdded;
    const toColleague = (await nextData(colleague)).notificationAdded;
    expect(toAuthor).toMatchObject({ kind: 'PROPOSAL_ASSIGNED', subject });
    expect(toColleague).toMatchObject({ kind: 'PROPOSAL_ASSIGNED', subject });
    expect(toAuthor.id).not.toBe(toColleague.id);
    await actor.expectSilence();
    await roads.expectSilence(0);
    await citizen.expectSilence(0);

    await assign(s, s.parksStaff, proposal, s.roads, '도로과 소관입니다');
    expect((await nextData(author)).notificationAdded).toMatchObject({
      kind: 'PROPOSAL_TRANSFERRED',
      subject,
    });
    expect((await nextData(roads)).notificationAdded).toMatchObject({
      kind: 'PROPOSAL_TRANSFERRED',
      subject,
    });
    await actor.expectSilence();
    await colleague.expectSilence(0);
    await citizen.expectSilence(0);
  });

  it('answers and progress: the author hears, with the answer or the update as subject', async () => {
    const proposal = await newProposal(s);
    await assign(s, s.admin, proposal, s.parks);
    const author = await inboxOf(s.author);
    const given = await answer(s, s.parksStaff, proposal, 'ACCEPTED');
    expect((await nextData(author)).notificationAdded).toMatchObject({
      kind: 'PROPOSAL_ANSWERED',
      subject: { __typename: 'OfficialAnswer', id: given.id },
    });
    const progress = await ok(
      s.t,
      PROGRESS,
      { input: { proposalId: pid(proposal), progress: 30, body: '착공했습니다.' } },
      s.parksStaff.token,
    );
    expect((await nextData(author)).notificationAdded).toMatchObject({
      kind: 'PROGRESS_UPDATED',
      subject: { __typename: 'ProgressUpdate', id: progress.postProgressUpdate.id },
    });
    await author.expectSilence();
  });

  it('a reply: its parent author hears COMMENT_REPLY; the proposal author, who wrote the parent, only that one', async () => {
    const proposal = await newProposal(s);
    const parent = await comment(s.t, s.author, pid(proposal), '제가 먼저 씁니다');
    const author = await inboxOf(s.author);
    const reply = await comment(s.t, s.citizen, pid(proposal), '답글', parent.id);
    expect((await nextData(author)).notificationAdded).toMatchObject({
      kind: 'COMMENT_REPLY',
      subject: { __typename: 'Comment', id: reply.id },
    });
    await author.expectSilence();
  });

  it('content hidden by a moderator: its author hears CONTENT_HIDDEN, once', async () => {
    const proposal = await newProposal(s);
    const theirs = await comment(s.t, s.citizen, pid(proposal), '광고입니다');
    const citizen = await inboxOf(s.citizen);
    await moderate(s.t, s.moderator, theirs.id, 'HIDE');
    expect((await nextData(citizen)).notificationAdded).toMatchObject({ kind: 'CONTENT_HIDDEN' });
    // Hiding again confirms the decision: no second notification.
    await moderate(s.t, s.moderator, theirs.id, 'HIDE');
    await citizen.expectSilence();
  });

  it('marking notifications read sends nothing', async () => {
    const proposal = await newProposal(s);
    const author = await inboxOf(s.author);
    await comment(s.t, s.citizen, pid(proposal));
    const heard = (await nextData(author)).notificationAdded;
    const marked = await ok(
      s.t,
      'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }',
      { ids: [heard.id] },
      s.author.token,
    );
    expect(marked.markNotificationsRead).toBe(1);
    await author.expectSilence();
  });
});

describe('notificationAdded: unsubscribing', () => {
  it('unsubscribe() and close() release the channel', async () => {
    const channel = LiveChannel.notifications(s.author.user.id);
    const client = s.connect(s.author.token);
    const a = client.subscribe(NOTIFICATION_ADDED);
    const b = client.subscribe(NOTIFICATION_ADDED);
    await waitForSubscribers(s.t.app, channel, 2);
    a.unsubscribe();
    await waitForExactly(s.t.app, channel, 1);
    const proposal = await newProposal(s);
    const added = await comment(s.t, s.citizen, pid(proposal));
    expect((await nextData(b)).notificationAdded.subject).toEqual({
      __typename: 'Comment',
      id: added.id,
    });
    await a.expectSilence(0);
    await client.close();
    await waitForExactly(s.t.app, channel, 0);
  });
});
