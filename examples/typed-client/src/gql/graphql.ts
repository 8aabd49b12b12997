/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ProposalStatus =
  | 'ACCEPTED'
  | 'IMPLEMENTED'
  | 'IN_PROGRESS'
  | 'REJECTED'
  | 'SUBMITTED'
  | 'UNDER_REVIEW'
  | 'WITHDRAWN';

export type ProposalPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ProposalPageQuery = { proposal: { id: string, title: string, body: string, status: ProposalStatus, supportCount: number, viewerHasSupported: boolean, answers: Array<{ body: string, createdAt: string }> } | null };

export type LatestProposalsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type LatestProposalsQuery = { proposals: { nodes: Array<{ id: string, title: string, status: ProposalStatus, supportCount: number, createdAt: string, department: { name: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SupportProposalMutationVariables = Exact<{
  id: string | number;
}>;


export type SupportProposalMutation = { supportProposal: { id: string, supportCount: number, viewerHasSupported: boolean } };


export const ProposalPageDocument = {"__meta__":{"hash":"4d07b615352b202fa54d58de006e9f60a1cf84584e6354997372a7dad5d08e97"}} as unknown as DocumentNode<ProposalPageQuery, ProposalPageQueryVariables>;
export const LatestProposalsDocument = {"__meta__":{"hash":"8076c2bed7de664b732514dd300ea9ff4129ba23601f81445c1b371315feb5c4"}} as unknown as DocumentNode<LatestProposalsQuery, LatestProposalsQueryVariables>;
export const SupportProposalDocument = {"__meta__":{"hash":"8e26e9ac4c296793c3699d953d6c2552d1ca9ee6cfaf07a0df6e3822f9ca049f"}} as unknown as DocumentNode<SupportProposalMutation, SupportProposalMutationVariables>;