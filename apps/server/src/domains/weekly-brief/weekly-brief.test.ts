import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationChannelSchema, WeeklyBriefSchema, type WeeklyBrief } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertAttempts, insertCallSessions } from '../calls/index.ts';
import { addMember } from '../leads/leads.test-helpers.ts';
import { signWebhook } from '../../platform/providers/notifier/webhook.ts';
import { runScheduledBrief, wilsonLower } from './index.ts';
import { briefDue, lastCompleteWeek } from './settings.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
const TZ = 'America/Chicago';
// Monday 2026-11-09 to Sunday 11-15, Chicago (CST, UTC−6, after the 1 Nov DST change); the week before for comparison
const WEEK = '2026-11-09';
const at = (localIso: string) => new Date(`${localIso}-06:00`);

async function lead(ws: TestWorkspace, name: string, leadType: string) {
  const res = await t.as({ cookie: ws.cookie })({ method: 'POST', url: '/api/v1/leads', payload: { name, timezone: TZ, contact: { firstName: 'Pat', phone: '+13125550111' } } });
  expect(res.statusCode, res.body).toBe(201);
  // the lead type comes with imported leads (no API field sets it)
  await t.db.query('UPDATE leads SET lead_type = $2 WHERE id = $1', [res.json().id, leadType]);
  return res.json().id as string;
}

/** Calls (with their logged outcomes) at local times; answered ones talk for `talk` seconds. */
async function calls(ws: TestWorkspace, leadId: string, from: string, list: { when: string; disposition: string; talk?: number }[]) {
  await withWorkspace(t.db, ws.workspaceId, async (tx) => {
    const ids = await insertCallSessions(tx, ws.workspaceId, list.map((c, i) => ({
      provider: 'sandbox', providerCallId: `CA${ws.workspaceId.slice(0, 8)}${from.slice(-4)}${c.when.replace(/\D/g, '')}${i}`, direction: 'outbound' as const, from, to: '+13125550111',
      status: 'completed' as const, statusHistory: [], startedAt: at(c.when), answeredAt: c.talk ? at(c.when) : null, providerDurationSeconds: c.talk ?? 0, leadId, userId: ws.userId,
    })));
    await insertAttempts(tx, ws.workspaceId, list.map((c, i) => ({ callSessionId: ids[i], leadId, userId: ws.userId, dispositionKey: c.disposition, dmReached: false, createdAt: at(c.when) })));
  });
}

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Brief Co');
  api = t.as({ cookie: w.cookie });
  expect((await api({ method: 'PUT', url: '/api/v1/settings/weekly-brief', payload: { enabled: true, weekday: 1, hour: 7, timezone: TZ, audience: 'managers' } })).statusCode).toBe(200);
  const roof = await lead(w, 'Roof Co', 'Roofing');
  const plumb = await lead(w, 'Plumb Co', 'Plumbing');
  await calls(w, roof, '+13125550100', [
    { when: '2026-11-10T10:00:00', disposition: 'no_answer' }, { when: '2026-11-10T10:05:00', disposition: 'no_answer' },
    { when: '2026-11-10T10:10:00', disposition: 'some_interest', talk: 60 }, { when: '2026-11-11T11:00:00', disposition: 'meeting_set', talk: 120 },
    { when: '2026-11-12T09:00:00', disposition: 'no_answer' }, { when: '2026-11-15T23:59:00', disposition: 'sold', talk: 180 },
  ]);
  await calls(w, plumb, '+14155550100', [
    { when: '2026-11-09T00:00:00', disposition: 'no_answer' }, { when: '2026-11-13T14:00:00', disposition: 'some_interest' },
    { when: '2026-11-13T14:30:00', disposition: 'follow_up', talk: 240 }, { when: '2026-11-14T16:00:00', disposition: 'no_answer' },
  ]);
  // the week before: 5 calls, one connect, 60 s of talk; and one call the Monday after (not counted)
  await calls(w, plumb, '+14155550100', [
    { when: '2026-11-02T10:00:00', disposition: 'no_answer' }, { when: '2026-11-03T10:00:00', disposition: 'no_answer' }, { when: '2026-11-04T10:00:00', disposition: 'some_interest', talk: 60 },
    { when: '2026-11-05T10:00:00', disposition: 'no_answer' }, { when: '2026-11-08T23:59:00', disposition: 'no_answer' }, { when: '2026-11-16T00:00:00', disposition: 'sold', talk: 30 },
  ]);
});
afterAll(async () => t?.close());

