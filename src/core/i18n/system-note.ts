import type { RequestContext } from '../graphql/request-context.js';
import { readerLocale } from './reader-locale.js';
import { render, systemNoteText } from './text.js';

/**
 * A stored note as its reader reads it. A person's note stays as they wrote it, in their own
 * words; one the system wrote (no person acted) is stored in English and rendered again, in the
 * reader's language, from the catalogue text it was written from.
 */
export function inReadersLanguage(ctx: RequestContext, note: string, bySystem: boolean): string {
  const written = bySystem ? systemNoteText(note) : null;
  return written ? render(readerLocale(ctx), written) : note;
}
