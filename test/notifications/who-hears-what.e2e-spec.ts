import {
  ANSWER,
  ASSIGN,
  comment,
  did,
  expectReadAs,
  heardDuring,
  MODERATE,
  newProposal,
  newWorkshop,
  ok,
  pid,
  PROGRESS,
  proposalAt,
  raw,
  readAsRecipient,
  REPORT,
  startScene,
  wid,
  type Scene,
} from './support.js';

/**
 * Who hears of what (src/notifications/who-hears-what.ts) for the proposal, comment and
 * moderation kinds: every notification a change writes, in the whole database, is compared
 * with the full list of expected recipients, so that "nobody else" and "never the actor" are
 * checked as well as who does hear. Each kind is also read back by its recipient through the
 * API: its kind, its subject (type and id) and a message naming the proposal.
 */

let s: Scene;
beforeAll(async () => {
  s = await startScene();
});
afterAll(() => s.t.close());

const PARKS = '공원녹지과';
const ROADS = '도로과';

describe('routing: PROPOSAL_ASSIGNED and PROPOSAL_TRANSFERRED', () => {
  it('a first assignment by an admin tells the author and every staff member of the department, nobody else', async () => {
    const proposal = await newProposal(s);
    const subject = `Proposal:${proposal.id}`;
    const { heard, rows } = await heardDuring(s, () =>
      ok(
        s.t,
        ASSIGN,
        { input: { proposalId: pid(proposal), departmentId: did(s.parks), reason: '담당입니다' } },
        s.admin.token,
      ),
    );
    expect(heard).toEqual([
      { to: 'author', kind: 'PROPOSAL_ASSIGNED', subject },
      { to: 'parksStaff', kind: 'PROPOSAL_ASSIGNED', subject },
      { to: 'parksStaff2', kind: 'PROPOSAL_ASSIGNED', subject },
    ]);
    expect(rows.map((r) => r.actor_id)).toEqual([
      s.admin.user.id,
      s.admin.user.id,
      s.admin.user.id,
    ]);
    const expected = {
      kind: 'PROPOSAL_ASSIGNED',
      subject: { __typename: 'Proposal', id: pid(proposal) },
      mentions: [proposal.title, PARKS],
    };
    const toAuthor = rows.find((r) => r.recipient_id === s.author.user.id)!;
    const toStaff = rows.find((r) => r.recipient_id === s.parksStaff.user.id)!;
    // Stored as a catalogue message with what it needs, rendered when read.
    expect(toAuthor).toMatchObject({
      message: null,
      message_key: 'notification.PROPOSAL_ASSIGNED.author',
      params: { title: proposal.title, to: PARKS },
    });
    const author = await expectReadAs(s.t, s.author, toAuthor, expected);
    const staff = await expectReadAs(s.t, s.parksStaff, toStaff, expected);
    // The author is told of their proposal, the staff of their department's new work.
    expect(author.message).toBe(`Your proposal "${proposal.title}" was assigned to ${PARKS}.`);
    expect(staff.message).toBe(`"${proposal.title}" was assigned to your department, ${PARKS}.`);
  });

  it('a first assignment by a staff member (triage) leaves the assigning staff member out', async () => {
    const proposal = await newProposal(s);
    const subject = `Proposal:${proposal.id}`;
    const { heard } = await heardDuring(s, () =>
      ok(
        s.t,
        ASSIGN,
        { input: { proposalId: pid(proposal), departmentId: did(s.parks), reason: '담당입니다' } },
        s.parksStaff.token,
      ),
    );
    expect(heard).toEqual([
      { to: 'author', kind: 'PROPOSAL_ASSIGNED', subject },
      { to: 'parksStaff2', kind: 'PROPOSAL_ASSIGNED', subject },
    ]);
  });

  it('a staff member who wrote a proposal routed to their own department hears of it once, as its author', async () => {
    const proposal = await newProposal(s, {}, s.parksStaff2.user.id);
    const subject = `Proposal:${proposal.id}`;
    const { heard, rows } = await heardDuring(s, () =>
      ok(
        s.t,
        ASSIGN,
        { input: { proposalId: pid(proposal), departmentId: did(s.parks), reason: '담당입니다' } },
        s.admin.token,
      ),
    );
    expect(heard).toEqual([
      { to: 'parksStaff', kind: 'PROPOSAL_ASSIGNED', subject },
      { to: 'parksStaff2', kind: 'PROPOSAL_ASSIGNED', subject },
    ]);
    const toAuthor = rows.find((r) => r.recipient_id === s.parksStaff2.user.id)!;
    expect((await readAsRecipient(s.t, s.parksStaff2, toAuthor)).message).toBe(
      `Your proposal "${proposal.title}" was assigned to ${PARKS}.`,
    );
  });

  it('a transfer tells the author and the staff of the new department, not the old department nor the actor', async () => {
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks);
    const subject = `Proposal:${proposal.id}`;
    const { heard, rows } = await heardDuring(s, () =>
      ok(
        s.t,
        ASSIGN,
        { input: { proposalId: pid(proposal), departmentId: did(s.roads), reason: '도로 문제' } },
        s.parksStaff.token,
      ),
    );
    expect(heard).toEqual([
      { to: 'author', kind: 'PROPOSAL_TRANSFERRED', subject },
      { to: 'roadsStaff', kind: 'PROPOSAL_TRANSFERRED', subject },
    ]);
    const expected = {
      kind: 'PROPOSAL_TRANSFERRED',
      subject: { __typename: 'Proposal', id: pid(proposal) },
      mentions: [proposal.title, ROADS],
    };
    await expectReadAs(
      s.t,
      s.author,
      rows.find((r) => r.recipient_id === s.author.user.id)!,
      expected,
    );
    await expectReadAs(
      s.t,
      s.roadsStaff,
      rows.find((r) => r.recipient_id === s.roadsStaff.user.id)!,
      expected,
    );
  });

  it('a staff member transferring their own proposal away tells only the new department', async () => {
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks, s.parksStaff.user.id);
    const { heard } = await heardDuring(s, () =>
      ok(
        s.t,
        ASSIGN,
        { input: { proposalId: pid(proposal), departmentId: did(s.roads), reason: '도로 문제' } },
        s.parksStaff.token,
      ),
    );
    expect(heard).toEqual([
      { to: 'roadsStaff', kind: 'PROPOSAL_TRANSFERRED', subject: `Proposal:${proposal.id}` },
    ]);
  });
});

