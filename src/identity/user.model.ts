import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Role } from '../core/access/role.js';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { UserEntity } from './user.entity.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { TEXT_CHARS } from '../core/graphql/cost-model.js';

/**
 * The public face of a user. Deliberately separate from UserEntity: the password hash has no
 * field here, and `email` and `department` are resolved with their visibility rules.
 */
@ObjectType('User', { implements: () => [Node] })
export class User implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(TEXT_CHARS.displayName)
  displayName: string;

  @Field(() => Role)
  role: Role;

  /** Resolved by UsersResolver.suspendedUntil: not everyone may see it. */
  @Field(() => Date, {
    nullable: true,
    description:
      'Until when the user may not write. Only the user themself, moderators and admins see this; null for everyone else.',
  })
  suspendedUntil: Date | null;

  @Field()
  createdAt: Date;
}
registerNodeType(UserEntity, 'User');

@ObjectType()
export class UserConnection extends ConnectionType(User) {}

@ObjectType()
export class AuthPayload {
  @Field()
  @MaxChars(TEXT_CHARS.token)
  accessToken: string;

  @Field({
    description:
      'Single use: each refreshSession returns a new one; reusing a spent one revokes the whole session family.',
  })
  @MaxChars(TEXT_CHARS.token)
  refreshToken: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn: number;

  @Field(() => User)
  user: UserEntity;
}
