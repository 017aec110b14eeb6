import type { VoicemailMimeType, VoicemailTemplate } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { notFound } from '../../platform/http/errors.ts';

export interface VoicemailRow {
  id: string;
  workspace_id: string;
  name: string;
  duration_ms: number;
  mime_type: VoicemailMimeType;
  size_bytes: number;
  storage_key: string;
  public_token: string;
  is_default: boolean;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
}

const SELECT = `SELECT v.id, v.workspace_id, v.name, v.duration_ms, v.mime_type, v.size_bytes, v.storage_key, v.public_token, v.is_default,
  v.created_by, u.name AS created_by_name, v.created_at
  FROM voicemail_templates v LEFT JOIN users u ON u.id = v.created_by`;

/** The browser's view: never the public token (the provider's credential stays on the server). */
export function toVoicemailDto(r: VoicemailRow): VoicemailTemplate {
  return {
    id: r.id, name: r.name, durationMs: r.duration_ms, mimeType: r.mime_type, sizeBytes: r.size_bytes, isDefault: r.is_default,
    audioUrl: `/api/v1/voicemail-templates/${r.id}/audio`, createdBy: r.created_by, createdByName: r.created_by_name,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function listVoicemails(tx: Sql, workspaceId: string): Promise<VoicemailRow[]> {
  const { rows } = await tx.query<VoicemailRow>(`${SELECT} WHERE v.workspace_id = $1 ORDER BY v.is_default DESC, v.created_at, v.id`, [workspaceId]);
  return rows;
}

export async function getVoicemail(tx: Sql, workspaceId: string, id: string): Promise<VoicemailRow> {
  const { rows } = await tx.query<VoicemailRow>(`${SELECT} WHERE v.workspace_id = $1 AND v.id = $2`, [workspaceId, id]);
  if (!rows[0]) throw notFound('Voicemail template');
  return rows[0];
}

/** The workspace's default template, if it has one. */
export async function defaultVoicemail(tx: Sql, workspaceId: string): Promise<VoicemailRow | null> {
  const { rows } = await tx.query<VoicemailRow>(`${SELECT} WHERE v.workspace_id = $1 AND v.is_default`, [workspaceId]);
  return rows[0] ?? null;
}

export interface NewVoicemail {
  id: string;
  name: string;
  durationMs: number;
  mimeType: VoicemailMimeType;
  sizeBytes: number;
  storageKey: string;
  publicToken: string;
  userId: string | null;
}

/** Adds a template; the workspace's first one becomes its default. */
export async function insertVoicemail(tx: Sql, workspaceId: string, v: NewVoicemail): Promise<void> {
  await tx.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
  await tx.query(
    `INSERT INTO voicemail_templates (id, workspace_id, name, duration_ms, mime_type, size_bytes, storage_key, public_token, created_by, is_default)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NOT EXISTS (SELECT 1 FROM voicemail_templates WHERE workspace_id = $2 AND is_default))`,
    [v.id, workspaceId, v.name, v.durationMs, v.mimeType, v.sizeBytes, v.storageKey, v.publicToken, v.userId],
  );
}

export async function updateVoicemail(tx: Sql, workspaceId: string, id: string, p: { name?: string; isDefault?: boolean }): Promise<void> {
  await getVoicemail(tx, workspaceId, id);
  if (p.isDefault) {
    await tx.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
    await tx.query('UPDATE voicemail_templates SET is_default = false, updated_at = now() WHERE workspace_id = $1 AND is_default AND id <> $2', [workspaceId, id]);
  }
  await tx.query(
    'UPDATE voicemail_templates SET name = coalesce($3, name), is_default = coalesce($4, is_default), updated_at = now() WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id, p.name ?? null, p.isDefault ?? null],
  );
}

export async function updateVoicemailAudio(tx: Sql, workspaceId: string, id: string, a: { durationMs: number; mimeType: VoicemailMimeType; sizeBytes: number; storageKey: string }): Promise<void> {
  await tx.query(
    'UPDATE voicemail_templates SET duration_ms = $3, mime_type = $4, size_bytes = $5, storage_key = $6, updated_at = now() WHERE workspace_id = $1 AND id = $2',
    [workspaceId, id, a.durationMs, a.mimeType, a.sizeBytes, a.storageKey],
  );
}

/** Removes a template and returns where its audio was (no template takes over the default: the engine then hangs up). */
export async function deleteVoicemail(tx: Sql, workspaceId: string, id: string): Promise<string> {
  const { rows } = await tx.query<{ storage_key: string }>('DELETE FROM voicemail_templates WHERE workspace_id = $1 AND id = $2 RETURNING storage_key', [workspaceId, id]);
  if (!rows[0]) throw notFound('Voicemail template');
  return rows[0].storage_key;
}
