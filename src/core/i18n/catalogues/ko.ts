import { common } from './ko/common.js';
import { errors } from './ko/errors.js';
import { fieldLabels } from './ko/field-labels.js';
import { notes } from './ko/notes.js';
import { mail } from './ko/mail.js';
import { notifications } from './ko/notifications.js';
import { budgets } from './ko/budgets.js';
import { polls } from './ko/polls.js';
import { results } from './ko/results.js';
import { residency } from './ko/residency.js';
import { roundTables } from './ko/round-tables.js';
import { guardians } from './ko/guardians.js';
import { apiClients } from './ko/api-clients.js';
import { webhooks } from './ko/webhooks.js';
import { trustedDocuments } from './ko/trusted-documents.js';

/**
 * The Korean catalogue, the reference one: every key of every catalogue is a key of this one,
 * and en.ts is typed to hold exactly the same keys. One file per domain under ko/ and en/.
 */
export const ko = {
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
} as const;

export type MessageKey = keyof typeof ko;
