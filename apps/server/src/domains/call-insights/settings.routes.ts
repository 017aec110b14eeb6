import { AiSettingsSchema, AiSettingsUpdateSchema, AiTestRequestSchema, AiTestResultSchema, AI_DEFAULT_TIMEOUT_MS, type AiSettings } from '@flywheel/contracts';
import type { Deps } from '../../platform/deps.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { conflict, notFound } from '../../platform/http/errors.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { readHealth } from '../../platform/providers/health.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { AiError } from '../../platform/providers/ai/port.ts';
import { LIVE_AI_ADAPTER } from '../../platform/providers/ai/catalog.ts';
import { OFFLINE_PROVIDER } from '../../platform/providers/ai/offline/adapter.ts';
import { createOpenAiCompatible } from '../../platform/providers/ai/live/openai.ts';
import { deleteAiSettings, mergeLiveAiConfig, readAiSettings, saveAiSettings } from '../../platform/providers/ai/settings.ts';

const tags = ['settings'];

async function readSettings(deps: Deps, workspaceId: string): Promise<AiSettings> {
  const stored = await readAiSettings(deps, workspaceId);
  const r = await getProviderRegistry(deps).resolve(workspaceId, 'ai');
  const live = r.configured && r.mode === 'live' && stored !== null;
  const health = stored ? await withWorkspace(deps.db, workspaceId, (tx) => readHealth(tx, workspaceId, 'ai', LIVE_AI_ADAPTER)) : null;
  return {
    mode: live ? 'live' : 'offline',
    provider: live ? stored.model : OFFLINE_PROVIDER,
    configured: stored !== null,
    baseUrl: stored?.baseUrl ?? null,
    model: stored?.model ?? null,
    apiKeySet: stored?.apiKeyEnc != null,
    timeoutMs: stored?.timeoutMs ?? AI_DEFAULT_TIMEOUT_MS,
    health,
  };
}

// Workspace admins choose the model; the API key is write-only (never in any answer or log).
export const aiSettingsRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/settings/ai', auth: 'workspace', minRole: 'admin', tags,
    summary: 'AI: the offline analyzer or the OpenAI-compatible endpoint in use (base URL, model, whether a key is stored; never the key)',
    response: AiSettingsSchema,
    handler: ({ deps, workspace }) => readSettings(deps, workspace.id),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/settings/ai', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Use an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM …): base URL, model, API key (stored encrypted; omit to keep the stored one, empty to remove it), timeout',
    body: AiSettingsUpdateSchema, response: AiSettingsSchema,
    handler: async ({ deps, workspace, body }) => {
      await saveAiSettings(deps, workspace.id, body);
      return readSettings(deps, workspace.id);
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/settings/ai', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Forget the endpoint and its key: the offline analyzer answers again',
    response: AiSettingsSchema,
    handler: async ({ deps, workspace }) => {
      if (!(await deleteAiSettings(deps, workspace.id))) throw notFound('AI endpoint');
      return readSettings(deps, workspace.id);
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/settings/ai/test', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Test connection: one tiny structured request to the saved endpoint, or to unsaved values from the form laid over it',
    body: AiTestRequestSchema.optional().default({}), response: AiTestResultSchema,
    handler: async ({ deps, workspace, body }) => {
      const cfg = await mergeLiveAiConfig(deps, workspace.id, body ?? {});
      if (!cfg) throw conflict('Enter a base URL and a model first (or save them), then test the connection.');
      const started = Date.now();
      try {
        // a test answers quickly or not at all: no retries, at most 15 s
        const port = createOpenAiCompatible({ ...cfg, maxRetries: 0, timeoutMs: Math.min(cfg.timeoutMs, 15_000) });
        await port.ping();
        return { ok: true, model: cfg.model, latencyMs: Date.now() - started, message: `Connected: ${cfg.model} answered with structured JSON in ${Date.now() - started} ms.` };
      } catch (err) {
        return { ok: false, model: cfg.model, latencyMs: Date.now() - started, message: err instanceof AiError ? err.message : 'The test request failed.' };
      }
    },
  }),
];
