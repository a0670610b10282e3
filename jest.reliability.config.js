/** The reliability suite (`npm run test:reliability`): the service as a real process under load, crashes, failing
 * dependencies and hostile input. Kept out of `npm test`; one scenario file at a time, each bounded in time. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/reliability'],
  testMatch: ['**/*.rel.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  maxWorkers: 1,
  testTimeout: 240000,
  verbose: true,
};
