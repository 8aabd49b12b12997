import type { webhooks as ko } from '../ko/webhooks.js';

/** Texts of webhooks (issue 20). */
export const webhooks: Record<keyof typeof ko, string> = {
  'error.placeholder.webhooks': '',
};
