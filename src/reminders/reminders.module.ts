import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { OversightResolver } from './oversight.resolver.js';
import { OversightService } from './oversight.service.js';
import { ReminderSweeps } from './reminder-sweeps.js';

/** Reminders before and after answers fall due, the oversight department, workshop reminders. */
@Module({
  imports: [TypeOrmModule.forFeature([DepartmentEntity, ProposalEntity])],
  providers: [ReminderSweeps, OversightService, OversightResolver],
  exports: [ReminderSweeps, OversightService],
})
export class RemindersModule {}

/** The sweeps alone, for the worker process (no GraphQL there). */
@Module({ providers: [ReminderSweeps] })
export class ReminderJobsModule {}
