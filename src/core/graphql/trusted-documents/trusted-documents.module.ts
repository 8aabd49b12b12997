import { Module } from '@nestjs/common';
import { TrustedDocumentRegistry } from './trusted-document.registry.js';

/** The registry of trusted documents, for the GraphQL module's persisted queries and gate. */
@Module({
  providers: [TrustedDocumentRegistry],
  exports: [TrustedDocumentRegistry],
})
export class TrustedDocumentsModule {}
