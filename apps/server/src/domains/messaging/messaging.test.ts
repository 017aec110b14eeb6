import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageSchema, MessageThreadSchema, type Message } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { ensureSandboxAccount, type ProviderAccount } from '../../platform/providers/accounts.ts';
import { getSmsSandbox } from '../../platform/providers/sms/index.ts';
import { signTwilioRequest } from '../../platform/providers/telephony/webhook/twilio.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { DEFAULT_COMPLIANCE } from '../compliance/index.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { sendAutoSms } from './index.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
let account: ProviderAccount;
const APP = 'http://localhost:3000';

// numbers unique to this file (the Postgres database is shared with other files)
const tag = crypto.randomInt(200, 999);
let seq = 0;
const phone = (suffix = '') => `+1312${tag}${String(1000 + (seq++ % 9000)).slice(-4).replace(/.{0,4}$/, (s) => (suffix ? suffix : s))}`;

beforeAll(async () => {
  t = await createTestContext();
  getSmsSandbox(t.deps).configure({ timeScale: 0 });
  w = await t.newWorkspace('Messaging');
  api = t.as({ cookie: w.cookie });
  account = await ensureSandboxAccount(t.deps, w.workspaceId);
  await setTenDlc(api, 'approved');
});
afterAll(async () => t?.close());

async function setTenDlc(as: ReturnType<TestContext['as']>, status: 'approved' | 'none') {
  const res = await as({ method: 'PUT', url: '/api/v1/settings/compliance', payload: { ...DEFAULT_COMPLIANCE, tenDlcStatus: status } });
  expect(res.statusCode).toBe(200);
}

/** A lead reachable now (its local time 1 pm), with one contact at `number`. */
async function lead(name: string, number: string, ws: TestWorkspace = w) {
  const id = await makeLead(t, ws, name, number);
  await t.as({ cookie: ws.cookie })({ method: 'PATCH', url: `/api/v1/leads/${id}`, payload: { timezone: zoneAtLocalHour(13) } });
  return id;
}

const sid = () => 'SM' + crypto.randomBytes(16).toString('hex');

/** Posts a webhook as Twilio would: form-encoded and signed with the account's token (or unsigned / with another token). */
function postSigned(path: string, params: Record<string, string>, token: string | null = account.secret) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token) headers['x-twilio-signature'] = signTwilioRequest(token, `${APP}${path}`, params);
  return t.app.inject({ method: 'POST', url: path, headers, payload: new URLSearchParams(params).toString() });
}
const inbound = (from: string, body: string, messageSid = sid()) =>
  postSigned('/webhooks/twilio/sms', { MessageSid: messageSid, AccountSid: account.accountId, From: from, To: account.defaultFrom ?? '', Body: body, NumMedia: '0' });

async function thread(leadId: string) {
  const res = await api({ method: 'GET', url: `/api/v1/leads/${leadId}/messages` });
  expect(res.statusCode).toBe(200);
  return MessageThreadSchema.parse(res.json());
}
const sentTo = (to: string) => getSmsSandbox(t.deps).sent(account.accountId).filter((m) => m.to === to);
const optedOut = async (p: string) =>
  (await withWorkspace(t.db, w.workspaceId, (tx) => tx.query('SELECT keyword FROM sms_opt_outs WHERE workspace_id = $1 AND phone = $2', [w.workspaceId, p]))).rows[0] ?? null;

