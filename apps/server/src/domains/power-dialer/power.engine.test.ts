import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PowerSessionStateSchema, type PowerSessionState } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { getSandboxCarrier } from '../../platform/providers/sandbox-carrier/index.ts';
import { resolveTelephony } from '../../platform/providers/telephony/index.ts';
import { processPendingWebhooks } from '../calls/index.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { addMember } from '../tasks/tasks.test-helpers.ts';
import { insertDueCallbacks } from '../dialer/index.ts';
import { makeTask } from '../dialer/dialer.test-helpers.ts';
import { DEFAULT_COMPLIANCE } from '../compliance/index.ts';
import { multipart, wavBytes } from '../scripts/audio.test-helpers.ts';
import { advancePowerSession } from './driver.ts';
import { startPowerRunner, type PowerRunner } from './runner.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
const daytime = zoneAtLocalHour(13);

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Power dialer');
  api = t.as({ cookie: w.cookie });
  // a 25 s ring plays in 1 s, a 45 s conversation in 1.8 s: slow enough for the engine to bridge
  // a person before they hang up, even on a loaded machine
  getSandboxCarrier(t.deps).configure({ timeScale: 0.04 });
});
afterAll(async () => t?.close());

let phoneSeq = 0;
/** A lead whose number has a fixed fate at the sandbox carrier (0001 human, 0002 machine, 0003 no answer, 0004 busy). */
async function lead(name: string, fate: '0001' | '0002' | '0003' | '0004') {
  const phone = `+1312${200 + phoneSeq++}${fate}`;
  const id = await makeLead(t, w, name, phone);
  await api({ method: 'PATCH', url: `/api/v1/leads/${id}`, payload: { timezone: daytime } });
  return id;
}

async function start(leadIds: string[], config: Record<string, unknown>): Promise<PowerSessionState> {
  const res = await api({ method: 'POST', url: '/api/v1/power-sessions', payload: { mode: 'custom', custom: { leadIds }, config } });
  expect(res.statusCode, res.body).toBe(201);
  return PowerSessionStateSchema.parse(res.json());
}
const state = async (id: string) => PowerSessionStateSchema.parse((await api({ method: 'GET', url: `/api/v1/power-sessions/${id}` })).json());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Plays a session out as a worker would (webhooks processed → the campaign advanced; the timer for
 * the rest), with the rep logging every connected call and getting ready again, until nothing is
 * left to dial or ringing.
 */
async function playOut(id: string, runner: PowerRunner, opts: { maxMs?: number; stopAfter?: (s: PowerSessionState) => boolean } = {}) {
  const deadline = Date.now() + (opts.maxMs ?? 25_000);
  for (;;) {
    const r = await processPendingWebhooks(t.deps);
    await runner.onCalls(r.calls);
    await runner.tick();
    const s = await state(id);
    if (s.me?.state === 'wrap_up' && s.currentItemId) {
      const log = await api({ method: 'POST', url: `/api/v1/dialer/sessions/${id}/items/${s.currentItemId}/disposition`, payload: { dispositionKey: 'not_interested', notInterestedReason: 'timing' } });
      expect(log.statusCode, log.body).toBe(201);
      expect((await api({ method: 'POST', url: `/api/v1/power-sessions/${id}/ready` })).statusCode).toBe(200);
      continue;
    }
    if (opts.stopAfter?.(s)) return s;
    const q = s.stats.queue;
    if (q.queued + q.redial + q.dialing === 0 && s.lines.length === 0 && s.me?.state !== 'talking') return s;
    if (Date.now() > deadline) {
      const lines = await t.db.query('SELECT pl.state, pl.outcome, cs.status, cs.amd_result, cs.to_number FROM power_lines pl JOIN call_sessions cs ON cs.id = pl.call_session_id WHERE pl.dial_session_id = $1 ORDER BY pl.placed_at', [id]);
      throw new Error(`power session did not finish: ${JSON.stringify({ queue: q, lines: lines.rows, me: s.me?.state })}`);
    }
    await sleep(40);
  }
}

const callsPerItem = async (sessionId: string) =>
  (await t.db.query<{ lead_id: string; calls: number; released: number }>(
    `SELECT i.lead_id, count(pl.*) FILTER (WHERE pl.outcome IS DISTINCT FROM 'canceled_before_answer')::int AS calls, count(pl.*) FILTER (WHERE pl.outcome = 'canceled_before_answer')::int AS released
       FROM dial_session_items i LEFT JOIN power_lines pl ON pl.item_id = i.id WHERE i.dial_session_id = $1 GROUP BY i.lead_id`,
    [sessionId],
  )).rows;

