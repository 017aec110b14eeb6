import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import fs from 'node:fs';

/** Anything that can run one SQL statement with parameters: the pool, or a transaction. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
}

/** A transaction: statements plus multi-statement exec (no parameters). */
export interface Tx extends Sql {
  exec(text: string): Promise<void>;
}

export type DbKind = 'pglite' | 'postgres';

export interface Db extends Sql {
  kind: DbKind;
  /** Runs several statements separated by semicolons, no parameters (migrations). */
  exec(text: string): Promise<void>;
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  describe(): string;
}

class PostgresDb implements Db {
  kind: DbKind = 'postgres';
  private pool: pg.Pool;
  private listenClient?: pg.Client;
  private listeners = new Map<string, Set<(p: string) => void>>();
  constructor(private url: string, max = 10) {
    this.pool = new pg.Pool({ connectionString: url, max });
    this.pool.on('error', () => undefined); // idle client errors must not crash the process
  }
  async query<T>(text: string, params?: unknown[]) {
    const r = await this.pool.query(text, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  }
  async exec(text: string) {
    await this.pool.query(text);
  }
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const tx: Tx = {
        query: async <R>(text: string, params?: unknown[]) => {
          const r = await client.query(text, params as unknown[]);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
        },
        exec: async (text: string) => {
          await client.query(text);
        },
      };
      const out = await fn(tx);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  async listen(channel: string, onPayload: (payload: string) => void) {
    if (!this.listenClient) {
      this.listenClient = new pg.Client({ connectionString: this.url });
      this.listenClient.on('error', () => undefined);
      await this.listenClient.connect();
      this.listenClient.on('notification', (n) => {
        for (const cb of this.listeners.get(n.channel) ?? []) cb(n.payload ?? '');
      });
    }
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.listenClient.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    }
    set.add(onPayload);
    return async () => {
      set!.delete(onPayload);
    };
  }
  async close() {
    await this.listenClient?.end().catch(() => undefined);
    await this.pool.end();
  }
  describe() {
    const u = new URL(this.url);
    return `postgres://${u.hostname}:${u.port || 5432}${u.pathname}`;
  }
}

class PgliteDb implements Db {
  kind: DbKind = 'pglite';
  constructor(public pg: PGlite, private where: string) {}
  async query<T>(text: string, params?: unknown[]) {
    const r = await this.pg.query<T>(text, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  }
  async exec(text: string) {
    await this.pg.exec(text);
  }
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (t) =>
      fn({
        query: async <R>(text: string, params?: unknown[]) => {
          const r = await t.query<R>(text, params as unknown[]);
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        },
        exec: async (text: string) => {
          await t.exec(text);
        },
      }),
    );
  }
  async listen(channel: string, onPayload: (payload: string) => void) {
    const unsub = await this.pg.listen(channel, onPayload);
    return async () => unsub();
  }
  async close() {
    if (!this.pg.closed) await this.pg.close();
  }
  describe() {
    return `pglite:${this.where}`;
  }
}

export interface OpenDbOptions {
  databaseUrl?: string;
  dataDir?: string; // for PGlite; 'memory://' for in-memory
  loadDataDir?: Blob | File; // PGlite template (tests)
  poolSize?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return new PostgresDb(opts.databaseUrl, opts.poolSize);
  const dir = opts.dataDir ?? 'memory://';
  if (!dir.startsWith('memory://')) fs.mkdirSync(dir, { recursive: true });
  const pgl = await PGlite.create({
    dataDir: dir,
    extensions: { pg_trgm },
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  return new PgliteDb(pgl, dir);
}

export function isPglite(db: Db): db is PgliteDb {
  return db.kind === 'pglite';
}
