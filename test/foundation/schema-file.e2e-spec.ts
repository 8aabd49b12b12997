import { GraphQLSchemaHost } from '@nestjs/graphql';
import { readFileSync } from 'node:fs';
import { DOMAIN_MODULES } from '../../src/app.module.js';
import { WontakGraphqlModule } from '../../src/core/graphql/graphql.module.js';
import {
  buildSchemaOffline,
  renderSchema,
  SCHEMA_FILE,
} from '../../src/core/graphql/schema-file.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('schema.graphql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is exactly the schema the running server serves (run `npm run build` when this fails)', () => {
    const served = renderSchema(t.app.get(GraphQLSchemaHost).schema);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(served);
  });

  it('is what the build emits without a database', async () => {
    const offline = renderSchema(
      await buildSchemaOffline([WontakGraphqlModule, ...DOMAIN_MODULES]),
    );
    expect(offline).toBe(renderSchema(t.app.get(GraphQLSchemaHost).schema));
  });
});
