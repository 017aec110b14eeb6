import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PowerSessionStateSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { getSandboxCarrier } from '../../platform/providers/sandbox-carrier/index.ts';
import { processPendingWebhooks } from '../calls/index.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { VirtualClock } from './engine/index.ts';
import { startPowerRunner } from './runner.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
const clock = new VirtualClock(Date.now());

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Power dialer on a virtual clock');
  api = t.as({ cookie: w.cookie });
  // real-length calls (25 s rings, minutes of talk) with the carrier's default statistics and
  // duplicated / reordered webhooks — played on a clock that only moves when the test says so
  getSandboxCarrier(t.deps).configure({ timeScale: 1, seed: 20261122, clock });
});
afterAll(async () => {
  getSandboxCarrier(t.deps).configure({ clock: undefined });
  await t?.close();
});

describe(`power dialer on a virtual clock (${testDbKind})`, () => {
  it('a lone rep on two adaptive lines works through a queue at the carrier’s statistics: every lead ends, none over its attempts, minutes of calls in seconds', async () => {
    const zone = zoneAtLocalHour(13);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await makeLead(t, w, `Virtual ${i}`, `+1312${300 + i}${4100 + i}`);
      ids.push(id);
    }
    await t.db.query('UPDATE leads SET timezone = $2 WHERE workspace_id = $1', [w.workspaceId, zone]);
    const res = await api({ method: 'POST', url: '/api/v1/power-sessions', payload: { mode: 'custom', custom: { leadIds: ids }, config: { linesPerRep: 2, pacing: 'adaptive', maxAttempts: 2, redialDelay: '30s', voicemail: 'hangup' } } });
    expect(res.statusCode, res.body).toBe(201);
    const sessionId = PowerSessionStateSchema.parse(res.json()).id;
    const carrier = getSandboxCarrier(t.deps);
    const runner = startPowerRunner(t.deps, { autoStart: false, now: () => new Date(clock.now()) });
    const wallStart = Date.now();
    const virtualStart = clock.now();
    let logged = 0;
    for (let step = 0; step < 4000; step++) {
      // event to event: the carrier's next webhook, or 5 s for what only the engine's timer sees
      const next = clock.nextAt();
      await clock.advanceAsync(next === null ? 5000 : Math.min(5000, Math.max(0, next - clock.now())));
      await carrier.flushed();
      const r = await processPendingWebhooks(t.deps);
      await runner.onCalls(r.calls);
      await runner.tick();
      const me = await t.db.query<{ state: string; item_id: string | null }>(
        `SELECT r.state, pl.item_id FROM power_reps r LEFT JOIN power_lines pl ON pl.call_session_id = r.call_session_id WHERE r.dial_session_id = $1`,
        [sessionId],
      );
      // the rep logs each conversation the moment it ends; the engine frees them on its next pass
      if (me.rows[0]?.state === 'wrap_up' && me.rows[0].item_id) {
        const log = await api({ method: 'POST', url: `/api/v1/dialer/sessions/${sessionId}/items/${me.rows[0].item_id}/disposition`, payload: { dispositionKey: 'some_interest' } });
        expect(log.statusCode, log.body).toBe(201);
        logged++;
      }
      const left = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM dial_session_items WHERE dial_session_id = $1 AND power_state IN ('queued', 'redial', 'dialing')`,
        [sessionId],
      );
      const open = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM power_lines WHERE dial_session_id = $1 AND state <> 'ended'`, [sessionId]);
      if (left.rows[0].n === 0 && open.rows[0].n === 0 && me.rows[0]?.state === 'available') break;
    }
    await runner.stop();
    const virtualMinutes = (clock.now() - virtualStart) / 60_000;
    const wallSeconds = (Date.now() - wallStart) / 1000;

    const items = await t.db.query<{ power_state: string; power_attempts: number; calls: number }>(
      `SELECT i.power_state, i.power_attempts, (SELECT count(*)::int FROM power_lines pl WHERE pl.item_id = i.id AND pl.outcome IS DISTINCT FROM 'canceled_before_answer' AND pl.outcome IS DISTINCT FROM 'abandoned') AS calls
         FROM dial_session_items i WHERE i.dial_session_id = $1`,
      [sessionId],
    );
    // every lead reached an end state; no one was dialed beyond the attempts allowed
    for (const i of items.rows) {
      expect(['done', 'exhausted', 'dead']).toContain(i.power_state);
      expect(i.calls).toBeLessThanOrEqual(2);
    }
    const outcomes = await t.db.query<{ outcome: string; n: number }>('SELECT outcome, count(*)::int AS n FROM power_lines WHERE dial_session_id = $1 GROUP BY 1', [sessionId]);
    const by = Object.fromEntries(outcomes.rows.map((r) => [r.outcome, r.n]));
    expect(by.bridged ?? 0).toBe(logged);
    expect(logged).toBeGreaterThan(0);
    // a conversation's attempt is the rep's; the provider's certain outcomes are the engine's
    const attempts = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attempts WHERE workspace_id = $1', [w.workspaceId]);
    expect(attempts.rows[0].n).toBe(logged + (by.no_answer ?? 0) + (by.busy ?? 0) + (by.machine ?? 0));
    // minutes of dialing, played in seconds
    expect(virtualMinutes).toBeGreaterThan(5);
    expect(wallSeconds).toBeLessThan(virtualMinutes * 60 / 4);
  }, 120_000);
});
