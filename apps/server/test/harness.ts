import fs from 'node:fs';
import crypto from 'node:crypto';
import { inject } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { openDb, type Db } from '../src/db/client.ts';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { createDeps, closeDeps } from '../src/platform/runtime.ts';
import type { Deps, Logger } from '../src/platform/deps.ts';
import { createApiKey, createWorkspaceWithOwner } from '../src/domains/identity/index.ts';
import { migrate } from '../src/db/migrate.ts';
import pg from 'pg';
import { TEMPLATE_PATH, TEST_DATA_DIR } from './paths.ts';

export const testDbKind = (process.env.FLYWHEEL_TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

const silent: Logger = { info() {}, warn() {}, debug() {}, error(obj, msg) { console.error(msg ?? '', obj); } };

/** A migrated database for this test file: PGlite from the template, or the shared Postgres test database. */
export async function openTestDb(): Promise<Db> {
  if (testDbKind === 'postgres') {
    const url = inject('pgTestUrl');
    if (!url) throw new Error('FLYWHEEL_TEST_DB=postgres needs DATABASE_URL');
    return openDb({ databaseUrl: url, poolSize: 4 });
  }
  const buf = fs.readFileSync(TEMPLATE_PATH);
  return openDb({ dataDir: 'memory://', loadDataDir: new Blob([buf]) });
}

export interface TestWorkspace {
  workspaceId: string;
  userId: string;
  email: string;
  password: string;
  apiKey: string;
  cookie: string;
}

export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  db: Db;
  dataDir: string;
  /** A new workspace with a signed-in owner (cookie) and an API key. */
  newWorkspace(name?: string): Promise<TestWorkspace>;
  /** Sign up a user through the API and return their session cookie. */
  signIn(email: string, password: string): Promise<string>;
  /** inject() with the given session cookie or API key. */
  as(auth: { cookie?: string; apiKey?: string } | null): (opts: InjectOptions) => Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * A database of its own for a test file that needs instance-wide state no other file touches
 * (e.g. the one demo workspace). PGlite files are isolated already; on Postgres this creates a
 * throwaway database next to the shared one, migrates it, and drops it on close.
 */
async function openIsolatedDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (testDbKind !== 'postgres') return { db: await openTestDb(), drop: async () => undefined };
  const shared = new URL(inject('pgTestUrl'));
  const name = `${shared.pathname.slice(1)}_iso_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: shared.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), poolSize: 4 });
  await migrate(db);
  return {
    db,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export async function createTestContext(opts: { env?: NodeJS.ProcessEnv; isolatedDb?: boolean } = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(`${TEST_DATA_DIR}/files-`);
  const isolated = opts.isolatedDb ? await openIsolatedDb() : null;
  const db = isolated ? isolated.db : await openTestDb();
  const config = loadConfig({ ...opts.env, FLYWHEEL_DATA_DIR: dataDir, PUBLIC_URL: 'http://localhost:3000' } as NodeJS.ProcessEnv, { logLevel: 'silent' });
  const deps = await createDeps(config, { db, log: silent });
  const app = await createApp(deps);
  await app.ready();
  const ctx: TestContext = {
    app, deps, db, dataDir,
    async newWorkspace(name = 'Test workspace') {
      const email = `owner-${crypto.randomUUID()}@example.test`;
      const password = 'correct horse battery';
      const { workspaceId, userId } = await createWorkspaceWithOwner(db, { name, ownerEmail: email, ownerPassword: password, ownerName: 'Owner' });
      const { key } = await createApiKey(db, workspaceId, { name: 'test', createdBy: userId });
      const cookie = await ctx.signIn(email, password);
      return { workspaceId, userId, email, password, apiKey: key, cookie };
    },
    async signIn(email, password) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'fw_session');
      return `fw_session=${c!.value}`;
    },
    as(auth) {
      return (o) =>
        app.inject({
          ...o,
          headers: {
            ...(o.headers ?? {}),
            ...(auth?.cookie ? { cookie: auth.cookie } : {}),
            ...(auth?.apiKey ? { authorization: `Bearer ${auth.apiKey}` } : {}),
          },
        });
    },
    async close() {
      await app.close();
      await closeDeps(deps);
      await isolated?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return ctx;
}
