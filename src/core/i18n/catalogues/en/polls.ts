import type { polls as ko } from '../ko/polls.js';

/** Texts of the polls domain (issue 18). */
export const polls: Record<keyof typeof ko, string> = {
};
