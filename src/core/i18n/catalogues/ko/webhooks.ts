/** Texts of webhooks (issue 20). */
export const webhooks = {
  'error.placeholder.webhooks': '',
} as const;
