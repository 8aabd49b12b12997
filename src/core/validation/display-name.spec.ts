import { displayNameProblem, visibleCharacterCount } from './display-name.js';
import { normalizeText } from './text.js';

const DIRECTION = /change the direction of text/;
const INVISIBLE = /at least 2 visible characters/;

describe('displayNameProblem', () => {
  it.each([
    ['a Korean name', '김민지'],
    ['two Hangul syllables, the shortest name', '별빛'],
    ['Hangul compatibility jamo that render', 'ㅋㅋ'],
    ['conjoining jamo (not the fillers)', '\u1100\u1161\u11A8\u1102'],
    ['a Korean name with a space', '남원 시민'],
    ['Latin with accents', 'José Müller'],
    ['Arabic', 'محمد علي'],
    ['Hebrew', 'דוד כהן'],
    ['Persian with a zero-width non-joiner between letters', 'علی\u200Cرضا'],
    ['Devanagari with spacing and non-spacing marks', 'रवि शर्मा'],
    ['Thai, a base and a mark', 'กิ'],
    ['a family emoji (zero-width joiners between visible emoji)', '👩\u200D👩\u200D👧'],
    ['a flag (two regional indicators)', '🇰🇷'],
    ['an emoji with a variation selector beside a name', '❤️ 민지'],
    ['a rainbow flag (ZWJ sequence) and a name', '🏳️\u200D🌈 Kim'],
    ['HTML-looking text (plain text, never rendered)', '<b>Bob</b>'],
    ['50 characters', 'x'.repeat(50)],
    ['a tab inside (the text rules allow it)', 'Ada\tKim'],
  ])('accepts %s', (_label, name) => {
    expect(displayNameProblem(name)).toBeNull();
  });

  it.each([
    ['U+202A left-to-right embedding', '\u202A'],
    ['U+202B right-to-left embedding', '\u202B'],
    ['U+202C pop directional formatting', '\u202C'],
    ['U+202D left-to-right override', '\u202D'],
    ['U+202E right-to-left override', '\u202E'],
    ['U+2066 left-to-right isolate', '\u2066'],
    ['U+2067 right-to-left isolate', '\u2067'],
    ['U+2068 first strong isolate', '\u2068'],
    ['U+2069 pop directional isolate', '\u2069'],
    ['U+200E left-to-right mark', '\u200E'],
    ['U+200F right-to-left mark', '\u200F'],
    ['U+061C Arabic letter mark', '\u061C'],
  ])('refuses %s anywhere in a name', (_label, control) => {
    for (const name of [`${control}관리자`, `관리${control}자`, `관리자${control}`]) {
      expect(displayNameProblem(name)).toMatch(DIRECTION);
    }
  });

  it('refuses the classic spoof: an override that makes the name read backwards', () => {
    expect(displayNameProblem('관리자\u202Emoc.elpmaxe')).toMatch(DIRECTION);
    expect(displayNameProblem('محمد\u200Fعلي')).toMatch(DIRECTION);
  });

  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['zero-width non-joiners', '\u200C\u200C'],
    ['zero-width joiners', '\u200D\u200D'],
    ['word joiners', '\u2060\u2060'],
    ['byte-order marks inside', '\u200B\uFEFF\u200B'],
    ['Hangul fillers U+3164', '\u3164\u3164'],
    ['Hangul choseong and jungseong fillers U+115F U+1160', '\u115F\u1160'],
    ['halfwidth Hangul fillers U+FFA0', '\uFFA0\uFFA0\uFFA0'],
    ['a mix of them', '\u3164\u200B\u115F\u2060\uFFA0'],
    ['combining marks only', '\u0301\u0302\u0303'],
    ['combining marks and zero-width characters', '\u0301\u200B\u0308'],
    ['blank Braille patterns', '\u2800\u2800'],
    ['variation selectors only', '\uFE0F\uFE0F'],
    ['soft hyphens', '\u00AD\u00AD'],
    ['Mongolian vowel separators', '\u180E\u180E'],
    ['tag characters', '\u{E0041}\u{E0042}'],
    ['one visible character padded with invisible ones', '별\u200B\u200B'],
    ['one syllable and a Hangul filler', '별\u3164'],
    ['one emoji and a variation selector', '❤️'],
  ])('refuses a name of %s', (_label, name) => {
    expect(displayNameProblem(name)).toMatch(INVISIBLE);
  });

  it('keeps the text rules first: type, control characters, length in characters', () => {
    expect(displayNameProblem(42)).toBe('must be text');
    expect(displayNameProblem('Bo\u0007b')).toBe('must not contain control characters');
    expect(displayNameProblem('x')).toBe('must be at least 2 characters long');
    expect(displayNameProblem('x'.repeat(51))).toBe('must be at most 50 characters long');
    expect(displayNameProblem('\u200B'.repeat(51))).toBe('must be at most 50 characters long');
  });

  it('sees what normalisation leaves: surrounding white space is trimmed, inner invisibles are not', () => {
    expect(normalizeText('\u3000\u00A0 김민지 \uFEFF')).toBe('김민지');
    expect(displayNameProblem(normalizeText('  \u200B\u200B  '))).toMatch(INVISIBLE);
    expect(displayNameProblem(normalizeText(' \u202E김민지 '))).toMatch(DIRECTION);
  });
});

describe('visibleCharacterCount', () => {
  it('counts what renders: emoji, not their joiners; marks on a base, not on their own', () => {
    expect(visibleCharacterCount('👩\u200D👩\u200D👧')).toBe(3);
    expect(visibleCharacterCount('e\u0301')).toBe(2);
    expect(visibleCharacterCount('\u0301\u0301')).toBe(0);
    expect(visibleCharacterCount('김\u3164민')).toBe(2);
    expect(visibleCharacterCount('A B')).toBe(2);
  });
});
