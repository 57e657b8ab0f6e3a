// The integration tests: `STACK_NAME=my-stack npm run test:integration` runs
// them against that deployed stack, with your AWS credentials.
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/integration'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': 'ts-jest' },
  testTimeout: 30_000,
};
