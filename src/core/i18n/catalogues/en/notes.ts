import type { notes as ko } from '../ko/notes.js';

/** What the system writes in moderation and audit notes: stored in these words, read back. */
export const notes: Record<keyof typeof ko, string> = {
  'systemNote.autoHidden': 'Hidden automatically: {count} people reported it.',
};
