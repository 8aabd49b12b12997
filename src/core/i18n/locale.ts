import { registerEnumType } from '@nestjs/graphql';

/**
 * The languages Wontak speaks. Korean first: a person with no choice of their own, whose
 * client names no language we have, reads DEFAULT_LOCALE (ko unless the city says otherwise).
 */
export enum Locale {
  KO = 'ko',
  EN = 'en',
}
registerEnumType(Locale, {
  name: 'Locale',
  description: 'A language every message can be read in.',
  valuesMap: { KO: { description: '한국어' }, EN: { description: 'English' } },
});

export const LOCALES: readonly Locale[] = Object.values(Locale);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Language ranges read from one Accept-Language header; the rest of a long header is ignored. */
const MAX_RANGES = 20;

/**
 * The best of our locales for an Accept-Language header (RFC 9110 §12.5.4: ranges by quality,
 * ties in the order given; `ko-KR` matches ko), or null when it names none of them.
 */
export function localeFromAcceptLanguage(header: string | string[] | undefined): Locale | null {
  if (typeof header !== 'string' || header.length === 0) return null;
  let best: { locale: Locale; quality: number } | null = null;
  for (const range of header.split(',', MAX_RANGES)) {
    const [tag = '', ...parameters] = range.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (!isLocale(primary)) continue;
    let quality = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split('=').map((part) => part.trim());
      if (name?.toLowerCase() === 'q') quality = Number(value);
    }
    if (!Number.isFinite(quality) || quality <= 0 || quality > 1) continue;
    if (!best || quality > best.quality) best = { locale: primary, quality };
  }
  return best?.locale ?? null;
}

/**
 * The language of a reader: their own choice, else what their client asks for, else the city's.
 * The one place this order is written.
 */
export function chooseLocale(
  chosen: Locale | null | undefined,
  acceptLanguage: string | string[] | undefined,
  cityDefault: Locale,
): Locale {
  return chosen ?? localeFromAcceptLanguage(acceptLanguage) ?? cityDefault;
}
