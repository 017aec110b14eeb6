import { z } from 'zod';
import { ReputationSourceSchema, type ReputationSource as SourceConfig } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { registerWorkspaceCron, type RegisteredCron } from '../../platform/jobs/fan-out.ts';
import { createHttpReputationSource } from '../../platform/providers/reputation/http.ts';
import { NO_SOURCES, type ReputationSource, type ReputationVerdict } from '../../platform/providers/reputation/port.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { scoreNumber } from './scoring.ts';

export const HEALTH_CRON = 'numbers.health';

export interface ConnectStats {
  calls7d: number;
  connects7d: number;
  callsPrev7d: number;
  connectsPrev7d: number;
}

/**
 * Connect figures per caller id: outbound calls placed from it (a call the provider refused is not
 * a dial) in the last 7 days and the 7 before, and how many of them were logged with a disposition
 * that counts as a connect.
 */
export async function connectStats(tx: Sql, workspaceId: string, numbers: string[], at: Date = new Date()): Promise<Map<string, ConnectStats>> {
  const { rows } = await tx.query<{ from_number: string; calls7d: number; connects7d: number; calls_prev: number; connects_prev: number }>(
    `SELECT cs.from_number,
            count(*) FILTER (WHERE cs.started_at > $2::timestamptz - interval '7 days')::int AS calls7d,
            count(*) FILTER (WHERE cs.started_at > $2::timestamptz - interval '7 days' AND d.counts_as_connect)::int AS connects7d,
            count(*) FILTER (WHERE cs.started_at <= $2::timestamptz - interval '7 days')::int AS calls_prev,
            count(*) FILTER (WHERE cs.started_at <= $2::timestamptz - interval '7 days' AND d.counts_as_connect)::int AS connects_prev
       FROM call_sessions cs
       LEFT JOIN attempts a ON a.call_session_id = cs.id
       LEFT JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
      WHERE cs.workspace_id = $1 AND cs.direction = 'outbound' AND cs.status <> 'failed' AND cs.from_number = ANY($3::text[])
        AND cs.started_at > $2::timestamptz - interval '14 days' AND cs.started_at <= $2::timestamptz
      GROUP BY cs.from_number`,
    [workspaceId, at.toISOString(), numbers],
  );
  const out = new Map<string, ConnectStats>();
  for (const n of numbers) out.set(n, { calls7d: 0, connects7d: 0, callsPrev7d: 0, connectsPrev7d: 0 });
  for (const r of rows) out.set(r.from_number, { calls7d: r.calls7d, connects7d: r.connects7d, callsPrev7d: r.calls_prev, connectsPrev7d: r.connects_prev });
  return out;
}

const SettingsSchema = z.object({ numbers: z.object({ reputationSources: z.array(z.unknown()).optional() }).loose().optional() }).loose();

/** The workspace's configured spam-label sources (workspaces.settings.numbers.reputationSources); invalid entries are ignored. */
export async function readSourceConfigs(tx: Sql, workspaceId: string): Promise<SourceConfig[]> {
  const { rows } = await tx.query<{ settings: unknown }>('SELECT settings FROM workspaces WHERE id = $1', [workspaceId]);
  const s = SettingsSchema.safeParse(rows[0]?.settings ?? {});
  const raw = s.success ? (s.data.numbers?.reputationSources ?? []) : [];
  return raw.flatMap((r) => {
    const p = ReputationSourceSchema.safeParse(r);
    return p.success ? [p.data] : [];
  });
}

export async function writeSourceConfigs(tx: Sql, workspaceId: string, sources: SourceConfig[]): Promise<void> {
  await tx.query(
    `UPDATE workspaces SET settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{numbers}', coalesce(settings->'numbers', '{}'::jsonb) || jsonb_build_object('reputationSources', $2::jsonb)) WHERE id = $1`,
    [workspaceId, JSON.stringify(sources)],
  );
}

/** Sandbox: no sources unless the workspace configured some (they are plain HTTP lookups). */
export function sourcesFrom(configs: SourceConfig[]): readonly ReputationSource[] {
  return configs.length ? configs.map((c) => createHttpReputationSource(c)) : NO_SOURCES;
}

export interface CheckResult {
  checked: number;
  flagged: string[];
}