describe('answers and progress: PROPOSAL_ANSWERED and PROGRESS_UPDATED', () => {
  it('an answer tells the author only, about the OfficialAnswer', async () => {
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks);
    let answerId = '';
    const { heard, rows } = await heardDuring(s, async () => {
      const data = await ok(
        s.t,
        ANSWER,
        { input: { proposalId: pid(proposal), status: 'ACCEPTED', body: '추진하겠습니다.' } },
        s.parksStaff.token,
      );
      answerId = data.answerProposal.id;
    });
    expect(heard).toEqual([
      { to: 'author', kind: 'PROPOSAL_ANSWERED', subject: `OfficialAnswer:${raw(answerId)}` },
    ]);
    const entry = await expectReadAs(s.t, s.author, rows[0]!, {
      kind: 'PROPOSAL_ANSWERED',
      subject: { __typename: 'OfficialAnswer', id: answerId },
      mentions: [proposal.title, PARKS],
    });
    // The answering department is named, and the status is read as words, not as an enum.
    expect(entry.message).toBe(`${PARKS} answered your proposal "${proposal.title}": accepted.`);
  });

  it('a progress update tells the author only, about the ProgressUpdate', async () => {
    const proposal = await proposalAt(s, 'ACCEPTED', s.parks);
    let updateId = '';
    const { heard, rows } = await heardDuring(s, async () => {
      const data = await ok(
        s.t,
        PROGRESS,
        { input: { proposalId: pid(proposal), progress: 40, body: '설계를 마쳤습니다.' } },
        s.parksStaff2.token,
      );
      updateId = data.postProgressUpdate.id;
    });
    expect(heard).toEqual([
      { to: 'author', kind: 'PROGRESS_UPDATED', subject: `ProgressUpdate:${raw(updateId)}` },
    ]);
    const entry = await expectReadAs(s.t, s.author, rows[0]!, {
      kind: 'PROGRESS_UPDATED',
      subject: { __typename: 'ProgressUpdate', id: updateId },
      mentions: [proposal.title, '40%'],
    });
    expect(entry.message).toBe(
      `${PARKS} reported progress on your proposal "${proposal.title}": 40% done.`,
    );
  });

  it('a staff member who authored a proposal and answers it, then posts progress on it, is told nothing', async () => {
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks, s.parksStaff.user.id);
    const answered = await heardDuring(s, () =>
      ok(
        s.t,
        ANSWER,
        { input: { proposalId: pid(proposal), status: 'ACCEPTED', body: '추진하겠습니다.' } },
        s.parksStaff.token,
      ),
    );
    expect(answered.heard).toEqual([]);
    const progressed = await heardDuring(s, () =>
      ok(
        s.t,
        PROGRESS,
        { input: { proposalId: pid(proposal), progress: 10, body: '시작했습니다.' } },
        s.parksStaff.token,
      ),
    );
    expect(progressed.heard).toEqual([]);
    // Another staff member's answer to it does reach its author.
    const other = await heardDuring(s, () =>
      ok(
        s.t,
        ANSWER,
        { input: { proposalId: pid(proposal), status: 'IN_PROGRESS', body: '진행 중입니다.' } },
        s.parksStaff2.token,
      ),
    );
    expect(other.heard.map((h) => [h.to, h.kind])).toEqual([['parksStaff', 'PROPOSAL_ANSWERED']]);
  });
});

