import http from 'node:http';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import { ensureSandboxAccount } from '../accounts.ts';
import { getSandboxCarrier } from '../sandbox-carrier/index.ts';
import type { TelephonyPort } from './port.ts';
import { createSandboxTelephony } from './sandbox.ts';
import { createTwilioTelephony } from './twilio/adapter.ts';
import { redirectingRequestClient } from './twilio/request-client.ts';

/** One adapter under test, and how to learn what became of a call on the provider's side. */
interface Adapter {
  port: TelephonyPort;
  from: string;
  /** Waits until the provider considers the call ringing. */
  ringing(sid: string): Promise<void>;
  /** The provider's final status of a call, once it ended. */
  finalStatus(sid: string): Promise<string>;
  close(): Promise<void>;
}

const STUB_SID = `AC${'5'.repeat(32)}`;
const STUB_TOKEN = crypto.randomBytes(16).toString('hex');

interface StubCall { sid: string; status: string; form: URLSearchParams }

/**
 * A stand-in for api.twilio.com: checks what Twilio checks (path, Basic auth, required form
 * fields, E.164 'To') and answers Twilio-shaped JSON. Calls ring until updated.
 */
async function startTwilioStub() {
  const calls = new Map<string, StubCall>();
  const requests: { method: string; path: string; form: URLSearchParams }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      const form = new URLSearchParams(body);
      const path = req.url ?? '';
      requests.push({ method: req.method ?? '', path, form });
      const expected = `Basic ${Buffer.from(`${STUB_SID}:${STUB_TOKEN}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return send(401, { code: 20003, message: 'Authenticate', status: 401 });
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded' && req.method === 'POST') return send(400, { code: 20001, message: 'bad content type', status: 400 });
      const base = `/2010-04-01/Accounts/${STUB_SID}/Calls`;
      if (req.method === 'POST' && path === `${base}.json`) {
        const to = form.get('To') ?? '';
        if (!/^\+[1-9]\d{7,14}$/.test(to) || to.endsWith('0006')) return send(400, { code: 21211, message: `Invalid 'To' Phone Number: ${to}`, status: 400 });
        if (!form.get('From') || !form.get('Url') || !form.get('StatusCallback')) return send(400, { code: 21205, message: 'missing field', status: 400 });
        const call = { sid: `CA${crypto.randomBytes(16).toString('hex')}`, status: 'ringing', form };
        calls.set(call.sid, call);
        return send(201, { sid: call.sid, account_sid: STUB_SID, status: 'queued', to, from: form.get('From') });
      }
      const m = new RegExp(`^${base}/(CA[0-9a-f]{32})\\.json$`).exec(path);
      const call = m ? calls.get(m[1]) : undefined;
      if (!call) return send(404, { code: 20404, message: 'not found', status: 404 });
      if (req.method === 'POST' && form.get('Status') === 'completed') call.status = call.status === 'in-progress' ? 'completed' : 'canceled';
      return send(200, { sid: call.sid, account_sid: STUB_SID, status: call.status });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('stub has no port');
  return { url: `http://127.0.0.1:${addr.port}`, calls, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestContext;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  ws = await t.newWorkspace('Telephony contract');
  getSandboxCarrier(t.deps).configure({ timeScale: 0.01 });
});
afterAll(async () => t?.close());

const APP = 'http://localhost:3000';
const placeInput = (from: string, to: string, extra: Partial<Parameters<TelephonyPort['placeCall']>[0]> = {}) => ({
  workspaceId: ws.workspaceId, callSessionId: 'cs-contract', from, to,
  instructionsUrl: `${APP}/webhooks/twilio/twiml/outbound?cs=cs-contract`, statusCallbackUrl: `${APP}/webhooks/twilio/voice?cs=cs-contract`,
  ringTimeoutSeconds: 60, ...extra,
});

