import { column, definePlan, nodeId, timestamp } from '../core/graphql/planning/object-plan.js';

/**
 * The fields of User a planned statement reads (src/core/graphql/planning): the public ones
 * that are plain columns. Those with a visibility rule (email, suspendedUntil, department,
 * birthYear...) are not here, so a document selecting them takes the resolvers' way.
 */
export const USER_PLAN = definePlan({
  typeName: 'User',
  fields: {
    id: nodeId('User'),
    displayName: column('display_name'),
    role: column('role'),
    createdAt: timestamp('created_at'),
  },
});
