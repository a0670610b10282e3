/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // One real PostgreSQL per run, for the tests that run on both engines (test/pg).
  globalSetup: '<rootDir>/test/pg/globalSetup.ts',
  globalTeardown: '<rootDir>/test/pg/globalTeardown.ts',
};
