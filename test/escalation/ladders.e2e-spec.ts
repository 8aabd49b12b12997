import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/core/bootstrap.js';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { ProcessEntity } from '../../src/catalog/process.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const RUNG = 'level threshold action dueInDays answeringDepartment { id slug }';
const SET = `mutation Set($input: SetEscalationLadderInput!) { setEscalationLadder(input: $input) { rungs { ${RUNG} } } }`;
const CITY_LADDER = `query { escalationLadder { rungs { ${RUNG} } } }`;
const PROCESS_LADDER = `query P($slug: String!) { process(slug: $slug) { escalationLadder { rungs { ${RUNG} } } } }`;
const ESCALATION = `query E($id: ID!) { proposal(id: $id) { id responseDueAt supportCount
  escalation { reached { reachedAt dueAt owed rung { ${RUNG} } } next { ${RUNG} } } } }`;
const SUPPORT = `mutation S($id: ID!) { supportProposal(id: $id) { supportCount } }`;
const UNSUPPORT = `mutation U($id: ID!) { unsupportProposal(id: $id) { supportCount } }`;
const ASSIGN = `mutation A($input: AssignProposalInput!) { assignProposal(input: $input) { responseDueAt } }`;
const ANSWER = `mutation A($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }`;

const DAY_MS = 86_400_000;
const pid = (p: ProposalEntity) => toGlobalId('Proposal', p.id);
const did = (d: DepartmentEntity | string) =>
  toGlobalId('Department', typeof d === 'string' ? d : d.id);
const procId = (p: ProcessEntity | string) =>
  toGlobalId('ParticipatoryProcess', typeof p === 'string' ? p : p.id);

