import { defineConfig } from 'vitest/config';

// Every server suite runs on the embedded PGlite and, when DATABASE_URL points at a PostgreSQL
// server (CI does), again on that server.
const dbs = ['pglite', ...(process.env.DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
  test: {
    globalSetup: ['apps/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      ...dbs.map((db) => ({
        extends: true as const,
        test: {
          name: db,
          include: ['apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
          env: { FLYWHEEL_TEST_DB: db },
        },
      })),
      {
        extends: true as const,
        test: { name: 'unit', include: ['packages/**/src/**/*.test.ts', 'apps/web/src/**/*.test.ts'], globalSetup: [] },
      },
    ],
  },
});
