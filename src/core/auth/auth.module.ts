import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { Environment } from '../config/environment.js';
import { ConnectionAuthenticator } from './connection-authenticator.js';
import { GqlAuthGuard } from './gql-auth.guard.js';
import { accessTokenKey, JwtStrategy } from './jwt.strategy.js';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        secret: accessTokenKey(env.JWT_SECRET!) as unknown as string,
        signOptions: { algorithm: 'HS256', expiresIn: env.ACCESS_TOKEN_TTL_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [JwtStrategy, ConnectionAuthenticator, { provide: APP_GUARD, useClass: GqlAuthGuard }],
  exports: [JwtModule, ConnectionAuthenticator],
})
export class AuthModule {}
