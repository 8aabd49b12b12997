import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A GraphQL document the city's own front ends registered ahead of time (npm run cli --
 * documents:register), by the SHA-256 of its text: clients may send only the hash (Apollo's
 * persisted-query protocol), and with TRUSTED_DOCUMENTS_ONLY people may run only these.
 */
@Entity('trusted_document')
export class TrustedDocumentEntity {
  /** Lower-case hex SHA-256 of `body`, as Apollo's manifests and clients compute it. */
  @PrimaryColumn({ type: 'text' })
  sha256: string;

  @Column({ type: 'text' })
  body: string;

  /** The operation's name in the manifest, for people reading the table. */
  @Column({ type: 'text', nullable: true })
  operationName: string | null;

  /** Which front end registered it (the manifest's file name, or --client). */
  @Column({ type: 'text', nullable: true })
  clientName: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  registeredAt: Date;
}
