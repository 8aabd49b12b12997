/** Texts of the polls domain (issue 18). */
export const polls = {
} as const;
