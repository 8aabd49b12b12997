import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { DemoSeeder } from './demo-seeder.js';

@Module({
  imports: [CatalogModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class SeedModule {}
