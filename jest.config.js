/**
 * Jest on native ESM (`node --experimental-vm-modules`), TypeScript compiled by SWC with
 * decorator metadata (what Nest, TypeORM and code-first GraphQL read).
 * Unit tests sit beside the code (src/**\/*.spec.ts); end-to-end tests drive the API over HTTP
 * against real Postgres (test/**\/*.e2e-spec.ts), each file in a database of its own.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/setup/env.mjs'],
  maxWorkers: 2,
  testTimeout: 30_000,
};
