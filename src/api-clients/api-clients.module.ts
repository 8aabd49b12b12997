import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiClientEntity } from './api-client.entity.js';

/**
 * Third-party clients as first-class citizens: registered by an admin, with scopes, a secret
 * and their own budget; OAuth 2.0 client credentials at POST /oauth/token; proposals taken
 * down for citizens (channel and client on the record). The scope rule itself is in
 * src/core/auth/gql-auth.guard.ts (checkScope).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiClientEntity])],
})
export class ApiClientsModule {}
