import { Foundation1795582964237 } from './1795582964237-Foundation.js';
import { ProposalsSupportsComments1795591045567 } from './1795591045567-ProposalsSupportsComments.js';
import { FeedbackLoop1795598594211 } from './1795598594211-FeedbackLoop.js';
import { DepartmentStatsIndexes1795599325462 } from './1795599325462-DepartmentStatsIndexes.js';
import { Workshops1795602463538 } from './1795602463538-Workshops.js';
import { ModerationNotificationsAudit1795606444613 } from './1795606444613-ModerationNotificationsAudit.js';
import { LinearSearchBigrams1795616000000 } from './1795616000000-LinearSearchBigrams.js';
import { ProposalSearchTable1796163200781 } from './1796163200781-ProposalSearchTable.js';
import { ModerationBrigadeDefence1796546927993 } from './1796546927993-ModerationBrigadeDefence.js';
import { ProposalTimeline1796559324168 } from './1796559324168-ProposalTimeline.js';
import { RemindersOversight1796600000000 } from './1796600000000-RemindersOversight.js';
import { EscalationLadders1796700000000 } from './1796700000000-EscalationLadders.js';
import { Reach1796800000000 } from './1796800000000-Reach.js';
import { Budgets1796900000000 } from './1796900000000-Budgets.js';
import { BudgetAudit1796900000001 } from './1796900000001-BudgetAudit.js';
import { OfflineResults1796900000002 } from './1796900000002-OfflineResults.js';
import { ApiClients1796900000003 } from './1796900000003-ApiClients.js';
import { ApiClientAudit1796900000004 } from './1796900000004-ApiClientAudit.js';

/**
 * Every migration, oldest first. Listed by hand rather than found by a glob: a glob makes
 * TypeORM import files at run time, which bundlers and test runners handle badly, and a list
 * makes the order explicit. `npm run migration:generate` writes the file; add it here (a test
 * fails while a migration file is missing from this list).
 */
export const MIGRATIONS = [
  Foundation1795582964237,
  ProposalsSupportsComments1795591045567,
  FeedbackLoop1795598594211,
  DepartmentStatsIndexes1795599325462,
  Workshops1795602463538,
  ModerationNotificationsAudit1795606444613,
  LinearSearchBigrams1795616000000,
  ProposalSearchTable1796163200781,
  ModerationBrigadeDefence1796546927993,
  ProposalTimeline1796559324168,
  RemindersOversight1796600000000,
  EscalationLadders1796700000000,
  Reach1796800000000,
  Budgets1796900000000,
  BudgetAudit1796900000001,
  OfflineResults1796900000002,
  ApiClients1796900000003,
  ApiClientAudit1796900000004,
];
