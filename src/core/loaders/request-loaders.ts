import DataLoader from 'dataloader';

/** Names a kind of loader; one instance of each kind is made per request, on first use. */
export class LoaderKey<K, V> {
  constructor(readonly name: string) {}
  // Phantom fields keep K and V in the type.
  declare readonly _k?: K;
  declare readonly _v?: V;
}

/**
 * The DataLoaders of one request: each field resolver that reads related rows asks for a
 * loader by key, so the N parents of a list cost one query, not N.
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /**
   * The request's loader of this kind. `variant` separates loaders of one kind that batch under
   * different arguments (the replies of many comments, first 5 after cursor X).
   */
  get<K, V>(
    key: LoaderKey<K, V>,
    batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
    variant = '',
  ): DataLoader<K, V> {
    const name = `${key.name}\u0000${variant}`;
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 500 });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Groups `rows` by key, in the order of `keys`, with [] for a key without rows (rows keep their order). */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

/** Orders `rows` to match `keys`, with null where a key has no row: the DataLoader contract. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/**
 * The last `max` of `rows` (the most recent, for lists kept oldest first): what a plain list
 * field returns at most, as its @MaxItems tells the cost model.
 */
export function lastItems<T>(rows: T[], max: number): T[] {
  return rows.length > max ? rows.slice(rows.length - max) : rows;
}

/** The first `max` of `rows` (the most recent, for lists kept newest first). */
export function firstItems<T>(rows: T[], max: number): T[] {
  return rows.length > max ? rows.slice(0, max) : rows;
}