describe('comments: COMMENT_ON_PROPOSAL and COMMENT_REPLY', () => {
  it('a comment on a proposal tells its author only, about the Comment', async () => {
    const proposal = await newProposal(s);
    let commentId = '';
    const { heard, rows } = await heardDuring(s, async () => {
      commentId = await comment(s, s.citizen, pid(proposal));
    });
    expect(heard).toEqual([
      { to: 'author', kind: 'COMMENT_ON_PROPOSAL', subject: `Comment:${raw(commentId)}` },
    ]);
    const entry = await expectReadAs(s.t, s.author, rows[0]!, {
      kind: 'COMMENT_ON_PROPOSAL',
      subject: { __typename: 'Comment', id: commentId },
      mentions: [proposal.title],
    });
    // The commenter is named by their display name ("Someone commented" before issue 17).
    expect(entry.message).toBe(
      `${s.citizen.user.displayName} commented on your proposal "${proposal.title}".`,
    );
  });

  it('commenting on your own proposal tells nobody', async () => {
    const proposal = await newProposal(s);
    const { heard } = await heardDuring(s, () => comment(s, s.author, pid(proposal)));
    expect(heard).toEqual([]);
  });

  it("a reply tells the parent's author (COMMENT_REPLY) and the proposal's author (COMMENT_ON_PROPOSAL)", async () => {
    const proposal = await newProposal(s);
    const parent = await comment(s, s.citizen, pid(proposal));
    let replyId = '';
    const { heard, rows } = await heardDuring(s, async () => {
      replyId = await comment(s, s.citizen2, pid(proposal), parent);
    });
    const subject = `Comment:${raw(replyId)}`;
    expect(heard).toEqual([
      { to: 'author', kind: 'COMMENT_ON_PROPOSAL', subject },
      { to: 'citizen', kind: 'COMMENT_REPLY', subject },
    ]);
    const reply = await expectReadAs(
      s.t,
      s.citizen,
      rows.find((r) => r.kind === 'COMMENT_REPLY')!,
      {
        kind: 'COMMENT_REPLY',
        subject: { __typename: 'Comment', id: replyId },
        mentions: [proposal.title, s.citizen2.user.displayName],
      },
    );
    expect(reply.message).toBe(
      `${s.citizen2.user.displayName} replied to your comment on "${proposal.title}".`,
    );
    await expectReadAs(
      s.t,
      s.author,
      rows.find((r) => r.kind === 'COMMENT_ON_PROPOSAL')!,
      {
        kind: 'COMMENT_ON_PROPOSAL',
        subject: { __typename: 'Comment', id: replyId },
        mentions: [proposal.title, s.citizen2.user.displayName],
      },
    );
  });

  it('replying to your own comment tells you nothing (the proposal author still hears of it)', async () => {
    const proposal = await newProposal(s);
    const parent = await comment(s, s.citizen, pid(proposal));
    let replyId = '';
    const { heard } = await heardDuring(s, async () => {
      replyId = await comment(s, s.citizen, pid(proposal), parent);
    });
    expect(heard).toEqual([
      { to: 'author', kind: 'COMMENT_ON_PROPOSAL', subject: `Comment:${raw(replyId)}` },
    ]);
  });

  it('the author replying to their own comment on their own proposal tells nobody', async () => {
    const proposal = await newProposal(s);
    const parent = await comment(s, s.author, pid(proposal));
    const { heard } = await heardDuring(s, () => comment(s, s.author, pid(proposal), parent));
    expect(heard).toEqual([]);
  });

  it('the proposal author who also wrote the parent gets only COMMENT_REPLY', async () => {
    const proposal = await newProposal(s);
    const parent = await comment(s, s.author, pid(proposal));
    let replyId = '';
    const { heard } = await heardDuring(s, async () => {
      replyId = await comment(s, s.citizen, pid(proposal), parent);
    });
    expect(heard).toEqual([
      { to: 'author', kind: 'COMMENT_REPLY', subject: `Comment:${raw(replyId)}` },
    ]);
  });

  it("the proposal author replying to a citizen's comment tells that citizen only", async () => {
    const proposal = await newProposal(s);
    const parent = await comment(s, s.citizen, pid(proposal));
    let replyId = '';
    const { heard } = await heardDuring(s, async () => {
      replyId = await comment(s, s.author, pid(proposal), parent);
    });
    expect(heard).toEqual([
      { to: 'citizen', kind: 'COMMENT_REPLY', subject: `Comment:${raw(replyId)}` },
    ]);
  });

  it("on a workshop: a comment tells nobody, a reply tells the parent's author with the workshop's title", async () => {
    const workshop = await newWorkshop(s, s.parks, 10);
    let parent = '';
    const top = await heardDuring(s, async () => {
      parent = await comment(s, s.citizen, wid(workshop.id));
    });
    expect(top.heard).toEqual([]);
    let replyId = '';
    const reply = await heardDuring(s, async () => {
      replyId = await comment(s, s.parksStaff, wid(workshop.id), parent);
    });
    expect(reply.heard).toEqual([
      { to: 'citizen', kind: 'COMMENT_REPLY', subject: `Comment:${raw(replyId)}` },
    ]);
    const entry = await expectReadAs(s.t, s.citizen, reply.rows[0]!, {
      kind: 'COMMENT_REPLY',
      subject: { __typename: 'Comment', id: replyId },
      mentions: [workshop.title],
    });
    // Staff of the organizing department answer for it: the department is named, not them.
    expect(entry.message).toBe(`${PARKS} replied to your comment on "${workshop.title}".`);
    expect(reply.rows[0]).toMatchObject({
      actor_id: s.parksStaff.user.id,
      actor_kind: 'DEPARTMENT',
      actor_department_id: s.parks.id,
    });
  });
});

