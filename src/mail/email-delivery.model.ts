import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MaxChars } from '../core/graphql/cost-model.js';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { EmailDeliveryState, EmailPurpose } from './email-delivery-state.js';
import { EmailDeliveryEntity } from './email-delivery.entity.js';

registerEnumType(EmailPurpose, {
  name: 'EmailPurpose',
  description: 'What an e-mail row is for.',
  valuesMap: {
    NOTIFICATION: { description: 'One notification, sent at once (EMAIL_NOW).' },
    DIGEST_ITEM: {
      description:
        "One notification in a person's daily digest (EMAIL_DIGEST): its state is its digest's.",
    },
    DIGEST: { description: "One person's daily digest mail." },
    VERIFICATION: { description: 'The link that proves an address.' },
  },
});

/** An admin's view of one row of the mail outbox. */
@ObjectType('EmailDelivery', {
  implements: () => [Node],
  description: 'ADMIN only. One e-mail of the outbox and where it stands.',
})
export class EmailDelivery implements Node {
  @NodeIdField()
  id: string;

  @Field(() => EmailPurpose)
  purpose: EmailPurpose;

  @Field(() => EmailDeliveryState)
  state: EmailDeliveryState;

  @Field(() => Int, { description: 'Times it was handed to the mail server.' })
  attempts: number;

  @Field(() => String, {
    nullable: true,
    description: 'The last refusal or failure, as the mail server or the network said it.',
  })
  @MaxChars(500)
  lastError: string | null;

  @Field(() => Date, { description: 'When it is (or was) next tried.' })
  nextAttemptAt: Date;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;

  @Field()
  createdAt: Date;
}
registerNodeType(EmailDeliveryEntity, 'EmailDelivery');

@ObjectType()
export class EmailDeliveryConnection extends ConnectionType(EmailDelivery) {}
