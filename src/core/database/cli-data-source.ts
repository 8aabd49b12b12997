import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ensureLocalJwtSecret, resolveDatabase } from '../bootstrap.js';
import { validateEnvironment } from '../config/environment.js';
import { dataSourceOptions } from './data-source-options.js';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:generate|run|revert`): the same
 * options as the app, against DATABASE_URL or the embedded Postgres (joining the running
 * server's when there is one).
 */
ensureLocalJwtSecret();
const database = await resolveDatabase(validateEnvironment(process.env));
export default new DataSource(dataSourceOptions(database.url));
