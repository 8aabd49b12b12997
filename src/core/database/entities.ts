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

/** Every table TypeORM maps; the migrations must match these (a test checks there is no drift). */
export const ENTITIES = [
  DepartmentEntity,
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
