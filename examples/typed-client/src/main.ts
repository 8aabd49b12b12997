import { createClient } from './client';
import { LatestProposalsDocument, ProposalPageDocument, SupportProposalDocument } from './gql/graphql';

/**
 * How a front end uses the generated documents: every result below is typed from the schema
 * (`proposal.status` is a ProposalStatus, `department` may be null), and the variables too.
 */
export async function showLatest(execute: ReturnType<typeof createClient>): Promise<string[]> {
  const { proposals } = await execute(LatestProposalsDocument, { first: 10 });
  return proposals.nodes.map(
    (p) => `${p.title} (${p.status}, ${p.supportCount}) ${p.department?.name ?? '미배정'}`,
  );
}

export async function supportFirstOpen(execute: ReturnType<typeof createClient>): Promise<void> {
  const { proposals } = await execute(LatestProposalsDocument, { first: 20 });
  const open = proposals.nodes.find((p) => p.status === 'SUBMITTED' || p.status === 'UNDER_REVIEW');
  if (!open) return;
  const { proposal } = await execute(ProposalPageDocument, { id: open.id });
  if (proposal && !proposal.viewerHasSupported) {
    await execute(SupportProposalDocument, { id: proposal.id });
  }
}
