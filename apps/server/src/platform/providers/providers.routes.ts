import { z } from 'zod';
import { defineRoute } from '../http/route.ts';
import { readHealth } from './health.ts';
import { CAPABILITIES, CAPABILITY_LABELS, getProviderRegistry } from './registry.ts';

const HealthSchema = z.object({ lastSuccessAt: z.string().nullable(), lastErrorAt: z.string().nullable(), lastError: z.string().nullable() });

const ProviderStatusSchema = z.object({
  capability: z.enum(CAPABILITIES),
  label: z.string(),
  mode: z.enum(['sandbox', 'live', 'not configured']),
  adapter: z.string().nullable(),
  /** Why the capability is not configured, in words an admin can act on. */
  reason: z.string().nullable(),
  /** What this version ships for the capability, and whether each could be used now. */
  adapters: z.array(z.object({ name: z.string(), mode: z.enum(['sandbox', 'live']), available: z.boolean(), reason: z.string().nullable() })),
  /** Last success / last error seen by any process for this workspace; null when never used. */
  health: HealthSchema.nullable(),
});

export const providerRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/providers', auth: 'workspace', tags: ['providers'],
    summary: 'Each provider capability of this workspace: sandbox, live or not configured, which adapter, and its health',
    response: z.object({ data: z.array(ProviderStatusSchema) }),
    handler: async ({ deps, workspace, tx }) => {
      const registry = getProviderRegistry(deps);
      const ctx = { deps, workspaceId: workspace.id };
      const data = [];
      for (const capability of CAPABILITIES) {
        const r = await registry.resolve(workspace.id, capability);
        const adapters = [];
        for (const f of registry.catalog[capability]) {
          const reason = await f.unavailableReason(ctx);
          adapters.push({ name: f.name, mode: f.mode, available: reason === null, reason });
        }
        const health = r.configured ? await tx((t) => readHealth(t, workspace.id, capability, r.adapter)) : null;
        data.push({
          capability,
          label: CAPABILITY_LABELS[capability],
          mode: r.mode,
          adapter: r.adapter,
          reason: r.configured ? null : r.reason,
          adapters,
          health,
        });
      }
      return { data };
    },
  }),
];
