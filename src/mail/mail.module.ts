import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Role } from '../core/access/role.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { DigestSweep } from './digest-sweep.js';
import { EmailDeliveryEntity } from './email-delivery.entity.js';
import { MailDeliverer } from './mail-deliverer.js';
import { MailLinks } from './mail-links.js';
import { MailTransport } from './mail-transport.js';
import { MailResolver } from './mail.resolver.js';
import { MailService } from './mail.service.js';
import { UnsubscribeController } from './unsubscribe.controller.js';

/** What sends mail: the transport, the links and their tokens, the deliverer, the digests. */
const SENDING = [MailTransport, MailLinks, MailDeliverer, DigestSweep];

/**
 * E-mail: the outbox (email_delivery, written by notify() and queueVerificationEmail in their
 * callers' transactions) sent by the deliverer and the daily digest from the job queue;
 * verifyEmail, resendVerificationEmail, unsubscribe (and its one-click POST), and the admins'
 * emailDeliveries.
 */
@Module({
  imports: [TypeOrmModule.forFeature([EmailDeliveryEntity])],
  providers: [...SENDING, MailService, MailResolver],
  controllers: [UnsubscribeController],
  exports: [MailDeliverer, DigestSweep, MailTransport, MailLinks],
})
export class MailModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly mail: MailService,
  ) {}

  onModuleInit(): void {
    // The outbox names people and their addresses' fate: admins only.
    this.nodes.register('EmailDelivery', (ids, ctx) =>
      ctx.req.viewer?.role === Role.ADMIN
        ? Promise.all(ids.map((id) => this.mail.load(ctx.loaders, id)))
        : Promise.resolve(ids.map(() => null)),
    );
  }
}

/** The sending alone, for the worker process (no GraphQL there). */
@Module({ providers: SENDING })
export class MailJobsModule {}
