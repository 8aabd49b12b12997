import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/**
 * What a client selected on one object type, read from the document the way graphql-js
 * executes it (fragments spread, @skip and @include applied), merged by field name: the
 * planners (planning/object-plan.ts) build SQL from it.
 *
 * Planned objects carry their values under the field's name, not the response key, so a field
 * asked for twice under two aliases must mean the same thing: with other arguments it is
 * Unplannable, and the request takes the resolvers' way, which serves every document.
 */
export interface SelectedField {
  name: string;
  /** The field's arguments, coerced as graphql-js coerces them (variables substituted). */
  args: Record<string, unknown>;
  /** The selection sets under the field, one per place the field was selected. */
  selections: SelectionSetNode[];
  definition: GraphQLField<unknown, unknown>;
}

export type Selection = Map<string, SelectedField>;

/** Thrown while planning when a selection is not one the planner serves; never reaches a client. */
export class Unplannable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unplannable';
  }
}

/** The document's context a selection is read in. */
export interface SelectionContext {
  fragments: GraphQLResolveInfo['fragments'];
  variables: GraphQLResolveInfo['variableValues'];
}

export function selectionContext(info: GraphQLResolveInfo): SelectionContext {
  return { fragments: info.fragments, variables: info.variableValues };
}

/** The fields selected on `type` by `sets`, merged by name; Unplannable when they disagree. */
export function selectedFields(
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  ctx: SelectionContext,
): Selection {
  const fields: Selection = new Map();
  const interfaces = new Set(type.getInterfaces().map((i) => i.name));
  const visit = (set: SelectionSetNode, depth: number) => {
    if (depth > 20) throw new Unplannable('fragments nested too deep');
    for (const node of set.selections) {
      if (!included(node, ctx)) continue;
      if (node.kind === Kind.FIELD) {
        add(fields, type, node, ctx);
        continue;
      }
      const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : ctx.fragments[node.name.value];
      if (!fragment) throw new Unplannable('unknown fragment');
      const on = fragment.typeCondition?.name.value;
      if (on !== undefined && on !== type.name && !interfaces.has(on))
        throw new Unplannable(`fragment on ${on}`);
      visit(fragment.selectionSet, depth + 1);
    }
  };
  for (const set of sets) visit(set, 0);
  return fields;
}

/** The fields selected under `field`, whose type (list or not) is an object type. */
export function childFields(field: SelectedField, ctx: SelectionContext): Selection {
  const type = getNamedType(field.definition.type);
  if (!isObjectType(type)) throw new Unplannable(`${field.name} is not an object`);
  return selectedFields(type, field.selections, ctx);
}

function add(fields: Selection, type: GraphQLObjectType, node: FieldNode, ctx: SelectionContext) {
  const name = node.name.value;
  if (name === '__typename') return; // answered by graphql-js from the type, never a resolver
  const definition = type.getFields()[name];
  if (!definition) throw new Unplannable(`${type.name}.${name} is not a field`);
  const args = getArgumentValues(definition, node, ctx.variables);
  const existing = fields.get(name);
  if (existing) {
    if (!sameArguments(existing.args, args))
      throw new Unplannable(`${type.name}.${name} asked for with other arguments`);
    if (node.selectionSet) existing.selections.push(node.selectionSet);
    return;
  }
  fields.set(name, {
    name,
    args,
    selections: node.selectionSet ? [node.selectionSet] : [],
    definition,
  });
}

function sameArguments(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** @skip and @include as graphql-js applies them; any other directive is not planned. */
function included(node: SelectionSetNode['selections'][number], ctx: SelectionContext): boolean {
  if (!node.directives?.length) return true;
  for (const directive of node.directives) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') throw new Unplannable(`@${name}`);
  }
  const skip = getDirectiveValues(GraphQLSkipDirective, node, ctx.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, ctx.variables);
  return include?.if !== false;
}
