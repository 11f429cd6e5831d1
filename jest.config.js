/** Jest: swc transpiles (fast, no type-check); `tsc --noEmit` type-checks in `npm test`. */
const esmPackages = ['digest-fetch', 'oauth4webapi', 'ora', 'p-retry', 'is-network-error'];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: {
    '^atlas-encryption-at-rest$': '<rootDir>/lib/core/index.ts',
    '^atlas-encryption-at-rest/(cdk|cdktf|cdk/testing)$': '<rootDir>/lib/$1/index.ts',
    '^atlas-encryption-at-rest/cdk/testing/jest-serializer$': '<rootDir>/lib/cdk/testing/jest-serializer.ts',
  },
  snapshotSerializers: [],
  // Bundles assets/handler and assets/cli when missing or stale (no install-time script does it).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60000,
};
