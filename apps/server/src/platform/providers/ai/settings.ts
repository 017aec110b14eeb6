import { z } from 'zod';
import { AI_DEFAULT_TIMEOUT_MS, type AiSettingsUpdate } from '@flywheel/contracts';
import type { Deps } from '../../deps.ts';
import { getSecretBox } from '../../secrets/secrets.ts';
import type { LiveAiConfig } from './live/openai.ts';

/**
 * A workspace's AI endpoint lives in workspaces.settings.ai: base URL, model, timeout and the API
 * key sealed with the installation's secret box (AES-256-GCM, like provider account secrets). The
 * key is decrypted only here, to make requests, and is never returned, logged or sent to a browser.
 */
const StoredSchema = z.object({
  baseUrl: z.string().min(1),
  model: z.string().min(1),
  apiKeyEnc: z.string().nullable(),
  timeoutMs: z.number().int().positive(),
});
export type StoredAiSettings = z.infer<typeof StoredSchema>;

export async function readAiSettings(deps: Deps, workspaceId: string): Promise<StoredAiSettings | null> {
  const { rows } = await deps.db.query<{ ai: unknown }>(`SELECT settings->'ai' AS ai FROM workspaces WHERE id = $1`, [workspaceId]);
  const parsed = StoredSchema.safeParse(rows[0]?.ai);
  // malformed settings read as "not configured": the offline analyzer answers instead
  return parsed.success ? parsed.data : null;
}

/** The endpoint with its key decrypted, for the live adapter; null when none is configured. */
export async function loadLiveAiConfig(deps: Deps, workspaceId: string): Promise<LiveAiConfig | null> {
  const s = await readAiSettings(deps, workspaceId);
  if (!s) return null;
  const box = await getSecretBox(deps.db, deps.config.secret);
  return { baseUrl: s.baseUrl, model: s.model, apiKey: s.apiKeyEnc ? box.decrypt(s.apiKeyEnc) : null, timeoutMs: s.timeoutMs };
}

/** The stored settings with unsaved form values laid over them (Test connection before saving). */
export async function mergeLiveAiConfig(deps: Deps, workspaceId: string, over: Partial<AiSettingsUpdate>): Promise<LiveAiConfig | null> {
  const saved = await loadLiveAiConfig(deps, workspaceId);
  const baseUrl = over.baseUrl ?? saved?.baseUrl;
  const model = over.model ?? saved?.model;
  if (!baseUrl || !model) return null;
  const apiKey = over.apiKey !== undefined ? over.apiKey || null : (saved?.apiKey ?? null);
  return { baseUrl, model, apiKey, timeoutMs: over.timeoutMs ?? saved?.timeoutMs ?? AI_DEFAULT_TIMEOUT_MS };
}

export async function saveAiSettings(deps: Deps, workspaceId: string, input: AiSettingsUpdate): Promise<void> {
  const current = await readAiSettings(deps, workspaceId);
  const box = await getSecretBox(deps.db, deps.config.secret);
  // omitted key: keep the stored one; empty string: remove it
  const apiKeyEnc = input.apiKey === undefined ? (current?.apiKeyEnc ?? null) : input.apiKey === '' ? null : box.encrypt(input.apiKey);
  const stored: StoredAiSettings = { baseUrl: input.baseUrl.replace(/\/+$/, ''), model: input.model, apiKeyEnc, timeoutMs: input.timeoutMs ?? current?.timeoutMs ?? AI_DEFAULT_TIMEOUT_MS };
  await deps.db.query(`UPDATE workspaces SET settings = coalesce(settings, '{}'::jsonb) || jsonb_build_object('ai', $2::jsonb) WHERE id = $1`, [workspaceId, JSON.stringify(stored)]);
}

export async function deleteAiSettings(deps: Deps, workspaceId: string): Promise<boolean> {
  const { rowCount } = await deps.db.query(`UPDATE workspaces SET settings = settings - 'ai' WHERE id = $1 AND settings ? 'ai'`, [workspaceId]);
  return rowCount > 0;
}
