import 'reflect-metadata';
import { DOMAIN_MODULES } from '../app.module.js';
import { WontakGraphqlModule } from '../core/graphql/graphql.module.js';
import { buildSchemaOffline, SCHEMA_FILE, writeSchemaFile } from '../core/graphql/schema-file.js';

/** `npm run build` ends here: writes the served schema to schema.graphql. */
const schema = await buildSchemaOffline([WontakGraphqlModule, ...DOMAIN_MODULES]);
console.log(writeSchemaFile(schema) ? `Wrote ${SCHEMA_FILE}` : `${SCHEMA_FILE} is up to date`);
