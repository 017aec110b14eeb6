import crypto from 'node:crypto';
import type { Deps } from '../../platform/deps.ts';
import { advancePowerSession } from './driver.ts';
import { advanceOptions } from './hooks.ts';

/** How long a process may drive a campaign's timers without renewing its lease. */
export const LEASE_MS = 10_000;

export interface PowerRunner {
  /** One pass: claims due campaigns (expired or own leases) and advances each. */
  tick(now?: Date): Promise<number>;
  /** Advances the campaigns of these call sessions (after their webhooks were applied). */
  onCalls(calls: { workspaceId: string; callSessionId: string }[]): Promise<void>;
  stop(): Promise<void>;
  readonly owner: string;
}

/**
 * Drives power sessions in a worker process. Webhooks advance a campaign directly (onCalls); the
 * timer only covers what no webhook announces — redial delays, AMD timeouts, reps becoming ready.
 * A lease per campaign (dial_sessions.lease_owner/lease_until) says which process's timer owns it;
 * when that process dies the lease runs out and another process takes over. Double dialing is
 * impossible either way: every advance holds the campaign's row lock.
 */
export function startPowerRunner(deps: Deps, opts: { intervalMs?: number; owner?: string; autoStart?: boolean; leaseMs?: number; unplacedGraceMs?: number; now?: () => Date } = {}): PowerRunner {
  const owner = opts.owner ?? `${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  let stopped = false;
  let running: Promise<unknown> | null = null;

  const advance = async (workspaceId: string, sessionId: string, now?: Date) => {
    try {
      await advancePowerSession(deps, workspaceId, sessionId, { ...advanceOptions(deps), now: now ?? opts.now?.(), unplacedGraceMs: opts.unplacedGraceMs });
    } catch (err) {
      deps.log.error({ err, workspaceId, sessionId }, 'power dialer: advancing a session failed');
    }
  };

  const tick = async (now?: Date): Promise<number> => {
    const at = now ?? opts.now?.() ?? new Date();
    const { rows } = await deps.db.query<{ id: string; workspace_id: string }>(
      `UPDATE dial_sessions SET lease_owner = $1, lease_until = $2::timestamptz + make_interval(secs => $3::float / 1000)
        WHERE id IN (
          SELECT id FROM dial_sessions
           WHERE kind = 'power' AND status = 'active' AND (wake_at IS NULL OR wake_at <= $2)
             AND (lease_owner = $1 OR lease_until IS NULL OR lease_until < $2)
           ORDER BY wake_at NULLS FIRST LIMIT 100 FOR UPDATE SKIP LOCKED)
        RETURNING id, workspace_id`,
      [owner, at, opts.leaseMs ?? LEASE_MS],
    );
    for (const r of rows) await advance(r.workspace_id, r.id, now);
    return rows.length;
  };

  const onCalls = async (calls: { workspaceId: string; callSessionId: string }[]) => {
    if (calls.length === 0) return;
    const { rows } = await deps.db.query<{ workspace_id: string; dial_session_id: string }>(
      `SELECT DISTINCT workspace_id, dial_session_id FROM power_lines WHERE call_session_id = ANY($1::uuid[])`,
      [calls.map((c) => c.callSessionId)],
    );
    for (const r of rows) await advance(r.workspace_id, r.dial_session_id);
  };

  let timer: NodeJS.Timeout | null = null;
  if (opts.autoStart !== false) {
    timer = setInterval(() => {
      if (stopped || running) return;
      running = tick().catch((err) => deps.log.error({ err }, 'power dialer tick failed')).finally(() => { running = null; });
    }, opts.intervalMs ?? 500);
    timer.unref();
  }
  return {
    owner,
    tick,
    onCalls,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
