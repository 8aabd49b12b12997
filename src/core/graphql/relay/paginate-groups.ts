import DataLoader from 'dataloader';
import type { ObjectLiteral, Repository } from 'typeorm';
import { pageSize, type ConnectionArgs } from './connection.args.js';
import type { Connection } from './connection.model.js';
import { cursorCondition, orderBySql, toConnection, type KeysetOrdering } from './paginate.js';

export interface GroupedPages<T extends ObjectLiteral> {
  repository: Repository<T>;
  /** The alias the ordering's expressions use (`c` for `c.created_at`). */
  alias: string;
  /** The column that names a row's group: `parent_id` for the replies of comments. */
  groupColumn: string;
  /** A further condition on the rows, in the alias (`c.parent_id IS NULL`). */
  where?: string;
  ordering: KeysetOrdering<T>;
  /**
   * Many-to-one relations read in the same statement (`author` for comments: joined by primary
   * key, one row per row), so that a page and its authors cost one statement (issue 8).
   */
  joinRelations?: string[];
  /** Receives the rows read, before they are grouped: to prime the request's loaders. */
  withRows?: (rows: T[]) => void;
}

/**
 * One page of the same connection for many parents at once (the replies of every comment on a
 * page), in one statement: a LATERAL subquery seeks each group's page through its index, so
 * every group costs what one page costs, and N parents cost one query instead of N.
 * totalCount stays lazy and is counted for all groups at once when a client asks for it.
 */
export async function paginateGroups<T extends ObjectLiteral>(
  spec: GroupedPages<T>,
  groupIds: readonly string[],
  args: ConnectionArgs,
): Promise<Connection<T>[]> {
  const { repository, alias, groupColumn, ordering } = spec;
  const first = pageSize(args);
  const table = repository.metadata.tablePath;
  const extra = spec.where ? ` AND ${spec.where}` : '';
  const after = args.after ? cursorCondition(args.after, ordering) : null;
  const orderSql = orderBySql(ordering);
  const groupProperty = repository.metadata.findColumnWithDatabaseName(groupColumn)!.propertyName;

  let rows: T[] = [];
  if (first > 0 && groupIds.length > 0) {
    // The inner alias shadows the outer one, so the ordering's expressions work in both.
    const query = repository.createQueryBuilder(alias).where(
      `${alias}.id IN (SELECT page.id FROM unnest(CAST(:groupIds AS uuid[])) AS g(id)
          CROSS JOIN LATERAL (
            SELECT ${alias}.id FROM ${table} ${alias}
            WHERE ${alias}.${groupColumn} = g.id${extra}${after ? ` AND ${after.sql}` : ''}
            ORDER BY ${orderSql} LIMIT :pageLimit
          ) AS page)`,
      { groupIds: [...groupIds], pageLimit: first + 1, ...after?.params },
    );
    for (const relation of spec.joinRelations ?? [])
      query.leftJoinAndSelect(`${alias}.${relation}`, `${alias}_${relation}`);
    ordering.keys.forEach((key, i) =>
      i === 0
        ? query.orderBy(key.expression, ordering.direction)
        : query.addOrderBy(key.expression, ordering.direction),
    );
    rows = await query.getMany();
    spec.withRows?.(rows);
  }

  const counts = new DataLoader<string, number>(async (ids) => {
    const counted: { group: string; n: number }[] = await repository
      .createQueryBuilder(alias)
      .select(`${alias}.${groupColumn}`, 'group')
      .addSelect('count(*)::int', 'n')
      .where(`${alias}.${groupColumn} IN (:...ids)${extra}`, { ids: [...ids] })
      .groupBy(`${alias}.${groupColumn}`)
      .getRawMany();
    const byGroup = new Map(counted.map((c) => [c.group, c.n]));
    return ids.map((id) => byGroup.get(id) ?? 0);
  });

  return groupIds.map((groupId) =>
    toConnection(
      rows.filter((row) => row[groupProperty] === groupId),
      first,
      args,
      ordering,
      () => counts.load(groupId),
    ),
  );
}
