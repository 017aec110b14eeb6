import { z } from 'zod';
import type { Sql } from '../../db/client.ts';

/** What logging a disposition does; applied by the calls service and logged as activities. */
export const DispositionEffectsSchema = z.object({
  move_stage: z.string().optional(),
  create_task: z
    .object({
      kind: z.enum(['follow_up', 'callback', 'nurture', 'other']),
      title: z.string(),
      due_in_days: z.number().int().min(0).optional(),
      /** The rep picks the due time when logging (callbacks, meetings). */
      ask_due: z.boolean().optional(),
    })
    .optional(),
  flag_dnc: z.boolean().optional(),
  flag_bad_number: z.boolean().optional(),
  open_sale_form: z.boolean().optional(),
});
export type DispositionEffects = z.infer<typeof DispositionEffectsSchema>;

export interface Disposition {
  key: string;
  label: string;
  position: number;
  effects: DispositionEffects;
  countsAsConnect: boolean;
  countsAsDm: boolean;
  hotkey: string | null;
  color: string | null;
}

/**
 * Defaults every new workspace starts with (dispositions today). The list itself lives in the
 * SQL function `seed_default_dispositions` (0003_calls.sql), which the migration also ran for
 * workspaces that already existed — one source for both. Call inside withWorkspace.
 */
export async function seedWorkspaceDefaults(tx: Sql, workspaceId: string): Promise<void> {
  await tx.query('SELECT seed_default_dispositions($1)', [workspaceId]);
}

export async function listDispositions(tx: Sql, workspaceId: string, opts: { includeArchived?: boolean } = {}): Promise<Disposition[]> {
  const { rows } = await tx.query<{ key: string; label: string; position: number; effects: unknown; counts_as_connect: boolean; counts_as_dm: boolean; hotkey: string | null; color: string | null }>(
    `SELECT key, label, position, effects, counts_as_connect, counts_as_dm, hotkey, color
       FROM dispositions WHERE workspace_id = $1 AND ($2::boolean OR archived_at IS NULL)
      ORDER BY position, key`,
    [workspaceId, opts.includeArchived ?? false],
  );
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    position: r.position,
    // effects written by hand in SQL or an admin UI: an unknown shape means "no effects", never a crash
    effects: DispositionEffectsSchema.catch({}).parse(r.effects),
    countsAsConnect: r.counts_as_connect,
    countsAsDm: r.counts_as_dm,
    hotkey: r.hotkey,
    color: r.color,
  }));
}
