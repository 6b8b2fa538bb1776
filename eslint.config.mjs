import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Host and platform APIs that core/ must never touch: dependencies point inward.
const hostGlobals = [
  'Office',
  'Excel',
  'CustomFunctions',
  'SpreadsheetApp',
  'HtmlService',
  'PropertiesService',
  'google',
  'window',
  'document',
  'navigator',
  'process',
  'require',
  'Buffer',
  'fetch',
  'XMLHttpRequest',
].map((name) => ({ name, message: 'core/ is host-neutral: pass what you need in.' }));

// Where the adapters and the UI may not reach: the engine's and the application's files.
// Their index files too (core/engine, core/app): the front door is core/index.ts.
const innerFiles = (message) => ({
  group: ['**/core/engine', '**/core/engine/*', '**/core/app', '**/core/app/*'],
  message,
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...hostGlobals],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/excel-addin/**',
                '**/sheets-addon/**',
                '**/ui/**',
                '**/cli/**',
                '**/web/**',
              ],
              message: 'core/ depends on nothing outside core/.',
            },
            {
              group: [
                'react',
                'react-dom',
                '@fluentui/*',
                'node:*',
                'fs',
                'path',
                'exceljs',
                'papaparse',
              ],
              message: 'core/ is pure TypeScript.',
            },
          ],
        },
      ],
    },
  },
  {
    // The adapters reach core through its front door (core/index.ts) and its
    // domain modules, never the engine's or the application's inner files:
    // those can move without touching a host (docs/architecture.md).
    files: [
      'excel-addin/**/*.{ts,tsx}',
      'sheets-addon/**/*.{ts,tsx}',
      'web/**/*.{ts,tsx}',
      'cli/**/*.{ts,tsx}',
      'files/**/*.{ts,tsx}',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            innerFiles(
              'Adapters import core through its front door (core/index.ts), not engine or application files.',
            ),
          ],
        },
      ],
    },
  },
  {
    // The shared UI (ui/) is bundled into every host's task pane, the Sheets sidebar
    // included: it takes engine and application names from its own narrow door,
    // core/for-ui.ts, neither their files nor the front door (which would pull engine
    // code the UI never runs into the sidebar bundle).
    files: ['ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            innerFiles(
              'ui/ imports engine and application names through core/for-ui.ts, not their files.',
            ),
            {
              regex: '^(\\.\\./)+core(/index)?$',
              message:
                'ui/ imports through core/for-ui.ts, not the front door (core/index.ts pulls the engine into the sidebar bundle).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