describe('moderation: CONTENT_HIDDEN', () => {
  const moderate = (targetId: string, action: 'HIDE' | 'RESTORE', token: string) =>
    ok(s.t, MODERATE, { input: { targetId, action, note: '규정 위반' } }, token);

  it("a moderator's HIDE tells the author only, once; confirming it again or restoring it tells nobody", async () => {
    const proposal = await newProposal(s);
    const hidden = await heardDuring(s, () => moderate(pid(proposal), 'HIDE', s.moderator.token));
    expect(hidden.heard).toEqual([
      { to: 'author', kind: 'CONTENT_HIDDEN', subject: `Proposal:${proposal.id}` },
    ]);
    expect(hidden.rows[0]).toMatchObject({
      actor_id: s.moderator.user.id,
      actor_kind: 'MODERATOR',
    });
    // Its author still sees the hidden proposal, so the subject is there for them.
    const entry = await expectReadAs(s.t, s.author, hidden.rows[0]!, {
      kind: 'CONTENT_HIDDEN',
      subject: { __typename: 'Proposal', id: pid(proposal) },
      mentions: [proposal.title],
    });
    // "A moderator", never the moderator's name.
    expect(entry.message).toBe(`Your proposal "${proposal.title}" was hidden by a moderator.`);
    expect(entry.message).not.toContain(s.moderator.user.displayName);
    expect(
      (await heardDuring(s, () => moderate(pid(proposal), 'HIDE', s.admin.token))).heard,
    ).toEqual([]);
    expect(
      (await heardDuring(s, () => moderate(pid(proposal), 'RESTORE', s.moderator.token))).heard,
    ).toEqual([]);
  });

  it('the report that reaches the threshold hides the proposal and tells its author (actor: nobody)', async () => {
    const proposal = await newProposal(s);
    const report = (who: typeof s.citizen) =>
      ok(s.t, REPORT, { input: { targetId: pid(proposal), reason: 'SPAM' } }, who.token);
    expect((await heardDuring(s, () => report(s.citizen))).heard).toEqual([]);
    expect((await heardDuring(s, () => report(s.citizen2))).heard).toEqual([]);
    const third = await heardDuring(s, () => report(s.citizen3));
    expect(third.heard).toEqual([
      { to: 'author', kind: 'CONTENT_HIDDEN', subject: `Proposal:${proposal.id}` },
    ]);
    expect(third.rows[0]).toMatchObject({ actor_id: null, actor_kind: 'SYSTEM' });
    const entry = await expectReadAs(s.t, s.author, third.rows[0]!, {
      kind: 'CONTENT_HIDDEN',
      subject: { __typename: 'Proposal', id: pid(proposal) },
      mentions: [proposal.title],
    });
    expect(entry.message).toBe(
      `Your proposal "${proposal.title}" was hidden after several reports, until a moderator reviews it.`,
    );
  });

  it("hiding a comment tells the comment's author only, about the Comment", async () => {
    const proposal = await newProposal(s);
    const commentId = await comment(s, s.citizen, pid(proposal));
    const { heard, rows } = await heardDuring(s, () =>
      moderate(commentId, 'HIDE', s.moderator.token),
    );
    expect(heard).toEqual([
      { to: 'citizen', kind: 'CONTENT_HIDDEN', subject: `Comment:${raw(commentId)}` },
    ]);
    const entry = await expectReadAs(s.t, s.citizen, rows[0]!, {
      kind: 'CONTENT_HIDDEN',
      subject: { __typename: 'Comment', id: commentId },
      mentions: [],
    });
    expect(entry.message).toBe('Your comment was hidden by a moderator.');
  });
});
