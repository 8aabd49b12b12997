import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule } from '../core/config/config.module.js';
import { DatabaseModule } from '../core/database/database.module.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { DepartmentsService } from '../catalog/departments.service.js';
import { PasswordHasher } from '../identity/password-hasher.js';
import { UserEntity } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';

/**
 * What the operator commands need, and nothing of the HTTP side: the same services the API
 * uses, so an account made here obeys the same rules as one made through signUp.
 */
@Module({})
export class CliModule {
  static forUrl(url: string): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule,
        DatabaseModule.forUrl(url),
        TypeOrmModule.forFeature([UserEntity, DepartmentEntity]),
      ],
      providers: [PasswordHasher, UsersService, DepartmentsService],
    };
  }
}