/**
 * One health check of a workspace's numbers (all, or the given ids): reputation lookups first,
 * outside any transaction (they are network calls), then connect figures, reps' reports of the last
 * 7 days and the score written in one transaction. Admins are notified once per newly flagged number.
 */
export async function checkNumbers(deps: Deps, workspaceId: string, opts: { ids?: string[]; at?: Date; sources?: readonly ReputationSource[] } = {}): Promise<CheckResult> {
  const at = opts.at ?? new Date();
  const { nums, configs } = await withWorkspace(deps.db, workspaceId, async (tx) => ({
    nums: (await tx.query<{ id: string; e164: string; status: string }>(
      'SELECT id, e164, status FROM phone_numbers WHERE workspace_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) ORDER BY e164',
      [workspaceId, opts.ids ?? null],
    )).rows,
    configs: await readSourceConfigs(tx, workspaceId),
  }));
  const sources = opts.sources ?? sourcesFrom(configs);
  const verdicts = new Map<string, ReputationVerdict[]>();
  for (const n of nums) verdicts.set(n.e164, await Promise.all(sources.map((s) => s.check(n.e164))));

  const flagged = await withWorkspace(deps.db, workspaceId, async (tx) => {
    const stats = await connectStats(tx, workspaceId, nums.map((n) => n.e164), at);
    const { rows: reports } = await tx.query<{ phone_number_id: string; n: number }>(
      `SELECT phone_number_id, count(*)::int AS n FROM phone_number_spam_reports
        WHERE workspace_id = $1 AND created_at > $2::timestamptz - interval '7 days' GROUP BY phone_number_id`,
      [workspaceId, at.toISOString()],
    );
    const newlyFlagged: { id: string; e164: string; reasons: string[] }[] = [];
    for (const n of nums) {
      const st = stats.get(n.e164) ?? { calls7d: 0, connects7d: 0, callsPrev7d: 0, connectsPrev7d: 0 };
      const v = verdicts.get(n.e164) ?? [];
      const scores = v.flatMap((x) => (x.score === null ? [] : [x.score]));
      const spamScore = scores.length ? Math.max(...scores) : null;
      const h = scoreNumber({ ...st, spamScore, repReports7d: reports.find((r) => r.phone_number_id === n.id)?.n ?? 0 });
      const prevRate = st.callsPrev7d > 0 ? st.connectsPrev7d / st.callsPrev7d : null;
      await tx.query(
        `UPDATE phone_numbers SET status = $3, health_score = $4, calls_7d = $5, connects_7d = $6, connect_rate_7d = $7, connect_rate_prev_7d = $8,
                spam_score = $9, spam_sources = $10::jsonb, health_reasons = $11::jsonb, last_checked_at = $12, updated_at = now()
          WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, n.id, h.status, h.score, st.calls7d, st.connects7d, h.connectRate, prevRate, spamScore, JSON.stringify(v), JSON.stringify(h.reasons), at.toISOString()],
      );
      if (h.status === 'flagged' && n.status !== 'flagged') newlyFlagged.push({ id: n.id, e164: n.e164, reasons: h.reasons });
    }
    return newlyFlagged;
  });

  if (flagged.length) {
    const r = await getProviderRegistry(deps).resolve(workspaceId, 'notifier');
    if (r.configured) {
      for (const f of flagged) {
        await r.port.notify({ workspaceId, minRole: 'admin' }, {
          kind: 'number.flagged', severity: 'warning', title: `${f.e164} flagged: calls skip it`, body: f.reasons.join('; '),
          link: '/settings/numbers', ref: { type: 'phone_number', id: f.id }, dedupeKey: `number.flagged:${f.id}:${at.toISOString().slice(0, 10)}`,
        });
      }
    }
  }
  return { checked: nums.length, flagged: flagged.map((f) => f.e164) };
}

/** Every 12 hours, one job per workspace that has numbers in its pool. */
export function registerNumberJobs(deps: Deps): Promise<RegisteredCron> {
  return registerWorkspaceCron(deps.jobs, deps.db, deps.log, {
    name: HEALTH_CRON,
    cron: '0 */12 * * *',
    // read as the owner across tenants: only which workspaces have numbers, never their rows
    listWorkspaces: async () => (await deps.db.query<{ workspace_id: string }>('SELECT DISTINCT workspace_id FROM phone_numbers')).rows.map((r) => r.workspace_id),
    handler: async (workspaceId) => {
      await checkNumbers(deps, workspaceId);
    },
  });
}
