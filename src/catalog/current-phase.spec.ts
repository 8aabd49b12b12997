import type { PhaseEntity } from './process.entity.js';
import { currentPhase } from './processes.service.js';

const DAY = 86_400_000;
const now = new Date('2026-11-25T12:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY);

function phase(position: number, startsAt: Date | null, endsAt: Date | null): PhaseEntity {
  return {
    id: `p${position}`,
    processId: 'x',
    position,
    title: `phase ${position}`,
    startsAt,
    endsAt,
  };
}

describe('currentPhase', () => {
  const phases = [phase(1, at(-20), at(-10)), phase(2, at(-10), at(10)), phase(3, at(10), at(20))];

  it('is the phase whose dates contain now', () => {
    expect(currentPhase(phases, now)?.position).toBe(2);
  });

  it('is null before the first and after the last phase', () => {
    expect(currentPhase(phases, at(-30))).toBeNull();
    expect(currentPhase(phases, at(30))).toBeNull();
  });

  it('treats endsAt as exclusive, so a boundary belongs to the next phase', () => {
    expect(currentPhase(phases, at(10))?.position).toBe(3);
  });

  it('is null between two phases with a gap', () => {
    expect(currentPhase([phase(1, at(-20), at(-10)), phase(2, at(10), at(20))], now)).toBeNull();
  });

  it('keeps an open-ended phase current', () => {
    expect(currentPhase([phase(1, at(-5), null)], now)?.position).toBe(1);
  });

  it('never makes an undated phase current', () => {
    expect(currentPhase([phase(1, null, at(5)), phase(2, null, null)], now)).toBeNull();
  });

  it('picks the later phase where phases overlap', () => {
    expect(currentPhase([phase(2, at(-5), at(5)), phase(1, at(-10), at(10))], now)?.position).toBe(
      2,
    );
  });
});
