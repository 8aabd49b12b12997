import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isDocumentHash } from './document-hash.js';
import type { ManifestDocument } from './manifest.js';

/** Registered documents kept in memory once read: the city's own front ends hold a few hundred. */
const REMEMBERED_DOCUMENTS = 2000;

export interface Registration {
  /** Documents new to the registry. */
  registered: number;
  /** Documents it already held (registering a manifest again changes nothing). */
  alreadyRegistered: number;
}

/** The trusted documents' table: the only source of documents run by hash. */
@Injectable()
export class TrustedDocumentRegistry {
  /**
   * Bodies by hash, of registered documents only: a registered hash names one text forever
   * (nothing unregisters one), so a remembered body is never stale. Unknown hashes are not
   * remembered: one registered a moment ago must be found.
   */
  private readonly remembered = new Map<string, string>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The registered document with this hash, or null (for anything that is not a hash too). */
  async bodyOf(hash: unknown): Promise<string | null> {
    if (!isDocumentHash(hash)) return null;
    const known = this.remembered.get(hash);
    if (known !== undefined) return known;
    const [row]: { body: string }[] = await this.db.query(
      'SELECT body FROM trusted_document WHERE sha256 = $1',
      [hash],
    );
    if (!row) return null;
    if (this.remembered.size >= REMEMBERED_DOCUMENTS) {
      this.remembered.delete(this.remembered.keys().next().value!);
    }
    this.remembered.set(hash, row.body);
    return row.body;
  }

  /**
   * Registers checked documents (readManifest), all or none. Registering a document again is
   * nothing; a registered hash whose text differs from the manifest's would mean the table was
   * edited by hand (a hash names one text), and refuses the whole manifest.
   */
  async register(
    documents: readonly ManifestDocument[],
    clientName: string | null,
  ): Promise<Registration> {
    return this.db.transaction(async (manager) => {
      const hashes = documents.map((d) => d.sha256);
      const existing: { sha256: string; body: string }[] = await manager.query(
        'SELECT sha256, body FROM trusted_document WHERE sha256 = ANY($1::text[])',
        [hashes],
      );
      const bodies = new Map(existing.map((row) => [row.sha256, row.body]));
      const altered = documents.filter(
        (d) => bodies.has(d.sha256) && bodies.get(d.sha256) !== d.body,
      );
      if (altered.length) {
        throw new RegistryConflict(
          altered.map(
            (d) =>
              `the registry's document ${d.sha256} (${d.operationName}) is not the text its ` +
              'hash names: the table was changed by hand',
          ),
        );
      }
      const fresh = documents.filter((d) => !bodies.has(d.sha256));
      // A registration running at the same time may insert the same hashes: theirs stand.
      const inserted: { sha256: string }[] = fresh.length
        ? await manager.query(
            `INSERT INTO trusted_document (sha256, body, operation_name, client_name)
             SELECT sha256, body, operation_name, $4
               FROM unnest($1::text[], $2::text[], $3::text[]) AS d(sha256, body, operation_name)
             ON CONFLICT (sha256) DO NOTHING
             RETURNING sha256`,
            [
              fresh.map((d) => d.sha256),
              fresh.map((d) => d.body),
              fresh.map((d) => d.operationName),
              clientName,
            ],
          )
        : [];
      return {
        registered: inserted.length,
        alreadyRegistered: documents.length - inserted.length,
      };
    });
  }
}

/** The registry holds another text under a manifest's hash. */
export class RegistryConflict extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}
