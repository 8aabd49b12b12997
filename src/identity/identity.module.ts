import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ViewerSource } from '../core/auth/viewer.js';
import { AuthModule } from '../core/auth/auth.module.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { byKeys } from '../core/loaders/request-loaders.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { GqlCredentialsGuard, LocalStrategy } from './local.strategy.js';
import { PasswordHasher } from './password-hasher.js';
import { InPersonResidencyVerifier, RESIDENCY_VERIFIER } from './residency-verifier.js';
import { ResidencyFieldsResolver, ResidencyResolver } from './residency.resolver.js';
import { ResidencyService } from './residency.service.js';
import { RefreshTokenEntity, SessionEntity } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { UserEntity } from './user.entity.js';
import { MeResolver } from './me.resolver.js';
import { MeService } from './me.service.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';
import { IdentityViewerSource } from './viewer-source.js';

/**
 * Accounts, sessions and roles, and a person's birth year and verified residency. Global because the auth guard of every module resolves
 * viewers through the ViewerSource it provides.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, SessionEntity, RefreshTokenEntity, DepartmentEntity]),
    AuthModule,
    CatalogModule,
  ],
  providers: [
    PasswordHasher,
    UsersService,
    SessionsService,
    AuthService,
    LocalStrategy,
    GqlCredentialsGuard,
    AuthResolver,
    UsersResolver,
    MeService,
    MeResolver,
    ResidencyService,
    ResidencyResolver,
    ResidencyFieldsResolver,
    // The one way to verify residency today; identity services plug in here (residency-verifier.ts).
    { provide: RESIDENCY_VERIFIER, useClass: InPersonResidencyVerifier },
    { provide: ViewerSource, useClass: IdentityViewerSource },
  ],
  exports: [UsersService, ViewerSource],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    // Every user's public profile is visible; email is filtered by the User.email field.
    this.nodes.register('User', async (ids) =>
      byKeys(ids, await this.users.findByIds(ids), (u) => u.id),
    );
  }
}
