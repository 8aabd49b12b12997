import { Foundation1795582964237 } from './1795582964237-Foundation.js';

/**
 * Every migration, oldest first. Listed by hand rather than found by a glob: a glob makes
 * TypeORM import files at run time, which bundlers and test runners handle badly, and a list
 * makes the order explicit. `npm run migration:generate` writes the file; add it here (a test
 * fails while a migration file is missing from this list).
 */
export const MIGRATIONS = [Foundation1795582964237];
