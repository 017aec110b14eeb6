import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './client.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS_DIR = path.join(here, 'migrations');

export function listMigrations(dir = MIGRATIONS_DIR) {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Applies pending migrations in order, each in its own transaction. The same SQL files run on
 * PGlite and PostgreSQL. An advisory lock keeps two processes starting at once from racing.
 */
export async function migrate(db: Db, log: (m: string) => void = () => undefined): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7270001)');
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
    for (const m of listMigrations()) {
      if (done.has(m.id)) continue;
      log(`migrating ${m.id}`);
      // node-postgres and PGlite both accept a multi-statement string when there are no parameters
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
      applied.push(m.id);
    }
    await tx.exec(GRANTS);
  });
  return applied;
}

// The application role that tenant-scoped transactions switch to, so row-level security applies
// even when the connection itself is a superuser (PGlite always is; CI connects as postgres).
const GRANTS = `
DO $$ BEGIN
  CREATE ROLE flywheel_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
DO $$ BEGIN
  EXECUTE format('GRANT flywheel_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL; END $$;
GRANT USAGE ON SCHEMA public TO flywheel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO flywheel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO flywheel_app;
-- installation secrets are read by platform code as the owner, never by a tenant transaction
DO $$ BEGIN
  REVOKE ALL ON instance_secrets FROM flywheel_app;
EXCEPTION WHEN undefined_table THEN NULL; END $$;
`;
