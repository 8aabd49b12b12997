import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment.js';

/**
 * Configuration through @nestjs/config, validated at start. Services inject `Environment`
 * (typed, with defaults applied) rather than reading process.env.
 */
@Global()
@Module({
  imports: [
    NestConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment, cache: true }),
  ],
  providers: [{ provide: Environment, useFactory: () => validateEnvironment(process.env) }],
  exports: [Environment],
})
export class ConfigModule {}
