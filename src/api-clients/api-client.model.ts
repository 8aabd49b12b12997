import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars } from '../core/graphql/cost-model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { ApiClientEntity } from './api-client.entity.js';
import { API_CLIENT_LIMITS } from './dto/api-clients.inputs.js';

/** A client's cost budget as it stands now (RateLimits: the `cost` bucket, per client). */
@ObjectType('ApiClientUsage')
export class ApiClientUsage {
  @Field(() => Int)
  windowSeconds: number;

  @Field(() => Int, { description: 'Cost charged in the current window.' })
  costUsed: number;

  @Field(() => Int, { description: 'Its budget per window: its own, else the city default.' })
  costLimit: number;
}

/**
 * An API client. Its name, clientId, department and createdAt are public (they say who took a
 * proposal down: Proposal.submittedVia); ownerContact, scopes, revokedAt and usage are for
 * admins and the client itself (api-client-access.ts), FORBIDDEN for anyone else.
 */
@ObjectType('ApiClient', {
  implements: () => [Node],
  description:
    'A third-party client (kiosk, call centre, data desk) with its own account, scopes and budget. name, clientId, department and createdAt are public; ownerContact, scopes, revokedAt and usage are for ADMIN and the client itself (FORBIDDEN otherwise). node(id): ADMIN and the client itself.',
})
export class ApiClient implements Node {
  @NodeIdField()
  id: string;

  @Field({ description: 'The OAuth client_id.' })
  @MaxChars(40)
  clientId: string;

  @Field()
  @MaxChars(API_CLIENT_LIMITS.name[1])
  name: string;

  @Field()
  createdAt: Date;
}
registerNodeType(ApiClientEntity, 'ApiClient');

/** A client with its secret, right after it was made or its secret rotated. */
@ObjectType('ApiClientSecret')
export class ApiClientSecret {
  @Field(() => ApiClient)
  client: ApiClientEntity;

  @Field({ description: 'Shown once.' })
  @MaxChars(64)
  clientSecret: string;
}
