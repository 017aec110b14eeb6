import { describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { SandboxCarrier, type WebhookDelivery } from './carrier.ts';
import { DEFAULT_STATS, OUTCOMES, callRng, planCall, type Outcome } from './planner.ts';
import { createTwilioTelephony } from '../telephony/twilio/adapter.ts';
import { inProcessRequestClient } from '../telephony/twilio/request-client.ts';
import { VirtualClock } from '../../../domains/power-dialer/engine/clock.ts';

const SID = `AC${'1'.repeat(32)}`;
const TOKEN = 'a'.repeat(32);
const BASE = 'https://app.example.test';

/** A carrier whose webhooks land in an array, with the time each arrived. */
function carrierWithInbox(timeScale: number, seed = 7) {
  const inbox: (WebhookDelivery & { at: number })[] = [];
  const carrier = new SandboxCarrier({
    seed, timeScale,
    deliver: async (d) => {
      inbox.push({ ...d, at: performance.now() });
      return 204;
    },
    checkAccount: async (sid, token) => sid === SID && token === TOKEN,
    publicBase: `${BASE}/sandbox-carrier`,
  });
  const port = createTwilioTelephony({ accountSid: SID, authToken: TOKEN, provider: 'sandbox', requestClient: inProcessRequestClient((r) => carrier.handleRest(r)) });
  const place = (to: string, extra: { record?: boolean; machineDetection?: 'off' | 'detect' } = {}) =>
    port.placeCall({ workspaceId: 'w', callSessionId: 'cs1', from: '+12125550100', to, instructionsUrl: `${BASE}/webhooks/twilio/twiml/outbound?cs=cs1`, statusCallbackUrl: `${BASE}/webhooks/twilio/voice?cs=cs1`, ringTimeoutSeconds: 30, ...extra });
  return { carrier, inbox, port, place };
}

const input = (to: string) => ({ to, timeoutSeconds: 30, amd: 'off' as const, record: false });

describe('sandbox carrier planner', () => {
  it('is reproducible: the same seed plans the same calls, another seed different ones', () => {
    const plans = (seed: number) => Array.from({ length: 50 }, (_, n) => planCall(callRng(seed, n), input('+14155551234')));
    expect(plans(42)).toEqual(plans(42));
    const outcomes = (seed: number) => plans(seed).map((p) => `${p.outcome}:${p.ringSeconds}:${p.talkSeconds}`);
    expect(outcomes(43)).not.toEqual(outcomes(42));
  });

  it('draws outcomes at the configured frequencies over 2,000 calls (±3.5 points)', () => {
    const counts: Record<Outcome, number> = { human: 0, machine: 0, no_answer: 0, busy: 0, failed: 0 };
    const talk: number[] = [];
    for (let n = 0; n < 2000; n++) {
      const p = planCall(callRng(2024, n), input(`+1415555${1000 + (n % 8000)}`));
      counts[p.outcome]++;
      if (p.outcome === 'human') talk.push(p.talkSeconds);
      // a plan never rings past the caller's timeout
      if (p.outcome === 'human' || p.outcome === 'machine') expect(p.ringSeconds).toBeLessThan(30);
    }
    const total = OUTCOMES.reduce((s, o) => s + DEFAULT_STATS.outcomes[o], 0);
    for (const o of OUTCOMES) expect(Math.abs(counts[o] / 2000 - DEFAULT_STATS.outcomes[o] / total), o).toBeLessThan(0.035);
    talk.sort((a, b) => a - b);
    const median = talk[Math.floor(talk.length / 2)];
    expect(median).toBeGreaterThan(DEFAULT_STATS.humanTalkSeconds.median * 0.8);
    expect(median).toBeLessThan(DEFAULT_STATS.humanTalkSeconds.median * 1.25);
  });

  it('follows the configured statistics, not just the defaults', () => {
    const stats = { ...DEFAULT_STATS, outcomes: { human: 0, machine: 0, no_answer: 0, busy: 1, failed: 0 } };
    const plans = Array.from({ length: 100 }, (_, n) => planCall(callRng(1, n), input('+14155551234'), stats));
    expect(new Set(plans.map((p) => p.outcome))).toEqual(new Set(['busy']));
  });

  it('gives magic numbers a fixed fate', () => {
    const fate = (suffix: string) => {
      const p = planCall(callRng(99, 3), { ...input(`+1415555${suffix}`), amd: 'Enable', record: true });
      return { outcome: p.outcome, talk: p.talkSeconds, answeredBy: p.answeredBy, error: p.errorCode, dup: p.duplicates.length, reordered: p.reordered };
    };
    expect(fate('0001')).toEqual({ outcome: 'human', talk: 45, answeredBy: 'human', error: null, dup: 0, reordered: false });
    expect(fate('0002')).toEqual({ outcome: 'machine', talk: 25, answeredBy: 'machine_start', error: null, dup: 0, reordered: false });
    expect(fate('0003')).toMatchObject({ outcome: 'no_answer', talk: 0 });
    expect(fate('0004')).toMatchObject({ outcome: 'busy', talk: 0 });
    expect(fate('0005')).toMatchObject({ outcome: 'failed', error: '13224' });
    expect(fate('0009')).toMatchObject({ outcome: 'human', reordered: true });
    expect(fate('0009').dup).toBeGreaterThan(5);
  });
});

describe('sandbox carrier playout', () => {
  it('respects the time scale: each webhook leaves at its planned time × scale', async () => {
    const scale = 0.02;
    const { carrier, inbox, place } = carrierWithInbox(scale);
    const started = performance.now();
    const call = await place('+14155550001');
    await carrier.settle(call.providerCallId);
    const plan = carrier.plan(call.providerCallId);
    expect(plan).not.toBeNull();
    const lastPlanned = Math.max(...(plan?.events ?? []).map((e) => e.atMs));
    const lastArrived = Math.max(...inbox.map((d) => d.at)) - started;
    // (0.8 s ring start + 5 s ring + 45 s talk + 4 s to transcribe) × 0.02 ≈ 1.1 s
    expect(lastArrived).toBeGreaterThanOrEqual(lastPlanned * scale - 5);
    expect(lastArrived).toBeLessThan(lastPlanned * scale + 400);
    const completed = inbox.find((d) => d.params.CallStatus === 'completed' && d.params.CallDuration);
    expect(completed?.params.CallDuration).toBe('45');
  });

  it('places the same calls with the same outcomes for the same seed', async () => {
    const run = async () => {
      const { carrier, place } = carrierWithInbox(0.0005, 11);
      const out: string[] = [];
      for (let i = 0; i < 12; i++) {
        const c = await place(`+1415555${1100 + i}`);
        await carrier.settle(c.providerCallId);
        const p = carrier.plan(c.providerCallId);
        out.push(`${p?.outcome}/${p?.talkSeconds}`);
      }
      return out;
    };
    expect(await run()).toEqual(await run());
  });

  it('refuses wrong credentials like Twilio (HTTP 401, code 20003)', async () => {
    const { carrier } = carrierWithInbox(0.001);
    const port = createTwilioTelephony({ accountSid: SID, authToken: 'b'.repeat(32), requestClient: inProcessRequestClient((r) => carrier.handleRest(r)) });
    await expect(port.placeCall({ workspaceId: 'w', callSessionId: 'x', from: '+12125550100', to: '+14155550001', instructionsUrl: `${BASE}/t`, statusCallbackUrl: `${BASE}/s` })).rejects.toMatchObject({ name: 'TelephonyError', code: '20003', isBadNumber: false, status: 401 });
  });

  it('duplicates and reorders webhooks for 0009, keeping SequenceNumber in logical order', async () => {
    const { carrier, inbox, place } = carrierWithInbox(0.001);
    const call = await place('+14155550009');
    await carrier.settle(call.providerCallId);
    const statuses = inbox.filter((d) => d.params.CallbackSource === 'call-progress-events');
    const keys = statuses.map((d) => `${d.params.SequenceNumber}:${d.params.CallStatus}`);
    expect(new Set(keys)).toEqual(new Set(['0:initiated', '1:ringing', '2:in-progress', '3:completed']));
    expect(statuses.length).toBe(8); // each twice
    expect(statuses[0].params.CallStatus).toBe('ringing'); // ringing overtook initiated
    for (const d of inbox) expect(twilio.validateRequest(TOKEN, d.signature, d.url, d.params)).toBe(true);
  });
});

describe('sandbox carrier on a virtual clock', () => {
  const START = Date.UTC(2026, 0, 5, 15, 0, 0);
  function virtualCarrier() {
    const clock = new VirtualClock(START);
    const inbox: (WebhookDelivery & { at: number })[] = [];
    const carrier = new SandboxCarrier({
      seed: 3, timeScale: 1, clock,
      deliver: async (d) => {
        inbox.push({ ...d, at: clock.now() - START });
        return 204;
      },
      checkAccount: async (sid, token) => sid === SID && token === TOKEN,
      publicBase: `${BASE}/sandbox-carrier`,
    });
    const port = createTwilioTelephony({ accountSid: SID, authToken: TOKEN, provider: 'sandbox', requestClient: inProcessRequestClient((r) => carrier.handleRest(r)) });
    const place = (to: string) =>
      port.placeCall({ workspaceId: 'w', callSessionId: 'cs1', from: '+12125550100', to, instructionsUrl: `${BASE}/webhooks/twilio/twiml/outbound?cs=cs1`, statusCallbackUrl: `${BASE}/webhooks/twilio/voice?cs=cs1`, ringTimeoutSeconds: 30 });
    return { clock, carrier, inbox, port, place };
  }

  it('plays a whole call in virtual time: nothing moves until the clock does, then every webhook at its planned moment', async () => {
    const { clock, carrier, inbox, place } = virtualCarrier();
    const wall = performance.now();
    const call = await place('+14155550001');
    await clock.advanceAsync(0);
    const plan = carrier.plan(call.providerCallId);
    if (!plan) throw new Error('no plan');
    // real time passes, virtual time does not: only what was due at 0 ms went out
    const atStart = inbox.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(inbox.length).toBe(atStart);
    expect(atStart).toBeLessThan(plan.events.length);
    expect(inbox.every((d) => d.at === 0)).toBe(true);
    const lastPlanned = Math.max(...plan.events.map((e) => e.atMs));
    await clock.advanceAsync(lastPlanned + 1000);
    await carrier.settle(call.providerCallId);
    const completed = inbox.find((d) => d.params.CallStatus === 'completed' && d.params.CallDuration);
    expect(completed?.params.CallDuration).toBe('45');
    // each status webhook left at its planned virtual time and carries the virtual timestamp
    for (const e of plan.events) {
      if (e.kind !== 'status') continue;
      const got = inbox.find((d) => d.params.CallbackSource === 'call-progress-events' && d.params.SequenceNumber === String(e.seq));
      if (!got) continue; // only the events the call subscribed to are sent
      expect(got.at).toBe(Math.round(e.atMs));
      expect(got.params.Timestamp).toBe(new Date(START + Math.round(e.atMs)).toUTCString().replace('GMT', '+0000'));
    }
    expect(inbox.length).toBeGreaterThanOrEqual(3);
    // 45 s of talk and a transcript 4 s later, played without waiting for them
    expect(performance.now() - wall).toBeLessThan(2000);
  });

  it('cancels a ringing call at the virtual moment it is hung up', async () => {
    const { clock, carrier, inbox, place, port } = virtualCarrier();
    const call = await place('+14155550003');
    await clock.advanceAsync(4000);
    await port.hangup(call.providerCallId);
    await clock.advanceAsync(60_000);
    await carrier.settle(call.providerCallId);
    const last = inbox.filter((d) => d.params.CallbackSource === 'call-progress-events').at(-1);
    expect(last?.params.CallStatus).toBe('canceled');
    expect(last?.at).toBe(4000);
    expect(clock.pending).toBe(0);
  });
});

describe('sandbox carrier follows the TwiML it is given', () => {
  const START = Date.UTC(2026, 0, 5, 15, 0, 0);
  /** A carrier on a virtual clock whose app answers each TwiML request from `docs` by URL path. */
  function carrierWithApp(docs: Record<string, string>) {
    const clock = new VirtualClock(START);
    const inbox: (WebhookDelivery & { at: number })[] = [];
    const carrier = new SandboxCarrier({
      seed: 3, timeScale: 1, clock,
      deliver: async (d) => {
        inbox.push({ ...d, at: clock.now() - START });
        const doc = docs[new URL(d.url).pathname];
        return doc ? { status: 200, body: doc } : 204;
      },
      checkAccount: async (sid, token) => sid === SID && token === TOKEN,
      publicBase: `${BASE}/sandbox-carrier`,
    });
    const port = createTwilioTelephony({ accountSid: SID, authToken: TOKEN, provider: 'sandbox', requestClient: inProcessRequestClient((r) => carrier.handleRest(r)) });
    const place = (to: string) =>
      port.placeCall({ workspaceId: 'w', callSessionId: 'cs1', from: '+12125550100', to, instructionsUrl: `${BASE}/twiml/hold`, statusCallbackUrl: `${BASE}/webhooks/twilio/voice?cs=cs1`, ringTimeoutSeconds: 30 });
    const finalStatus = () => inbox.find((d) => d.params.CallbackSource === 'call-progress-events' && d.params.CallStatus === 'completed');
    return { clock, carrier, port, place, finalStatus };
  }
  const doc = (build: (r: InstanceType<typeof twilio.twiml.VoiceResponse>) => void) => {
    const r = new twilio.twiml.VoiceResponse();
    build(r);
    return r.toString();
  };
  const HOLD = doc((r) => { r.pause({ length: 20 }); r.hangup(); });
  const BRIDGE = doc((r) => r.dial().client('user-1'));
  const VOICEMAIL = doc((r) => { r.play('https://app.example.test/voicemail/tok'); r.hangup(); });

  it('a call redirected to a voicemail drop ends when the message has played, not at its planned length', async () => {
    const { clock, carrier, port, place, finalStatus } = carrierWithApp({ '/twiml/hold': HOLD, '/twiml/voicemail': VOICEMAIL });
    const call = await place('+14155550001'); // planned: answered after 5 s, 45 s of talk
    await clock.advanceAsync(8000);
    await port.updateCall({ providerCallId: call.providerCallId, instructionsUrl: `${BASE}/twiml/voicemail` });
    await clock.advanceAsync(120_000);
    await carrier.settle(call.providerCallId);
    // redirected at 8 s, the drop plays 15 s: the call ends at 23 s, its duration counted from the answer
    const answeredAt = carrier.plan(call.providerCallId)!.events.find((e) => e.kind === 'status' && e.status === 'in-progress')!.atMs;
    expect(answeredAt).toBeLessThan(8000);
    expect(finalStatus()?.at).toBe(23_000);
    expect(finalStatus()?.params.CallDuration).toBe(String(Math.round((23_000 - answeredAt) / 1000)));
  });

  it('a bridged call keeps its planned conversation; a hold nobody redirects ends after its pause', async () => {
    const bridged = carrierWithApp({ '/twiml/hold': HOLD, '/twiml/bridge': BRIDGE });
    const a = await bridged.place('+14155550001');
    await bridged.clock.advanceAsync(8000);
    await bridged.port.updateCall({ providerCallId: a.providerCallId, instructionsUrl: `${BASE}/twiml/bridge` });
    await bridged.clock.advanceAsync(120_000);
    await bridged.carrier.settle(a.providerCallId);
    expect(bridged.finalStatus()?.params.CallDuration).toBe('45');

    const forgotten = carrierWithApp({ '/twiml/hold': HOLD });
    const b = await forgotten.place('+14155550001');
    await forgotten.clock.advanceAsync(120_000);
    await forgotten.carrier.settle(b.providerCallId);
    expect(forgotten.finalStatus()?.params.CallDuration).toBe('20');
  });
});

describe('standalone sandbox carrier (HTTP both ways)', () => {
  it('takes calls from the Twilio adapter over HTTP and posts signed webhooks over HTTP', async () => {
    const http = await import('node:http');
    const { startStandaloneCarrier } = await import('./standalone.ts');
    const { redirectingRequestClient } = await import('../telephony/twilio/request-client.ts');
    const received: { url: string; signature: string; params: Record<string, string> }[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ url: req.url ?? '', signature: String(req.headers['x-twilio-signature']), params: Object.fromEntries(new URLSearchParams(body)) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const addr = receiver.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    const appUrl = `http://127.0.0.1:${addr.port}`;
    const { app, carrier, url } = await startStandaloneCarrier({ port: 0, seed: 1, timeScale: 0.001 });
    try {
      const port = createTwilioTelephony({ accountSid: SID, authToken: TOKEN, requestClient: redirectingRequestClient(url) });
      const placed = await port.placeCall({ workspaceId: 'w', callSessionId: 'c', from: '+12125550100', to: '+14155550004', instructionsUrl: `${appUrl}/twiml`, statusCallbackUrl: `${appUrl}/webhooks/twilio/voice?cs=c` });
      await carrier.settle(placed.providerCallId);
      expect(received.map((r) => r.params.CallStatus)).toEqual(['initiated', 'ringing', 'busy']);
      for (const r of received) expect(twilio.validateRequest(TOKEN, r.signature, `${appUrl}${r.url}`, r.params)).toBe(true);
      const wav = await fetch(`${url}/recordings/RE${'0'.repeat(32)}`);
      expect(wav.headers.get('content-type')).toBe('audio/wav');
    } finally {
      await app.close();
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
