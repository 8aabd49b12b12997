import { randomUUID } from 'node:crypto';
import { parseGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { LiveChannel } from '../../src/core/live/live-events.js';
import { newProposal, ok } from '../feedback/support.js';
import { waitForSubscribers } from '../helpers/live-client.js';
import { codeOf } from '../helpers/test-app.js';
import {
  ADD_COMMENT,
  comment,
  COMMENT_ADDED,
  DELETE_COMMENT,
  EDIT_COMMENT,
  errorFields,
  expectRefused,
  moderate,
  newWorkshop,
  nextData,
  pid,
  startLiveScene,
  waitForExactly,
  type LiveScene,
} from './support.js';

let s: LiveScene;
let workshopId: string;
beforeAll(async () => {
  s = await startLiveScene();
  workshopId = await newWorkshop(s.t, s.parksStaff);
});
afterEach(() => s.closeConnections());
afterAll(() => s.close());

const raw = (globalId: string) => parseGlobalId(globalId)!.id;

describe('commentAdded on a proposal', () => {
  it('sends each new comment and reply, as the subscriber may see it; nothing about another proposal', async () => {
    const proposal = await newProposal(s);
    const other = await newProposal(s);
    const id = pid(proposal);
    const anonymous = s.connect().subscribe(COMMENT_ADDED, { subjectId: id });
    const author = s.connect(s.author).subscribe(COMMENT_ADDED, { subjectId: id });
    await waitForSubscribers(s.t.app, LiveChannel.comments(proposal.id), 2);

    const first = await comment(s.t, s.citizen, id, '첫 댓글');
    const expected = {
      id: first.id,
      body: '첫 댓글',
      hidden: false,
      deleted: false,
      replyCount: 0,
      parent: null,
      author: { id: toGlobalId('User', s.citizen.user.id) },
      subject: { __typename: 'Proposal', id },
    };
    expect((await nextData(anonymous)).commentAdded).toEqual(expected);
    expect((await nextData(author)).commentAdded).toEqual(expected);

    const reply = await comment(s.t, s.author, id, '답글입니다', first.id);
    expect((await nextData(anonymous)).commentAdded).toEqual({
      ...expected,
      id: reply.id,
      body: '답글입니다',
      author: { id: toGlobalId('User', s.author.user.id) },
      parent: { id: first.id },
    });
    expect((await nextData(author)).commentAdded.id).toBe(reply.id);

    await comment(s.t, s.citizen, pid(other), '다른 제안의 댓글');
    await anonymous.expectSilence();
    await author.expectSilence(0);
  });

  it('edits, deletions and refused comments send nothing', async () => {
    const proposal = await newProposal(s);
    const id = pid(proposal);
    const mine = await comment(s.t, s.citizen, id);
    const sub = s.connect().subscribe(COMMENT_ADDED, { subjectId: id });
    await waitForSubscribers(s.t.app, LiveChannel.comments(proposal.id));

    await ok(s.t, EDIT_COMMENT, { input: { id: mine.id, body: '고쳤습니다' } }, s.citizen.token);
    await ok(s.t, DELETE_COMMENT, { id: mine.id }, s.citizen.token);
    const empty = await s.t.gql(
      ADD_COMMENT,
      { input: { subjectId: id, body: '   ' } },
      s.citizen.token,
    );
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    const anonymous = await s.t.gql(ADD_COMMENT, { input: { subjectId: id, body: '익명' } }, null);
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    const suspended = await s.t.gql(
      ADD_COMMENT,
      { input: { subjectId: id, body: '정지된 사용자' } },
      s.suspendedParksStaff.token,
    );
    expect(codeOf(suspended)).toBe('FORBIDDEN');
    await sub.expectSilence();
  });

  it('a hidden proposal: nothing for its public subscribers; they hear again once it is restored', async () => {
    const proposal = await newProposal(s);
    const id = pid(proposal);
    const anonymous = s.connect().subscribe(COMMENT_ADDED, { subjectId: id });
    const citizen = s.connect(s.citizen).subscribe(COMMENT_ADDED, { subjectId: id });
    await waitForSubscribers(s.t.app, LiveChannel.comments(proposal.id), 2);

    await moderate(s.t, s.moderator, id, 'HIDE');
    // A hidden proposal takes no comments: CONFLICT for those who see it, NOT_FOUND for others.
    for (const [who, code] of [
      [s.author, 'CONFLICT'],
      [s.moderator, 'CONFLICT'],
      [s.citizen, 'NOT_FOUND'],
    ] as const) {
      const refused = await s.t.gql(
        ADD_COMMENT,
        { input: { subjectId: id, body: '숨김' } },
        who.token,
      );
      expect(codeOf(refused)).toBe(code);
    }
    const [{ n }] = await s.t.db.query(
      'SELECT count(*)::int AS n FROM comment WHERE proposal_id = $1',
      [proposal.id],
    );
    expect(n).toBe(0);
    await anonymous.expectSilence();
    await citizen.expectSilence(0);
    // Subscribing now is refused to the public.
    await expectRefused(s.connect().subscribe(COMMENT_ADDED, { subjectId: id }), 'NOT_FOUND');
    await expectRefused(
      s.connect(s.citizen).subscribe(COMMENT_ADDED, { subjectId: id }),
      'NOT_FOUND',
    );
    // Its author and moderators may still subscribe.
    s.connect(s.author).subscribe(COMMENT_ADDED, { subjectId: id });
    s.connect(s.moderator).subscribe(COMMENT_ADDED, { subjectId: id });
    await waitForSubscribers(s.t.app, LiveChannel.comments(proposal.id), 4);

    await moderate(s.t, s.moderator, id, 'RESTORE');
    const after = await comment(s.t, s.admin, id, '복원 후 댓글');
    expect((await nextData(anonymous)).commentAdded).toMatchObject({
      id: after.id,
      body: '복원 후 댓글',
    });
    expect((await nextData(citizen)).commentAdded.id).toBe(after.id);
  });

  it('a comment hidden by a moderator after it was sent is not sent again', async () => {
    const proposal = await newProposal(s);
    const id = pid(proposal);
    const sub = s.connect().subscribe(COMMENT_ADDED, { subjectId: id });
    await waitForSubscribers(s.t.app, LiveChannel.comments(proposal.id));
    const added = await comment(s.t, s.citizen, id, '광고입니다');
    expect((await nextData(sub)).commentAdded.id).toBe(added.id);
    await moderate(s.t, s.moderator, added.id, 'HIDE');
    await moderate(s.t, s.moderator, added.id, 'RESTORE');
    await sub.expectSilence();
  });
});

describe('commentAdded on a workshop', () => {
  it('sends comments and replies on the workshop, and nothing about a proposal', async () => {
    const proposal = await newProposal(s);
    const sub = s.connect(s.citizen).subscribe(COMMENT_ADDED, { subjectId: workshopId });
    await waitForSubscribers(s.t.app, LiveChannel.comments(raw(workshopId)));

    const question = await comment(s.t, s.citizen, workshopId, '준비물이 있나요?');
    expect((await nextData(sub)).commentAdded).toEqual({
      id: question.id,
      body: '준비물이 있나요?',
      hidden: false,
      deleted: false,
      replyCount: 0,
      parent: null,
      author: { id: toGlobalId('User', s.citizen.user.id) },
      subject: { __typename: 'Workshop', id: workshopId },
    });
    const reply = await comment(s.t, s.parksStaff, workshopId, '편한 복장이면 됩니다', question.id);
    expect((await nextData(sub)).commentAdded).toMatchObject({
      id: reply.id,
      parent: { id: question.id },
      author: { id: toGlobalId('User', s.parksStaff.user.id) },
      subject: { __typename: 'Workshop', id: workshopId },
    });

    await comment(s.t, s.citizen, pid(proposal), '제안에 단 댓글');
    await sub.expectSilence();
  });
});

describe('commentAdded: refused at subscribe', () => {
  it('a junk id, or the id of something that takes no comments: BAD_USER_INPUT on subjectId', async () => {
    const client = s.connect();
    const proposal = await newProposal(s);
    const someComment = await comment(s.t, s.citizen, pid(proposal));
    for (const subjectId of [
      'junk',
      '',
      toGlobalId('User', s.author.user.id),
      someComment.id,
      toGlobalId('Department', s.parks.id),
      toGlobalId('Proposal', 'not-a-uuid'),
    ]) {
      const result = await expectRefused(
        client.subscribe(COMMENT_ADDED, { subjectId }),
        'BAD_USER_INPUT',
      );
      expect(errorFields(result)).toEqual(['subjectId']);
    }
  });

  it('an unknown proposal or workshop: NOT_FOUND', async () => {
    const client = s.connect(s.admin);
    for (const type of ['Proposal', 'Workshop']) {
      await expectRefused(
        client.subscribe(COMMENT_ADDED, { subjectId: toGlobalId(type, randomUUID()) }),
        'NOT_FOUND',
      );
    }
  });
});

describe('commentAdded: unsubscribing', () => {
  it('unsubscribe() and close() release the channel', async () => {
    const channel = LiveChannel.comments(raw(workshopId));
    const client = s.connect();
    const a = client.subscribe(COMMENT_ADDED, { subjectId: workshopId });
    const b = client.subscribe(COMMENT_ADDED, { subjectId: workshopId });
    await waitForSubscribers(s.t.app, channel, 2);
    a.unsubscribe();
    await waitForExactly(s.t.app, channel, 1);
    const added = await comment(s.t, s.citizen, workshopId, '하나만 받습니다');
    expect((await nextData(b)).commentAdded.id).toBe(added.id);
    await a.expectSilence(0);
    await client.close();
    await waitForExactly(s.t.app, channel, 0);
  });
});
