/** Where a person's digest is timed when they have not said: the city's own zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

/** The digest's hour when they have not said: before the working day. */
export const DEFAULT_DIGEST_HOUR = 8;

/** IANA names are short ("America/Argentina/ComodRivadavia" is among the longest). */
export const TIME_ZONE_MAX_CHARS = 64;

/**
 * The canonical IANA name of `zone` ("asia/seoul" → "Asia/Seoul") when this runtime knows it,
 * else null. Checked by Intl, never by a list of our own; Postgres's `AT TIME ZONE` reads the
 * same tz database. Offsets ("+09:00", "+0900") are refused: Postgres reads POSIX offsets with
 * the opposite sign, and an offset ignores summer time anyway.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (zone.length > TIME_ZONE_MAX_CHARS || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
