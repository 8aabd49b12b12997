import { PROPOSAL_LIMITS } from '../proposals/proposal-limits.js';
import { characterCount } from '../core/validation/text.js';
import { proposalTitleOf } from './priority-to-proposal.js';

describe('proposalTitleOf', () => {
  const [min, max] = PROPOSAL_LIMITS.title;

  it('keeps a title that fits the proposal rules as it is', () => {
    expect(proposalTitleOf('쉼터와 벤치', '100인 원탁회의')).toBe('쉼터와 벤치');
    const exact = '가'.repeat(max);
    expect(proposalTitleOf(exact, '원탁')).toBe(exact);
  });

  it('names the session after a title too short to be a proposal title', () => {
    expect(proposalTitleOf('숲', '100인 원탁회의')).toBe('숲 (100인 원탁회의)');
    expect(characterCount(proposalTitleOf('숲', '원'))).toBeGreaterThanOrEqual(min);
  });

  it('cuts a long title at a character, with an ellipsis, within the limit', () => {
    const long = '🌳'.repeat(max + 50);
    const title = proposalTitleOf(long, '원탁');
    expect(characterCount(title)).toBe(max);
    expect(title.endsWith('…')).toBe(true);
    expect(title.isWellFormed()).toBe(true);
  });
});
