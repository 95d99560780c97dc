import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure and fast; `integration` runs real servers (Socket.IO, the
// Supabase gateway over PGlite), real SQLite files and the official clients, on 127.0.0.1 only.
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
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
