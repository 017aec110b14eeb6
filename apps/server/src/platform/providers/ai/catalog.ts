import type { AdapterFactory } from '../registry.ts';
import { AiError, type AiPort } from './port.ts';
import { createOfflineAi } from './offline/adapter.ts';
import { createOpenAiCompatible } from './live/openai.ts';
import { loadLiveAiConfig, readAiSettings } from './settings.ts';

export const AI_NOT_CONFIGURED = 'Add an OpenAI-compatible endpoint (base URL, model, API key) in Settings → AI. Until then the offline analyzer answers.';
export const LIVE_AI_ADAPTER = 'openai-compatible';
export const OFFLINE_AI_ADAPTER = 'offline';

/**
 * The registry creates adapters synchronously, but the endpoint (and its decrypted key) lives in
 * the database: the live port reads it when first used.
 */
function lazyLive(load: () => Promise<AiPort>): AiPort {
  let port: Promise<AiPort> | null = null;
  const get = () => {
    port ??= load().catch((err: unknown) => {
      port = null; // settings may be saved a moment later; do not cache the failure
      throw err;
    });
    return port;
  };
  return {
    provider: LIVE_AI_ADAPTER,
    mode: 'live',
    analyzeCall: async (input) => (await get()).analyzeCall(input),
    reviewCall: async (input) => (await get()).reviewCall(input),
    suggest: async (input) => (await get()).suggest(input),
  };
}

/** An OpenAI-compatible endpoint (live) when the workspace configured one; otherwise the offline analyzer. */
export function aiAdapters(): AdapterFactory<AiPort>[] {
  return [
    {
      name: LIVE_AI_ADAPTER,
      mode: 'live',
      unavailableReason: async ({ deps, workspaceId }) => ((await readAiSettings(deps, workspaceId)) ? null : AI_NOT_CONFIGURED),
      create: ({ deps, workspaceId }) =>
        lazyLive(async () => {
          const cfg = await loadLiveAiConfig(deps, workspaceId);
          if (!cfg) throw new AiError('not_configured', AI_NOT_CONFIGURED);
          return createOpenAiCompatible(cfg);
        }),
    },
    { name: OFFLINE_AI_ADAPTER, mode: 'sandbox', unavailableReason: () => null, create: () => createOfflineAi() },
  ];
}