const adapters: [string, () => Promise<Adapter & { stub?: Awaited<ReturnType<typeof startTwilioStub>> }>][] = [
  ['sandbox (in-process carrier)', async () => {
    const account = await ensureSandboxAccount(t.deps, ws.workspaceId);
    const carrier = getSandboxCarrier(t.deps);
    return {
      port: createSandboxTelephony(t.deps, account),
      from: account.defaultFrom ?? '',
      ringing: (sid) => carrier.waitForStatus(sid, 'ringing'),
      finalStatus: async (sid) => {
        await carrier.settle(sid);
        return carrier.delivered(sid).filter((d) => d.kind === 'status').at(-1)?.params.CallStatus ?? 'none';
      },
      close: async () => {},
    };
  }],
  ['twilio (local stub of the REST API)', async () => {
    const stub = await startTwilioStub();
    return {
      stub,
      port: createTwilioTelephony({ accountSid: STUB_SID, authToken: STUB_TOKEN, requestClient: redirectingRequestClient(stub.url) }),
      from: '+14155550100',
      ringing: async () => {},
      finalStatus: async (sid) => stub.calls.get(sid)?.status ?? 'none',
      close: () => stub.close(),
    };
  }],
];

describe.each(adapters)(`telephony contract: %s (${testDbKind})`, (_name, make) => {
  let a: Awaited<ReturnType<(typeof adapters)[number][1]>>;
  beforeAll(async () => {
    a = await make();
  });
  afterAll(async () => a?.close());

  it('places a call: a CA sid, status initiated', async () => {
    const placed = await a.port.placeCall(placeInput(a.from, '+14155550003', { record: true, machineDetection: 'detect' }));
    expect(placed.providerCallId).toMatch(/^CA[0-9a-f]{32}$/);
    expect(placed.status).toBe('initiated');
    if (a.stub) {
      const form = a.stub.requests.find((r) => r.path.endsWith('/Calls.json'))?.form;
      expect(form?.get('To')).toBe('+14155550003');
      expect(form?.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
      expect(form?.get('MachineDetection')).toBe('Enable');
      expect(form?.get('AsyncAmd')).toBe('true');
      expect(form?.get('Record')).toBe('true');
      expect(form?.get('RecordingStatusCallback')).toBe(`${APP}/webhooks/twilio/recording?cs=cs-contract`);
      expect(form?.get('Timeout')).toBe('60');
    }
    await a.port.hangup(placed.providerCallId);
  });

  it('hanging up a ringing call ends it as canceled', async () => {
    const placed = await a.port.placeCall(placeInput(a.from, '+14155550003'));
    await a.ringing(placed.providerCallId);
    await a.port.hangup(placed.providerCallId);
    expect(await a.finalStatus(placed.providerCallId)).toBe('canceled');
  });

  it('an invalid number is a TelephonyError flagged isBadNumber', async () => {
    for (const to of ['+14155550006', '+1415']) {
      await expect(a.port.placeCall(placeInput(a.from, to))).rejects.toMatchObject({ name: 'TelephonyError', code: '21211', isBadNumber: true });
    }
  });

  it('rings for at least 15 s even when asked for less (SPEC §6)', async () => {
    const placed = await a.port.placeCall(placeInput(a.from, '+14155550003', { ringTimeoutSeconds: 5 }));
    if (a.stub) expect(a.stub.requests.at(-1)?.form.get('Timeout')).toBe('15');
    await a.port.hangup(placed.providerCallId);
  });
});

describe(`sandbox carrier webhooks (${testDbKind})`, () => {
  async function play(to: string, extra: Partial<Parameters<TelephonyPort['placeCall']>[0]> = {}) {
    const account = await ensureSandboxAccount(t.deps, ws.workspaceId);
    const carrier = getSandboxCarrier(t.deps);
    const placed = await createSandboxTelephony(t.deps, account).placeCall(placeInput(account.defaultFrom ?? '', to, extra));
    await carrier.settle(placed.providerCallId);
    const delivered = carrier.delivered(placed.providerCallId);
    // every webhook verifies with Twilio's own validator against the URL and the auth token
    for (const d of delivered) expect(twilio.validateRequest(account.secret, d.signature, d.url, d.params), d.url).toBe(true);
    return { delivered, account, sid: placed.providerCallId };
  }
  const seq = (ds: { kind: string; params: Record<string, string> }[]) => ds.map((d) => `${d.kind}:${d.params.CallStatus ?? d.params.RecordingStatus ?? d.params.AnsweredBy ?? ''}`);

  it('answered by a person, recorded: the documented sequence with duration, recording and transcript', async () => {
    const { delivered, account, sid } = await play('+14155550001', { record: true });
    expect(seq(delivered)).toEqual(['status:initiated', 'status:ringing', 'status:in-progress', 'twiml:in-progress', 'recording:in-progress', 'status:completed', 'recording:completed', 'transcription:completed']);
    for (const d of delivered) expect(d.params).toMatchObject({ AccountSid: account.accountId, CallSid: sid });
    const done = delivered.find((d) => d.kind === 'status' && d.params.CallStatus === 'completed');
    expect(done?.params).toMatchObject({ CallDuration: '45', Duration: '1', Direction: 'outbound-api', To: '+14155550001', From: account.defaultFrom, SequenceNumber: '3' });
    expect(done?.params.Timestamp).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(done?.url).toBe(`${APP}/webhooks/twilio/voice?cs=cs-contract`);
    const rec = delivered.find((d) => d.kind === 'recording' && d.params.RecordingStatus === 'completed');
    expect(rec?.url).toBe(`${APP}/webhooks/twilio/recording?cs=cs-contract`);
    expect(rec?.params.RecordingDuration).toBe('45');
    const text = delivered.find((d) => d.kind === 'transcription')?.params.TranscriptionText ?? '';
    expect(text).toMatch(/^Rep: /);
    expect(text).toContain('\nProspect: ');
    // the recording URL serves a playable WAV from the app
    const wav = await t.app.inject({ method: 'GET', url: new URL(rec?.params.RecordingUrl ?? '').pathname });
    expect(wav.statusCode).toBe(200);
    expect(wav.headers['content-type']).toBe('audio/wav');
    expect(wav.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
  });

  it('voicemail with AMD: the verdict arrives on the async AMD callback and the final status', async () => {
    const { delivered } = await play('+14155550002', { machineDetection: 'detect' });
    const amd = delivered.find((d) => d.kind === 'amd');
    expect(amd?.params).toMatchObject({ AnsweredBy: 'machine_start', MachineDetectionDuration: '2500' });
    expect(amd?.url).toBe(`${APP}/webhooks/twilio/voice?cs=cs-contract`);
    expect(delivered.find((d) => d.params.CallStatus === 'completed' && d.kind === 'status')?.params.AnsweredBy).toBe('machine_start');
    expect(delivered.some((d) => d.kind === 'transcription')).toBe(true);
  });

  it.each([
    ['+14155550003', 'no-answer', undefined],
    ['+14155550004', 'busy', undefined],
    ['+14155550005', 'failed', '13224'],
  ])('%s ends %s, with no recording or transcript', async (to, status, errorCode) => {
    const { delivered } = await play(to, { record: true });
    const last = delivered.at(-1);
    expect(last?.params).toMatchObject({ CallStatus: status, CallDuration: '0' });
    expect(last?.params.ErrorCode).toBe(errorCode);
    expect(delivered.some((d) => d.kind === 'recording' || d.kind === 'transcription')).toBe(false);
  });

  it('hanging up a live call completes it with the talk time so far', async () => {
    const account = await ensureSandboxAccount(t.deps, ws.workspaceId);
    const carrier = getSandboxCarrier(t.deps);
    const port = createSandboxTelephony(t.deps, account);
    const placed = await port.placeCall(placeInput(account.defaultFrom ?? '', '+14155550001', { record: true }));
    await carrier.waitForStatus(placed.providerCallId, 'in-progress');
    await port.hangup(placed.providerCallId);
    await carrier.settle(placed.providerCallId);
    const statuses = carrier.delivered(placed.providerCallId).filter((d) => d.kind === 'status');
    expect(statuses.at(-1)?.params.CallStatus).toBe('completed');
    expect(Number(statuses.at(-1)?.params.CallDuration)).toBeLessThan(45);
    expect(carrier.delivered(placed.providerCallId).some((d) => d.kind === 'recording' && d.params.RecordingStatus === 'completed')).toBe(true);
  });
});
