import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALER_EVENTS } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import type { AppEvent } from '../../../platform/events/bus.ts';
import { withWorkspace } from '../../../platform/tenancy/with-workspace.ts';
import { insertCallSessions, loadCallSessions, processPendingWebhooks } from '../index.ts';
import { answeredCallEvents, postTwilio, twilioAccount } from './webhook-test-helpers.ts';

/**
 * The processor applies a batch of calls with set-based statements. These check that a batch of
 * many calls — placed by us (?cs=) and not (created, matched to a lead or unmatched) — ends in the
 * same rows, activities and realtime events the one-call path gives, without falling back to it,
 * and that concurrent processors still make one call session per call.
 */
let t: TestContext;
let w: TestWorkspace;
let acct: { sid: string; token: string };
const leads: string[] = [];
const events: AppEvent[] = [];
const sid = () => `CA${crypto.randomBytes(16).toString('hex')}`;
const phone = (i: number) => `+1312555${String(3000 + i).padStart(4, '0')}`;

beforeAll(async () => {
  // a database of its own: the processor claims every workspace's rows, and the counts below are exact
  t = await createTestContext({ isolatedDb: true });
  w = await t.newWorkspace('Webhook batches');
  acct = await twilioAccount(t, w.workspaceId);
  const api = t.as({ cookie: w.cookie });
  for (let i = 0; i < 6; i++) {
    leads.push((await api({ method: 'POST', url: '/api/v1/leads', payload: { name: `Batch ${i}`, contact: { firstName: 'Dana', phone: phone(i) } } })).json().id);
  }
  await t.deps.events.start();
  t.deps.events.subscribe((e) => events.push(e));
});
afterAll(async () => t?.close());

function shuffle<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const ws = () => w.workspaceId;
const q = <T extends object>(sql: string, params: unknown[]) => withWorkspace(t.db, ws(), (tx) => tx.query<T>(sql, params)).then((r) => r.rows);

describe(`webhook batches on ${testDbKind}`, () => {
  it('applies many calls in one set-based batch: placed, created+matched, unmatched; activities and call.updated once per session', async () => {
    // three calls placed by us (?cs=), three calls the provider reports first (matched to a lead by number), one to a number no lead has
    const placed = await withWorkspace(t.db, ws(), (tx) => insertCallSessions(tx, ws(), [0, 1, 2].map((i) => ({
      provider: 'sandbox', providerCallId: null, direction: 'outbound' as const, from: '+12125550100', to: phone(i), status: 'initiated' as const,
      statusHistory: [{ status: 'initiated' as const, at: new Date().toISOString(), source: 'app' }], startedAt: new Date(), leadId: leads[i], userId: w.userId, record: true,
    }))));
    const calls = [0, 1, 2, 3, 4, 5, 6].map((i) => ({ i, callSid: sid(), cs: i < 3 ? placed[i] : null, to: i < 6 ? phone(i) : '+13125559999' }));
    const deliveries = shuffle(calls.flatMap((c) => answeredCallEvents({ callSid: c.callSid, accountSid: acct.sid, to: c.to, start: new Date(Date.now() - 600_000), talkSeconds: 40 + c.i })
      .map((e) => ({ path: `/webhooks/twilio/${e.route}${c.cs ? `?cs=${c.cs}` : ''}`, params: e.params }))));
    // 20% sent twice
    for (const d of [...deliveries.slice(0, Math.ceil(deliveries.length / 5))]) deliveries.push(d);
    for (const d of deliveries) expect((await postTwilio(t, d.path, d.params, acct.token)).statusCode).toBe(200);
    events.length = 0;

    const r = await processPendingWebhooks(t.deps, { limit: 500 });
    expect(r).toMatchObject({ claimed: 7 * 7, processed: 7 * 7, failed: 0, oneByOne: 0 });

    const rows = await q<{ id: string; provider_call_id: string; lead_id: string | null; user_id: string | null }>(
      'SELECT id, provider_call_id, lead_id, user_id FROM call_sessions WHERE provider_call_id = ANY($1::text[])', [calls.map((c) => c.callSid)],
    );
    expect(rows).toHaveLength(7);
    const bySid = new Map(rows.map((x) => [x.provider_call_id, x]));
    for (const c of calls) {
      const row = bySid.get(c.callSid);
      if (c.cs) expect(row).toMatchObject({ id: c.cs, lead_id: leads[c.i], user_id: w.userId });
      else expect(row).toMatchObject({ lead_id: c.i < 6 ? leads[c.i] : null, user_id: null });
      const [call] = await withWorkspace(t.db, ws(), (tx) => loadCallSessions(tx, ws(), { ids: [row?.id ?? ''] }));
      expect(call).toMatchObject({ status: 'completed', durationSeconds: 40 + c.i, amdResult: 'human', recordingStatus: 'completed', transcriptStatus: 'completed' });
      expect(call.statusHistory.map((h) => h.status)).toEqual(['initiated', 'ringing', 'in_progress', 'completed']);
    }
    // one of each timeline row per call with a lead (six of the seven), none for the unmatched call
    const acts = await q<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM activities WHERE ref_id = ANY($1::uuid[]) GROUP BY kind ORDER BY kind`, [rows.map((x) => x.id)]);
    expect(acts).toEqual([{ kind: 'call.ended', n: 6 }, { kind: 'call.recording', n: 6 }, { kind: 'call.transcript', n: 6 }]);
    await expect.poll(() => new Set(events.filter((e) => e.type === DIALER_EVENTS.callUpdated).map((e) => (e.payload as { callSessionId: string }).callSessionId)).size, { timeout: 5000 }).toBe(7);

    // processing the same events again (a replay of the whole call) changes nothing and writes no new activity
    await t.db.query('UPDATE webhook_events SET processed_at = NULL WHERE workspace_id = $1', [ws()]);
    expect(await processPendingWebhooks(t.deps, { limit: 500 })).toMatchObject({ failed: 0, oneByOne: 0 });
    const again = await q<{ n: number }>(`SELECT count(*)::int AS n FROM activities WHERE ref_id = ANY($1::uuid[])`, [rows.map((x) => x.id)]);
    expect(again[0].n).toBe(18);
  });

  it('makes one call session per call when processors race over the same calls', async () => {
    const sids = Array.from({ length: 20 }, sid);
    const deliveries = shuffle(sids.flatMap((s, i) => answeredCallEvents({ callSid: s, accountSid: acct.sid, to: phone(100 + i), start: new Date(), talkSeconds: 30 }).slice(0, 5)));
    for (const e of deliveries) expect((await postTwilio(t, '/webhooks/twilio/voice', e.params, acct.token)).statusCode).toBe(200);
    const results = await Promise.all([0, 1, 2, 3].map(() => processPendingWebhooks(t.deps, { limit: 13 })));
    for (;;) if ((await processPendingWebhooks(t.deps, { limit: 13 })).claimed === 0) break;
    expect(results.every((r) => r.failed === 0)).toBe(true);
    const rows = await q<{ provider_call_id: string; n: number; status: string }>(
      'SELECT provider_call_id, count(*)::int AS n, min(status) AS status FROM call_sessions WHERE provider_call_id = ANY($1::text[]) GROUP BY 1', [sids],
    );
    expect(rows).toHaveLength(20);
    expect(rows.every((x) => x.n === 1 && x.status === 'completed')).toBe(true);
    expect(Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events WHERE provider_call_id = ANY($1::text[]) AND processed_at IS NULL', [sids])).rows[0].n)).toBe(0);
  });
});
