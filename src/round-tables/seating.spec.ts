import { balanceSeats, type SeatCandidate } from './seating.js';

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function people(next: () => number, count: number, strata: number): SeatCandidate[] {
  return Array.from({ length: count }, (_, i) => {
    const s = Math.floor(next() * (strata + 1));
    return {
      userId: `u${i}`,
      // One value of s stands for "no department, no district".
      stratum: s === strata ? null : `stratum-${s}`,
      rank: next() < 0.5 ? Math.floor(next() * 5) : null,
      order: Math.floor(next() * 1_000_000),
    };
  });
}

const spread = (counts: number[]) => Math.max(...counts) - Math.min(...counts);

describe('balanceSeats', () => {
  it('seats everyone once, table sizes and each stratum per table within one (1,000 random rooms)', () => {
    const next = random(19);
    for (let round = 0; round < 1000; round += 1) {
      const tables = 1 + Math.floor(next() * 12);
      const room = people(next, Math.floor(next() * 130), 1 + Math.floor(next() * 6));
      const seats = balanceSeats(room, tables);

      expect(seats.map((s) => s.userId).sort()).toEqual(room.map((p) => p.userId).sort());
      expect(
        seats.every((s) => Number.isInteger(s.table) && s.table >= 0 && s.table < tables),
      ).toBe(true);
      const sizes = Array.from({ length: tables }, () => 0);
      for (const seat of seats) sizes[seat.table]! += 1;
      expect(spread(sizes)).toBeLessThanOrEqual(1);

      const stratumOf = new Map(room.map((p) => [p.userId, p.stratum]));
      const perStratum = new Map<string | null, number[]>();
      for (const seat of seats) {
        const stratum = stratumOf.get(seat.userId)!;
        const counts = perStratum.get(stratum) ?? Array.from({ length: tables }, () => 0);
        counts[seat.table]! += 1;
        perStratum.set(stratum, counts);
      }
      for (const counts of perStratum.values()) expect(spread(counts)).toBeLessThanOrEqual(1);
    }
  });

  it('spreads ranks inside a stratum and keeps arrival order among equals', () => {
    const room: SeatCandidate[] = [
      { userId: 'late-senior', stratum: 'parks', rank: 1, order: 9 },
      { userId: 'early-junior', stratum: 'parks', rank: 2, order: 1 },
      { userId: 'early-senior', stratum: 'parks', rank: 1, order: 2 },
      { userId: 'resident', stratum: null, rank: null, order: 0 },
    ];
    expect(balanceSeats(room, 2)).toEqual([
      { userId: 'early-senior', table: 0 },
      { userId: 'late-senior', table: 1 },
      { userId: 'early-junior', table: 0 },
      { userId: 'resident', table: 1 },
    ]);
  });

  it('refuses a room without tables and seats nobody in an empty one', () => {
    expect(() => balanceSeats([], 0)).toThrow(RangeError);
    expect(balanceSeats([], 3)).toEqual([]);
  });
});
