// ESLint (flat config): typescript-eslint's recommended rules, React hooks, and the folder
// layering of docs/ARCHITECTURE.md as lint rules. The per-layer tsconfigs stay the first guard
// (a layer cannot even see the types it must not use); these rules name the broken rule in words.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url', 'util'];

/** Folder → folders its files may not import from (paths relative to the repository root). */
const LAYERS = [
  {
    target: './src/shared',
    from: ['./electron', './src/renderer', './tests', './scripts'],
    message: 'src/shared is the contract: it imports zod and itself only.',
  },
  {
    target: './src/renderer',
    from: ['./electron', './tests', './scripts'],
    message: 'the renderer reaches main only through window.tradedesk (src/shared holds the contract).',
  },
  {
    target: './electron/core',
    from: ['./electron/main', './electron/preload', './electron/web', './electron/stack', './src/renderer'],
    message: 'electron/core is the host-neutral engine: hosts import it, never the reverse.',
  },
  {
    target: './electron/stack',
    from: ['./electron/core', './electron/main', './electron/preload', './electron/web', './src/renderer'],
    message: 'electron/stack is a separate backend: it speaks to the terminal over the network only.',
  },
  {
    target: './electron/lib',
    from: ['./electron/core', './electron/stack', './electron/web', './electron/main', './electron/preload', './src'],
    message: 'electron/lib holds small Node utilities every process may use: it imports Node and npm packages only.',
  },
  {
    target: './electron/web',
    from: ['./electron/main', './electron/preload', './electron/stack', './src/renderer'],
    message: 'the browser host adapts electron/core to a WebSocket; it does not reach into other hosts.',
  },
  {
    target: './electron/main',
    from: ['./electron/web', './electron/stack', './electron/preload', './src/renderer'],
    message: 'electron/main is glue over electron/core (the stack runs as its own process).',
  },
  {
    target: './electron/preload',
    from: ['./electron/core', './electron/main', './electron/web', './electron/stack', './src/renderer'],
    message: 'the preload only bridges the contract (src/shared) to the page.',
  },
];

const restrict = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'test-results/',
      'playwright-report/',
      '.tradedesk-dev/',
      '**/.layering-probe-*/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYERS }],
      // A relative import that does not resolve would slip past the layer zones above.
      'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': restrict(
        [{ name: 'electron', message: 'src/shared never imports electron.' }],
        [
          {
            regex: '^(?!zod$|\\.)',
            message: 'src/shared imports zod and itself only (it runs in every process).',
          },
        ],
      ),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(
        ['electron', 'better-sqlite3', 'ws', 'socket.io', 'socket.io-client', '@electric-sql/pglite'].map((name) => ({
          name,
          message:
            'the renderer holds no sockets, no database and no Electron APIs: ask main through window.tradedesk.',
        })),
        [
          { group: NODE_BUILTINS, message: 'the renderer runs in a browser page: no Node built-ins.' },
          { group: ['@supabase/*'], message: 'Supabase is reached from main only (tokens stay in main).' },
        ],
      ),
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/stack/**/*.ts', 'electron/web/**/*.ts', 'electron/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [{ name: 'electron', message: 'only electron/main and electron/preload may import electron.' }],
        [],
      ),
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
