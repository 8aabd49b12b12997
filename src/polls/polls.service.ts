import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { assertEligible, type VoterFacts } from '../budgets/eligibility.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError, fieldProblem, type FieldProblem } from '../core/errors/app-error.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { pageSize, type ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import {
  cursorCondition,
  toConnection,
  type KeysetOrdering,
} from '../core/graphql/relay/paginate.js';
import { text } from '../core/i18n/text.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import {
  POLL_LIMITS,
  type CreatePollInput,
  type PollAnswerInput,
  type PollQuestionInput,
  type RespondToPollInput,
} from './dto/poll.inputs.js';
import { assertOrganizesPoll, organizesPoll } from './poll-access.js';
import {
  PollAnswerChoiceEntity,
  PollAnswerTextEntity,
  PollEntity,
  PollOptionEntity,
  PollQuestionEntity,
  PollQuestionKind,
} from './poll.entity.js';

const POLL_BY_ID = new LoaderKey<string, PollEntity | null>('poll-by-id');
const POLLS_OF_PROCESS = new LoaderKey<string, PollEntity[]>('polls-of-process');
const POLLS_OF_WORKSHOP = new LoaderKey<string, PollEntity[]>('polls-of-workshop');
const QUESTIONS_OF_POLL = new LoaderKey<string, PollQuestionEntity[]>('poll-questions');
const OPTIONS_OF_QUESTION = new LoaderKey<string, PollOptionEntity[]>('poll-options');
const CHOICES_OF_OPTION = new LoaderKey<string, number>('poll-option-choices');
const VIEWER_RESPONDED = new LoaderKey<string, boolean>('poll-viewer-responded');
const FREE_TEXTS_OF_QUESTION = new LoaderKey<string, Connection<PollAnswerTextEntity>>(
  'poll-free-texts',
);

const DAY = 86_400_000;

/** Free texts in the order they were written (a replaced response's texts move to the end). */
const FREE_TEXT_ORDER: KeysetOrdering<PollAnswerTextEntity> = {
  name: 'poll-free-texts',
  direction: 'ASC',
  keys: [
    { expression: 't.created_at', sqlType: 'timestamptz', value: (t) => t.createdAt.toISOString() },
    { expression: 't.response_id', sqlType: 'uuid', value: (t) => t.responseId },
  ],
};

/** A checked response: the options chosen and the free texts, by question. */
interface CheckedAnswers {
  optionIds: string[];
  texts: { questionId: string; text: string }[];
}

/**
 * Polls: creation and closing by the organizing department, responses (one per user, replaced
 * when they answer again), and the counts, read in batches per request.
 */
