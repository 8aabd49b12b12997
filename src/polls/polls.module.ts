import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { WorkshopsModule } from '../workshops/workshops.module.js';
import {
  PollAnswerChoiceEntity,
  PollAnswerTextEntity,
  PollEntity,
  PollOptionEntity,
  PollQuestionEntity,
  PollResponseEntity,
} from './poll.entity.js';
import {
  PollOptionResolver,
  PollQuestionResolver,
  PollsResolver,
  ProcessPollsResolver,
  WorkshopPollsResolver,
} from './polls.resolver.js';
import { PollsService } from './polls.service.js';

/**
 * Polls of a process or a workshop (issue 18): questions of single choice, multiple choice or
 * free text, one response per eligible user (replaced when they answer again), results public
 * once closed or live. Who may do what is in poll-access.ts; eligibility is budgets'
 * (../budgets/eligibility.ts), the same rules for both kinds of vote.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      PollEntity,
      PollQuestionEntity,
      PollOptionEntity,
      PollResponseEntity,
      PollAnswerChoiceEntity,
      PollAnswerTextEntity,
    ]),
    CatalogModule,
    WorkshopsModule,
  ],
  providers: [
    PollsService,
    PollsResolver,
    PollQuestionResolver,
    PollOptionResolver,
    ProcessPollsResolver,
    WorkshopPollsResolver,
  ],
  exports: [PollsService],
})
export class PollsModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly polls: PollsService,
  ) {}

  onModuleInit(): void {
    // Polls are public; their counts and free texts are guarded by their own fields.
    this.nodes.register('Poll', (ids, ctx) =>
      Promise.all(ids.map((id) => this.polls.load(ctx.loaders, id))),
    );
  }
}
