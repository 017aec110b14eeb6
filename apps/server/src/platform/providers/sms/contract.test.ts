import http from 'node:http';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import { ensureSandboxAccount } from '../accounts.ts';
import { redirectingRequestClient } from '../telephony/twilio/request-client.ts';
import { SmsError, type SmsPort } from './port.ts';
import { createSandboxSms, getSmsSandbox } from './sandbox.ts';
import { createTwilioSms } from './twilio.ts';

/** One adapter under test, and what the provider's side saw of a message. */
interface Adapter {
  port: SmsPort;
  from: string;
  /** The provider's record of a message: the fields it received and the statuses it reported. */
  seen(sid: string): Promise<{ to: string; body: string; statusCallback: string | null; statuses: string[] }>;
  badCredentials(): SmsPort;
  close(): Promise<void>;
}

const STUB_SID = `AC${'7'.repeat(32)}`;
const STUB_TOKEN = crypto.randomBytes(16).toString('hex');

/**
 * A stand-in for api.twilio.com's Messages resource: checks what Twilio checks (path, Basic auth,
 * form fields, E.164 'To', the 1600-character limit) and answers Twilio-shaped JSON, with the
 * sandbox's magic numbers (…0006 invalid, …0007 unsubscribed).
 */
async function startTwilioStub() {
  const messages = new Map<string, URLSearchParams>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      const form = new URLSearchParams(body);
      const expected = `Basic ${Buffer.from(`${STUB_SID}:${STUB_TOKEN}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return send(401, { code: 20003, message: 'Authenticate', status: 401 });
      if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${STUB_SID}/Messages.json`) return send(404, { code: 20404, message: 'not found', status: 404 });
      const to = form.get('To') ?? '';
      if (!/^\+[1-9]\d{7,14}$/.test(to) || to.endsWith('0006')) return send(400, { code: 21211, message: `Invalid 'To' Phone Number: ${to}`, status: 400 });
      if (to.endsWith('0007')) return send(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
      if (!form.get('From') || !form.get('Body')) return send(400, { code: 21602, message: 'Message body is required.', status: 400 });
      const sid = `SM${crypto.randomBytes(16).toString('hex')}`;
      messages.set(sid, form);
      return send(201, { sid, account_sid: STUB_SID, to, from: form.get('From'), body: form.get('Body'), status: 'queued', num_segments: '1' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('stub has no port');
  return { url: `http://127.0.0.1:${addr.port}`, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestContext;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  ws = await t.newWorkspace('SMS contract');
  getSmsSandbox(t.deps).configure({ timeScale: 0 });
});
afterAll(async () => t?.close());

const APP = 'http://localhost:3000';

const adapters: Record<string, () => Promise<Adapter>> = {
  async twilio() {
    const stub = await startTwilioStub();
    return {
      port: createTwilioSms({ accountSid: STUB_SID, authToken: STUB_TOKEN, requestClient: redirectingRequestClient(stub.url) }),
      from: '+13125550111',
      async seen(sid) {
        const f = stub.messages.get(sid);
        if (!f) throw new Error('unknown message');
        // the real Twilio reports statuses to the callback; the stub only records the request
        return { to: f.get('To') ?? '', body: f.get('Body') ?? '', statusCallback: f.get('StatusCallback'), statuses: [] };
      },
      badCredentials: () => createTwilioSms({ accountSid: STUB_SID, authToken: 'wrong', requestClient: redirectingRequestClient(stub.url) }),
      close: stub.close,
    };
  },
  async sandbox() {
    const account = await ensureSandboxAccount(t.deps, ws.workspaceId);
    const sandbox = getSmsSandbox(t.deps);
    return {
      port: createSandboxSms(t.deps, account),
      from: account.defaultFrom ?? '+12125550100',
      async seen(sid) {
        await sandbox.idle();
        const m = sandbox.sent(account.accountId).find((x) => x.sid === sid);
        if (!m) throw new Error('unknown message');
        // every status callback was signed with the account's token: the app's webhook answered 200
        for (const c of m.callbacks) expect(c.httpStatus).toBe(200);
        return { to: m.to, body: m.body, statusCallback: null, statuses: m.callbacks.map((c) => c.status) };
      },
      badCredentials: () => createSandboxSms(t.deps, { accountId: account.accountId, secret: 'wrong' }),
      close: async () => undefined,
    };
  },
};

describe.each(Object.keys(adapters))(`SMS port contract (%s) on ${testDbKind}`, (name) => {
  let a: Adapter;
  beforeAll(async () => {
    a = await adapters[name]();
  });
  afterAll(async () => a?.close());

  const input = (to: string, body = 'Hello from the contract test ✓') => ({
    workspaceId: ws.workspaceId, messageId: crypto.randomUUID(), from: a.from, to, body, statusCallbackUrl: `${APP}/webhooks/twilio/sms-status?m=${crypto.randomUUID()}`,
  });

  it('sends: a message sid, status queued, what was sent is what the provider got', async () => {
    const req = input('+13125550142');
    const sent = await a.port.send(req);
    expect(sent).toMatchObject({ provider: name, status: 'queued' });
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sent.segments).toBeGreaterThanOrEqual(1);
    const seen = await a.seen(sent.providerMessageId);
    expect(seen).toMatchObject({ to: '+13125550142', body: req.body });
    if (name === 'twilio') expect(seen.statusCallback).toBe(req.statusCallbackUrl);
    else expect(seen.statuses).toEqual(['sent', 'delivered']);
  });

  it('typed errors: 21211 invalid number, 21610 unsubscribed, 20003 bad credentials', async () => {
    const invalid = await a.port.send(input('+13125550006')).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(SmsError);
    expect(invalid).toMatchObject({ code: '21211', invalidNumber: true, optedOut: false });
    const unsub = await a.port.send(input('+13125550007')).catch((e: unknown) => e);
    expect(unsub).toMatchObject({ code: '21610', optedOut: true, invalidNumber: false });
    const auth = await a.badCredentials().send(input('+13125550142')).catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(SmsError);
    expect(auth).toMatchObject({ code: '20003' });
  });
});

describe(`SMS sandbox on ${testDbKind}`, () => {
  it('a number ending 0005 is accepted, then fails at the carrier with 30003', async () => {
    const account = await ensureSandboxAccount(t.deps, ws.workspaceId);
    const port = createSandboxSms(t.deps, account);
    const sent = await port.send({ workspaceId: ws.workspaceId, messageId: crypto.randomUUID(), from: account.defaultFrom ?? '', to: '+13125550005', body: 'x', statusCallbackUrl: `${APP}/webhooks/twilio/sms-status` });
    const sandbox = getSmsSandbox(t.deps);
    await sandbox.idle();
    expect(sandbox.sent(account.accountId).find((m) => m.sid === sent.providerMessageId)?.callbacks).toEqual([{ status: 'sent', httpStatus: 200 }, { status: 'failed', httpStatus: 200 }]);
  });
});
