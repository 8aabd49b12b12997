import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ChildEntity,
  ChildRegistrationEntity,
  ConsentTextEntity,
  GuardianConsentEntity,
} from './child.entity.js';

/**
 * Children and their guardians: a signed-in adult adds their children and registers them for
 * workshops that accept children, consenting to a versioned text (PIPA art. 22-2); withdrawing
 * consent erases the child and keeps only the record of consent.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ChildEntity,
      ConsentTextEntity,
      GuardianConsentEntity,
      ChildRegistrationEntity,
    ]),
  ],
})
export class GuardiansModule {}
