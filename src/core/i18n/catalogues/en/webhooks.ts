import type { webhooks as ko } from '../ko/webhooks.js';

/** Texts of webhooks (issue 20). */
export const webhooks: Record<keyof typeof ko, string> = {
  'error.forbidden.webhooksForApiClients':
    "Webhooks belong to API clients: call with a client's access token (the webhooks scope).",
  'error.conflict.tooManyWebhooks': 'An API client has at most {maximum} webhooks.',
  'error.notFound.webhookSubscription': 'Webhook not found.',
  'error.notFound.webhookDelivery': 'Webhook delivery not found.',

  'field.webhookUrl': '{field} must be an absolute URL',
  'field.webhookUrlHttps': '{field} must be an https URL',
  'field.webhookUrlCredentials': '{field} must not contain a user name or password',
  'field.webhookUrlUnresolvable': "{field}'s host name does not resolve",
  'field.webhookUrlPrivate':
    "{field}'s host resolves to an address that is not public (loopback, private, link-local...)",

  'fieldLabel.url': 'url',
  'fieldLabel.events': 'events',

  'webhooks.pausedReason':
    'Paused after the {eventType} event (webhook-id {eventId}) failed on all {attempts} attempts (last: {lastError}). Fix the receiver, then resumeWebhook, and redeliverWebhook what it missed.',
  'webhooks.pausedMail.subject': '[Wontak] Webhook paused: {url}',
  'webhooks.pausedMail.body':
    'The webhook {url} of the API client "{client}" is paused.\n\n{reason}',
};
