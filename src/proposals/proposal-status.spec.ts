import { answerMayMove, Lifecycle, ProposalStatus } from './proposal-status.js';

/**
 * The "Proposal lifecycle" table of ../shared/api/README.md, copied here word for word, so the
 * code is checked against the contract's own words and not against a second copy of itself.
 */
const README_TABLE = `
| from | an answer may set | other moves |
|---|---|---|
| SUBMITTED | (assign it first) | assignment -> UNDER_REVIEW; author withdraws -> WITHDRAWN |
| UNDER_REVIEW | UNDER_REVIEW, ACCEPTED, REJECTED | author withdraws -> WITHDRAWN |
| ACCEPTED | ACCEPTED, IN_PROGRESS, IMPLEMENTED, REJECTED | progress update -> IN_PROGRESS |
| IN_PROGRESS | IN_PROGRESS, IMPLEMENTED | |
| REJECTED | REJECTED, UNDER_REVIEW (reconsidered) | |
| IMPLEMENTED, WITHDRAWN | nothing: final | |
`;

const ALL = Object.values(ProposalStatus);
function statusesIn(cell: string): ProposalStatus[] {
  const words: string[] = cell.match(/[A-Z][A-Z_]+[A-Z]/g) ?? [];
  return words.filter((word): word is ProposalStatus => (ALL as string[]).includes(word));
}

/** from -> what an answer may set, read from the table above. */
function readTable(): Map<ProposalStatus, ProposalStatus[]> {
  const rows = README_TABLE.trim()
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const table = new Map<ProposalStatus, ProposalStatus[]>();
  for (const [from, answerMay] of rows) {
    for (const status of statusesIn(from!)) {
      if (table.has(status)) throw new Error(`${status} is listed twice`);
      table.set(status, statusesIn(answerMay!));
    }
  }
  return table;
}

describe('the proposal lifecycle', () => {
  const table = readTable();

  it('reads a row of the README table for each of the seven statuses', () => {
    expect(ALL).toHaveLength(7);
    expect([...table.keys()].sort()).toEqual([...ALL].sort());
    // Spot checks that the table was read as meant, not merely that it parsed.
    expect(table.get(ProposalStatus.SUBMITTED)).toEqual([]);
    expect(table.get(ProposalStatus.REJECTED)).toEqual([
      ProposalStatus.REJECTED,
      ProposalStatus.UNDER_REVIEW,
    ]);
    expect(table.get(ProposalStatus.WITHDRAWN)).toEqual([]);
  });

  const cells = ALL.flatMap((from) => ALL.map((to) => [from, to] as const));
  it.each(cells)('answerMayMove(%s, %s) is as the README says', (from, to) => {
    expect(answerMayMove(from, to)).toBe(table.get(from)!.includes(to));
  });

  it('allows exactly the 11 answer moves of the README, and nothing else', () => {
    const allowed = cells.filter(([from, to]) => answerMayMove(from, to));
    expect(allowed).toHaveLength(11);
    expect(cells.length - allowed.length).toBe(38);
  });

  it('lists the same moves in Lifecycle.answerMoves, without duplicates', () => {
    for (const from of ALL) {
      const moves = Lifecycle.answerMoves[from];
      expect([...moves].sort()).toEqual([...table.get(from)!].sort());
      expect(new Set(moves).size).toBe(moves.length);
    }
  });

  it('lets every open status take an interim reply that keeps it', () => {
    const open = [
      ProposalStatus.UNDER_REVIEW,
      ProposalStatus.ACCEPTED,
      ProposalStatus.IN_PROGRESS,
      ProposalStatus.REJECTED,
    ];
    for (const status of open) expect(answerMayMove(status, status)).toBe(true);
    for (const status of ALL.filter((s) => !open.includes(s))) {
      expect(answerMayMove(status, status)).toBe(false);
    }
  });

  it('makes IMPLEMENTED and WITHDRAWN final: no answer moves them, and nothing answers into WITHDRAWN or SUBMITTED', () => {
    expect([...Lifecycle.final].sort()).toEqual(
      [ProposalStatus.IMPLEMENTED, ProposalStatus.WITHDRAWN].sort(),
    );
    for (const to of ALL) {
      expect(answerMayMove(ProposalStatus.IMPLEMENTED, to)).toBe(false);
      expect(answerMayMove(ProposalStatus.WITHDRAWN, to)).toBe(false);
      expect(answerMayMove(to, ProposalStatus.WITHDRAWN)).toBe(false);
      expect(answerMayMove(to, ProposalStatus.SUBMITTED)).toBe(false);
    }
  });

  it('takes the other moves of the README: assignment, withdrawal and progress', () => {
    expect(Lifecycle.statusOnFirstAssignment).toBe(ProposalStatus.UNDER_REVIEW);
    expect([...Lifecycle.withdrawableFrom].sort()).toEqual(
      [ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW].sort(),
    );
    expect([...Lifecycle.progressAllowedIn].sort()).toEqual(
      [ProposalStatus.ACCEPTED, ProposalStatus.IN_PROGRESS].sort(),
    );
    expect(Lifecycle.editableBy).toEqual([ProposalStatus.SUBMITTED]);
  });
});
