// Layer rules from ARCHITECTURE.md, enforced here and by the per-layer tsconfigs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const uiModules = ['electron', 'react', 'react-dom', 'react-dom/*', '@xyflow/react', 'zustand', 'zustand/*'];
const nodeOnly = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'child_process',
  'os',
  'http',
  'net',
  'dockerode',
  'execa',
  'ws',
  '@kubernetes/client-node',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      '.tsbuild/**',
      'test-results/**',
      'playwright-report/**',
      'apps/**/*.py',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/**/*.ts', 'scenarios/**/*.ts', 'lab-clusters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: uiModules, message: 'core and scenarios never import Electron or UI code.' }] },
      ],
    },
  },
  {
    files: ['core/contract/**/*.ts', 'core/graph/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...uiModules, ...nodeOnly],
              message: 'contract and graph are pure: shared with the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['core/sim/**/*.ts', 'scenarios/**/*.ts'],
    ignores: ['**/*.test.ts', 'core/sim/api/**', 'core/sim/serve/**'],
    rules: {
      // Time is injected: the simulator and scenarios read the Clock and the seeded RNG.
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Read the injected Clock.' },
        { object: 'Math', property: 'random', message: 'Use the seeded RNG.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Schedule on the injected Clock.' },
        { name: 'setInterval', message: 'Schedule on the injected Clock.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'The renderer is a web page: go through the contract.' },
            { group: ['electron'], message: 'Only electron/ imports electron.' },
            {
              group: [
                '**/core/*',
                '!**/core/contract',
                '!**/core/contract/*',
                '!**/core/graph',
                '!**/core/graph/*',
              ],
              message: 'The renderer may import only core/contract and core/graph.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/*', '!**/core/contract', '!**/core/contract/*'],
              message: 'The preload knows only the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.ts', 'bin/**', 'scripts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron'], message: 'Only electron/ imports electron.' }] },
      ],
    },
  },
);
