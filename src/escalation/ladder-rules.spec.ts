import { EscalationAction } from './escalation-action.js';
import { describeLadder, ladderProblems, type RungDraft } from './ladder-rules.js';

const answer = (threshold: number, dueInDays: number | null = 14): RungDraft => ({
  threshold,
  action: EscalationAction.REQUIRE_DEPARTMENT_ANSWER,
  dueInDays,
});
const forum = (threshold: number): RungDraft => ({
  threshold,
  action: EscalationAction.REQUIRE_PUBLIC_FORUM,
});
const fieldsOf = (rungs: RungDraft[]) => ladderProblems(rungs).map((p) => p.field);

describe('ladderProblems', () => {
  it('accepts a sound ladder, and an empty one', () => {
    const mayor: RungDraft = {
      threshold: 1000,
      action: EscalationAction.REQUIRE_ANSWER_FROM,
      dueInDays: 30,
      answeringDepartmentId: 'd',
    };
    expect(ladderProblems([answer(50), forum(100), mayor])).toEqual([]);
    expect(ladderProblems([])).toEqual([]);
  });

  it('wants thresholds strictly increasing: equal is refused, one more is fine', () => {
    expect(fieldsOf([answer(50), forum(50)])).toEqual(['rungs.1.threshold']);
    expect(fieldsOf([answer(50), forum(49)])).toEqual(['rungs.1.threshold']);
    expect(fieldsOf([answer(50), forum(51)])).toEqual([]);
  });

  it('wants dueInDays exactly for the answer actions', () => {
    expect(fieldsOf([answer(50, null)])).toEqual(['rungs.0.dueInDays']);
    expect(fieldsOf([{ ...forum(50), dueInDays: 3 }])).toEqual(['rungs.0.dueInDays']);
  });

  it('wants answeringDepartmentId exactly for REQUIRE_ANSWER_FROM', () => {
    const from: RungDraft = {
      threshold: 10,
      action: EscalationAction.REQUIRE_ANSWER_FROM,
      dueInDays: 7,
    };
    expect(fieldsOf([from])).toEqual(['rungs.0.answeringDepartmentId']);
    expect(fieldsOf([{ ...answer(10), answeringDepartmentId: 'd' }])).toEqual([
      'rungs.0.answeringDepartmentId',
    ]);
  });
});

describe('describeLadder', () => {
  it('says a ladder in a few words, and cuts a long one to what the audit entry holds', () => {
    expect(describeLadder([])).toBeNull();
    expect(
      describeLadder([
        { level: 1, ...answer(50), dueInDays: 14, answeringDepartmentId: null },
        { level: 2, ...forum(100), dueInDays: null, answeringDepartmentId: null },
      ]),
    ).toBe('50 answer 14d; 100 forum');
    const long = Array.from({ length: 10 }, (_, i) => ({
      level: i + 1,
      threshold: 9_999_990 + i,
      action: EscalationAction.REQUIRE_ANSWER_FROM,
      dueInDays: 365,
      answeringDepartmentId: 'd',
    }));
    const text = describeLadder(long)!;
    expect(text).toHaveLength(200);
    expect(text.endsWith('…')).toBe(true);
  });
});
