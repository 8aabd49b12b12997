/** Texts of the residency domain (issue 18). */
export const residency = {
} as const;
