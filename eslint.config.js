import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';

export default tseslint.config(
  // ide/: generated from custom-elements.json (scripts/ide-data.mjs).
  {
    ignores: [
      'dist/',
      'packages/*/dist/',
      'ide/',
      'node_modules/',
      '.data/',
      'src/locales/*.ts',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Browser tests wait for a condition without a clock: `until` (test/browser/support.ts) waits up to a minute, as a
  // loaded machine may need; @open-wc's `waitUntil` gives up after one second and made tests red under load.
  {
    files: ['test/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@open-wc/testing',
              importNames: ['waitUntil'],
              message: "Use until() from './support.js': it waits for the condition, not for one second.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/components/**/*.ts', 'src/controllers/**/*.ts', 'src/internal/**/*.ts'],
    ...litConfigs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts'],
    ...wcConfigs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts'],
    plugins: { 'lit-a11y': litA11y },
    rules: litA11y.configs.recommended.rules,
  },
);
