import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a row of its own table as `pg` returned it (`RETURNING *`, `SELECT t.*`),
 * converted column by column the way TypeORM converts what it loads. For a write that already
 * has the row in hand, so it need not read it again (supports, issue 8). Relations stay unset,
 * as with `findOneBy`.
 */
export function hydrateRow<T extends ObjectLiteral>(
  db: DataSource,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = db.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!(column.databaseName in row)) continue;
    if (column.embeddedMetadata)
      throw new Error(`hydrateRow: embedded column ${column.propertyPath}`);
    // Plain properties only (authorId, not the author relation, which stays unset).
    (entity as Record<string, unknown>)[column.propertyName] = db.driver.prepareHydratedValue(
      row[column.databaseName],
      column,
    );
  }
  return entity;
}
