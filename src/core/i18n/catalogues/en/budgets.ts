import type { budgets as ko } from '../ko/budgets.js';

/** Texts of the budgets domain (issue 18). */
export const budgets: Record<keyof typeof ko, string> = {
};
