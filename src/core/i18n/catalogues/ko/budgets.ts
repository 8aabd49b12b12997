/** Texts of the budgets domain (issue 18). */
export const budgets = {
} as const;
