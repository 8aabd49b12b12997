import type { EntityManager } from 'typeorm';

/**
 * The database's clock at this moment (clock_timestamp(), not the transaction's start): the one
 * clock every instance shares, so records written under a lock are dated in the order they
 * were really written.
 */
export async function databaseNow(manager: EntityManager): Promise<Date> {
  const [{ now }] = (await manager.query('SELECT clock_timestamp() AS now')) as [{ now: Date }];
  return now;
}
