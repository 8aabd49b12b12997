import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { UseGuards } from '@nestjs/common';
import { Allow, Permission } from '../core/access/permissions.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { AuthService, type AuthResult } from './auth.service.js';
import { LogInInput, SignUpInput } from './dto/auth.inputs.js';
import { credentialsUser, GqlCredentialsGuard } from './local.strategy.js';
import { AuthPayload } from './user.model.js';

@Resolver()
@Allow(Permission.AUTHENTICATE)
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload)
  signUp(@Args('input') input: SignUpInput): Promise<AuthResult> {
    return this.auth.signUp(input);
  }

  @Mutation(() => AuthPayload)
  @UseGuards(GqlCredentialsGuard)
  logIn(@Args('input') _input: LogInInput, @Context() ctx: RequestContext): Promise<AuthResult> {
    return this.auth.startSession(credentialsUser(ctx));
  }

  @Mutation(() => AuthPayload)
  refreshSession(@Args('refreshToken') refreshToken: string): Promise<AuthResult> {
    return this.auth.refresh(refreshToken);
  }

  @Mutation(() => Boolean, {
    description: 'Ends the session family of the token. False when it was not active.',
  })
  logOut(@Args('refreshToken') refreshToken: string): Promise<boolean> {
    return this.auth.logOut(refreshToken);
  }
}
