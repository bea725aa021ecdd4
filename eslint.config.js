import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import layers from './scripts/lint/layers.mjs';

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'receiver/console/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules need a program: browser code from tsconfig.json through the project
    // service, everything else (tests, receiver, benchmark, entrypoints, configs) from tsconfig.node.json.
    files: ['components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['components/**', 'lib/**'],
    languageOptions: { parserOptions: { project: './tsconfig.node.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      // A promise nobody awaits loses its error; one passed where a callback returns nothing
      // (event handlers, listeners) too. Await it, catch and report, or `void` it with a reason.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // The team console's pages (receiver/console) are browser code too; its Vite config is not.
    files: [
      'entrypoints/**/*.{ts,tsx}',
      'components/**/*.{ts,tsx}',
      'lib/**/*.{ts,tsx}',
      'receiver/console/**/*.{ts,tsx}',
    ],
    ignores: ['receiver/console/vite.config.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Runs in the browser: WXT's entrypoint types bring Node's globals into scope, so guard here.
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', 'require', '__dirname', '__filename'].map((name) => ({
          name,
          message: 'Browser code: Node globals do not exist here.',
        })),
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'Browser code: no Node modules.' }] },
      ],
      // Page content is evidence, never markup: forbid every way of turning a string into HTML.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML|insertAdjacentHTML)$/]',
          message: 'Page data must never become HTML; use textContent.',
        },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, not HTML.' },
      ],
    },
  },
  {
    // Where code runs decides what it may import: see scripts/lint/layers.mjs.
    files: ['entrypoints/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}'],
    plugins: { flagline: layers },
    rules: { 'flagline/layers': 'error' },
  },
  {
    // Long functions hide what they do: production code stays under 80 lines a function.
    files: ['lib/**/*.ts', 'entrypoints/**/*.ts', 'receiver/**/*.ts', 'components/**/*.tsx'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The background is the only writer of the database. Extension pages (components/ and the page
    // entrypoints) send it commands (lib/messaging/client.ts) and read through lib/ui/reads.ts:
    // they may not import the database handle or a write function, nor call Dexie's write API.
    files: ['components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    ignores: ['entrypoints/background.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '(^|/)lib/(db|incident/(update|create|persist)|log/(bulk|import-screenshots)|workflows/store|sync/(actions|outbox)|background/.*)$',
              message:
                'Only the background writes: send a command (lib/messaging/client.ts), read via lib/ui/reads.ts.',
            },
            {
              regex: '^dexie$',
              message: 'Only the background writes the database; pages read with useLiveQuery over lib/ui/reads.ts.',
            },
            {
              regex: '(^|/)lib/(incident/(lifecycle-actions|manual|redact)|log/import|sync/secrets)$',
              importNames: [
                'saveStep',
                'reopenRecordStep',
                'declineIncident',
                'mergeIncident',
                'reopenIncident',
                'createManualDraft',
                'redactText',
                'deleteScreenshot',
                'importExportText',
                'mergeImportedRecords',
                'setSyncSecrets',
                'getSyncSecrets',
                'migrateSyncSecrets',
              ],
              message: 'Only the background writes: send the matching command (lib/messaging/client.ts).',
            },
          ],
        },
      ],
      // Flat config replaces a rule's options per block, so the HTML selectors above are repeated.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML|insertAdjacentHTML)$/]',
          message: 'Page data must never become HTML; use textContent.',
        },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, not HTML.' },
        {
          selector:
            'CallExpression[callee.property.name=/^(add|put|update|delete|clear)$/][callee.object.property.name=/^(incidents|workflows|chain|outbox|meta|screenshots)$/]',
          message: 'Only the background writes the database: send a command (lib/messaging/client.ts).',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(add|put|update|delete|clear|modify)$/][callee.object.callee.property.name=/^(table|where|filter|equals|anyOf|above|below|between|startsWith|orderBy|limit|offset|reverse|toCollection)$/]',
          message: 'Only the background writes the database: send a command (lib/messaging/client.ts).',
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(bulkAdd|bulkPut|bulkUpdate|bulkDelete|modify|transaction)$/]',
          message: 'Only the background writes the database: send a command (lib/messaging/client.ts).',
        },
      ],
    },
  },
  {
    // Playwright fixtures take `{}` when they need no other fixture.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['scripts/**/*.mjs', '.ci/**/*.mjs', 'test/firefox/**/*.mjs', 'eslint.config.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  {
    // Functions the Firefox tests run inside the browser's pages.
    files: ['test/firefox/**/*.mjs'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', location: 'readonly', indexedDB: 'readonly' },
    },
  },
);
