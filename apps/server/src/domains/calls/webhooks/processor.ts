import type { Tx } from '../../../db/client.ts';
import type { Deps } from '../../../platform/deps.ts';
import { applyCallEvents } from './apply.ts';
import { applyCallBatch, type BatchCall } from './apply-batch.ts';
import { parseStoredEvent } from './stored-event.ts';

// A delivery that fails this many times is left for a person (error column) instead of retried forever.
export const MAX_ATTEMPTS = 5;
export const WEBHOOK_CHANNEL = 'flywheel_webhooks';

interface Claimed { id: string; workspace_id: string; provider: string; kind: string; provider_call_id: string | null; raw: unknown }

/** `oneByOne`: events that went through the one-call path (the batch left them, or the batch failed). */
export interface ProcessResult { claimed: number; processed: number; failed: number; oneByOne: number; calls: { workspaceId: string; callSessionId: string }[] }

/**
 * Processes up to `limit` stored, unprocessed deliveries in one transaction. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so any number of processes can drain concurrently; a process killed
 * mid-batch rolls back and its rows are claimed again by the next run (nothing is lost). Each
 * call's events are applied under a savepoint: one bad call cannot stop the others.
 */
export async function processPendingWebhooks(deps: Deps, opts: { limit?: number } = {}): Promise<ProcessResult> {
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 2000);
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<Claimed>(
      `SELECT id, workspace_id, provider, kind, provider_call_id, raw FROM webhook_events
        WHERE processed_at IS NULL AND attempts < $2 ORDER BY received_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, MAX_ATTEMPTS],
    );
    const result: ProcessResult = { claimed: rows.length, processed: 0, failed: 0, oneByOne: 0, calls: [] };
    if (rows.length === 0) return result;
    const byWorkspace = new Map<string, Claimed[]>();
    for (const r of rows) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r]);
    let first = true;
    for (const [ws, events] of byWorkspace) {
      // from here on the tenant's rows only (row-level security), as in withWorkspace
      await tx.query(`SELECT set_config('app.workspace_id', $1, true)${first ? `, set_config('role', 'flywheel_app', true)` : ''}`, [ws]);
      first = false;
      const r = await processWorkspace(deps, tx, ws, events);
      result.processed += r.processed;
      result.failed += r.failed;
      result.oneByOne += r.oneByOne;
      for (const id of r.touched) result.calls.push({ workspaceId: ws, callSessionId: id });
    }
    return result;
  });
}

async function processWorkspace(deps: Deps, tx: Tx, ws: string, events: Claimed[]) {
  let processed = 0;
  let failed = 0;
  // call sessions changed by this batch, for whoever reacts to calls (the power dialer)
  const touched = new Set<string>();
  const byCall = new Map<string, Claimed[]>();
  const unusable: string[] = [];
  for (const e of events) {
    if (!e.provider_call_id) unusable.push(e.id);
    else byCall.set(`${e.provider}\u0000${e.provider_call_id}`, [...(byCall.get(`${e.provider}\u0000${e.provider_call_id}`) ?? []), e]);
  }
  if (unusable.length) await markDone(tx, unusable, null, 'no provider call id');
  processed += unusable.length;
  const groups = [...byCall.values()];
  // the set-based path for the whole batch, under one savepoint; what it leaves (or all, if it
  // fails) goes through the one-call path below, each call under its own savepoint
  let slow: Claimed[][] = [];
  const parsed: Claimed[][] = [];
  for (const group of groups) {
    try {
      // parsing again here surfaces a row that no longer parses as this row's error (in the one-call path)
      for (const e of group) parseStoredEvent(e.kind, e.raw);
      parsed.push(group);
    } catch {
      slow.push(group);
    }
  }
  if (parsed.length > 0) {
    const calls = new Map<BatchCall, Claimed[]>(parsed.map((g) => [{ provider: g[0].provider, providerCallId: g[0].provider_call_id ?? '' }, g]));
    await tx.query('SAVEPOINT webhook_batch');
    try {
      const outcome = await applyCallBatch(deps, tx, ws, [...calls.keys()]);
      await tx.query('RELEASE SAVEPOINT webhook_batch');
      const done: { id: string; sessionId: string | null }[] = [];
      for (const [call, group] of calls) {
        const r = outcome.get(call);
        if (r === 'slow' || r === undefined) slow.push(group);
        else {
          for (const e of group) done.push({ id: e.id, sessionId: r });
          if (r) touched.add(r);
        }
      }
      await markDoneMany(tx, done);
      processed += done.length;
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT webhook_batch');
      deps.log.warn({ workspaceId: ws, err: err instanceof Error ? err.message : String(err) }, 'webhook batch failed; applying its calls one by one');
      slow = [...slow, ...parsed];
    }
  }
  const oneByOne = slow.reduce((n, g) => n + g.length, 0);
  for (const group of slow) {
    const ids = group.map((e) => e.id);
    await tx.query('SAVEPOINT webhook_call');
    try {
      for (const e of group) parseStoredEvent(e.kind, e.raw);
      const sessionId = await applyCallEvents(deps, tx, ws, group[0].provider, group[0].provider_call_id ?? '', []);
      await tx.query('RELEASE SAVEPOINT webhook_call');
      // null: nothing to attach to yet (a transcript before its call record); the call's own
      // event folds every stored event of the call, these included
      await markDone(tx, ids, sessionId, null);
      if (sessionId) touched.add(sessionId);
      processed += ids.length;
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT webhook_call');
      const message = err instanceof Error ? err.message : String(err);
      deps.log.warn({ workspaceId: ws, providerCallId: group[0].provider_call_id, err: message }, 'webhook processing failed; will retry');
      await tx.query(`UPDATE webhook_events SET attempts = attempts + 1, error = $2 WHERE id = ANY($1::uuid[])`, [ids, message.slice(0, 1000)]);
      failed += ids.length;
    }
  }
  return { processed, failed, oneByOne, touched: [...touched] };
}

/** Done rows with the session each was applied to (null: nothing to attach to yet), in one statement. */
async function markDoneMany(tx: Tx, done: { id: string; sessionId: string | null }[]) {
  if (done.length === 0) return;
  await tx.query(
    `UPDATE webhook_events w SET processed_at = now(), attempts = w.attempts + 1, call_session_id = coalesce(x.cs, w.call_session_id), error = NULL
       FROM unnest($1::uuid[], $2::uuid[]) AS x(id, cs) WHERE w.id = x.id`,
    [done.map((d) => d.id), done.map((d) => d.sessionId)],
  );
}

async function markDone(tx: Tx, ids: string[], sessionId: string | null, note: string | null) {
  await tx.query(`UPDATE webhook_events SET processed_at = now(), attempts = attempts + 1, call_session_id = coalesce($2, call_session_id), error = $3 WHERE id = ANY($1::uuid[])`, [ids, sessionId, note]);
}

export interface WebhookProcessor { stop(): Promise<void>; drained(): Promise<void> }

/**
 * Runs in worker processes: woken by NOTIFY on insert (the trigger in 0007) and by a short poll
 * (missed notifications, retries, rows left by a process that died) — drains until empty.
 */
export async function startWebhookProcessor(deps: Deps, opts: { pollMs?: number; batch?: number; onProcessed?: (calls: ProcessResult['calls']) => Promise<void> } = {}): Promise<WebhookProcessor> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const drain = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          for (;;) {
            if (stopped) break;
            const r = await processPendingWebhooks(deps, { limit: opts.batch ?? 200 });
            // after the commit: what reacts to calls sees them applied
            if (r.calls.length && opts.onProcessed) await opts.onProcessed(r.calls).catch((err) => deps.log.error({ err }, 'reacting to processed webhooks failed'));
            if (r.claimed === 0) break;
          }
        } catch (err) {
          deps.log.error({ err }, 'webhook processor batch failed');
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const unlisten = await deps.db.listen(WEBHOOK_CHANNEL, () => void drain());
  const timer = setInterval(() => void drain(), opts.pollMs ?? 2000);
  timer.unref();
  void drain();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten();
      await running;
    },
    drained: () => drain(),
  };
}
