import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  answer,
  ASSIGN,
  assign,
  did,
  FEEDBACK,
  feedbackScene,
  INBOX,
  newProposal,
  ok,
  pid,
  PROGRESS,
  setDueAt,
  STATS,
  type FeedbackScene,
} from './support.js';

const LIST = `query List($filter: ProposalFilter, $orderBy: ProposalOrder, $first: Int) {
  proposals(filter: $filter, orderBy: $orderBy, first: $first) {
    totalCount nodes { id status overdue } } }`;
const WITHDRAW = 'mutation W($id: ID!) { withdrawProposal(id: $id) { id status overdue } }';
const DUE_ASC = { field: 'RESPONSE_DUE_AT', direction: 'ASC' };

/**
 * The overdue rule (src/proposals/proposal-deadline.ts): assigned, not answered by the current
 * department since it received the proposal, and past responseDueAt. Checked through every
 * place it shows: Proposal.overdue, ProposalFilter.overdue, Department.proposals(overdue) and
 * DepartmentStats.overdueCount, and through every event that sets or clears it.
 */
describe('overdue proposals', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  let t: TestApp;
  let s: FeedbackScene;

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
  });
  afterAll(() => t.close());

  /** Ids of a root list as `who` sees it, most urgent first. */
  async function listed(filter: Record<string, unknown>, who: TestUser | null = null) {
    const data = await ok(t, LIST, { filter, orderBy: DUE_ASC, first: 100 }, who?.token ?? null);
    expect(data.proposals.totalCount).toBe(data.proposals.nodes.length);
    return data.proposals.nodes.map((n: any) => n.id);
  }

  /** A department's inbox as `who` sees it. */
  async function inbox(
    department: DepartmentEntity,
    args: Record<string, unknown> = {},
    who: TestUser | null = null,
  ) {
    const data = await ok(
      t,
      INBOX,
      { id: did(department), first: 100, ...args },
      who?.token ?? null,
    );
    return data.node.proposals;
  }
  const inboxIds = async (
    department: DepartmentEntity,
    args: Record<string, unknown> = {},
    who: TestUser | null = null,
  ) => (await inbox(department, args, who)).nodes.map((n: any) => n.id);

  const overdueCount = async (department: DepartmentEntity): Promise<number> =>
    (await ok(t, STATS, { id: did(department) }, null)).node.stats.overdueCount;

  /** Proposal.overdue, read by an admin (who sees hidden proposals too). */
  const overdueFlag = async (p: ProposalEntity): Promise<boolean> =>
    (await ok(t, FEEDBACK, { id: pid(p) }, s.admin.token)).proposal.overdue;

  const awaiting = async (p: ProposalEntity): Promise<boolean> =>
    (await t.db.query('SELECT awaiting_answer FROM proposal WHERE id = $1', [p.id]))[0]
      .awaiting_answer;

  /**
   * A fixed set of proposals in three departments of their own, in every situation the rule
   * distinguishes, so each filter can be compared with an answer written out by hand. These
   * tests run first and only read, so the root list holds these proposals and no others.
   */
  describe('over a fixed set of proposals', () => {
    let north: DepartmentEntity;
    let south: DepartmentEntity;
    let east: DepartmentEntity;
    /** Expected ids by name. */
    const id: Record<string, string> = {};

    beforeAll(async () => {
      north = await createDepartment(t.db, { slug: 'north', name: '북부과' });
      south = await createDepartment(t.db, { slug: 'south', name: '남부과' });
      east = await createDepartment(t.db, { slug: 'east', name: '동부과' });
      const now = Date.now();
      const make = async (
        name: string,
        to: DepartmentEntity | null,
        steps: (p: ProposalEntity) => Promise<unknown> = async () => undefined,
        dueOffset?: number,
        hidden = false,
      ) => {
        const p = await newProposal(s);
        if (to) await assign(s, s.admin, p, to);
        await steps(p);
        if (dueOffset !== undefined) await setDueAt(t, p.id, new Date(now + dueOffset));
        if (hidden) await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
        id[name] = pid(p);
      };
      // north: one overdue, one not yet due, one answered after its deadline, one hidden overdue.
      await make('lateNorth', north, undefined, -3 * HOUR);
      await make('aheadNorth', north, undefined, 5 * DAY);
      await make('answeredNorth', north, (p) => answer(s, s.admin, p, 'ACCEPTED'), -2 * DAY);
      await make('hiddenNorth', north, undefined, -1 * DAY, true);
      // south: three overdue (one arrived ACCEPTED, one REJECTED, by transfer) and one not.
      await make('lateSouth', south, undefined, -1 * HOUR);
      await make(
        'acceptedSouth',
        north,
        async (p) => {
          await answer(s, s.admin, p, 'ACCEPTED');
          await assign(s, s.admin, p, south, '남부과 소관');
        },
        -5 * DAY,
      );
      await make(
        'rejectedSouth',
        north,
        async (p) => {
          await answer(s, s.admin, p, 'REJECTED');
          await assign(s, s.admin, p, south, '재검토 요청');
        },
        -2 * HOUR,
      );
      await make('aheadSouth', south, undefined, 3 * DAY);
      // east: withdrawn after its deadline passed. And one never assigned.
      await make(
        'withdrawnEast',
        east,
        async (p) => {
          await setDueAt(t, p.id, new Date(now - DAY));
          await ok(t, WITHDRAW, { id: pid(p) }, s.author.token);
        },
        -1 * DAY,
      );
      await make('unassigned', null);
    });

    const ids = (...names: string[]) => names.map((n) => id[n]);

    it('marks Proposal.overdue on exactly the overdue ones, hidden included for an admin', async () => {
      const data = await ok(t, LIST, { first: 100 }, s.admin.token);
      const flags = Object.fromEntries(data.proposals.nodes.map((n: any) => [n.id, n.overdue]));
      expect(flags).toEqual({
        [id.lateNorth!]: true,
        [id.aheadNorth!]: false,
        [id.answeredNorth!]: false,
        [id.hiddenNorth!]: true,
        [id.lateSouth!]: true,
        [id.acceptedSouth!]: true,
        [id.rejectedSouth!]: true,
        [id.aheadSouth!]: false,
        [id.withdrawnEast!]: false,
        [id.unassigned!]: false,
      });
    });

    it('filters the public list with overdue: true and false, most urgent first', async () => {
      expect(await listed({ overdue: true })).toEqual(
        ids('acceptedSouth', 'lateNorth', 'rejectedSouth', 'lateSouth'),
      );
      // No deadline sorts last.
      expect(await listed({ overdue: false })).toEqual(
        ids('answeredNorth', 'withdrawnEast', 'aheadSouth', 'aheadNorth', 'unassigned'),
      );
      expect((await listed({ overdue: null })).sort()).toEqual(
        ids(
          'lateNorth',
          'aheadNorth',
          'answeredNorth',
          'lateSouth',
          'acceptedSouth',
          'rejectedSouth',
          'aheadSouth',
          'withdrawnEast',
          'unassigned',
        ).sort(),
      );
    });

    it('includes the hidden overdue proposal for an admin and a moderator only', async () => {
      const all = ids('acceptedSouth', 'hiddenNorth', 'lateNorth', 'rejectedSouth', 'lateSouth');
      expect(await listed({ overdue: true }, s.admin)).toEqual(all);
      expect(await listed({ overdue: true }, s.moderator)).toEqual(all);
      expect(await listed({ overdue: true }, s.citizen)).not.toContain(id.hiddenNorth);
      expect(await listed({ overdue: true }, s.parksStaff)).not.toContain(id.hiddenNorth);
      // Its author still sees it, marked overdue.
      expect(await listed({ overdue: true }, s.author)).toEqual(all);
    });

    it.each([
      [{ overdue: true, status: ['UNDER_REVIEW'] }, ['lateNorth', 'lateSouth']],
      [{ overdue: true, status: ['ACCEPTED', 'REJECTED'] }, ['acceptedSouth', 'rejectedSouth']],
      [{ overdue: true, status: ['IN_PROGRESS'] }, []],
      [{ overdue: false, status: ['ACCEPTED'] }, ['answeredNorth']],
      [{ overdue: false, status: ['WITHDRAWN', 'SUBMITTED'] }, ['withdrawnEast', 'unassigned']],
      [{ overdue: true, departmentId: 'south' }, ['acceptedSouth', 'rejectedSouth', 'lateSouth']],
      [{ overdue: true, departmentId: 'north' }, ['lateNorth']],
      [{ overdue: true, departmentId: 'east' }, []],
      [{ overdue: false, departmentId: 'north' }, ['answeredNorth', 'aheadNorth']],
      [{ overdue: false, departmentId: 'east' }, ['withdrawnEast']],
      [
        { overdue: true, departmentId: 'south', status: ['REJECTED', 'UNDER_REVIEW'] },
        ['rejectedSouth', 'lateSouth'],
      ],
      [{ overdue: false, departmentId: 'south', status: ['UNDER_REVIEW'] }, ['aheadSouth']],
    ])('filters %j', async (filter, expected) => {
      const named = (filter as { departmentId?: string }).departmentId;
      const department = named ? { north, south, east }[named] : undefined;
      const resolved = { ...filter, departmentId: department ? did(department) : undefined };
      expect(await listed(resolved)).toEqual(ids(...expected));
    });

    it('pages a department inbox of overdue proposals, most urgent first', async () => {
      const first = await inbox(south, { overdue: true, orderBy: DUE_ASC, first: 2 });
      expect(first.totalCount).toBe(3);
      expect(first.nodes.map((n: any) => n.id)).toEqual(ids('acceptedSouth', 'rejectedSouth'));
      expect(first.nodes.every((n: any) => n.overdue)).toBe(true);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await inbox(south, {
        overdue: true,
        orderBy: DUE_ASC,
        first: 2,
        after: first.pageInfo.endCursor,
      });
      expect(second.nodes.map((n: any) => n.id)).toEqual(ids('lateSouth'));
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect(second.totalCount).toBe(3);
    });

    it('narrows a department inbox by status and overdue together', async () => {
      expect(
        await inboxIds(south, { overdue: true, status: ['ACCEPTED'], orderBy: DUE_ASC }),
      ).toEqual(ids('acceptedSouth'));
      expect(await inboxIds(south, { overdue: false, orderBy: DUE_ASC })).toEqual(
        ids('aheadSouth'),
      );
      expect(await inboxIds(south, { overdue: false, status: ['ACCEPTED'] })).toEqual([]);
      expect((await inboxIds(south, { orderBy: DUE_ASC })).length).toBe(4);
      expect(await inboxIds(north, { overdue: true, orderBy: DUE_ASC })).toEqual(ids('lateNorth'));
      expect(await inboxIds(north, { overdue: true, orderBy: DUE_ASC }, s.admin)).toEqual(
        ids('hiddenNorth', 'lateNorth'),
      );
      expect(await inboxIds(north, { overdue: false, orderBy: DUE_ASC })).toEqual(
        ids('answeredNorth', 'aheadNorth'),
      );
      // Pages of one, walked to the end.
      const walked: string[] = [];
      let after: string | null = null;
      do {
        const page: any = await inbox(
          north,
          { overdue: true, orderBy: DUE_ASC, first: 1, after },
          s.admin,
        );
        walked.push(...page.nodes.map((n: any) => n.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(walked).toEqual(ids('hiddenNorth', 'lateNorth'));
    });

    it('counts overdueCount without the hidden one, equal to the anonymous inbox totalCount', async () => {
      expect(await overdueCount(north)).toBe(1);
      expect(await overdueCount(south)).toBe(3);
      expect(await overdueCount(east)).toBe(0);
      for (const department of [north, south, east]) {
        expect((await inbox(department, { overdue: true })).totalCount).toBe(
          await overdueCount(department),
        );
      }
    });
  });

  describe('as things happen', () => {
    it('is not overdue unassigned, nor while the deadline is ahead, and is once it has passed', async () => {
      const p = await newProposal(s);
      expect(await overdueFlag(p)).toBe(false);
      const count = await overdueCount(s.parks);
      const routed = (await assign(s, s.admin, p, s.parks)).assignProposal;
      expect(routed.overdue).toBe(false);
      expect(await inboxIds(s.parks, { overdue: false })).toContain(pid(p));

      await setDueAt(t, p.id, new Date(Date.now() + 2 * 60_000));
      expect(await overdueFlag(p)).toBe(false);
      expect(await inboxIds(s.parks, { overdue: true })).not.toContain(pid(p));
      expect(await overdueCount(s.parks)).toBe(count);

      await setDueAt(t, p.id, new Date(Date.now() - 1000));
      expect(await overdueFlag(p)).toBe(true);
      expect(await inboxIds(s.parks, { overdue: true })).toContain(pid(p));
      expect(await inboxIds(s.parks, { overdue: false })).not.toContain(pid(p));
      expect(await listed({ overdue: true })).toContain(pid(p));
      expect(await overdueCount(s.parks)).toBe(count + 1);
    });

    it.each([
      ['an interim reply keeping UNDER_REVIEW', () => s.parksStaff, 'UNDER_REVIEW'],
      ['an acceptance', () => s.parksStaff, 'ACCEPTED'],
      ['a rejection', () => s.parksStaff, 'REJECTED'],
      ["an admin's interim reply", () => s.admin, 'UNDER_REVIEW'],
    ])('is cleared by %s of the current department', async (_label, who, status) => {
      const p = await newProposal(s);
      await assign(s, s.roadsStaff, p, s.parks);
      await setDueAt(t, p.id, new Date(Date.now() - DAY));
      const count = await overdueCount(s.parks);
      expect(await overdueFlag(p)).toBe(true);

      const answered = await answer(s, who(), p, status);
      expect(answered.proposal.status).toBe(status);
      expect(await overdueFlag(p)).toBe(false);
      expect(await awaiting(p)).toBe(false);
      expect(await inboxIds(s.parks, { overdue: true })).not.toContain(pid(p));
      expect(await inboxIds(s.parks, { overdue: false })).toContain(pid(p));
      expect(await overdueCount(s.parks)).toBe(count - 1);
    });

    it('stays overdue when another department tries to answer (FORBIDDEN)', async () => {
      const p = await newProposal(s);
      await assign(s, s.parksStaff, p, s.roads);
      await setDueAt(t, p.id, new Date(Date.now() - DAY));
      // parks did the triage; roads has it now.
      const res = await t.gql(
        `mutation A($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }`,
        { input: { proposalId: pid(p), status: 'UNDER_REVIEW', body: '확인 중입니다' } },
        s.parksStaff.token,
      );
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(await overdueFlag(p)).toBe(true);
      expect(await awaiting(p)).toBe(true);
    });

    it('is awaited again from the new department after a transfer, and overdue at once when the kept deadline has passed', async () => {
      const p = await newProposal(s);
      await assign(s, s.admin, p, s.parks);
      await answer(s, s.parksStaff, p, 'UNDER_REVIEW', '담당 부서를 확인하고 있습니다.');
      await setDueAt(t, p.id, new Date(Date.now() - DAY));
      expect(await overdueFlag(p)).toBe(false);
      const parksCount = await overdueCount(s.parks);
      const roadsCount = await overdueCount(s.roads);

      const moved = (await assign(s, s.parksStaff, p, s.roads, '도로과 소관')).assignProposal;
      expect(moved.overdue).toBe(true);
      expect(await awaiting(p)).toBe(true);
      expect(await inboxIds(s.roads, { overdue: true })).toContain(pid(p));
      expect(await inboxIds(s.parks)).not.toContain(pid(p));
      expect(await overdueCount(s.roads)).toBe(roadsCount + 1);
      expect(await overdueCount(s.parks)).toBe(parksCount);

      // parks' earlier answer does not count for roads; roads' own answer does.
      await answer(s, s.roadsStaff, p, 'UNDER_REVIEW', '도로과에서 검토합니다.');
      expect(await overdueFlag(p)).toBe(false);
      expect(await overdueCount(s.roads)).toBe(roadsCount);
    });

    it('after a transfer with the deadline ahead, waits until the deadline passes', async () => {
      const p = await newProposal(s);
      await assign(s, s.admin, p, s.parks);
      await answer(s, s.parksStaff, p, 'ACCEPTED');
      const moved = (await assign(s, s.parksStaff, p, s.welfare)).assignProposal;
      expect(moved).toMatchObject({ status: 'ACCEPTED', overdue: false });
      expect(await awaiting(p)).toBe(true);
      expect(await inboxIds(s.welfare, { overdue: false })).toContain(pid(p));
      await setDueAt(t, p.id, new Date(Date.now() - 1000));
      expect(await overdueFlag(p)).toBe(true);
      expect(await inboxIds(s.welfare, { overdue: true, status: ['ACCEPTED'] })).toContain(pid(p));
    });

    it('is no longer overdue when an admin transfers it with a new deadline', async () => {
      const p = await newProposal(s);
      await assign(s, s.admin, p, s.parks);
      await setDueAt(t, p.id, new Date(Date.now() - DAY));
      expect(await overdueFlag(p)).toBe(true);
      const due = new Date(Date.now() + 10 * DAY).toISOString();
      const res = await ok(
        t,
        ASSIGN,
        {
          input: {
            proposalId: pid(p),
            departmentId: did(s.roads),
            reason: '기한을 늘려 이관합니다',
            responseDueAt: due,
          },
        },
        s.admin.token,
      );
      expect(res.assignProposal).toMatchObject({ overdue: false, responseDueAt: due });
      expect(await awaiting(p)).toBe(true);
      expect(await inboxIds(s.roads, { overdue: false })).toContain(pid(p));
    });

    it('is cleared by withdrawal', async () => {
      const p = await newProposal(s);
      await assign(s, s.parksStaff, p, s.welfare);
      await setDueAt(t, p.id, new Date(Date.now() - DAY));
      const count = await overdueCount(s.welfare);
      expect(await overdueFlag(p)).toBe(true);

      const withdrawn = (await ok(t, WITHDRAW, { id: pid(p) }, s.author.token)).withdrawProposal;
      expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', overdue: false });
      expect(await awaiting(p)).toBe(false);
      expect(await overdueFlag(p)).toBe(false);
      expect(await inboxIds(s.welfare, { overdue: true })).not.toContain(pid(p));
      expect(await inboxIds(s.welfare, { overdue: false })).toContain(pid(p));
      expect(await overdueCount(s.welfare)).toBe(count - 1);
    });

    it('is NOT cleared by a progress update, only by an answer', async () => {
      const p = await newProposal(s);
      await assign(s, s.admin, p, s.parks);
      await answer(s, s.parksStaff, p, 'ACCEPTED');
      await assign(s, s.parksStaff, p, s.roads, '시공은 도로과');
      await setDueAt(t, p.id, new Date(Date.now() - DAY));
      const count = await overdueCount(s.roads);
      expect(await overdueFlag(p)).toBe(true);

      const progress = await ok(
        t,
        PROGRESS,
        { input: { proposalId: pid(p), progress: 30, body: '자재를 주문했습니다.' } },
        s.roadsStaff.token,
      );
      expect(progress.postProgressUpdate.progress).toBe(30);
      const view = (await ok(t, FEEDBACK, { id: pid(p) }, null)).proposal;
      expect(view).toMatchObject({ status: 'IN_PROGRESS', progress: 30, overdue: true });
      expect(await inboxIds(s.roads, { overdue: true, status: ['IN_PROGRESS'] })).toContain(pid(p));
      expect(await overdueCount(s.roads)).toBe(count);

      await answer(s, s.roadsStaff, p, 'IN_PROGRESS', '공사 중입니다.');
      expect(await overdueFlag(p)).toBe(false);
      expect(await overdueCount(s.roads)).toBe(count - 1);
    });

    it('keeps a hidden overdue proposal out of the public inbox and overdueCount', async () => {
      const p = await newProposal(s);
      await assign(s, s.admin, p, s.welfare);
      await setDueAt(t, p.id, new Date(Date.now() - DAY));
      const count = await overdueCount(s.welfare);
      expect(await inboxIds(s.welfare, { overdue: true })).toContain(pid(p));

      await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
      expect(await overdueCount(s.welfare)).toBe(count - 1);
      expect(await inboxIds(s.welfare, { overdue: true })).not.toContain(pid(p));
      expect(await inboxIds(s.welfare, { overdue: true }, s.welfareStaff)).not.toContain(pid(p));
      expect(await listed({ overdue: true })).not.toContain(pid(p));
      // Those who see hidden proposals still see it overdue.
      expect(await inboxIds(s.welfare, { overdue: true }, s.moderator)).toContain(pid(p));
      expect(await overdueFlag(p)).toBe(true);

      await t.db.query('UPDATE proposal SET hidden = false WHERE id = $1', [p.id]);
      expect(await overdueCount(s.welfare)).toBe(count);
    });

    it('ends overdue whichever comes first when the old department answers while an admin transfers', async () => {
      const proposals = await Promise.all([1, 2, 3, 4, 5].map(() => newProposal(s)));
      for (const p of proposals) {
        await assign(s, s.admin, p, s.parks);
        await setDueAt(t, p.id, new Date(Date.now() - DAY));
      }
      const results = await Promise.all(
        proposals.flatMap((p) => [
          t.gql(
            `mutation A($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }`,
            { input: { proposalId: pid(p), status: 'UNDER_REVIEW', body: '검토 중입니다' } },
            s.parksStaff.token,
          ),
          t.gql(
            ASSIGN,
            { input: { proposalId: pid(p), departmentId: did(s.roads), reason: '이관' } },
            s.admin.token,
          ),
        ]),
      );
      for (const [i, p] of proposals.entries()) {
        const [answered, transferred] = [results[2 * i]!, results[2 * i + 1]!];
        expect(transferred.errors).toBeUndefined();
        // Answered before the transfer, or refused after it: roads owes an answer either way.
        if (answered.errors) expect(codeOf(answered)).toBe('FORBIDDEN');
        expect(await awaiting(p)).toBe(true);
        expect(await overdueFlag(p)).toBe(true);
        expect(await inboxIds(s.roads, { overdue: true })).toContain(pid(p));
      }
    });

    it('agrees everywhere at the end: Proposal.overdue, the filters, the inboxes and overdueCount', async () => {
      const departments: any[] = (
        await ok(t, '{ departments { id slug stats { overdueCount } } }', {}, null)
      ).departments;
      expect(departments.length).toBeGreaterThanOrEqual(6);
      let total = 0;
      for (const d of departments) {
        const box = await ok(t, INBOX, { id: d.id, overdue: true, first: 100 }, null);
        expect({ slug: d.slug, count: box.node.proposals.totalCount }).toEqual({
          slug: d.slug,
          count: d.stats.overdueCount,
        });
        const filtered = await listed({ overdue: true, departmentId: d.id });
        expect(filtered.length).toBe(d.stats.overdueCount);
        total += d.stats.overdueCount;
      }
      expect((await listed({ overdue: true })).length).toBe(total);

      const all = await ok(t, LIST, { first: 100 }, s.admin.token);
      const flagged = all.proposals.nodes.filter((n: any) => n.overdue).map((n: any) => n.id);
      expect((await listed({ overdue: true }, s.admin)).sort()).toEqual(flagged.sort());
      const rest = all.proposals.nodes.filter((n: any) => !n.overdue).map((n: any) => n.id);
      expect((await listed({ overdue: false }, s.admin)).sort()).toEqual(rest.sort());
    });
  });
});