@Injectable()
export class PollsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  load(loaders: RequestLoaders, id: string): Promise<PollEntity | null> {
    return this.byIdLoader(loaders).load(id);
  }

  /** A process's polls, the latest to open first (at most POLL_LIMITS.pollsPerProcess exist). */
  pollsOfProcess(loaders: RequestLoaders, processId: string): Promise<PollEntity[]> {
    return loaders
      .get(POLLS_OF_PROCESS, (ids) => this.pollsOf(loaders, 'processId', ids))
      .load(processId);
  }

  /** A workshop's polls, the latest to open first. */
  pollsOfWorkshop(loaders: RequestLoaders, workshopId: string): Promise<PollEntity[]> {
    return loaders
      .get(POLLS_OF_WORKSHOP, (ids) => this.pollsOf(loaders, 'workshopId', ids))
      .load(workshopId);
  }

  /** The poll's questions in order. */
  questionsOf(loaders: RequestLoaders, pollId: string): Promise<PollQuestionEntity[]> {
    return loaders
      .get(QUESTIONS_OF_POLL, async (pollIds) => {
        const rows = await this.db.getRepository(PollQuestionEntity).find({
          where: { pollId: In([...pollIds]) },
          order: { position: 'ASC' },
        });
        return groupByKeys(pollIds, rows, (q) => q.pollId);
      })
      .load(pollId);
  }

  /** The question's options in order. */
  optionsOf(loaders: RequestLoaders, questionId: string): Promise<PollOptionEntity[]> {
    return loaders
      .get(OPTIONS_OF_QUESTION, async (questionIds) => {
        const rows = await this.db.getRepository(PollOptionEntity).find({
          where: { questionId: In([...questionIds]) },
          order: { position: 'ASC' },
        });
        return groupByKeys(questionIds, rows, (o) => o.questionId);
      })
      .load(questionId);
  }

  /** How many responses chose the option: one grouped count for every option of the request. */
  choicesOf(loaders: RequestLoaders, optionId: string): Promise<number> {
    return loaders
      .get(CHOICES_OF_OPTION, async (optionIds) => {
        const rows: { option_id: string; n: number }[] = await this.db.query(
          `SELECT option_id, count(*)::int AS n FROM poll_answer_choice
            WHERE option_id = ANY($1::uuid[]) GROUP BY option_id`,
          [[...optionIds]],
        );
        const counts = new Map(rows.map((r) => [r.option_id, r.n]));
        return optionIds.map((id) => counts.get(id) ?? 0);
      })
      .load(optionId);
  }

  /** Whether the viewer has a response to the poll (false when anonymous). */
  async viewerHasResponded(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    pollId: string,
  ): Promise<boolean> {
    if (!viewer) return false;
    return loaders
      .get(
        VIEWER_RESPONDED,
        async (pollIds) => {
          const rows: { poll_id: string }[] = await this.db.query(
            `SELECT poll_id FROM poll_response WHERE user_id = $1 AND poll_id = ANY($2::uuid[])`,
            [viewer.id, [...pollIds]],
          );
          const answered = new Set(rows.map((r) => r.poll_id));
          return pollIds.map((id) => answered.has(id));
        },
        viewer.id,
      )
      .load(pollId);
  }

  /**
   * A page of a FREE_TEXT question's answers, oldest first, without their authors: one
   * statement for the same page of every question of the request (a LATERAL seek per question
   * through ix_poll_answer_text_question). The caller has checked that the viewer organizes the
   * poll.
   */
  freeTexts(
    loaders: RequestLoaders,
    questionId: string,
    args: ConnectionArgs,
  ): Promise<Connection<PollAnswerTextEntity>> {
    return loaders
      .get(FREE_TEXTS_OF_QUESTION, (ids) => this.freeTextPages(ids, args), JSON.stringify(args))
      .load(questionId);
  }

  private async freeTextPages(
    questionIds: readonly string[],
    args: ConnectionArgs,
  ): Promise<Connection<PollAnswerTextEntity>[]> {
    const first = pageSize(args);
    const after = args.after ? cursorCondition(args.after, FREE_TEXT_ORDER) : null;
    let rows: PollAnswerTextEntity[] = [];
    if (first > 0) {
      const [sql, values] = this.db.driver.escapeQueryWithParameters(
        `SELECT page.* FROM unnest(CAST(:questionIds AS uuid[])) WITH ORDINALITY AS g(id, ord)
          CROSS JOIN LATERAL (
            SELECT t.response_id, t.question_id, t.text, t.created_at FROM poll_answer_text t
             WHERE t.question_id = g.id${after ? ` AND ${after.sql}` : ''}
             ORDER BY t.created_at, t.response_id LIMIT :pageLimit
          ) AS page
          ORDER BY g.ord, page.created_at, page.response_id`,
        { questionIds: [...questionIds], pageLimit: first + 1, ...after?.params },
      );
      const raw: { response_id: string; question_id: string; text: string; created_at: Date }[] =
        await this.db.query(sql, values);
      rows = raw.map((r) =>
        Object.assign(new PollAnswerTextEntity(), {
          responseId: r.response_id,
          questionId: r.question_id,
          text: r.text,
          createdAt: r.created_at,
        }),
      );
    }
    const counts = new DataLoader<string, number>(async (ids) => {
      const counted: { question_id: string; n: number }[] = await this.db.query(
        `SELECT question_id, count(*)::int AS n FROM poll_answer_text
          WHERE question_id = ANY($1::uuid[]) GROUP BY question_id`,
        [[...ids]],
      );
      const byQuestion = new Map(counted.map((c) => [c.question_id, c.n]));
      return ids.map((id) => byQuestion.get(id) ?? 0);
    });
    return groupByKeys(questionIds, rows, (t) => t.questionId).map((page, i) =>
      toConnection(page, first, args, FREE_TEXT_ORDER, () => counts.load(questionIds[i])),
    );
  }

  async create(viewer: Viewer, input: CreatePollInput, now = new Date()): Promise<PollEntity> {
    if (!input.processId && !input.workshopId) {
      throw AppError.badField('processId', 'field.pollOwnerRequired');
    }
    assertTimes(input.opensAt, input.closesAt, now);
    assertQuestions(input.questions);
    return this.db.transaction(async (manager) => {
      const departmentId = await this.departmentOf(manager, viewer, input);
      if (input.processId) await this.makeRoomIn(manager, 'process', input.processId);
      if (input.workshopId) await this.makeRoomIn(manager, 'workshop', input.workshopId);
      const poll = await manager.save(
        manager.create(PollEntity, {
          title: input.title,
          processId: input.processId ?? null,
          workshopId: input.workshopId ?? null,
          departmentId,
          opensAt: input.opensAt,
          closesAt: input.closesAt,
          liveResults: input.liveResults ?? false,
          minimumAge: input.minimumAge ?? null,
          requiresVerifiedResidency: input.requiresVerifiedResidency ?? false,
          createdById: viewer.id,
        }),
      );
      const questions = input.questions.map((q, position) => ({
        id: randomUUID(),
        pollId: poll.id,
        position,
        kind: q.kind,
        prompt: q.prompt,
        // Stored as the effective limit, so the API always says how many may be chosen.
        maxChoices:
          q.kind === PollQuestionKind.MULTIPLE_CHOICE
            ? (q.maxChoices ?? (q.options ?? []).length)
            : null,
      }));
      await manager.insert(PollQuestionEntity, questions);
      const options = input.questions.flatMap((q, i) =>
        (q.options ?? []).map((label, position) => ({
          questionId: questions[i].id,
          position,
          label,
        })),
      );
      if (options.length) await manager.insert(PollOptionEntity, options);
      return poll;
    });
  }

  /**
   * Closes the poll now: closesAt is brought forward to the app's clock (a poll already closed
   * is returned as it is). Under the poll's lock, so a response that commits after it is
   * refused by respond's last check.
   */
  async close(
    loaders: RequestLoaders,
    viewer: Viewer,
    pollId: string,
    now = new Date(),
  ): Promise<PollEntity> {
    const poll = await this.db.transaction(async (manager) => {
      const poll = await manager.findOne(PollEntity, {
        where: { id: pollId },
        lock: { mode: 'for_no_key_update' },
      });
      if (!poll) throw AppError.notFound('poll');
      assertOrganizesPoll(viewer, poll);
      // At opensAt itself closing would leave it open for no time at all (ck_poll_dates).
      if (poll.opensAt >= now) throw AppError.conflict('error.conflict.pollCloseBeforeOpen');
      if (poll.closesAt > now) {
        poll.closesAt = now;
        await manager.update(PollEntity, { id: poll.id }, { closesAt: now });
      }
      return poll;
    });
    this.byIdLoader(loaders).clear(poll.id).prime(poll.id, poll);
    return poll;
  }

  /**
   * Records the viewer's response, replacing their earlier one. One transaction: the response
   * row is claimed (inserted, or locked when it exists, so a second response of the same user
   * waits for the first and then replaces it), its answers are replaced, and the poll's
   * response count moves by one only when the row is new. The count's UPDATE checks that the
   * poll is still open under the poll row's lock, so a response racing closePoll is either
   * counted before the close or refused.
   */
  async respond(
    loaders: RequestLoaders,
    viewer: Viewer,
    input: RespondToPollInput,
    now = new Date(),
  ): Promise<PollEntity> {
    const poll = await this.db.getRepository(PollEntity).findOneBy({ id: input.pollId });
    if (!poll) throw AppError.notFound('poll');
    if (now < poll.opensAt) throw AppError.conflict('error.conflict.pollNotOpenYet');
    if (now >= poll.closesAt) throw AppError.conflict('error.conflict.pollClosed');
    const [facts] = await this.db.query<VoterFacts[]>(
      `SELECT birth_year AS "birthYear", residency_district_id AS "residencyDistrictId"
         FROM app_user WHERE id = $1`,
      [viewer.id],
    );
    assertEligible(
      facts ?? { birthYear: null, residencyDistrictId: null },
      {
        minimumAge: poll.minimumAge,
        requiresVerifiedResidency: poll.requiresVerifiedResidency,
        districtIds: [],
        hasCityWidePot: true,
      },
      now,
    );
    const questions = await this.db
      .getRepository(PollQuestionEntity)
      .find({ where: { pollId: poll.id }, order: { position: 'ASC' } });
    const options = await this.db
      .getRepository(PollOptionEntity)
      .findBy({ questionId: In(questions.map((q) => q.id)) });
    const answers = checkAnswers(questions, options, input.answers);

    const updated = await this.db.transaction(async (manager) => {
      const { responseId, isNew } = await claimResponse(manager, poll.id, viewer.id, now);
      await manager.delete(PollAnswerChoiceEntity, { responseId });
      await manager.delete(PollAnswerTextEntity, { responseId });
      if (answers.optionIds.length) {
        await manager.insert(
          PollAnswerChoiceEntity,
          answers.optionIds.map((optionId) => ({ responseId, optionId })),
        );
      }
      if (answers.texts.length) {
        await manager.insert(
          PollAnswerTextEntity,
          answers.texts.map((t) => ({ responseId, questionId: t.questionId, text: t.text })),
        );
      }
      const [rows] = await manager.query<[{ id: string }[], number]>(
        `UPDATE poll SET response_count = response_count + $2
          WHERE id = $1 AND closes_at > $3 RETURNING id`,
        [poll.id, isNew ? 1 : 0, now],
      );
      if (rows.length === 0) throw AppError.conflict('error.conflict.pollClosed');
      return manager.findOneByOrFail(PollEntity, { id: poll.id });
    });
    this.byIdLoader(loaders).clear(updated.id).prime(updated.id, updated);
    loaders
      .get(VIEWER_RESPONDED, async (ids) => ids.map(() => false), viewer.id)
      .prime(poll.id, true);
    return updated;
  }

  /**
   * The organizing department of a new poll, checking who may create it. A workshop's poll is
   * its organizer's; otherwise staff create for their own department and admins name one.
   */
  private async departmentOf(
    manager: EntityManager,
    viewer: Viewer,
    input: CreatePollInput,
  ): Promise<string> {
    if (input.workshopId) {
      const [workshop] = await manager.query<{ organizer_id: string; process_id: string | null }[]>(
        `SELECT organizer_id, process_id FROM workshop WHERE id = $1`,
        [input.workshopId],
      );
      if (!workshop) throw AppError.badField('workshopId', 'field.namesNoWorkshop');
      if (!organizesPoll(viewer, { departmentId: workshop.organizer_id } as PollEntity)) {
        throw AppError.forbidden('error.forbidden.pollOwnDepartment');
      }
      const problems: FieldProblem[] = [];
      if (input.departmentId && input.departmentId !== workshop.organizer_id) {
        problems.push(fieldProblem('departmentId', 'field.pollDepartmentOfWorkshop'));
      }
      if (input.processId && input.processId !== workshop.process_id) {
        problems.push(fieldProblem('processId', 'field.pollWorkshopOfOtherProcess'));
      }
      if (problems.length) throw AppError.badInput(problems);
      return workshop.organizer_id;
    }
    if (viewer.role === Role.ADMIN) {
      if (!input.departmentId)
        throw AppError.badField('departmentId', 'field.pollDepartmentRequired');
      if (!(await manager.existsBy(DepartmentEntity, { id: input.departmentId }))) {
        throw AppError.badField('departmentId', 'field.namesNoDepartment');
      }
      return input.departmentId;
    }
    if (input.departmentId && input.departmentId !== viewer.departmentId) {
      throw AppError.forbidden('error.forbidden.pollOwnDepartment');
    }
    return viewer.departmentId!;
  }

  /**
   * Locks the process or workshop (so two creations cannot both take its last place) and
   * refuses a poll past its limit; a missing one is BAD_USER_INPUT.
   */
  private async makeRoomIn(
    manager: EntityManager,
    owner: 'process' | 'workshop',
    id: string,
  ): Promise<void> {
    const table = owner === 'process' ? 'participatory_process' : 'workshop';
    const locked: unknown[] = await manager.query(
      `SELECT 1 FROM ${table} WHERE id = $1 FOR NO KEY UPDATE`,
      [id],
    );
    if (locked.length === 0) {
      throw owner === 'process'
        ? AppError.badField('processId', 'field.namesNoProcess')
        : AppError.badField('workshopId', 'field.namesNoWorkshop');
    }
    const maximum =
      owner === 'process' ? POLL_LIMITS.pollsPerProcess : POLL_LIMITS.pollsPerWorkshop;
    const [{ n }] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM poll WHERE ${owner}_id = $1`,
      [id],
    );
    if (n >= maximum) {
      throw AppError.conflict(
        text(
          owner === 'process'
            ? 'error.conflict.tooManyPollsOfProcess'
            : 'error.conflict.tooManyPollsOfWorkshop',
          {
            maximum,
          },
        ),
      );
    }
  }

  private async pollsOf(
    loaders: RequestLoaders,
    column: 'processId' | 'workshopId',
    ownerIds: readonly string[],
  ): Promise<PollEntity[][]> {
    const rows = await this.db.getRepository(PollEntity).find({
      where: { [column]: In([...ownerIds]) },
      order: { opensAt: 'DESC', id: 'DESC' },
    });
    const byId = this.byIdLoader(loaders);
    for (const poll of rows) byId.prime(poll.id, poll);
    return groupByKeys(ownerIds, rows, (p) => p[column]!);
  }

  private byIdLoader(loaders: RequestLoaders) {
    return loaders.get(POLL_BY_ID, async (ids) =>
      byKeys(
        ids,
        await this.db.getRepository(PollEntity).findBy({ id: In([...ids]) }),
        (p) => p.id,
      ),
    );
  }
}

/**
 * The viewer's response row, claimed for this transaction: inserted when new, else locked (an
 * insert racing another of the same user waits for it, does nothing, and the UPDATE then finds
 * the committed row). So two responses of one user at once leave one row, the later one's.
 */
async function claimResponse(
  manager: EntityManager,
  pollId: string,
  userId: string,
  now: Date,
): Promise<{ responseId: string; isNew: boolean }> {
  const inserted = await manager.query<{ id: string }[]>(
    `INSERT INTO poll_response (poll_id, user_id, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (poll_id, user_id) DO NOTHING RETURNING id`,
    [pollId, userId, now],
  );
  if (inserted.length) return { responseId: inserted[0].id, isNew: true };
  const [rows] = await manager.query<[{ id: string }[], number]>(
    `UPDATE poll_response SET updated_at = $3 WHERE poll_id = $1 AND user_id = $2 RETURNING id`,
    [pollId, userId, now],
  );
  return { responseId: rows[0].id, isNew: false };
}

function assertTimes(opensAt: Date, closesAt: Date, now: Date): void {
  if (!(closesAt > opensAt)) throw AppError.badField('closesAt', 'field.afterOpensAt');
  if (!(closesAt > now)) throw AppError.badField('closesAt', 'field.inTheFuture');
  if (closesAt.getTime() - opensAt.getTime() > POLL_LIMITS.maxOpenDays * DAY) {
    throw AppError.badField('closesAt', 'field.withinDays', { days: POLL_LIMITS.maxOpenDays });
  }
}

/** The rules of questions that depend on their kind, every problem at once. */
function assertQuestions(questions: PollQuestionInput[]): void {
  const problems: FieldProblem[] = [];
  questions.forEach((q, i) => {
    const at = `questions.${i}`;
    const options = q.options ?? [];
    if (q.kind === PollQuestionKind.FREE_TEXT) {
      if (q.options != null)
        problems.push(fieldProblem(`${at}.options`, 'field.pollNoOptionsForFreeText'));
    } else if (options.length < POLL_LIMITS.options[0]) {
      problems.push(
        fieldProblem(`${at}.options`, 'field.pollOptionsCount', {
          min: POLL_LIMITS.options[0],
          max: POLL_LIMITS.options[1],
        }),
      );
    }
    if (q.maxChoices != null) {
      if (q.kind !== PollQuestionKind.MULTIPLE_CHOICE) {
        problems.push(fieldProblem(`${at}.maxChoices`, 'field.pollMaxChoicesOnlyMultiple'));
      } else if (options.length >= POLL_LIMITS.options[0] && q.maxChoices > options.length) {
        problems.push(fieldProblem(`${at}.maxChoices`, 'validation.max', { max: options.length }));
      }
    }
  });
  if (problems.length) throw AppError.badInput(problems);
}

/**
 * A response's answers against the poll's questions, every problem at once, each naming its
 * answer's field. Every choice question must be answered (so a choice's percent is of every
 * response); a FREE_TEXT question may be left out.
 */
function checkAnswers(
  questions: PollQuestionEntity[],
  options: PollOptionEntity[],
  answers: PollAnswerInput[],
): CheckedAnswers {
  const questionById = new Map(questions.map((q) => [q.id, q]));
  const questionOfOption = new Map(options.map((o) => [o.id, o.questionId]));
  const problems: FieldProblem[] = [];
  const answered = new Set<string>();
  const checked: CheckedAnswers = { optionIds: [], texts: [] };
  answers.forEach((answer, i) => {
    const at = `answers.${i}`;
    const question = questionById.get(answer.questionId);
    if (!question) {
      problems.push(fieldProblem(`${at}.questionId`, 'field.pollNotAQuestion'));
      return;
    }
    if (answered.has(question.id)) {
      problems.push(fieldProblem(`${at}.questionId`, 'field.pollQuestionTwice'));
      return;
    }
    answered.add(question.id);
    const optionIds = answer.optionIds ?? [];
    if (question.kind === PollQuestionKind.FREE_TEXT) {
      if (answer.optionIds != null) {
        problems.push(fieldProblem(`${at}.optionIds`, 'field.pollOptionsForChoiceOnly'));
      }
      if (answer.text == null) problems.push(fieldProblem(`${at}.text`, 'field.pollTextRequired'));
      else checked.texts.push({ questionId: question.id, text: answer.text });
      return;
    }
    if (answer.text != null) {
      problems.push(fieldProblem(`${at}.text`, 'field.pollTextForFreeTextOnly'));
    }
    const max =
      question.kind === PollQuestionKind.SINGLE_CHOICE
        ? 1
        : (question.maxChoices ?? options.filter((o) => o.questionId === question.id).length);
    if (optionIds.some((id) => questionOfOption.get(id) !== question.id)) {
      problems.push(fieldProblem(`${at}.optionIds`, 'field.pollOptionOfOtherQuestion'));
    } else if (question.kind === PollQuestionKind.SINGLE_CHOICE && optionIds.length !== 1) {
      problems.push(fieldProblem(`${at}.optionIds`, 'field.pollOneOption'));
    } else if (optionIds.length < 1 || optionIds.length > max) {
      problems.push(fieldProblem(`${at}.optionIds`, 'field.pollChoicesRange', { max }));
    } else {
      checked.optionIds.push(...optionIds);
    }
  });
  const unanswered = questions.filter(
    (q) => q.kind !== PollQuestionKind.FREE_TEXT && !answered.has(q.id),
  );
  if (unanswered.length) {
    problems.push(
      fieldProblem('answers', 'field.pollUnanswered', { position: unanswered[0].position + 1 }),
    );
  }
  if (problems.length) throw AppError.badInput(problems);
  return checked;
}
