import type { Db, Tx } from '../../db/client.ts';

/**
 * Runs fn in a transaction scoped to one workspace: the connection switches to the non-superuser
 * role `flywheel_app` and sets `app.workspace_id`, so Postgres row-level security refuses any row
 * of another tenant even if a query forgets its `workspace_id = $1` filter.
 */
export function withWorkspace<T>(db: Db, workspaceId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('app.workspace_id', $1, true), set_config('role', 'flywheel_app', true)`, [workspaceId]);
    return fn(tx);
  });
}
