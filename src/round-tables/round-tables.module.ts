import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoundTableEntity, RoundTableSeatEntity } from './round-table.entity.js';
import {
  SessionPriorityEntity,
  TableIdeaCorrectionEntity,
  TableIdeaEntity,
} from './table-idea.entity.js';

/**
 * Round tables: what happens in the room enters the record. Tables with facilitators and seats,
 * ideas and dots entered with their provenance, duplicates merged, priorities ranked, published
 * and carried on as proposals.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      RoundTableEntity,
      RoundTableSeatEntity,
      TableIdeaEntity,
      TableIdeaCorrectionEntity,
      SessionPriorityEntity,
    ]),
  ],
})
export class RoundTablesModule {}
