import { column, definePlan } from '../core/graphql/planning/object-plan.js';

/** The fields of Department and Topic a planned statement reads (src/core/graphql/planning). */
export const DEPARTMENT_PLAN = definePlan({
  typeName: 'Department',
  fields: {
    id: column('id'),
    slug: column('slug'),
    name: column('name'),
    description: column('description'),
  },
});

export const TOPIC_PLAN = definePlan({
  typeName: 'Topic',
  fields: { id: column('id'), slug: column('slug'), name: column('name') },
});
