import { DepartmentEntity } from '../../catalog/department.entity.js';
import { PhaseEntity, ProcessEntity } from '../../catalog/process.entity.js';
import { TopicEntity } from '../../catalog/topic.entity.js';
import { RefreshTokenEntity, SessionEntity } from '../../identity/session.entity.js';
import { UserEntity } from '../../identity/user.entity.js';
import {
  ProposalEntity,
  ProposalSearchEntity,
  ProposalTopicEntity,
  SupportEntity,
} from '../../proposals/proposal.entity.js';
import { CommentEntity } from '../../comments/comment.entity.js';
import { DepartmentTransferEntity } from '../../feedback/department-transfer.entity.js';
import { AnswerRatingEntity, OfficialAnswerEntity } from '../../feedback/official-answer.entity.js';
import { ProgressUpdateEntity } from '../../feedback/progress-update.entity.js';
import {
  WorkshopEntity,
  WorkshopProposalEntity,
  WorkshopRegistrationEntity,
} from '../../workshops/workshop.entity.js';

import { NotificationEntity } from '../../notifications/notification.entity.js';
import { NotificationPreferenceEntity } from '../../notifications/notification-preference.entity.js';
import { EmailDeliveryEntity } from '../../mail/email-delivery.entity.js';
import { AuditEntryEntity } from '../../audit/audit-entry.entity.js';
import {
  ContentReportEntity,
  ModerationDecisionEntity,
  ModerationItemEntity,
} from '../../moderation/moderation.entities.js';
import { ProposalEventEntity } from '../../timeline/proposal-event.entity.js';
import {
  EscalationCrossingEntity,
  EscalationLadderEntity,
  EscalationRungEntity,
} from '../../escalation/escalation.entities.js';

import { DistrictEntity } from '../../catalog/district.entity.js';
import { BudgetPotEntity, ParticipatoryBudgetEntity } from '../../budgets/budget.entity.js';
import {
  BudgetProjectChangeEntity,
  BudgetProjectEntity,
  BudgetProjectResultEntity,
} from '../../budgets/budget-project.entity.js';
import { BallotChoiceEntity, BallotEntity } from '../../budgets/ballot.entity.js';
import { OfflineTallyEntity, OfflineTallyVoteEntity } from '../../budgets/offline-tally.entity.js';
import {
  PollAnswerChoiceEntity,
  PollAnswerTextEntity,
  PollEntity,
  PollOptionEntity,
  PollQuestionEntity,
  PollResponseEntity,
} from '../../polls/poll.entity.js';
import {
  ChildEntity,
  ChildRegistrationEntity,
  ConsentTextEntity,
  GuardianConsentEntity,
} from '../../guardians/child.entity.js';
import { RoundTableEntity, RoundTableSeatEntity } from '../../round-tables/round-table.entity.js';
import {
  SessionPriorityEntity,
  TableIdeaCorrectionEntity,
  TableIdeaEntity,
} from '../../round-tables/table-idea.entity.js';
import { ApiClientEntity } from '../../api-clients/api-client.entity.js';
import {
  WebhookAttemptEntity,
  WebhookDeliveryEntity,
  WebhookSubscriptionEntity,
} from '../../webhooks/webhook.entity.js';
import { TrustedDocumentEntity } from '../graphql/trusted-documents/trusted-document.entity.js';

/** Every table TypeORM maps; the migrations must match these (a test checks there is no drift). */
export const ENTITIES = [
  DepartmentEntity,
  DistrictEntity,
  ParticipatoryBudgetEntity,
  BudgetPotEntity,
  BudgetProjectEntity,
  BudgetProjectChangeEntity,
  BudgetProjectResultEntity,
  BallotEntity,
  BallotChoiceEntity,
  OfflineTallyEntity,
  OfflineTallyVoteEntity,
  PollEntity,
  PollQuestionEntity,
  PollOptionEntity,
  PollResponseEntity,
  PollAnswerChoiceEntity,
  PollAnswerTextEntity,
  TopicEntity,
  ProcessEntity,
  PhaseEntity,
  UserEntity,
  SessionEntity,
  RefreshTokenEntity,
  ProposalEntity,
  ProposalTopicEntity,
  ProposalSearchEntity,
  SupportEntity,
  CommentEntity,
  DepartmentTransferEntity,
  OfficialAnswerEntity,
  AnswerRatingEntity,
  ProgressUpdateEntity,
  WorkshopEntity,
  WorkshopRegistrationEntity,
  WorkshopProposalEntity,
  RoundTableEntity,
  RoundTableSeatEntity,
  SessionPriorityEntity,
  TableIdeaEntity,
  TableIdeaCorrectionEntity,
  ChildEntity,
  ConsentTextEntity,
  GuardianConsentEntity,
  ChildRegistrationEntity,
  ApiClientEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  WebhookAttemptEntity,
  TrustedDocumentEntity,
  NotificationEntity,
  ContentReportEntity,
  ModerationItemEntity,
  ModerationDecisionEntity,
  AuditEntryEntity,
  ProposalEventEntity,
  EscalationLadderEntity,
  EscalationRungEntity,
  EscalationCrossingEntity,
  NotificationPreferenceEntity,
  EmailDeliveryEntity,
];
