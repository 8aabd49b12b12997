import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import type { UserEntity } from '../identity/user.entity.js';
import { User } from '../identity/user.model.js';
import { UsersService } from '../identity/users.service.js';
import { EmailDeliveriesArgs } from './dto/email-deliveries.args.js';
import { MailTokenArgs } from './dto/mail-token.args.js';
import { EmailDelivery, EmailDeliveryConnection } from './email-delivery.model.js';
import type { EmailDeliveryEntity } from './email-delivery.entity.js';
import { MailService } from './mail.service.js';

@Resolver(() => EmailDelivery)
export class MailResolver {
  constructor(
    private readonly mail: MailService,
    private readonly users: UsersService,
  ) {}

  @Mutation(() => Boolean, {
    description: 'The token from the verification e-mail; no log-in needed.',
  })
  // The token is the credential, as a password is for logIn: the bearer header is not read.
  @Allow(Permission.AUTHENTICATE)
  verifyEmail(@Args() { token }: MailTokenArgs): Promise<boolean> {
    return this.mail.verifyEmail(token);
  }

  @Mutation(() => Boolean, {
    description:
      'Rate-limited. Sends a new verification e-mail to the address of the account; false when it is verified already.',
  })
  @Allow(Permission.SIGNED_IN)
  resendVerificationEmail(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.mail.resendVerificationEmail(viewer);
  }

  @Mutation(() => Boolean, {
    description:
      "The token from an e-mail's unsubscribe link; no log-in needed. Sets that kind (or all, when the link says so) to IN_APP.",
  })
  @Allow(Permission.AUTHENTICATE)
  unsubscribe(@Args() { token }: MailTokenArgs): Promise<boolean> {
    return this.mail.unsubscribe(token);
  }

  @Query(() => EmailDeliveryConnection, {
    description: 'ADMIN only. The e-mail outbox, newest first, and where each mail stands.',
  })
  @Allow(Permission.ADMINISTER)
  emailDeliveries(@Args() args: EmailDeliveriesArgs): Promise<Connection<EmailDeliveryEntity>> {
    return this.mail.list(args);
  }

  @ResolveField(() => User, { nullable: true, description: 'Null when the account was deleted.' })
  recipient(
    @Parent() delivery: EmailDeliveryEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> {
    return this.users.load(ctx.loaders, delivery.recipientId);
  }
}
