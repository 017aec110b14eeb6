import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { isPglite, openDb } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { TEMPLATE_PATH } from './paths.ts';

/**
 * Once per run: a migrated PGlite data dir dumped as a template (each test file loads it in
 * ~0.5 s instead of running initdb + migrations), and, with DATABASE_URL, a fresh migrated
 * database on the PostgreSQL server that every test file shares (each test uses its own workspace).
 */
export default async function setup(project: TestProject) {
  fs.mkdirSync(path.dirname(TEMPLATE_PATH), { recursive: true });
  const db = await openDb({ dataDir: 'memory://' });
  await migrate(db);
  if (!isPglite(db)) throw new Error('expected PGlite');
  const dump = await db.pg.dumpDataDir('none');
  fs.writeFileSync(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()));
  await db.close();

  let dropDb: (() => Promise<void>) | null = null;
  if (process.env.DATABASE_URL) {
    const admin = process.env.DATABASE_URL;
    const name = `flywheel_test_${Date.now()}_${process.pid}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const server = await openDb({ databaseUrl: url.toString(), poolSize: 2 });
    await migrate(server);
    await server.close();
    project.provide('pgTestUrl', url.toString());
    dropDb = async () => {
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c2.end();
    };
  } else {
    project.provide('pgTestUrl', '');
  }
  return async () => {
    await dropDb?.();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTestUrl: string;
  }
}
