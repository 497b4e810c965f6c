import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules a workflow must never import: I/O, clocks, randomness and servers belong in activities. */
const nonDeterministicModules = [
  'node:*', 'fs', 'fs/*', 'path', 'crypto', 'http', 'https', 'net', 'os', 'child_process', 'timers', 'timers/*',
  'fastify', 'fastify-plugin', 'nodemailer', 'pino', 'pino-pretty', 'liquidjs', 'kavenegar', 'libphonenumber-js',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tools/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nonDeterministicModules, message: 'Workflow code must be deterministic: do I/O in an activity (activities/).' },
            // At any depth (workflows/enrollment/* reach src/ through ../../src/).
            { group: ['**/src/**', '**/activities/**'], allowTypeImports: true, message: 'Workflows may only import types from src/ and activities/.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow.' },
        { name: 'fetch', message: 'Network I/O belongs in an activity.' },
        { name: 'process', message: 'Read config outside the workflow and pass it in.' },
      ],
    },
  },
);