describe('escalation ladders', () => {
  let t: TestApp;
  let admin: TestUser;
  let author: TestUser;
  let parks: DepartmentEntity;
  let mayor: DepartmentEntity;
  let parksStaff: TestUser;
  let mayorStaff: TestUser;
  /** Citizens who support; more are made by the concurrency test. */
  let crowd: TestUser[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    author = await createUser(t.db, t.jwt);
    parks = await createDepartment(t.db, { slug: 'parks' });
    mayor = await createDepartment(t.db, { slug: 'mayor' });
    parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    mayorStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: mayor.id });
    crowd = await Promise.all(Array.from({ length: 6 }, () => createUser(t.db, t.jwt)));
  });
  /** A second API instance on the same database (the concurrency test). */
  let other: NestExpressApplication | undefined;
  afterAll(async () => {
    await other?.close();
    await t.close();
  });

  const setLadder = (input: Record<string, unknown>, token: string | null = admin.token) =>
    t.gql(SET, { input }, token);
  const newProcess = () =>
    t.db.getRepository(ProcessEntity).save({
      slug: `p-${randomUUID().slice(0, 8)}`,
      title: 'A process',
      description: null,
    });
  const escalationOf = async (p: ProposalEntity) => {
    const res = await t.gql(ESCALATION, { id: pid(p) });
    expect(res.errors).toBeUndefined();
    return res.data.proposal;
  };
  const supportBy = async (p: ProposalEntity, users: TestUser[]) => {
    for (const u of users) {
      const res = await t.gql(SUPPORT, { id: pid(p) }, u.token);
      expect(res.errors).toBeUndefined();
    }
  };
  const count = async (sql: string, params: unknown[]) =>
    Number(
      ((await t.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params)) as [{ n: number }])[0].n,
    );
  const crossings = (p: ProposalEntity) =>
    count('escalation_crossing WHERE proposal_id = $1', [p.id]);
  const escalatedEvents = (p: ProposalEntity) =>
    t.db.query(
      `SELECT escalation_level, actor_system FROM proposal_event
        WHERE proposal_id = $1 AND kind = 'ESCALATED' ORDER BY escalation_level`,
      [p.id],
    ) as Promise<{ escalation_level: number; actor_system: boolean }[]>;
  const escalatedNotices = (p: ProposalEntity, recipient: TestUser) =>
    count(
      `notification WHERE kind = 'PROPOSAL_ESCALATED' AND subject_id = $1 AND recipient_id = $2`,
      [p.id, recipient.user.id],
    );

  describe('setEscalationLadder: who may', () => {
    const input = () => ({ rungs: [{ threshold: 5, action: 'REQUIRE_PUBLIC_FORUM' }] });

    it('refuses anonymous callers (UNAUTHENTICATED) and every role but ADMIN (FORBIDDEN)', async () => {
      expect(codeOf(await setLadder(input(), null))).toBe('UNAUTHENTICATED');
      const moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
      for (const user of [author, parksStaff, moderator]) {
        expect(codeOf(await setLadder(input(), user.token))).toBe('FORBIDDEN');
      }
      // Nothing was written by the refusals.
      expect((await t.gql(CITY_LADDER)).data.escalationLadder).toBeNull();
    });

    it('writes each change to the audit log, with the rungs before and after', async () => {
      const AUDIT = `query A($target: ID) { auditLog(action: ESCALATION_LADDER_SET, targetId: $target) {
        nodes { actor { id } targetId before after } } }`;
      const process = await newProcess();
      const refused = await setLadder({ processId: procId(process), ...input() }, author.token);
      expect(codeOf(refused)).toBe('FORBIDDEN');
      await setLadder({ processId: procId(process), ...input() });
      await setLadder({
        processId: procId(process),
        rungs: [
          { threshold: 5, action: 'REQUIRE_DEPARTMENT_ANSWER', dueInDays: 14 },
          { threshold: 9, action: 'REQUIRE_PUBLIC_FORUM' },
        ],
      });
      await setLadder({ processId: procId(process), rungs: [] });
      const log = await t.gql(AUDIT, { target: procId(process) }, admin.token);
      expect(log.errors).toBeUndefined();
      expect(log.data.auditLog.nodes).toEqual([
        {
          actor: { id: toGlobalId('User', admin.user.id) },
          targetId: procId(process),
          before: '5 answer 14d; 9 forum',
          after: null,
        },
        {
          actor: { id: toGlobalId('User', admin.user.id) },
          targetId: procId(process),
          before: '5 forum',
          after: '5 answer 14d; 9 forum',
        },
        {
          actor: { id: toGlobalId('User', admin.user.id) },
          targetId: procId(process),
          before: null,
          after: '5 forum',
        },
      ]);
    });

    it('lets an admin set a process ladder, read by anyone', async () => {
      const process = await newProcess();
      const res = await setLadder({ processId: procId(process), ...input() });
      expect(res.errors).toBeUndefined();
      const read = await t.gql(PROCESS_LADDER, { slug: process.slug }, null);
      expect(read.data.process.escalationLadder.rungs).toEqual([
        {
          level: 1,
          threshold: 5,
          action: 'REQUIRE_PUBLIC_FORUM',
          dueInDays: null,
          answeringDepartment: null,
        },
      ]);
    });
  });

  describe('setEscalationLadder: validation', () => {
    let process: ProcessEntity;
    beforeAll(async () => {
      process = await newProcess();
    });
    const forum = (threshold: number) => ({ threshold, action: 'REQUIRE_PUBLIC_FORUM' });
    const answer = (threshold: number, dueInDays?: number | null) => ({
      threshold,
      action: 'REQUIRE_DEPARTMENT_ANSWER',
      dueInDays,
    });
    const refused = async (rungs: unknown[], fields: string[], processId = procId(process)) => {
      const res = await setLadder({ processId, rungs });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(fields);
    };
    const accepted = async (rungs: unknown[]) => {
      const res = await setLadder({ processId: procId(process), rungs });
      expect(res.errors).toBeUndefined();
      return res.data.setEscalationLadder.rungs;
    };

    it('wants thresholds positive and strictly increasing', async () => {
      await refused([forum(0)], ['rungs.0.threshold']);
      await refused([forum(-3)], ['rungs.0.threshold']);
      await refused([answer(5, 14), forum(5)], ['rungs.1.threshold']);
      await refused([answer(5, 14), forum(4)], ['rungs.1.threshold']);
      expect((await accepted([forum(1), answer(2, 14)])).map((r: any) => r.level)).toEqual([1, 2]);
    });

    it('takes at most 10 rungs', async () => {
      const rungs = (n: number) => Array.from({ length: n }, (_, i) => forum(i + 1));
      await refused(rungs(11), ['rungs']);
      expect(await accepted(rungs(10))).toHaveLength(10);
    });

    it('wants dueInDays for the answer actions, 1-365, and not for a forum', async () => {
      await refused([answer(5)], ['rungs.0.dueInDays']);
      await refused([answer(5, 0)], ['rungs.0.dueInDays']);
      await refused([answer(5, 366)], ['rungs.0.dueInDays']);
      await refused([{ ...forum(5), dueInDays: 3 }], ['rungs.0.dueInDays']);
      await accepted([answer(5, 1)]);
      expect((await accepted([answer(5, 365)]))[0].dueInDays).toBe(365);
    });

    it('wants a known answeringDepartmentId exactly for REQUIRE_ANSWER_FROM', async () => {
      const from = (id?: string) => ({
        threshold: 9,
        action: 'REQUIRE_ANSWER_FROM',
        dueInDays: 30,
        answeringDepartmentId: id,
      });
      await refused([from()], ['rungs.0.answeringDepartmentId']);
      await refused([from(did(randomUUID()))], ['rungs.0.answeringDepartmentId']);
      await refused([from('not-an-id')], ['rungs.0.answeringDepartmentId']);
      await refused(
        [from(toGlobalId('Proposal', randomUUID()))],
        ['rungs.0.answeringDepartmentId'],
      );
      await refused(
        [{ ...answer(5, 14), answeringDepartmentId: did(mayor) }],
        ['rungs.0.answeringDepartmentId'],
      );
      const [rung] = await accepted([from(did(mayor))]);
      expect(rung.answeringDepartment).toEqual({ id: did(mayor), slug: 'mayor' });
    });

    it('wants processId to name a process', async () => {
      await refused([forum(5)], ['processId'], procId(randomUUID()));
      await refused([forum(5)], ['processId'], did(mayor));
    });

    it('clears a ladder with an empty list', async () => {
      await accepted([forum(5)]);
      expect(await accepted([])).toEqual([]);
      const read = await t.gql(PROCESS_LADDER, { slug: process.slug });
      expect(read.data.process.escalationLadder).toBeNull();
    });
  });

  describe('crossing', () => {
    it('200 concurrent supports through two API instances, crossing two rungs, cross each exactly once', async () => {
      // A second instance on the same database: the rule must hold across processes, not only
      // inside one.
      // Passport's strategies are global: it stays open until the file ends (afterAll).
      other = await createApp(t.database.url, { redisUrl: null });
      await other.init();
      const supportThrough = async (i: number, token: string) => {
        if (i % 2 === 0) return t.gql(SUPPORT, { id: pid(p) }, token);
        const res = await request(other!.getHttpServer())
          .post('/graphql')
          .set('Content-Type', 'application/json')
          .set('Authorization', `Bearer ${token}`)
          .send({ query: SUPPORT, variables: { id: pid(p) } });
        return { errors: res.body?.errors as unknown[] | undefined };
      };
      const process = await newProcess();
      expect(
        (
          await setLadder({
            processId: procId(process),
            rungs: [
              { threshold: 50, action: 'REQUIRE_DEPARTMENT_ANSWER', dueInDays: 14 },
              {
                threshold: 150,
                action: 'REQUIRE_ANSWER_FROM',
                dueInDays: 30,
                answeringDepartmentId: did(mayor),
              },
              { threshold: 1000, action: 'REQUIRE_PUBLIC_FORUM' },
            ],
          })
        ).errors,
      ).toBeUndefined();
      const farDue = new Date(Date.now() + 60 * DAY_MS);
      const p = await createProposal(t.db, author.user.id, {
        processId: process.id,
        departmentId: parks.id,
        status: 'UNDER_REVIEW' as ProposalEntity['status'],
        awaitingAnswer: true,
        responseDueAt: farDue,
      });
      const users = await Promise.all(Array.from({ length: 200 }, () => createUser(t.db, t.jwt)));
      const results = await Promise.all(users.map((u, i) => supportThrough(i, u.token)));
      expect(results.filter((r) => r.errors)).toEqual([]);

      expect(await crossings(p)).toBe(2);
      expect(await escalatedEvents(p)).toEqual([
        { escalation_level: 1, actor_system: true },
        { escalation_level: 2, actor_system: true },
      ]);
      const timeline = await t.gql(
        `query T($id: ID!) { proposal(id: $id) { timeline(first: 50) { nodes { kind escalationLevel actor { system user { id } } } } } }`,
        { id: pid(p) },
      );
      expect(timeline.errors).toBeUndefined();
      expect(
        timeline.data.proposal.timeline.nodes.filter((e: any) => e.kind === 'ESCALATED'),
      ).toEqual([
        { kind: 'ESCALATED', escalationLevel: 1, actor: { system: true, user: null } },
        { kind: 'ESCALATED', escalationLevel: 2, actor: { system: true, user: null } },
      ]);
      // One notice per recipient per crossing: the author and parks hear of both, the mayor's
      // office of the rung that names it.
      expect(await escalatedNotices(p, author)).toBe(2);
      expect(await escalatedNotices(p, parksStaff)).toBe(2);
      expect(await escalatedNotices(p, mayorStaff)).toBe(1);
      expect(
        await count(`notification WHERE kind = 'PROPOSAL_ESCALATED' AND subject_id = $1`, [p.id]),
      ).toBe(5);

      const e = await escalationOf(p);
      expect(e.supportCount).toBe(200);
      expect(
        e.escalation.reached.map((r: any) => [r.rung.level, r.rung.threshold, r.owed]),
      ).toEqual([
        [1, 50, true],
        [2, 150, true],
      ]);
      expect(e.escalation.next).toMatchObject({ level: 3, threshold: 1000 });
      // The department answer is owed within 14 days of the crossing: earlier than the 60 days.
      const reached1 = new Date(e.escalation.reached[0].reachedAt).getTime();
      expect(new Date(e.responseDueAt).getTime()).toBe(reached1 + 14 * DAY_MS);
      expect(new Date(e.escalation.reached[0].dueAt).getTime()).toBe(reached1 + 14 * DAY_MS);
      const reached2 = new Date(e.escalation.reached[1].reachedAt).getTime();
      expect(new Date(e.escalation.reached[1].dueAt).getTime()).toBe(reached2 + 30 * DAY_MS);

      // Supports fall below both rungs and climb again: nothing is crossed a second time.
      const downs = await Promise.all(
        users.slice(0, 160).map((u) => t.gql(UNSUPPORT, { id: pid(p) }, u.token)),
      );
      expect(downs.filter((r) => r.errors)).toEqual([]);
      expect((await escalationOf(p)).escalation.reached).toHaveLength(2);
      const ups = await Promise.all(
        users.slice(0, 160).map((u) => t.gql(SUPPORT, { id: pid(p) }, u.token)),
      );
      expect(ups.filter((r) => r.errors)).toEqual([]);
      expect(await crossings(p)).toBe(2);
      expect(await escalatedEvents(p)).toHaveLength(2);
      expect(
        await count(`notification WHERE kind = 'PROPOSAL_ESCALATED' AND subject_id = $1`, [p.id]),
      ).toBe(5);
    });

    it('keeps an earlier due date, and gives an unassigned proposal one its first department inherits', async () => {
      const process = await newProcess();
      await setLadder({
        processId: procId(process),
        rungs: [{ threshold: 2, action: 'REQUIRE_DEPARTMENT_ANSWER', dueInDays: 14 }],
      });
      const soon = new Date(Date.now() + 3 * DAY_MS);
      soon.setMilliseconds(0);
      const assigned = await createProposal(t.db, author.user.id, {
        processId: process.id,
        departmentId: parks.id,
        awaitingAnswer: true,
        responseDueAt: soon,
      });
      await supportBy(assigned, crowd.slice(0, 2));
      const a = await escalationOf(assigned);
      expect(a.escalation.reached).toHaveLength(1);
      expect(a.responseDueAt).toBe(soon.toISOString());

      const unassigned = await createProposal(t.db, author.user.id, { processId: process.id });
      await supportBy(unassigned, crowd.slice(0, 1));
      expect((await escalationOf(unassigned)).responseDueAt).toBeNull();
      await supportBy(unassigned, crowd.slice(1, 2));
      const u = await escalationOf(unassigned);
      const due = new Date(u.escalation.reached[0].reachedAt).getTime() + 14 * DAY_MS;
      expect(new Date(u.responseDueAt).getTime()).toBe(due);
      // Only the author heard: no department is responsible yet.
      expect(await escalatedNotices(unassigned, author)).toBe(1);
      expect(await escalatedNotices(unassigned, parksStaff)).toBe(0);
      const res = await t.gql(
        ASSIGN,
        { input: { proposalId: pid(unassigned), departmentId: did(parks), reason: 'Parks' } },
        parksStaff.token,
      );
      expect(res.errors).toBeUndefined();
      expect(new Date(res.data.assignProposal.responseDueAt).getTime()).toBe(due);
    });

    it('applies a ladder change to future crossings only', async () => {
      const process = await newProcess();
      await setLadder({
        processId: procId(process),
        rungs: [
          { threshold: 2, action: 'REQUIRE_DEPARTMENT_ANSWER', dueInDays: 14 },
          { threshold: 5, action: 'REQUIRE_PUBLIC_FORUM' },
        ],
      });
      const p = await createProposal(t.db, author.user.id, { processId: process.id });
      await supportBy(p, crowd.slice(0, 2));
      await setLadder({
        processId: procId(process),
        rungs: [
          { threshold: 1, action: 'REQUIRE_DEPARTMENT_ANSWER', dueInDays: 7 },
          { threshold: 3, action: 'REQUIRE_PUBLIC_FORUM' },
        ],
      });
      let e = (await escalationOf(p)).escalation;
      expect(e.reached.map((r: any) => r.rung)).toEqual([
        {
          level: 1,
          threshold: 2,
          action: 'REQUIRE_DEPARTMENT_ANSWER',
          dueInDays: 14,
          answeringDepartment: null,
        },
      ]);
      expect(e.next).toMatchObject({ level: 2, threshold: 3 });
      await supportBy(p, crowd.slice(2, 3));
      e = (await escalationOf(p)).escalation;
      // A forum has no due date.
      expect(
        e.reached.map((r: any) => [r.rung.level, r.rung.threshold, r.rung.dueInDays, r.dueAt]),
      ).toEqual([
        [1, 2, 14, expect.any(String)],
        [2, 3, null, null],
      ]);
      expect(e.next).toBeNull();
    });

    it('uses the city default for a proposal outside a process, or in a process without a ladder', async () => {
      const bare = await newProcess();
      await setLadder({ rungs: [{ threshold: 1, action: 'REQUIRE_PUBLIC_FORUM' }] });
      try {
        expect((await t.gql(CITY_LADDER, {}, null)).data.escalationLadder.rungs).toHaveLength(1);
        const outside = await createProposal(t.db, author.user.id);
        const inBare = await createProposal(t.db, author.user.id, { processId: bare.id });
        expect((await escalationOf(outside)).escalation.next).toMatchObject({ threshold: 1 });
        await supportBy(outside, crowd.slice(0, 1));
        await supportBy(inBare, crowd.slice(0, 1));
        expect((await escalationOf(outside)).escalation.reached).toHaveLength(1);
        expect((await escalationOf(inBare)).escalation.reached).toHaveLength(1);
      } finally {
        expect((await setLadder({ rungs: [] })).errors).toBeUndefined();
      }
      expect((await t.gql(CITY_LADDER)).data.escalationLadder).toBeNull();
    });
  });

  describe('what a crossing owes', () => {
    it('stops owing when the answer or the forum arrives, and only that one', async () => {
      const process = await newProcess();
      await setLadder({
        processId: procId(process),
        rungs: [
          { threshold: 1, action: 'REQUIRE_DEPARTMENT_ANSWER', dueInDays: 14 },
          { threshold: 2, action: 'REQUIRE_PUBLIC_FORUM' },
          {
            threshold: 3,
            action: 'REQUIRE_ANSWER_FROM',
            dueInDays: 30,
            answeringDepartmentId: did(mayor),
          },
        ],
      });
      const p = await createProposal(t.db, author.user.id, { processId: process.id });
      const routed = await t.gql(
        ASSIGN,
        { input: { proposalId: pid(p), departmentId: did(parks), reason: 'Parks' } },
        parksStaff.token,
      );
      expect(routed.errors).toBeUndefined();
      await supportBy(p, crowd.slice(0, 3));
      const owed = async () =>
        (await escalationOf(p)).escalation.reached.map((r: any) => r.owed) as boolean[];
      expect(await owed()).toEqual([true, true, true]);

      // parks answers: the department answer is given; the mayor's is still owed.
      const answered = await t.gql(
        ANSWER,
        { input: { proposalId: pid(p), status: 'UNDER_REVIEW', body: 'Looking into it.' } },
        parksStaff.token,
      );
      expect(answered.errors).toBeUndefined();
      expect(await owed()).toEqual([false, true, true]);

      // A workshop that started before the crossing is no forum for it; one after it is.
      const linkWorkshop = async (startsAt: Date) => {
        const [w] = (await t.db.query(
          `INSERT INTO workshop (title, description, kind, starts_at, ends_at, organizer_id)
           VALUES ('Forum', 'Open forum', 'ROUNDTABLE', $1, $2, $3) RETURNING id`,
          [startsAt, new Date(startsAt.getTime() + 3_600_000), parks.id],
        )) as [{ id: string }];
        await t.db.query(
          'INSERT INTO workshop_proposal (workshop_id, proposal_id) VALUES ($1, $2)',
          [w.id, p.id],
        );
      };
      await linkWorkshop(new Date(Date.now() - 10 * DAY_MS));
      expect(await owed()).toEqual([false, true, true]);
      await linkWorkshop(new Date(Date.now() + 10 * DAY_MS));
      expect(await owed()).toEqual([false, false, true]);

      // The mayor's office answers once the proposal is transferred to it.
      const moved = await t.gql(
        ASSIGN,
        { input: { proposalId: pid(p), departmentId: did(mayor), reason: 'Level 3' } },
        parksStaff.token,
      );
      expect(moved.errors).toBeUndefined();
      const fromMayor = await t.gql(
        ANSWER,
        { input: { proposalId: pid(p), status: 'ACCEPTED', body: 'The mayor will act.' } },
        mayorStaff.token,
      );
      expect(fromMayor.errors).toBeUndefined();
      expect(await owed()).toEqual([false, false, false]);
    });
  });

  it('owes nothing on a proposal its author withdrew', async () => {
    const process = await newProcess();
    await setLadder({
      processId: procId(process),
      rungs: [{ threshold: 1, action: 'REQUIRE_PUBLIC_FORUM' }],
    });
    const p = await createProposal(t.db, author.user.id, { processId: process.id });
    await supportBy(p, crowd.slice(0, 1));
    expect((await escalationOf(p)).escalation.reached[0].owed).toBe(true);
    const withdrawn = await t.gql(
      `mutation W($id: ID!) { withdrawProposal(id: $id) { status } }`,
      { id: pid(p) },
      author.token,
    );
    expect(withdrawn.errors).toBeUndefined();
    const { reached } = (await escalationOf(p)).escalation;
    expect(reached.map((r: any) => [r.rung.level, r.owed])).toEqual([[1, false]]);
  });

  it('reads the escalation of a list of proposals in as many statements as of one', async () => {
    const process = await newProcess();
    await setLadder({
      processId: procId(process),
      rungs: [
        { threshold: 1, action: 'REQUIRE_PUBLIC_FORUM' },
        { threshold: 2, action: 'REQUIRE_PUBLIC_FORUM' },
      ],
    });
    const LIST = `query L($slug: String!, $first: Int) { process(slug: $slug) { proposals(first: $first) { nodes {
      id escalation { reached { reachedAt owed rung { ${RUNG} } } next { ${RUNG} } } } } } }`;
    for (let i = 0; i < 5; i++) {
      const p = await createProposal(t.db, author.user.id, { processId: process.id });
      await supportBy(p, crowd.slice(0, 1));
    }
    const statements = async (first: number) => {
      const { result, queries } = await countQueries(t.db, () =>
        t.gql(LIST, { slug: process.slug, first }),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data.process.proposals.nodes).toHaveLength(first);
      for (const node of result.data.process.proposals.nodes)
        expect(node.escalation.reached).toHaveLength(1);
      return queries.length;
    };
    expect(await statements(5)).toBe(await statements(1));
  });
});
