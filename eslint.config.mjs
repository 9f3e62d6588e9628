// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import prettier from 'eslint-config-prettier';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);

/**
 * The layers, lowest first (README.md, "Layers"): a folder imports only from its own layer's
 * folder and from the layers below it. The callers at the top (cli, scripts, bench, test,
 * simulators) may import anything below them and nothing imports them.
 */
const LAYERS = [
  ['domain'],
  ['config', 'crypto'],
  ['connectors'],
  ['db'],
  ['activities'],
  ['workflows'],
  ['temporal'],
  ['runtime'],
  ['worker', 'api'],
];
const TOP = ['cli', 'scripts', 'bench', 'test', 'simulators'];

/** Import patterns a folder may not use: the layers above it, and the other folders of its own layer. */
function reachingUp(folder) {
  const level = LAYERS.findIndex((layer) => layer.includes(folder));
  const forbidden = [...LAYERS[level].filter((other) => other !== folder), ...LAYERS.slice(level + 1).flat(), ...TOP];
  return forbidden.map((other) => ({
    // Relative imports only: packages such as @temporalio/worker share the folder names.
    regex: `^(\\.\\./)+${other}(/|$)`,
    message: `${folder}/ must not import from ${other}/, which sits ${LAYERS[level].includes(other) ? 'beside' : 'above'} it in the layer order (README.md, "Layers").`,
  }));
}
const WORKFLOW_RESTRICTIONS = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: 'Workflows must not use Node builtins (no I/O in workflows).' })),
    ...[
      'pg',
      'soap',
      'fast-xml-parser',
      'fastify',
      '@prisma/client',
      '@prisma/adapter-pg',
      '@temporalio/client',
      '@temporalio/worker',
      '@temporalio/activity',
    ].map((name) => ({ name, message: 'Workflows must not do I/O; put it in an activity.' })),
  ],
  patterns: [
    { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'Import activities as types only (import type).' },
    {
      group: ['**/connectors/**', '**/db/**', '**/api/**', '**/worker/**', '**/simulators/**', '**/config/**'],
      message: 'Workflows must not do I/O; put it in an activity.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'db/generated/**',
      '.data/**',
      '.tools/**',
      'coverage/**',
      'bench/results/**',
      'web/dist/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // The layer order, folder by folder.
  ...LAYERS.flat()
    .filter((folder) => folder !== 'workflows')
    .map((folder) => ({
      files: [`${folder}/**/*.ts`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: reachingUp(folder) }] },
    })),
  {
    // Workflows are replayed deterministically in Temporal's sandbox: no I/O, no Node builtins.
    // Activities may only be imported as types (proxyActivities gives the implementation).
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { ...WORKFLOW_RESTRICTIONS, patterns: [...WORKFLOW_RESTRICTIONS.patterns, ...reachingUp('workflows')] },
      ],
    },
  },
  {
    // Files small enough to read in one sitting, functions short enough to test alone.
    files: ['activities/**/*.ts', 'workflows/**/*.ts', 'connectors/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  // Layout is Prettier's business (npm run format); ESLint keeps to correctness.
  prettier,
);
