// `npm run test:datasets`: the tests on the public datasets beside the clone
// (../shared/datasets), kept out of `npm test` so a fresh clone passes alone.
// Without the folder this run fails (never skips) and says what is missing.
const { existsSync } = require('fs');
const path = require('path');
const base = require('./jest.config.js');

const DATASETS = path.resolve(__dirname, '..', 'shared', 'datasets');
if (!existsSync(DATASETS)) {
  throw new Error(
    `npm run test:datasets needs the public datasets at ${DATASETS} (../shared/datasets beside the clone); ` +
      'the folder is missing, so no dataset test can run. `npm test` does not need it.',
  );
}

const unit = base.projects.find((p) => p.displayName === 'unit');

module.exports = {
  projects: [
    {
      ...unit,
      displayName: 'datasets',
      testMatch: ['<rootDir>/test/datasets/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
  ],
};
