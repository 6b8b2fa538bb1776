// Three projects: pure unit suites (node), UI suites (jsdom), real-browser suites (node + Chromium).
// The tests on ../shared/datasets have their own config (jest.datasets.config.js).
const tsJest = ['ts-jest', { tsconfig: { jsx: 'react-jsx', isolatedModules: true } }];
const transform = { '^.+\\.(t|j)sx?$': tsJest };
// office-addin-mock depends on ESM-only strip-bom and uuid: let jest transform them.
const transformIgnorePatterns = ['/node_modules/(?!(.*/)?(strip-bom|uuid)/)'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/test/e2e/',
        '<rootDir>/test/ui/',
        // The public-dataset tests: `npm run test:datasets` (jest.datasets.config.js).
        '<rootDir>/test/datasets/',
      ],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'ui',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/ui/**/*.test.ts?(x)'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
    },
  ],
};
