import { characterCount, normalizeText, textProblem } from './text.js';

describe('normalizeText', () => {
  it('trims and composes to NFC', () => {
    const decomposed = '  공원 놀이터\n'.normalize('NFD');
    expect(decomposed.length).toBeGreaterThan('  공원 놀이터\n'.length);
    expect(normalizeText(decomposed)).toBe('공원 놀이터');
  });

  it('keeps inner newlines and tabs', () => {
    expect(normalizeText(' 첫 줄\n\t둘째 줄 ')).toBe('첫 줄\n\t둘째 줄');
  });
});

describe('textProblem', () => {
  it('accepts text within the limits, counting characters not UTF-16 units', () => {
    expect(textProblem('산책', 2, 2)).toBeNull();
    expect(characterCount('😀😀')).toBe(2);
    expect(textProblem('😀😀', 2, 2)).toBeNull();
  });

  it.each([
    ['\u0000', 'NUL'],
    ['\u0007', 'BEL'],
    ['\u001b[31m', 'ESC'],
    ['a\rb', 'carriage return'],
    ['\u007f', 'DEL'],
    ['\u0085', 'C1 next line'],
  ])('refuses control characters (%j, %s)', (bad) => {
    expect(textProblem(`ab${bad}cd`, 1, 100)).toBe('must not contain control characters');
  });

  it('allows newline and tab', () => {
    expect(textProblem('a\nb\tc', 1, 100)).toBeNull();
  });

  it('refuses lone surrogates', () => {
    expect(textProblem('ab\ud800cd', 1, 100)).toBe('must be valid Unicode text');
  });

  it('names the bound that was crossed', () => {
    expect(textProblem('', 1, 10)).toBe('must not be empty');
    expect(textProblem('a', 2, 10)).toBe('must be at least 2 characters long');
    expect(textProblem('a'.repeat(11), 1, 10)).toBe('must be at most 10 characters long');
    expect(textProblem('가'.repeat(10), 1, 10)).toBeNull();
  });

  it('refuses what is not a string', () => {
    expect(textProblem(42, 1, 10)).toBe('must be text');
    expect(textProblem(null, 1, 10)).toBe('must be text');
  });
});
