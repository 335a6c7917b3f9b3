// Tests are TypeScript compiled by `npm run build` (tsc) into dist/; jest runs the
// compiled ES modules directly, with no transform step.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/test'],
  testMatch: ['**/*.test.js'],
  transform: {},
  testTimeout: 60000,
};
