import type { Sql } from '../../db/client.ts';

// Bulk rows travel as one jsonb parameter (jsonb_to_recordset): one round trip per chunk on both
// PGlite and Postgres, and no 65k bind-parameter limit.
const CHUNK = 1000;

export async function insertJsonRows(tx: Sql, sql: string, workspaceId: string, rows: object[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const r = await tx.query(sql, [workspaceId, JSON.stringify(rows.slice(i, i + CHUNK))]);
    n += r.rowCount;
  }
  return n;
}
