import type { apiClients as ko } from '../ko/api-clients.js';

/** Texts of API clients and their scopes (issue 20). */
export const apiClients: Record<keyof typeof ko, string> = {
  'error.forbidden.notForApiClients': 'Only people may do this; an API client token cannot.',
  'error.forbidden.missingScope': 'This token lacks the "{scope}" scope.',
};