describe(`messaging on ${testDbKind}`, () => {
  it('texts a lead from its thread: variables filled, sent → delivered by signed status callbacks, newest last', async () => {
    const p = phone();
    const id = await lead('Delivery Co', p);
    const res = await api({ method: 'POST', url: `/api/v1/leads/${id}/messages`, payload: { body: 'Hi {FirstName}, this is {RepFirstName}.' } });
    expect(res.statusCode, res.body).toBe(201);
    const m = MessageSchema.parse(res.json());
    expect(m).toMatchObject({ direction: 'out', to: p, from: account.defaultFrom, body: 'Hi Delivery, this is Owner.', provider: 'sandbox', channel: 'sms' });
    expect(['queued', 'sent', 'delivered']).toContain(m.status);
    await getSmsSandbox(t.deps).idle();
    const [sent] = sentTo(p);
    expect(sent.callbacks).toEqual([{ status: 'sent', httpStatus: 200 }, { status: 'delivered', httpStatus: 200 }]);
    const after = await thread(id);
    expect(after.data.map((x) => [x.body, x.status])).toEqual([['Hi Delivery, this is Owner.', 'delivered']]);
    expect(after.data[0].deliveredAt).not.toBeNull();
    // a late "sent" replayed after "delivered" never moves it back
    const late = await postSigned(`/webhooks/twilio/sms-status?m=${m.id}`, { MessageSid: sent.sid, AccountSid: account.accountId, MessageStatus: 'sent' });
    expect(late.statusCode).toBe(200);
    expect((await thread(id)).data[0].status).toBe('delivered');
    // a second message comes after the first
    await api({ method: 'POST', url: `/api/v1/leads/${id}/messages`, payload: { body: 'Second' } });
    const both = await thread(id);
    expect(both.data.map((x) => x.body)).toEqual(['Hi Delivery, this is Owner.', 'Second']);
    // paging backwards
    const page = MessageThreadSchema.parse((await api({ method: 'GET', url: `/api/v1/leads/${id}/messages?limit=1` })).json());
    expect(page.data.map((x) => x.body)).toEqual(['Second']);
    const older = MessageThreadSchema.parse((await api({ method: 'GET', url: `/api/v1/leads/${id}/messages?limit=1&before=${page.nextBefore}` })).json());
    expect(older.data.map((x) => x.body)).toEqual(['Hi Delivery, this is Owner.']);
    expect(older.nextBefore).toBeNull();
  });

  it('a carrier failure (30003) shows as failed with the reason; provider refusals are clear 422s', async () => {
    const failing = await lead('Failing Co', phone('0005'));
    const res = await api({ method: 'POST', url: `/api/v1/leads/${failing}/messages`, payload: { body: 'Hello' } });
    expect(res.statusCode).toBe(201);
    await getSmsSandbox(t.deps).idle();
    const [m] = (await thread(failing)).data;
    expect(m).toMatchObject({ status: 'failed', errorCode: '30003' });
    expect(m.errorMessage).toMatch(/Unreachable destination handset/);

    const invalid = await lead('Invalid Co', phone('0006'));
    const bad = await api({ method: 'POST', url: `/api/v1/leads/${invalid}/messages`, payload: { body: 'Hello' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toMatch(/Not a valid phone number/);
    expect((await thread(invalid)).data[0]).toMatchObject({ status: 'failed', errorCode: '21211' });

    // 21610: the carrier holds a STOP for the number: it is opted out here too
    const p = phone('0007');
    const unsub = await lead('Unsub Co', p);
    const refused = await api({ method: 'POST', url: `/api/v1/leads/${unsub}/messages`, payload: { body: 'Hello' } });
    expect(refused.statusCode).toBe(422);
    expect(await optedOut(p)).toEqual({ keyword: 'carrier' });
  });

  it('bad input is a 4xx, never a 500', async () => {
    const id = await lead('Input Co', phone());
    for (const payload of [{}, { body: '' }, { body: 'x'.repeat(1601) }, { templateId: 'nope' }, { body: 'hi', phone: 'call me' }, { body: 'hi', phone: '+14155550123' }, { body: 'Hi {Frist}' }]) {
      const res = await api({ method: 'POST', url: `/api/v1/leads/${id}/messages`, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await api({ method: 'POST', url: `/api/v1/leads/${crypto.randomUUID()}/messages`, payload: { body: 'hi' } })).statusCode).toBe(404);
    expect((await api({ method: 'POST', url: `/api/v1/leads/${id}/messages`, payload: { templateId: crypto.randomUUID() } })).statusCode).toBe(404);
    expect((await api({ method: 'GET', url: `/api/v1/leads/${id}/messages?before=${crypto.randomUUID()}` })).statusCode).toBe(400);
    expect((await api({ method: 'GET', url: `/api/v1/leads/${id}/messages?limit=0` })).statusCode).toBe(400);
    // a lead without a first name cannot get "Hi {FirstName}" literally
    const nameless = await makeLead(t, w, 'Nameless', phone());
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query(`UPDATE contacts SET first_name = '' WHERE lead_id = $1`, [nameless]));
    const missing = await api({ method: 'POST', url: `/api/v1/leads/${nameless}/messages`, payload: { body: 'Hi {FirstName}' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.message).toMatch(/no value for \{FirstName\}/);
  });

  it('STOP through the signed webhook: opted out, exactly one confirmation even when replayed, then the gate refuses texts', async () => {
    const p = phone();
    const id = await lead('Stop Co', p);
    const stopSid = sid();
    const first = await inbound(p, ' Stop. ', stopSid);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/text\/xml/);
    expect(await optedOut(p)).toEqual({ keyword: 'STOP' });
    // Twilio retries; the same delivery again, and another opt-out word later
    expect((await inbound(p, ' Stop. ', stopSid)).statusCode).toBe(200);
    expect((await inbound(p, 'UNSUBSCRIBE')).statusCode).toBe(200);
    await getSmsSandbox(t.deps).idle();
    const confirmations = sentTo(p);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0].body).toMatch(/unsubscribed.*Reply START/);
    const th = await thread(id);
    expect(th.data.map((m) => [m.direction, m.body.slice(0, 12), m.automation])).toEqual([
      ['in', ' Stop. ', null], ['out', confirmations[0].body.slice(0, 12), 'opt_out_confirmation'], ['in', 'UNSUBSCRIBE', null],
    ]);
    expect(th.data[1].status).toBe('delivered');
    expect(th.optedOut).toMatchObject({ phone: p, keyword: 'STOP' });
    const timeline = (await api({ method: 'GET', url: `/api/v1/leads/${id}/timeline` })).json();
    expect(JSON.stringify(timeline)).toContain('opted out of texts (replied STOP)');
    // the compliance gate now refuses to text the number, with why
    const refused = await api({ method: 'POST', url: `/api/v1/leads/${id}/messages`, payload: { body: 'Still there?' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'sms_opted_out', message: expect.stringMatching(/opted out of texts \(replied STOP\)/) });
    expect(sentTo(p)).toHaveLength(1);
  });

  it('START re-subscribes with a confirmation; HELP answers with the help text; sentences with the words are ordinary messages', async () => {
    const p = phone();
    const id = await lead('Start Co', p);
    await inbound(p, 'STOP');
    expect(await optedOut(p)).not.toBeNull();
    await inbound(p, 'start!');
    expect(await optedOut(p)).toBeNull();
    await getSmsSandbox(t.deps).idle();
    expect(sentTo(p).map((m) => m.body)).toEqual([expect.stringMatching(/unsubscribed/), expect.stringMatching(/resubscribed/)]);
    expect((await api({ method: 'POST', url: `/api/v1/leads/${id}/messages`, payload: { body: 'Welcome back' } })).statusCode).toBe(201);

    const help = 'Acme Sales: questions? Call 312-555-0100. Reply STOP to opt out.';
    const s = await api({ method: 'PUT', url: '/api/v1/settings/messaging', payload: { helpText: help, autoExhausted: { enabled: false, templateId: null }, autoMissedCall: { enabled: false, templateId: null } } });
    expect(s.statusCode).toBe(200);
    await inbound(p, 'Help?');
    await getSmsSandbox(t.deps).idle();
    expect(sentTo(p).at(-1)?.body).toBe(help);

    const before = sentTo(p).length;
    await inbound(p, "don't stop calling me");
    await inbound(p, 'yes, call me tomorrow');
    await getSmsSandbox(t.deps).idle();
    expect(sentTo(p)).toHaveLength(before);
    expect(await optedOut(p)).toBeNull();
    const th = await thread(id);
    expect(th.data.filter((m) => m.direction === 'in').map((m) => m.body)).toEqual(['STOP', 'start!', 'Help?', "don't stop calling me", 'yes, call me tomorrow']);
  });

  it('texts from unknown senders are kept (no lead); opting out works for them too', async () => {
    const p = phone();
    expect((await inbound(p, 'who is this?')).statusCode).toBe(200);
    expect((await inbound(p, 'QUIT')).statusCode).toBe(200);
    const rows = (await withWorkspace(t.db, w.workspaceId, (tx) => tx.query<{ lead_id: string | null; body: string }>(
      `SELECT lead_id, body FROM messages WHERE workspace_id = $1 AND (from_address = $2 OR to_address = $2) ORDER BY created_at, direction`, [w.workspaceId, p],
    ))).rows;
    expect(rows.map((r) => r.lead_id)).toEqual([null, null, null]);
    expect(await optedOut(p)).toEqual({ keyword: 'QUIT' });
    const th = (await withWorkspace(t.db, w.workspaceId, (tx) => tx.query<{ unread_count: number }>(`SELECT unread_count FROM message_threads WHERE workspace_id = $1 AND address = $2`, [w.workspaceId, p]))).rows;
    expect(th).toEqual([{ unread_count: 2 }]);
  });

  it('webhooks: unsigned or badly signed → 403 and logged; malformed → 400; the status callback too', async () => {
    const p = phone();
    const params = { MessageSid: sid(), AccountSid: account.accountId, From: p, To: account.defaultFrom ?? '', Body: 'STOP' };
    const rejections = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_rejections WHERE claimed_account = $1`, [account.accountId])).rows[0].n);
    const before = await rejections();
    expect((await postSigned('/webhooks/twilio/sms', params, null)).statusCode).toBe(403);
    expect((await postSigned('/webhooks/twilio/sms', params, 'not-the-token')).statusCode).toBe(403);
    expect((await postSigned('/webhooks/twilio/sms-status', { MessageSid: sid(), AccountSid: account.accountId, MessageStatus: 'delivered' }, null)).statusCode).toBe(403);
    expect(await rejections()).toBe(before + 3);
    const logged = (await t.db.query<{ reason: string; route: string }>(`SELECT reason, route FROM webhook_rejections WHERE claimed_account = $1 ORDER BY received_at`, [account.accountId])).rows.slice(-3);
    expect(logged).toEqual([{ reason: 'unsigned', route: '/webhooks/twilio/sms' }, { reason: 'bad signature', route: '/webhooks/twilio/sms' }, { reason: 'unsigned', route: '/webhooks/twilio/sms-status' }]);
    expect(JSON.stringify(logged)).not.toContain(account.secret);
    // nothing was stored or opted out by the refused deliveries
    expect(await optedOut(p)).toBeNull();
    // signed but malformed
    for (const bad of [{ ...params, MessageSid: '' }, { ...params, MessageSid: 'not-a-sid' }, { ...params, From: '' }]) {
      expect((await postSigned('/webhooks/twilio/sms', bad)).statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await postSigned('/webhooks/twilio/sms-status', { MessageSid: sid(), AccountSid: account.accountId, MessageStatus: 'exploded' })).statusCode).toBe(400);
    expect((await postSigned('/webhooks/twilio/sms-status', { MessageSid: sid(), AccountSid: account.accountId, MessageStatus: 'sent', ErrorCode: 'abc' })).statusCode).toBe(400);
    expect((await postSigned('/webhooks/twilio/sms-status?m=nope', { MessageSid: sid(), AccountSid: account.accountId, MessageStatus: 'sent' })).statusCode).toBe(400);
    // an unknown message's status is acknowledged and ignored
    expect((await postSigned('/webhooks/twilio/sms-status', { MessageSid: sid(), AccountSid: account.accountId, MessageStatus: 'delivered' })).statusCode).toBe(200);
  });

  it('the sandbox-only simulate route goes through the signed webhook', async () => {
    const p = phone();
    const id = await lead('Sim Co', p);
    const res = await api({ method: 'POST', url: '/api/v1/messaging/sandbox/inbound', payload: { from: p, body: 'Stop' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ messageSid: expect.stringMatching(/^SM/), status: 200 });
    expect(await optedOut(p)).toEqual({ keyword: 'STOP' });
    expect((await thread(id)).data[0]).toMatchObject({ direction: 'in', body: 'Stop', status: 'received' });
    expect((await api({ method: 'POST', url: '/api/v1/messaging/sandbox/inbound', payload: { from: 'nobody', body: 'hi' } })).statusCode).toBe(400);
  });

  it('templates: CRUD with variables checked, preview against a lead, send from a template', async () => {
    const p = phone();
    const id = await lead('Template Co', p);
    const bad = await api({ method: 'POST', url: '/api/v1/sms-templates', payload: { name: 'Typo', body: 'Hi {Frist Name}' } });
    expect(bad.statusCode).toBe(201); // "{Frist Name}" has a space: not a variable, plain text
    const typo = await api({ method: 'POST', url: '/api/v1/sms-templates', payload: { name: 'Typo', body: 'Hi {Frist}' } });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.message).toMatch(/Unknown variable \{Frist\}/);
    const created = await api({ method: 'POST', url: '/api/v1/sms-templates', payload: { name: 'Missed you', body: 'Hi {FirstName}, sorry we missed you. — {RepFirstName}', category: 'Follow-up' } });
    expect(created.statusCode).toBe(201);
    const tpl = created.json();
    expect(tpl).toMatchObject({ category: 'follow-up', active: true });
    const preview = await api({ method: 'POST', url: '/api/v1/sms-templates/preview', payload: { leadId: id, body: tpl.body } });
    expect(preview.json()).toMatchObject({ body: 'Hi Template, sorry we missed you. — Owner', missing: [], lead: { id, name: 'Template Co' } });
    const sent = await api({ method: 'POST', url: `/api/v1/leads/${id}/messages`, payload: { templateId: tpl.id } });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ body: 'Hi Template, sorry we missed you. — Owner', templateId: tpl.id });
    const patched = await api({ method: 'PATCH', url: `/api/v1/sms-templates/${tpl.id}`, payload: { active: false } });
    expect(patched.json().active).toBe(false);
    expect((await api({ method: 'GET', url: '/api/v1/sms-templates' })).json().data.map((x: { id: string }) => x.id)).not.toContain(tpl.id);
    expect((await api({ method: 'GET', url: '/api/v1/sms-templates?includeArchived=true' })).json().data.map((x: { id: string }) => x.id)).toContain(tpl.id);
    expect((await api({ method: 'POST', url: `/api/v1/leads/${id}/messages`, payload: { templateId: tpl.id } })).statusCode).toBe(400);
    expect((await api({ method: 'DELETE', url: `/api/v1/sms-templates/${tpl.id}` })).statusCode).toBe(200);
    expect((await api({ method: 'GET', url: `/api/v1/sms-templates/${tpl.id}` })).statusCode).toBe(404);
    // the sent message keeps its text
    expect((await thread(id)).data[0].body).toBe('Hi Template, sorry we missed you. — Owner');
  });

  it('auto-SMS: from the chosen template, once per lead and reason in 24 h, off when disabled, refused without 10DLC', async () => {
    const tpl = (await api({ method: 'POST', url: '/api/v1/sms-templates', payload: { name: 'Exhausted', body: 'Hi {FirstName}, tried to reach you a few times. Reply here any time.' } })).json();
    const p = phone();
    const id = await lead('Auto Co', p);
    expect(await sendAutoSms(t.deps, { workspaceId: w.workspaceId, leadId: id, phone: null, reason: 'exhausted' })).toEqual({ sent: false, reason: 'disabled' });
    const badSettings = await api({ method: 'PUT', url: '/api/v1/settings/messaging', payload: { helpText: 'Help', autoExhausted: { enabled: true, templateId: null }, autoMissedCall: { enabled: false, templateId: null } } });
    expect(badSettings.statusCode).toBe(400);
    const ok = await api({ method: 'PUT', url: '/api/v1/settings/messaging', payload: { helpText: 'Help', autoExhausted: { enabled: true, templateId: tpl.id }, autoMissedCall: { enabled: false, templateId: null } } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ tenDlcStatus: 'approved', provider: 'sandbox', autoExhausted: { enabled: true, templateId: tpl.id } });
    // the template in use cannot be archived or deleted
    expect((await api({ method: 'DELETE', url: `/api/v1/sms-templates/${tpl.id}` })).statusCode).toBe(409);

    // two triggers racing: one text
    const [a, b] = await Promise.all([
      sendAutoSms(t.deps, { workspaceId: w.workspaceId, leadId: id, phone: null, reason: 'exhausted' }),
      sendAutoSms(t.deps, { workspaceId: w.workspaceId, leadId: id, phone: null, reason: 'exhausted' }),
    ]);
    expect([a.reason, b.reason].sort()).toEqual(['already_sent', 'sent']);
    expect(await sendAutoSms(t.deps, { workspaceId: w.workspaceId, leadId: id, phone: null, reason: 'exhausted' })).toEqual({ sent: false, reason: 'already_sent' });
    expect(await sendAutoSms(t.deps, { workspaceId: w.workspaceId, leadId: id, phone: null, reason: 'missed_call' })).toEqual({ sent: false, reason: 'disabled' });
    await getSmsSandbox(t.deps).idle();
    expect(sentTo(p).map((m) => m.body)).toEqual(['Hi Auto, tried to reach you a few times. Reply here any time.']);
    const msgs: Message[] = (await thread(id)).data;
    expect(msgs).toMatchObject([{ automation: 'auto_exhausted', templateId: tpl.id, status: 'delivered', sentBy: null }]);
    // a day later it may go again
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query(`UPDATE messages SET created_at = created_at - interval '25 hours' WHERE lead_id = $1`, [id]));
    expect((await sendAutoSms(t.deps, { workspaceId: w.workspaceId, leadId: id, phone: null, reason: 'exhausted' })).sent).toBe(true);

    // an opted-out number gets nothing
    const q = phone();
    const stopped = await lead('Stopped Auto Co', q);
    await inbound(q, 'stop');
    expect(await sendAutoSms(t.deps, { workspaceId: w.workspaceId, leadId: stopped, phone: null, reason: 'exhausted' })).toEqual({ sent: false, reason: 'sms_opted_out' });

    // a workspace whose 10DLC registration is not approved texts nobody
    const other = await t.newWorkspace('No 10DLC');
    const oapi = t.as({ cookie: other.cookie });
    const otpl = (await oapi({ method: 'POST', url: '/api/v1/sms-templates', payload: { name: 'X', body: 'Hello {FirstName}' } })).json();
    await oapi({ method: 'PUT', url: '/api/v1/settings/messaging', payload: { helpText: 'Help', autoExhausted: { enabled: true, templateId: otpl.id }, autoMissedCall: { enabled: true, templateId: otpl.id } } });
    const olead = await lead('Unregistered Co', phone(), other);
    expect(await sendAutoSms(t.deps, { workspaceId: other.workspaceId, leadId: olead, phone: null, reason: 'missed_call' })).toEqual({ sent: false, reason: 'sms_not_registered' });
    const manual = await oapi({ method: 'POST', url: `/api/v1/leads/${olead}/messages`, payload: { body: 'hi' } });
    expect(manual.statusCode).toBe(422);
    expect(manual.json().error.code).toBe('sms_not_registered');
    const decisions = (await oapi({ method: 'GET', url: `/api/v1/compliance/decisions?leadId=${olead}` })).json().data;
    expect(decisions.map((d: { kind: string; code: string }) => [d.kind, d.code])).toEqual([['sms', 'sms_not_registered'], ['sms', 'sms_not_registered']]);
  });
});