const generate = async (payload: Record<string, unknown> = {}) => {
  const res = await api({ method: 'POST', url: '/api/v1/briefs/generate', payload: { weekStart: WEEK, ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return WeeklyBriefSchema.parse(res.json());
};
const fig = (b: WeeklyBrief, key: string) => b.content.headline.find((f) => f.key === key)!;

describe(`weekly brief (${testDbKind})`, () => {
  it("a week's figures in the workspace's zone, beside the week before, each linked to its view", async () => {
    const b = await generate({ deliver: false });
    expect(b.content).toMatchObject({ weekStart: WEEK, weekEnd: '2026-11-15', timezone: TZ });
    expect(fig(b, 'calls')).toMatchObject({ value: 10, previous: 5, delta: 1, link: '/review?from=2026-11-09&to=2026-11-15&outcome=all' });
    expect(fig(b, 'connects')).toMatchObject({ value: 5, previous: 1, delta: 4 });
    expect(fig(b, 'connectRate')).toMatchObject({ value: 0.5, previous: 0.2 });
    expect(fig(b, 'connectRate').delta).toBeCloseTo(1.5, 10);
    expect(fig(b, 'talk')).toMatchObject({ value: 600, previous: 60, unit: 'seconds' });
    expect(fig(b, 'meetings')).toMatchObject({ value: 1, previous: 0, delta: null, link: '/review?from=2026-11-09&to=2026-11-15&disposition=meeting_set' });
    expect(fig(b, 'sold')).toMatchObject({ value: 1, previous: 0, link: '/review?from=2026-11-09&to=2026-11-15&disposition=sold' });
    expect(fig(b, 'followUps').value).toBe(1);
    expect(b.content.numbers).toEqual([
      { number: '+13125550100', calls: 6, connects: 3, connectRate: 0.5, link: '/settings/numbers' },
      { number: '+14155550100', calls: 4, connects: 2, connectRate: 0.5, link: '/settings/numbers' },
    ]);
    expect(b.content.leadTypes.map((l) => [l.leadType, l.attempts, l.connects, l.sold])).toEqual([['Roofing', 6, 3, 1], ['Plumbing', 4, 2, 0]]);
    // biggest changes first; thin history names no best window
    expect(b.content.changes.map((c) => c.label)).toEqual(['Talk time', 'Connects', 'Connect rate']);
    expect(b.content.windows.items).toEqual([]);
    expect(b.content.windows.note).toMatch(/Not enough calls yet/);
  });

  it('best windows: only cells with enough calls whose connect rate is surely above the overall one (Wilson lower bound)', async () => {
    expect(wilsonLower(30, 40)).toBeCloseTo(0.5981, 4); // Wilson 95 % interval of 30/40: [0.5981, 0.8581]
    expect(wilsonLower(0, 10)).toBe(0);
    const ws = await t.newWorkspace('Windows Co');
    await t.as({ cookie: ws.cookie })({ method: 'PUT', url: '/api/v1/settings/weekly-brief', payload: { enabled: true, weekday: 1, hour: 7, timezone: TZ, audience: 'managers' } });
    const id = await lead(ws, 'Window Lead', 'Roofing');
    const tue = Array.from({ length: 40 }, (_, i) => ({ when: `2026-11-10T10:${String(i).padStart(2, '0')}:00`, disposition: i < 30 ? 'some_interest' : 'no_answer' }));
    const wed = Array.from({ length: 160 }, (_, i) => ({ when: `2026-11-${i < 80 ? '04' : '11'}T15:${String(i % 60).padStart(2, '0')}:0${i % 10 > 5 ? 1 : 0}`, disposition: i % 10 === 0 ? 'some_interest' : 'no_answer' }));
    await calls(ws, id, '+13125550100', [...tue, ...wed]);
    const res = await t.as({ cookie: ws.cookie })({ method: 'POST', url: '/api/v1/briefs/generate', payload: { weekStart: WEEK, deliver: false } });
    const b = WeeklyBriefSchema.parse(res.json());
    expect(b.content.windows.items.map((x) => [x.weekday, x.hour, x.attempts, x.connects])).toEqual([[2, 10, 40, 30]]);
    expect(b.content.windows.note).toBeNull();
  });

  it('delivers in-app to managers (not reps) and through every enabled channel; one failing channel is recorded, the others still get it', async () => {
    const rep = await addMember(t, w, 'rep', 'Rita Rep');
    const manager = await addMember(t, w, 'manager', 'Max Manager');
    const got: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ path: req.url ?? '', headers: req.headers, body });
        if (req.url?.startsWith('/bot')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"result":{"message_id":5}}');
        res.writeHead(req.url === '/broken' ? 500 : 204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const hook = NotificationChannelSchema.parse((await api({ method: 'POST', url: '/api/v1/notification-channels', payload: { kind: 'webhook', name: 'Ops hook', url: `${base}/hook` } })).json());
      expect(hook.secret).toMatch(/^whsec_/);
      await api({ method: 'POST', url: '/api/v1/notification-channels', payload: { kind: 'webhook', name: 'Broken hook', url: `${base}/broken`, secret: 'a-secret-of-16-chars' } });
      const tg = NotificationChannelSchema.parse((await api({ method: 'POST', url: '/api/v1/notification-channels', payload: { kind: 'telegram', name: 'Sales chat', botToken: '123456789:AAbbccddeeffgghhiijjkkllmmnn', chatId: '-1001234567890' } })).json());
      await t.db.query(`UPDATE notification_channels SET config = config || jsonb_build_object('apiBase', $2::text) WHERE id = $1`, [tg.id, base]);
      await api({ method: 'POST', url: '/api/v1/notification-channels', payload: { kind: 'email', name: 'Founders', recipients: ['Founder@Example.test'] } });
      const list = (await api({ method: 'GET', url: '/api/v1/notification-channels' })).json().data as { secret?: string; config: Record<string, unknown> }[];
      expect(list.every((c) => c.secret === undefined && !('apiBase' in c.config))).toBe(true);

      const b = await generate();
      expect(b.deliveries.map((d) => [d.name, d.status])).toEqual([['In-app', 'sent'], ['Ops hook', 'sent'], ['Broken hook', 'failed'], ['Sales chat', 'sent'], ['Founders', 'sent']]);
      expect(b.deliveries.find((d) => d.name === 'Broken hook')?.detail).toMatch(/HTTP 500/);
      // the webhook is signed with its secret; its data carries the figures
      const h = got.find((g) => g.path === '/hook')!;
      expect(h.headers['x-flywheel-signature']).toBe(signWebhook(hook.secret!, String(h.headers['x-flywheel-timestamp']), h.body));
      expect(JSON.parse(h.body)).toMatchObject({ event: 'weekly_brief.ready', link: `${t.deps.config.publicUrl}/brief/${b.id}`, data: { briefId: b.id, weekStart: WEEK } });
      const tgBody = JSON.parse(got.find((g) => g.path.startsWith('/bot123456789:'))!.body);
      expect(tgBody).toMatchObject({ chat_id: '-1001234567890', parse_mode: 'HTML' });
      expect(tgBody.text).toContain('Calls 10 (+100%)');
      const mail = await t.db.query<{ subject: string; text_body: string }>('SELECT subject, text_body FROM mail_messages WHERE to_address = $1', ['founder@example.test']);
      expect(mail.rows[0].subject).toBe('Weekly brief · Nov 9–Nov 15');
      expect(mail.rows[0].text_body).toContain(`/brief/${b.id}`);
      // in-app: owner and manager, not the rep
      const inbox = async (cookie: string) => ((await t.as({ cookie })({ method: 'GET', url: '/api/v1/notifications' })).json().data as { kind: string; link: string }[]).filter((n) => n.kind === 'weekly_brief.ready');
      expect(await inbox(manager.cookie)).toHaveLength(1);
      expect((await inbox(w.cookie))[0].link).toBe(`/brief/${b.id}`);
      expect(await inbox(rep.cookie)).toHaveLength(0);
      // the failing channel shows its last error
      const broken = ((await api({ method: 'GET', url: '/api/v1/notification-channels' })).json().data as { name: string; lastError: string | null; lastSuccessAt: string | null }[]).find((c) => c.name === 'Broken hook')!;
      expect(broken.lastError).toMatch(/HTTP 500/);
      expect(broken.lastSuccessAt).toBeNull();
      // reps can read briefs but not generate them
      expect((await t.as({ cookie: rep.cookie })({ method: 'GET', url: `/api/v1/briefs/${b.id}` })).statusCode).toBe(200);
      expect((await t.as({ cookie: rep.cookie })({ method: 'POST', url: '/api/v1/briefs/generate', payload: {} })).statusCode).toBe(403);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('goes out once, when its weekday and hour have come in the zone (a worker that was down catches up)', async () => {
    const ws = await t.newWorkspace('Schedule Co');
    await t.as({ cookie: ws.cookie })({ method: 'PUT', url: '/api/v1/settings/weekly-brief', payload: { enabled: true, weekday: 1, hour: 7, timezone: 'America/Anchorage', audience: 'managers' } });
    // Monday 23 Nov 2026, Anchorage (UTC−9): 06:59 is too early, 07:00 is due
    expect(await runScheduledBrief(t.deps, ws.workspaceId, new Date('2026-11-23T15:59:00Z'))).toBeNull();
    const b = await runScheduledBrief(t.deps, ws.workspaceId, new Date('2026-11-23T16:00:00Z'));
    expect(b).toMatchObject({ weekStart: '2026-11-16', trigger: 'schedule', timezone: 'America/Anchorage' });
    expect(await runScheduledBrief(t.deps, ws.workspaceId, new Date('2026-11-24T10:00:00Z'))).toBeNull();
    // pure rules: disabled never; Tuesday catches up; the Monday itself is in the zone's calendar, DST included
    expect(briefDue(new Date('2026-11-23T16:00:00Z'), { enabled: false, weekday: 1, hour: 7, timezone: 'America/Anchorage', audience: 'managers' })).toBeNull();
    expect(briefDue(new Date('2026-11-24T10:00:00Z'), { enabled: true, weekday: 1, hour: 7, timezone: 'Pacific/Honolulu', audience: 'managers' })).toBe('2026-11-16');
    expect(lastCompleteWeek(new Date('2026-03-09T06:30:00Z'), 'America/New_York')).toBe('2026-03-02'); // Monday 01:30 EDT after spring-forward
  });

  it('refuses bad settings and channels field by field; a test message reports what went wrong', async () => {
    const bad = await api({ method: 'PUT', url: '/api/v1/settings/weekly-brief', payload: { enabled: true, weekday: 8, hour: 24, timezone: 'Mars/Olympus', audience: 'managers' } });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['hour', 'weekday']);
    const zone = await api({ method: 'PUT', url: '/api/v1/settings/weekly-brief', payload: { enabled: true, weekday: 1, hour: 7, timezone: 'Mars/Olympus', audience: 'managers' } });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.message).toMatch(/not a time zone/);
    const tg = await api({ method: 'POST', url: '/api/v1/notification-channels', payload: { kind: 'telegram', name: 'x', botToken: 'nope', chatId: 'general' } });
    expect(tg.statusCode).toBe(400);
    expect(Object.keys(tg.json().error.fields).sort()).toEqual(['botToken', 'chatId']);
    const meta = await api({ method: 'POST', url: '/api/v1/notification-channels', payload: { kind: 'webhook', name: 'metadata', url: 'http://169.254.169.254/latest' } });
    expect(meta.statusCode).toBe(400);
    expect(meta.json().error.message).toMatch(/link-local/);
    const dead = NotificationChannelSchema.parse((await api({ method: 'POST', url: '/api/v1/notification-channels', payload: { kind: 'webhook', name: 'Dead end', url: 'http://127.0.0.1:9/hook' } })).json());
    const tested = await api({ method: 'POST', url: `/api/v1/notification-channels/${dead.id}/test` });
    expect(tested.statusCode).toBe(200);
    expect(tested.json()).toMatchObject({ ok: false, error: expect.stringMatching(/could not be reached/), channel: { lastError: expect.any(String) } });
    expect((await api({ method: 'POST', url: '/api/v1/briefs/generate', payload: { weekStart: '2026-11-10' } })).statusCode).toBe(400);
    const other = await t.newWorkspace('Brief outsider');
    expect((await t.as({ cookie: other.cookie })({ method: 'DELETE', url: `/api/v1/notification-channels/${dead.id}` })).statusCode).toBe(404);
  });
});
