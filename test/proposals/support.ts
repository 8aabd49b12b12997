import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import type { GraphqlResponse, TestApp } from '../helpers/test-app.js';

/** Shared documents and tools of the proposal end-to-end tests (not a test file itself). */

export const PROPOSAL_FIELDS = `id title body status supportCount commentCount viewerHasSupported hidden progress
  responseDueAt createdAt updatedAt
  author { id displayName } process { id slug } department { id } topics { id slug }
  location { address latitude longitude }`;

export const CREATE = `mutation Create($input: CreateProposalInput!) { createProposal(input: $input) { ${PROPOSAL_FIELDS} } }`;
export const UPDATE = `mutation Update($input: UpdateProposalInput!) { updateProposal(input: $input) { ${PROPOSAL_FIELDS} } }`;
export const WITHDRAW = `mutation Withdraw($id: ID!) { withdrawProposal(id: $id) { id status } }`;
export const SUPPORT = `mutation Support($id: ID!) { supportProposal(id: $id) { id supportCount viewerHasSupported } }`;
export const UNSUPPORT = `mutation Unsupport($id: ID!) { unsupportProposal(id: $id) { id supportCount viewerHasSupported } }`;
export const PROPOSAL = `query One($id: ID!) { proposal(id: $id) { ${PROPOSAL_FIELDS} } }`;
export const LIST = `query List($first: Int, $after: String, $filter: ProposalFilter, $orderBy: ProposalOrder) {
  proposals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title supportCount commentCount } }
  }
}`;

export const gid = (type: string, id: string) => toGlobalId(type, id);
export const proposalId = (id: string) => toGlobalId('Proposal', id);

export async function proposalRow(
  t: TestApp,
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const rows: Record<string, unknown>[] = await t.db.query('SELECT * FROM proposal WHERE id = $1', [
    id,
  ]);
  return rows[0];
}

export async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params);
  return rows[0]!.n;
}

/** The ids (global) of every page of a list, following endCursor until the end. */
export async function walk(
  t: TestApp,
  variables: Record<string, unknown>,
  token: string | null = null,
  between?: (page: number) => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const res: GraphqlResponse = await t.gql(LIST, { ...variables, after }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const connection: {
      edges: { node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    } = res.data.proposals;
    ids.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
    if (!connection.pageInfo.hasNextPage) return ids;
    after = connection.pageInfo.endCursor;
    if (between) await between(page);
  }
  throw new Error('the list never ended');
}
