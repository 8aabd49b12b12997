import { chooseLocale, Locale, localeFromAcceptLanguage } from './locale.js';
import { canonicalTimeZone } from './time-zone.js';

describe('localeFromAcceptLanguage', () => {
  it.each([
    ['ko', Locale.KO],
    ['en', Locale.EN],
    ['en-US,en;q=0.9', Locale.EN],
    ['ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7', Locale.KO],
    ['fr-FR, fr;q=0.9, en;q=0.5', Locale.EN],
    ['fr, ko;q=0.5, en;q=0.4', Locale.KO],
    ['en;q=0.5, ko;q=0.8', Locale.KO],
    ['EN-gb', Locale.EN],
    // Equal quality: the first named wins.
    ['en;q=0.7, ko;q=0.7', Locale.EN],
  ])('%s → %s', (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it.each([
    [undefined],
    [''],
    ['fr, de'],
    ['*'],
    ['ko;q=0'],
    ['ko;q=abc'],
    ['ko;q=2'],
    ['ko;q=-1'],
    [';;;,,,'],
    [['ko', 'en']],
  ])('%j names none of ours: null', (header) => {
    expect(localeFromAcceptLanguage(header as string | undefined)).toBeNull();
  });

  it('reads only the first 20 ranges: work is bounded whatever the header holds', () => {
    const fr = (n: number) => Array.from({ length: n }, () => 'fr').join(',');
    expect(localeFromAcceptLanguage(`${fr(19)},en`)).toBe(Locale.EN);
    expect(localeFromAcceptLanguage(`${fr(20)},en`)).toBeNull();
    expect(localeFromAcceptLanguage(`${'fr;q=0.1,'.repeat(100_000)}en`)).toBeNull();
    expect(localeFromAcceptLanguage(`en,${'x'.repeat(1_000_000)}`)).toBe(Locale.EN);
  });
});

describe('chooseLocale: the person, then their client, then the city', () => {
  it('their own choice wins over the header and the city', () => {
    expect(chooseLocale(Locale.EN, 'ko', Locale.KO)).toBe(Locale.EN);
  });
  it('no choice: the header', () => {
    expect(chooseLocale(null, 'en-US', Locale.KO)).toBe(Locale.EN);
  });
  it('no choice, no header of ours: the city', () => {
    expect(chooseLocale(null, 'fr', Locale.KO)).toBe(Locale.KO);
    expect(chooseLocale(undefined, undefined, Locale.EN)).toBe(Locale.EN);
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['Asia/Seoul', 'Asia/Seoul'],
    ['asia/seoul', 'Asia/Seoul'],
    ['UTC', 'UTC'],
    ['America/New_York', 'America/New_York'],
  ])('%s → %s', (zone, canonical) => {
    expect(canonicalTimeZone(zone)).toBe(canonical);
  });

  it.each([
    [''],
    ['Mars/Olympus'],
    ['+09:00'],
    ['+0900'],
    ['-05'],
    ['Asia/Seoul; DROP'],
    ['a'.repeat(65)],
  ])('%j is refused', (zone) => {
    expect(canonicalTimeZone(zone)).toBeNull();
  });
});