describe(`power dialer engine on ${testDbKind}`, () => {
  it('dials on two lines, bridges the human, redials no-answers up to the limit, logs provider-known outcomes as attempts, never dials a lead more than allowed', async () => {
    const human = await lead('Human Co', '0001');
    const machine = await lead('Machine Co', '0002');
    const silent = await lead('Silent Co', '0003');
    const busy = await lead('Busy Co', '0004');
    // a running opener experiment: only the conversation the rep gets is assigned a variant
    const exp = await api({ method: 'POST', url: '/api/v1/experiments', payload: { name: 'Opener test', variants: [{ label: 'A', text: 'Hi, quick one' }, { label: 'B', text: 'Did I catch you at a bad time?' }], targetCalls: 20, successDispositions: ['meeting_set'] } });
    expect(exp.statusCode, exp.body).toBe(201);
    const s0 = await start([human, machine, silent, busy], { linesPerRep: 2, pacing: 'fixed', maxAttempts: 2, redialDelay: 'end', voicemail: 'hangup' });
    expect(s0.status).toBe('running');
    expect(s0.lines.length).toBe(2);
    const runner = startPowerRunner(t.deps, { autoStart: false });
    const done = await playOut(s0.id, runner);

    const items = await t.db.query<{ lead_id: string; power_state: string; power_attempts: number; status: string }>('SELECT lead_id, power_state, power_attempts, status FROM dial_session_items WHERE dial_session_id = $1', [s0.id]);
    const by = Object.fromEntries(items.rows.map((r) => [r.lead_id, r]));
    expect(by[human]).toMatchObject({ power_state: 'done', status: 'called' });
    for (const id of [machine, silent, busy]) expect(by[id]).toMatchObject({ power_state: 'exhausted', power_attempts: 2, status: 'called' });
    for (const c of await callsPerItem(s0.id)) expect(c.calls).toBeLessThanOrEqual(2);
    // the rep's disposition for the conversation; the provider's outcomes for the rest (2 each)
    const attempts = await t.db.query<{ lead_id: string; disposition_key: string; n: number }>('SELECT lead_id, disposition_key, count(*)::int AS n FROM attempts WHERE workspace_id = $1 GROUP BY 1, 2', [w.workspaceId]);
    const keyed = attempts.rows.map((r) => `${r.lead_id === human ? 'human' : r.lead_id === machine ? 'machine' : r.lead_id === silent ? 'silent' : 'busy'}:${r.disposition_key}:${r.n}`).sort();
    expect(keyed).toEqual(['busy:no_answer:2', 'human:not_interested:1', 'machine:no_answer:2', 'silent:no_answer:2']);
    expect(done.stats.connects).toBe(1);
    expect(done.stats.liveAnswered30d).toBeGreaterThanOrEqual(1);
    const assigned = await t.db.query<{ lead_id: string; user_id: string; n: number }>('SELECT lead_id, user_id, count(*)::int AS n FROM experiment_assignments WHERE experiment_id = $1 GROUP BY 1, 2', [exp.json().id]);
    expect(assigned.rows).toEqual([{ lead_id: human, user_id: w.userId, n: 1 }]);
    expect(done.recent.length).toBeGreaterThan(0);
    // the live dashboard counts the same calls (a line released while ringing is not one)
    const dash = (await api({ method: 'GET', url: '/api/v1/power-dashboard?range=today' })).json();
    expect(dash).toMatchObject({ calls: done.stats.calls, connects: 1 });
    expect(dash.campaigns[0]).toMatchObject({ id: s0.id, liveAnswered: done.stats.liveAnswered30d });
    await runner.stop();
  });

  it('a worker killed between committing a line and placing its call: another takes over, the lead is dialed again once, nothing lost or doubled', async () => {
    const leads = [await lead('Resume A', '0003'), await lead('Resume B', '0004'), await lead('Resume C', '0003')];
    const res = await api({ method: 'POST', url: '/api/v1/power-sessions', payload: { mode: 'custom', custom: { leadIds: leads }, config: { linesPerRep: 1, pacing: 'fixed', maxAttempts: 1, voicemail: 'hangup' } } });
    expect(res.statusCode).toBe(201);
    const id = PowerSessionStateSchema.parse(res.json()).id;
    // the API's own advance placed the first call; let it end, then "crash" on the next placement
    await sleep(1500);
    await processPendingWebhooks(t.deps);
    const real = await resolveTelephony(t.deps, w.workspaceId);
    const dying = { ...real, port: { ...real.port, placeCall: () => new Promise<never>(() => {}) } };
    void advancePowerSession(t.deps, w.workspaceId, id, { telephony: dying });
    await sleep(300);
    const stuck = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM power_lines pl JOIN call_sessions cs ON cs.id = pl.call_session_id WHERE pl.dial_session_id = $1 AND cs.provider_call_id IS NULL AND pl.state = 'dialing'`, [id]);
    expect(stuck.rows[0].n).toBe(1);
    // a second process: its lease is free, it gives the unplaced call up and carries on
    const b = startPowerRunner(t.deps, { autoStart: false, owner: 'worker-b', leaseMs: 200, unplacedGraceMs: 300 });
    await sleep(350);
    await playOut(id, b);
    const final = await t.db.query<{ power_state: string }>('SELECT power_state FROM dial_session_items WHERE dial_session_id = $1', [id]);
    expect(final.rows.map((r) => r.power_state).sort()).toEqual(['exhausted', 'exhausted', 'exhausted']);
    for (const c of await callsPerItem(id)) expect(c.calls).toBe(1);
    const released = (await callsPerItem(id)).reduce((n, c) => n + c.released, 0);
    expect(released).toBe(1);
    await b.stop();
  });

  it('pause stops new calls, a rep on a break gets no bridge, end releases ringing lines; another rep cannot drive a private session', async () => {
    const ids = [await lead('Pause A', '0003'), await lead('Pause B', '0003'), await lead('Pause C', '0003')];
    const s = await start(ids, { linesPerRep: 1, pacing: 'fixed', maxAttempts: 1 });
    const paused = PowerSessionStateSchema.parse((await api({ method: 'POST', url: `/api/v1/power-sessions/${s.id}/pause` })).json());
    expect(paused.status).toBe('paused');
    await sleep(1500);
    const runner = startPowerRunner(t.deps, { autoStart: false });
    await runner.onCalls((await processPendingWebhooks(t.deps)).calls);
    await runner.tick();
    const after = await state(s.id);
    expect(after.stats.calls).toBe(1);
    expect(after.lines).toHaveLength(0);
    const other = await addMember(t, w, 'rep');
    const res = await other.api({ method: 'POST', url: `/api/v1/power-sessions/${s.id}/resume` });
    expect(res.statusCode).toBe(403);
    const ended = PowerSessionStateSchema.parse((await api({ method: 'POST', url: `/api/v1/power-sessions/${s.id}/end` })).json());
    expect(ended.status).toBe('ended');
    await runner.stop();
  });

  it('a machine gets the default recorded message after the beep (an attempt, "left voicemail"); the last attempt sends the auto-SMS', async () => {
    const up = await api({ method: 'POST', url: '/api/v1/voicemail-templates', ...multipart({ bytes: wavBytes(3), filename: 'drop.wav', type: 'audio/wav' }, { name: 'Drop' }) });
    expect(up.statusCode, up.body).toBe(201);
    expect((await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: { ...DEFAULT_COMPLIANCE, tenDlcStatus: 'approved' } })).statusCode).toBe(200);
    const tpl = (await api({ method: 'POST', url: '/api/v1/sms-templates', payload: { name: 'Tried you', body: 'Hi {FirstName}, we tried to reach you. Reply here any time.' } })).json();
    const set = await api({ method: 'PUT', url: '/api/v1/settings/messaging', payload: { helpText: 'Help', autoExhausted: { enabled: true, templateId: tpl.id }, autoMissedCall: { enabled: false, templateId: null } } });
    expect(set.statusCode, set.body).toBe(200);
    const machine = await lead('Voicemail Vale', '0002');
    const s = await start([machine], { linesPerRep: 1, maxAttempts: 1, voicemail: 'drop', autoSmsOnExhaust: true });
    const runner = startPowerRunner(t.deps, { autoStart: false });
    await playOut(s.id, runner);
    const line = await t.db.query<{ outcome: string; call_session_id: string }>('SELECT outcome, call_session_id FROM power_lines WHERE dial_session_id = $1', [s.id]);
    expect(line.rows.map((r) => r.outcome)).toEqual(['voicemail_dropped']);
    const attempt = await t.db.query<{ disposition_key: string }>('SELECT disposition_key FROM attempts WHERE lead_id = $1', [machine]);
    expect(attempt.rows.map((r) => r.disposition_key)).toEqual(['left_voicemail']);
    // what the carrier fetched after the redirect: the recording, then hang up
    const fetched = getSandboxCarrier(t.deps).delivered((await t.db.query<{ p: string }>('SELECT provider_call_id AS p FROM call_sessions WHERE id = $1', [line.rows[0].call_session_id])).rows[0].p);
    expect(fetched.some((d) => d.kind === 'twiml' && d.url.includes('/twiml/power/voicemail'))).toBe(true);
    const sms = await t.db.query<{ body: string; automation: string }>('SELECT body, automation FROM messages WHERE lead_id = $1', [machine]);
    expect(sms.rows).toEqual([{ body: 'Hi Voicemail, we tried to reach you. Reply here any time.', automation: 'auto_exhausted' }]);
    await runner.stop();
  });

  it('a callback falling due goes to the front of the running power session and is dialed next', async () => {
    const queued = [await lead('Queue One', '0003'), await lead('Queue Two', '0003')];
    const s = await start(queued, { linesPerRep: 1, pacing: 'fixed', maxAttempts: 1 });
    await api({ method: 'POST', url: `/api/v1/power-sessions/${s.id}/pause` });
    const cb = await lead('Callback Co', '0003');
    await makeTask(t, w, cb, 'Call back as promised', new Date(Date.now() - 60_000).toISOString(), { kind: 'callback' });
    expect((await insertDueCallbacks(t.deps, w.workspaceId)).inserted).toBeGreaterThanOrEqual(1);
    const after = await state(s.id);
    expect(after.next[0]).toMatchObject({ leadName: 'Callback Co' });
    // once the line is free, the callback is the next call placed
    await sleep(1500);
    const runner = startPowerRunner(t.deps, { autoStart: false });
    await runner.onCalls((await processPendingWebhooks(t.deps)).calls);
    await api({ method: 'POST', url: `/api/v1/power-sessions/${s.id}/resume` });
    const placed = await t.db.query<{ name: string }>(
      `SELECT l.name FROM power_lines pl JOIN dial_session_items i ON i.id = pl.item_id JOIN leads l ON l.id = i.lead_id WHERE pl.dial_session_id = $1 ORDER BY pl.placed_at`,
      [s.id],
    );
    expect(placed.rows.map((r) => r.name)).toEqual(['Queue One', 'Callback Co']);
    await api({ method: 'POST', url: `/api/v1/power-sessions/${s.id}/end` });
    await runner.stop();
  });

  it('a rep reports the caller id as labelled spam during a call: counted on that pool number; a caller id outside the pool is refused', async () => {
    const noPool = await start([await lead('Spam One', '0003')], { linesPerRep: 1, pacing: 'fixed', maxAttempts: 1 });
    const first = noPool.lines[0];
    const refused = await api({ method: 'POST', url: `/api/v1/power-sessions/${noPool.id}/lines/${first.callSessionId}/report-spam` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/not in the workspace's number pool/);
    await api({ method: 'POST', url: `/api/v1/power-sessions/${noPool.id}/end` });

    const added = await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+13125550999', label: 'Chicago line', provider: 'sandbox' } });
    expect(added.statusCode, added.body).toBe(201);
    const s = await start([await lead('Spam Two', '0003')], { linesPerRep: 1, pacing: 'fixed', maxAttempts: 1 });
    const line = s.lines[0];
    const from = (await t.db.query<{ from_number: string }>('SELECT from_number FROM call_sessions WHERE id = $1', [line.callSessionId])).rows[0].from_number;
    expect(from).toBe('+13125550999');
    const ok = await api({ method: 'POST', url: `/api/v1/power-sessions/${s.id}/lines/${line.callSessionId}/report-spam` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ number: '+13125550999', spamReportsByReps: 1 });
    const report = await t.db.query<{ note: string; user_id: string }>('SELECT note, user_id FROM phone_number_spam_reports WHERE workspace_id = $1', [w.workspaceId]);
    expect(report.rows).toEqual([{ note: 'Reported during a call with Spam Two', user_id: w.userId }]);
    await api({ method: 'POST', url: `/api/v1/power-sessions/${s.id}/end` });
    await api({ method: 'DELETE', url: `/api/v1/numbers/${added.json().id}` });
  });
});
