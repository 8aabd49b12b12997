import { TypeMetadataStorage } from '@nestjs/graphql';
import { DOMAIN_MODULES } from '../../src/app.module.js';
import { PERMISSION_KEY } from '../../src/core/access/permissions.js';
import { WontakGraphqlModule } from '../../src/core/graphql/graphql.module.js';
import { buildSchemaOffline } from '../../src/core/graphql/schema-file.js';

/**
 * Deny by default: the guard refuses a root field without @Allow at run time; this test makes
 * a forgotten @Allow fail in CI before anyone can hit it.
 */
describe('every root field declares a permission', () => {
  it('has @Allow on the method or its resolver class', async () => {
    // Root-field metadata is collected lazily, when a schema is built.
    await buildSchemaOffline([WontakGraphqlModule, ...DOMAIN_MODULES]);
    const rootFields = [
      ...TypeMetadataStorage.getQueriesMetadata(),
      ...TypeMetadataStorage.getMutationsMetadata(),
      ...TypeMetadataStorage.getSubscriptionsMetadata(),
    ];
    expect(rootFields.length).toBeGreaterThan(10);
    const undeclared = rootFields
      .filter((field) => {
        const target = field.target as { prototype: Record<string, unknown> };
        const method = target.prototype[field.methodName] as object;
        return (
          !Reflect.getMetadata(PERMISSION_KEY, method) &&
          !Reflect.getMetadata(PERMISSION_KEY, target)
        );
      })
      .map((field) => `${(field.target as { name: string }).name}.${field.methodName}`);
    expect(undeclared).toEqual([]);
  });
});
