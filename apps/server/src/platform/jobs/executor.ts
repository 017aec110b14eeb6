import { isPglite, type Db } from '../../db/client.ts';

export interface BossExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }>;
}

/**
 * pg-boss's `db.executeSql` over our own connection (PGlite, or a Postgres Db opened without a
 * connection string pg-boss could use). pg-boss sends two kinds of SQL:
 *  - parameterised single statements (send, fetch, complete …) → one extended-protocol query;
 *  - parameterless scripts with several statements, some wrapped in BEGIN … COMMIT (schema
 *    install, migrations, maintenance). PGlite's `query()` accepts one statement only, so these go
 *    through `exec()`, which runs the whole script under PGlite's transaction mutex: none of our
 *    own queries can interleave with a pg-boss BEGIN … COMMIT on the single connection.
 */
export function createBossExecutor(db: Db): BossExecutor {
  return {
    async executeSql(text, values) {
      const params = values?.map(toParam);
      if (isPglite(db) && (!params || params.length === 0)) {
        const results = await db.pg.exec(text);
        // the rows of the last statement that returned any (a trailing COMMIT returns none)
        const withRows = [...results].reverse().find((r) => r.fields.length > 0);
        return { rows: withRows?.rows ?? [], rowCount: results.at(-1)?.affectedRows ?? 0 };
      }
      return db.query(text, params);
    },
  };
}

// node-postgres turns undefined into NULL; PGlite would refuse it. pg-boss leaves optional
// arguments undefined (priority, retryDelay …), so normalise the way pg does.
function toParam(v: unknown): unknown {
  return v === undefined ? null : v;
}
