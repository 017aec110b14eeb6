import type { Sql } from '../../db/client.ts';

/**
 * A number that can never be called: flagged for every future queue (SPEC §6), whichever lead it
 * turns up on again. Flagging twice keeps the first reason. Call inside withWorkspace.
 */
export async function flagPhone(tx: Sql, f: { workspaceId: string; phone: string; kind: 'dnc' | 'bad_number'; reason: string; leadId: string | null; createdBy?: string | null }) {
  await tx.query(
    `INSERT INTO phone_flags (workspace_id, phone, kind, reason, lead_id, created_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, phone, kind) DO NOTHING`,
    [f.workspaceId, f.phone, f.kind, f.reason, f.leadId, f.createdBy ?? null],
  );
}
