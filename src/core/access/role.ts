import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  CITIZEN = 'CITIZEN',
  STAFF = 'STAFF',
  MODERATOR = 'MODERATOR',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, { name: 'Role' });
