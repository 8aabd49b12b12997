import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ProposalEventKind } from '../../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../../timeline/record-proposal-event.js';
import { ProposalEntity, ProposalTopicEntity } from '../proposal.entity.js';

/**
 * Inserts a proposal straight into the database, for tests that need one to exist (the API's
 * own createProposal is tested over HTTP). Overrides set any column, e.g. status or hidden.
 * It carries the SUBMITTED event createProposal records, so its timeline is never empty.
 */
export async function createProposal(
  db: DataSource,
  authorId: string,
  overrides: Partial<ProposalEntity> & { topicIds?: string[] } = {},
): Promise<ProposalEntity> {
  const { topicIds = [], ...columns } = overrides;
  const tag = randomBytes(3).toString('hex');
  const proposal = await db.getRepository(ProposalEntity).save(
    db.getRepository(ProposalEntity).create({
      title: `제안 ${tag}`,
      body: `시험용 제안 본문입니다 ${tag}.`,
      authorId,
      ...columns,
    }),
  );
  await recordProposalEvent(db.manager, {
    proposalId: proposal.id,
    kind: ProposalEventKind.SUBMITTED,
    actor: { userId: authorId },
    at: proposal.createdAt,
  });
  if (topicIds.length) {
    await db
      .getRepository(ProposalTopicEntity)
      .insert(topicIds.map((topicId) => ({ proposalId: proposal.id, topicId })));
  }
  return proposal;
}
