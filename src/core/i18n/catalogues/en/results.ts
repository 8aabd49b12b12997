import type { results as ko } from '../ko/results.js';

/** How each project fared in a budget's results, in words (issue 18): src/budgets/results/. */
export const results: Record<keyof typeof ko, string> = {
};
