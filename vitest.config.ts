import { defineConfig } from 'vitest/config';

// Projects: `unit` is pure and fast; `integration` runs real servers (Socket.IO, the Supabase
// gateway over PGlite), real SQLite files and the official clients, on 127.0.0.1 only;
// `integration-postgres` runs the SQL, Supabase-protocol and broker suites again on a real
// PostgreSQL server (a throwaway cluster, see tests/integration/postgres-global-setup.ts), plus
// the server-only suites (`*.postgres.test.ts`). `*.pglite.test.ts` are PGlite-only.
// TRADEDESK_TEST_ENGINES=pglite leaves the server project out (and says so).
const engines = (process.env.TRADEDESK_TEST_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim());
if (!engines.includes('postgres')) {
  console.log('integration-postgres skipped: TRADEDESK_TEST_ENGINES does not include postgres');
}

const integration = { environment: 'node' as const, testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    // 2-core machine: two forks at most so the integration servers are not starved.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'tests/integration/**/*.postgres.test.ts'],
          env: { TRADEDESK_TEST_ENGINE: 'pglite' },
          ...integration,
        },
      },
      ...(engines.includes('postgres')
        ? [
            {
              test: {
                name: 'integration-postgres',
                include: [
                  'tests/integration/supabase/**/*.test.ts',
                  'tests/integration/stack/supabase/**/*.test.ts',
                  'tests/integration/stack/broker/**/*.test.ts',
                  'tests/integration/**/*.postgres.test.ts',
                ],
                exclude: [
                  '**/node_modules/**',
                  'tests/integration/**/*.pglite.test.ts',
                  // Pure parsing, no database: once is enough.
                  'tests/integration/stack/supabase/parsers.test.ts',
                ],
                env: { TRADEDESK_TEST_ENGINE: 'postgres' },
                globalSetup: ['tests/integration/postgres-global-setup.ts'],
                ...integration,
              },
            },
          ]
        : []),
    ],
  },
});
