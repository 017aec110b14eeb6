import { SCRIPT_CATEGORIES, SCRIPT_MODES, scriptVariablesIn, type CallScript, type ScriptMode } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { notFound } from '../../platform/http/errors.ts';

interface Row {
  id: string;
  name: string;
  category: string;
  body: string;
  default_for_modes: string[];
  active: boolean;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT s.id, s.name, s.category, s.body, s.default_for_modes, s.active, s.created_by, u.name AS created_by_name, s.created_at, s.updated_at
  FROM call_scripts s LEFT JOIN users u ON u.id = s.created_by`;

const isMode = (m: string): m is ScriptMode => (SCRIPT_MODES as readonly string[]).includes(m);

function toDto(r: Row): CallScript {
  return {
    id: r.id, name: r.name, category: r.category, body: r.body, defaultForModes: r.default_for_modes.filter(isMode), active: r.active,
    variables: scriptVariablesIn(r.body), createdBy: r.created_by, createdByName: r.created_by_name,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function listScripts(tx: Sql, workspaceId: string, opts: { category?: string; includeArchived?: boolean } = {}): Promise<CallScript[]> {
  const { rows } = await tx.query<Row>(
    `${SELECT} WHERE s.workspace_id = $1 AND ($2::text IS NULL OR s.category = $2) AND ($3 OR s.active)
      ORDER BY s.category, lower(s.name), s.id`,
    [workspaceId, opts.category ?? null, opts.includeArchived ?? false],
  );
  return rows.map(toDto);
}

/** The suggested categories, then the team's own ones in use. */
export async function listCategories(tx: Sql, workspaceId: string): Promise<string[]> {
  const { rows } = await tx.query<{ category: string }>('SELECT DISTINCT category FROM call_scripts WHERE workspace_id = $1 ORDER BY category', [workspaceId]);
  const own = rows.map((r) => r.category).filter((c) => !(SCRIPT_CATEGORIES as readonly string[]).includes(c));
  return [...SCRIPT_CATEGORIES, ...own];
}

export async function getScript(tx: Sql, workspaceId: string, id: string): Promise<CallScript> {
  const { rows } = await tx.query<Row>(`${SELECT} WHERE s.workspace_id = $1 AND s.id = $2`, [workspaceId, id]);
  if (!rows[0]) throw notFound('Script');
  return toDto(rows[0]);
}

/**
 * Makes `scriptId` the only default for `modes` in the workspace: the other scripts lose those
 * modes. The workspace row is locked first so two concurrent saves cannot both win a mode.
 */
async function claimModes(tx: Sql, workspaceId: string, scriptId: string, modes: string[]): Promise<void> {
  if (modes.length === 0) return;
  await tx.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
  await tx.query(
    `UPDATE call_scripts SET default_for_modes = ARRAY(SELECT m FROM unnest(default_for_modes) m WHERE NOT (m = ANY($3::text[]))), updated_at = now()
      WHERE workspace_id = $1 AND id <> $2 AND default_for_modes && $3::text[]`,
    [workspaceId, scriptId, modes],
  );
}

export interface NewScript {
  name: string;
  category: string;
  body: string;
  defaultForModes: string[];
  active: boolean;
}

export async function insertScript(tx: Sql, workspaceId: string, userId: string | null, s: NewScript): Promise<string> {
  const modes = s.active ? s.defaultForModes : []; // an archived script is nobody's default
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO call_scripts (workspace_id, name, category, body, default_for_modes, active, created_by)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7) RETURNING id`,
    [workspaceId, s.name, s.category, s.body, modes, s.active, userId],
  );
  await claimModes(tx, workspaceId, rows[0].id, modes);
  return rows[0].id;
}

export async function updateScript(tx: Sql, workspaceId: string, id: string, p: Partial<NewScript>): Promise<void> {
  const cur = await getScript(tx, workspaceId, id);
  const active = p.active ?? cur.active;
  const modes = active ? (p.defaultForModes ?? cur.defaultForModes) : [];
  await tx.query(
    `UPDATE call_scripts SET name = $3, category = $4, body = $5, default_for_modes = $6::text[], active = $7, updated_at = now()
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, p.name ?? cur.name, p.category ?? cur.category, p.body ?? cur.body, modes, active],
  );
  await claimModes(tx, workspaceId, id, modes);
}

export async function deleteScript(tx: Sql, workspaceId: string, id: string): Promise<void> {
  const { rowCount } = await tx.query('DELETE FROM call_scripts WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!rowCount) throw notFound('Script');
}

/** The active script that is the workspace's default for a dial mode, if any. */
export async function defaultScriptFor(tx: Sql, workspaceId: string, mode: string): Promise<{ id: string; name: string; body: string } | null> {
  const { rows } = await tx.query<{ id: string; name: string; body: string }>(
    `SELECT id, name, body FROM call_scripts WHERE workspace_id = $1 AND active AND $2 = ANY(default_for_modes) ORDER BY updated_at DESC LIMIT 1`,
    [workspaceId, mode],
  );
  return rows[0] ?? null;
}

/** One active script by id (a power session's chosen script), if it still exists. */
export async function activeScript(tx: Sql, workspaceId: string, id: string): Promise<{ id: string; name: string; body: string } | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null; // never a cast error in the caller's transaction
  const { rows } = await tx.query<{ id: string; name: string; body: string }>('SELECT id, name, body FROM call_scripts WHERE workspace_id = $1 AND id = $2 AND active', [workspaceId, id]);
  return rows[0] ?? null;
}
