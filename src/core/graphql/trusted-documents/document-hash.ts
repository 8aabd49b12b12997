import { createHash } from 'node:crypto';

/** A trusted document's id: the lower-case hex SHA-256 of its text, as Apollo's clients send it. */
export function documentHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Whether `value` can be a document's id at all (anything else is looked up nowhere). */
export function isDocumentHash(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX.test(value);
}
