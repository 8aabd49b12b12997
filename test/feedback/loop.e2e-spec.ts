import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  aid,
  answer,
  assign,
  did,
  FEEDBACK,
  feedbackScene,
  newProposal,
  ok,
  pid,
  PROGRESS,
  RATE,
  setDueAt,
  STATS,
  INBOX,
  type FeedbackScene,
  raw,
} from './support.js';

/**
 * The whole loop as the city lives it: a citizen proposes, triage routes it, the first
 * department passes it on, the right one answers, accepts, reports progress, implements, and
 * the citizen rates the answer; the department's public figures follow from the records.
 */
describe('the feedback loop, end to end', () => {
  let t: TestApp;
  let s: FeedbackScene;

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
  });
  afterAll(() => t.close());

  it('routes, answers, reports progress, implements and is rated, all in public', async () => {
    const proposal = await newProposal(s);

    const first = (await assign(s, s.parksStaff, proposal, s.roads, '도로 관련 민원'))
      .assignProposal;
    expect(first.status).toBe('UNDER_REVIEW');
    expect(first.department.slug).toBe('roads');
    const due = new Date(first.responseDueAt).getTime();
    const days = (due - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);

    const second = (await assign(s, s.roadsStaff, proposal, s.parks, '공원 안의 길입니다'))
      .assignProposal;
    expect(second.department.slug).toBe('parks');
    expect(second.status).toBe('UNDER_REVIEW');
    // A transfer never restarts the citizen's clock.
    expect(second.responseDueAt).toBe(first.responseDueAt);
    expect(second.transfers.map((x: any) => [x.from?.slug ?? null, x.to.slug, x.by.id])).toEqual([
      [null, 'roads', expect.any(String)],
      ['roads', 'parks', expect.any(String)],
    ]);

    const accepted = await answer(
      s,
      s.parksStaff,
      proposal,
      'ACCEPTED',
      '그늘막을 설치하겠습니다.',
    );
    expect(accepted.status).toBe('ACCEPTED');
    expect(accepted.department.slug).toBe('parks');
    expect(accepted.proposal.status).toBe('ACCEPTED');
    expect(accepted.rating).toBeNull();

    const progress = await ok(
      t,
      PROGRESS,
      { input: { proposalId: pid(proposal), progress: 40, body: '자재를 주문했습니다.' } },
      s.parksStaff.token,
    );
    expect(progress.postProgressUpdate.progress).toBe(40);

    const implemented = await answer(s, s.parksStaff, proposal, 'IMPLEMENTED', '설치했습니다.');
    const rated = await ok(
      t,
      RATE,
      { input: { answerId: implemented.id, score: 5, comment: '감사합니다' } },
      s.author.token,
    );
    expect(rated.rateAnswer.rating).toEqual({
      score: 5,
      comment: '감사합니다',
      createdAt: expect.any(String),
    });

    const { proposal: view } = await ok(t, FEEDBACK, { id: pid(proposal) }, s.citizen.token);
    expect(view.status).toBe('IMPLEMENTED');
    expect(view.progress).toBe(100);
    expect(view.overdue).toBe(false);
    expect(view.answers.map((a: any) => a.status)).toEqual(['ACCEPTED', 'IMPLEMENTED']);
    expect(view.answers[1].rating.score).toBe(5);
    expect(view.progressUpdates.map((p: any) => p.progress)).toEqual([40]);
    expect(view.transfers).toHaveLength(2);

    const parks = (await ok(t, STATS, { id: did(s.parks) }, s.citizen.token)).node.stats;
    expect(parks).toMatchObject({
      assignedCount: 1,
      answeredCount: 1,
      overdueCount: 0,
      averageSatisfaction: 5,
      transfersOut: 0,
    });
    expect(parks.medianFirstResponseHours).toBeGreaterThanOrEqual(0);
    expect(parks.medianFirstResponseHours).toBeLessThan(0.1);
    const roads = (await ok(t, STATS, { id: did(s.roads) }, s.citizen.token)).node.stats;
    expect(roads).toEqual({
      assignedCount: 1,
      answeredCount: 0,
      overdueCount: 0,
      medianFirstResponseHours: null,
      averageSatisfaction: null,
      transfersOut: 1,
    });
    const node = await ok(
      t,
      'query($id: ID!) { node(id: $id) { ... on OfficialAnswer { status rating { score } } } }',
      { id: aid(raw(implemented.id)) },
      null,
    );
    expect(node.node).toEqual({ status: 'IMPLEMENTED', rating: { score: 5 } });
  });

  it('finds the overdue proposals of a department, and an answer takes one out', async () => {
    const late = await newProposal(s);
    const onTime = await newProposal(s);
    await assign(s, s.parksStaff, late, s.welfare);
    await assign(s, s.parksStaff, onTime, s.welfare);
    await setDueAt(t, late.id, new Date(Date.now() - 3_600_000));

    const inbox = await ok(t, INBOX, { id: did(s.welfare), overdue: true }, null);
    expect(inbox.node.proposals.nodes.map((p: any) => p.id)).toEqual([pid(late)]);
    expect(inbox.node.proposals.nodes[0].overdue).toBe(true);
    const rest = await ok(t, INBOX, { id: did(s.welfare), overdue: false }, null);
    expect(rest.node.proposals.nodes.map((p: any) => p.id)).toEqual([pid(onTime)]);
    expect((await ok(t, STATS, { id: did(s.welfare) }, null)).node.stats.overdueCount).toBe(1);

    await answer(s, s.welfareStaff, late, 'UNDER_REVIEW', '현장을 확인하고 있습니다.');
    const after = await ok(t, INBOX, { id: did(s.welfare), overdue: true }, null);
    expect(after.node.proposals.totalCount).toBe(0);
    expect((await ok(t, STATS, { id: did(s.welfare) }, null)).node.stats.overdueCount).toBe(0);
  });
});
