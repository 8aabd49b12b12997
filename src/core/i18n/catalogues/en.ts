import type { MessageKey } from './ko.js';
import { common } from './en/common.js';
import { errors } from './en/errors.js';
import { fieldLabels } from './en/field-labels.js';
import { notes } from './en/notes.js';
import { mail } from './en/mail.js';
import { notifications } from './en/notifications.js';
import { budgets } from './en/budgets.js';
import { polls } from './en/polls.js';
import { results } from './en/results.js';
import { residency } from './en/residency.js';
import { roundTables } from './en/round-tables.js';
import { guardians } from './en/guardians.js';
import { apiClients } from './en/api-clients.js';
import { webhooks } from './en/webhooks.js';
import { trustedDocuments } from './en/trusted-documents.js';

/** The English catalogue: the compiler refuses it unless it has exactly ko.ts's keys. */
export const en: Record<MessageKey, string> = {
  ...common,
  ...notifications,
  ...mail,
  ...errors,
  ...notes,
  ...fieldLabels,
  ...budgets,
  ...polls,
  ...results,
  ...residency,
  ...roundTables,
  ...guardians,
  ...apiClients,
  ...webhooks,
  ...trustedDocuments,
};
