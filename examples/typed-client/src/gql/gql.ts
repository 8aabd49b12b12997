/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ProposalPage($id: ID!) {\n  proposal(id: $id) {\n    id\n    title\n    body\n    status\n    supportCount\n    viewerHasSupported\n    answers {\n      body\n      createdAt\n    }\n  }\n}": typeof types.ProposalPageDocument,
    "query LatestProposals($first: Int!, $after: String) {\n  proposals(first: $first, after: $after) {\n    nodes {\n      id\n      title\n      status\n      supportCount\n      createdAt\n      department {\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.LatestProposalsDocument,
    "mutation SupportProposal($id: ID!) {\n  supportProposal(id: $id) {\n    id\n    supportCount\n    viewerHasSupported\n  }\n}": typeof types.SupportProposalDocument,
};
const documents: Documents = {
    "query ProposalPage($id: ID!) {\n  proposal(id: $id) {\n    id\n    title\n    body\n    status\n    supportCount\n    viewerHasSupported\n    answers {\n      body\n      createdAt\n    }\n  }\n}": types.ProposalPageDocument,
    "query LatestProposals($first: Int!, $after: String) {\n  proposals(first: $first, after: $after) {\n    nodes {\n      id\n      title\n      status\n      supportCount\n      createdAt\n      department {\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.LatestProposalsDocument,
    "mutation SupportProposal($id: ID!) {\n  supportProposal(id: $id) {\n    id\n    supportCount\n    viewerHasSupported\n  }\n}": types.SupportProposalDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ProposalPage($id: ID!) {\n  proposal(id: $id) {\n    id\n    title\n    body\n    status\n    supportCount\n    viewerHasSupported\n    answers {\n      body\n      createdAt\n    }\n  }\n}"): (typeof documents)["query ProposalPage($id: ID!) {\n  proposal(id: $id) {\n    id\n    title\n    body\n    status\n    supportCount\n    viewerHasSupported\n    answers {\n      body\n      createdAt\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LatestProposals($first: Int!, $after: String) {\n  proposals(first: $first, after: $after) {\n    nodes {\n      id\n      title\n      status\n      supportCount\n      createdAt\n      department {\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query LatestProposals($first: Int!, $after: String) {\n  proposals(first: $first, after: $after) {\n    nodes {\n      id\n      title\n      status\n      supportCount\n      createdAt\n      department {\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SupportProposal($id: ID!) {\n  supportProposal(id: $id) {\n    id\n    supportCount\n    viewerHasSupported\n  }\n}"): (typeof documents)["mutation SupportProposal($id: ID!) {\n  supportProposal(id: $id) {\n    id\n    supportCount\n    viewerHasSupported\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;