import type { apiClients as ko } from '../ko/api-clients.js';

/** Texts of API clients and their scopes (issue 20). */
export const apiClients: Record<keyof typeof ko, string> = {
  'error.forbidden.notForApiClients': 'Only people may do this; an API client token cannot.',
  'error.forbidden.missingScope': 'This token lacks the "{scope}" scope.',
  'error.forbidden.apiClientsOnly': 'Only API clients may do this.',
  'error.notFound.apiClient': 'The API client was not found.',
  'error.conflict.apiClientRevoked': 'The API client has been revoked.',
  'field.departmentForFeedback': '{field} is required with the feedback:write scope',
  'field.namesNoCitizen': '{field} names no citizen account',
  'field.notWithCitizen': '{field} must not be given with citizenId',
  'field.requiredWithoutCitizen': '{field} is required without citizenId',
  'field.phoneNumber': '{field} must be a phone number',
} as const;
