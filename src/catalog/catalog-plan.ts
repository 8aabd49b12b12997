import { column, definePlan, nodeId } from '../core/graphql/planning/object-plan.js';

/** The fields of Department and Topic a planned statement reads (src/core/graphql/planning). */
export const DEPARTMENT_PLAN = definePlan({
  typeName: 'Department',
  fields: {
    id: nodeId('Department'),
    slug: column('slug'),
    name: column('name'),
    description: column('description'),
  },
});

export const TOPIC_PLAN = definePlan({
  typeName: 'Topic',
  fields: { id: nodeId('Topic'), slug: column('slug'), name: column('name') },
});
