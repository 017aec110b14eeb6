import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { radicaleOrSkip, type Radicale } from '../../../test/radicale.ts';
import { makeLead } from '../dialer/dialer.test-helpers.ts';
import { addMember } from '../tasks/tasks.test-helpers.ts';
import { registerCaldavJobs } from './jobs.ts';
import { syncConnection } from './sync.ts';

const ALICE = { user: 'alice', password: 'alice-s3cret-Pw' };
let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
let rad: Radicale | null = null;
let skipReason: string | null = null;
let work = '';
let personal = '';
let web: http.Server;
let webUrl = '';

/** RFC 5545 unfolding, so assertions do not depend on where a server folds lines. */
const unfold = (s: string) => s.replace(/\r?\n[ \t]/g, '');
const icsUtc = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const tomorrowAt = (h: number, m = 0) => {
  const d = new Date(Date.now() + 86_400_000);
  d.setUTCHours(h, m, 0, 0);
  return d;
};

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function connectionId(): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>('SELECT id FROM caldav_connections WHERE workspace_id = $1 AND user_id = $2', [w.workspaceId, w.userId]);
  return rows[0].id;
}
const sync = async () => syncConnection(t.deps, w.workspaceId, await connectionId());
const events = async (cal = work) => [...(await rad!.objects(ALICE.user, ALICE.password, cal)).entries()].map(([href, data]) => ({ href, ics: unfold(data) }));

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('CalDAV');
  api = t.as({ cookie: w.cookie });
  ({ radicale: rad, skipReason } = await radicaleOrSkip({ [ALICE.user]: ALICE.password }));
  if (rad) {
    work = await rad.makeCalendar(ALICE.user, ALICE.password, 'work', 'Work');
    personal = await rad.makeCalendar(ALICE.user, ALICE.password, 'personal', 'Personal');
  }
  // a web server that is not CalDAV: a page at /, 404 under /missing/
  web = http.createServer((req, res) => {
    if (req.url?.startsWith('/missing')) res.writeHead(404).end('not here');
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Hello</body></html>');
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
  webUrl = `http://127.0.0.1:${(web.address() as net.AddressInfo).port}`;
}, 600_000);

afterAll(async () => {
  await t?.close();
  await rad?.stop();
  await new Promise((r) => web?.close(r));
});

describe(`CalDAV sync against a real Radicale on ${testDbKind}`, () => {
  it('Radicale is available (or the reason is printed and CI fails)', () => {
    if (!rad) console.warn(`CalDAV round-trip tests skipped: ${skipReason}`);
    expect(rad !== null || process.env.CI !== 'true').toBe(true);
  });

  it('tests a connection: lists the event calendars; clear errors for wrong password, DNS, refused port, 404 and non-CalDAV servers', async (ctx) => {
    if (!rad) return ctx.skip();
    const ok = await api({ method: 'POST', url: '/api/v1/caldav/test', payload: { serverUrl: rad.url, username: ALICE.user, password: ALICE.password } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().calendars).toEqual(expect.arrayContaining([{ url: work, name: 'Work', color: null }, { url: personal, name: 'Personal', color: null }]));
    expect(ok.json().principalUrl).toBe(new URL('/alice/', rad.url).toString());

    const fail = async (payload: Record<string, unknown>) => {
      const res = await api({ method: 'POST', url: '/api/v1/caldav/test', payload });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(600);
      expect(res.statusCode).not.toBe(500);
      return { status: res.statusCode, ...res.json().error } as { status: number; code: string; message: string };
    };
    const wrong = await fail({ serverUrl: rad.url, username: ALICE.user, password: 'nope' });
    expect(wrong).toMatchObject({ status: 400, code: 'caldav_auth' });
    expect(wrong.message).toMatch(/username or password \(401\)/);
    const dns = await fail({ serverUrl: 'https://caldav.does-not-exist.invalid/dav/', username: 'a', password: 'b' });
    expect(dns).toMatchObject({ status: 400, code: 'caldav_dns' });
    expect(dns.message).toContain('caldav.does-not-exist.invalid');
    const port = await closedPort();
    expect(await fail({ serverUrl: `http://127.0.0.1:${port}/`, username: 'a', password: 'b' })).toMatchObject({ status: 400, code: 'caldav_refused' });
    const missing = await fail({ serverUrl: `${webUrl}/missing/dav/`, username: 'a', password: 'b' });
    expect(missing).toMatchObject({ status: 400, code: 'caldav_not_found' });
    expect(missing.message).toContain('(404)');
    const page = await fail({ serverUrl: `${webUrl}/`, username: 'a', password: 'b' });
    expect(page).toMatchObject({ status: 400, code: 'caldav_not_caldav' });
    expect(page.message).toMatch(/does not look like a CalDAV server/);
    expect(await fail({ serverUrl: 'http://169.254.169.254/latest/', username: 'a', password: 'b' })).toMatchObject({ status: 400, code: 'caldav_blocked' });
    // no password typed and none stored for this account
    expect(await fail({ serverUrl: rad.url, username: ALICE.user })).toMatchObject({ status: 400, code: 'validation' });
    expect(await fail({ serverUrl: 'ftp://example.test/', username: 'a', password: 'b' })).toMatchObject({ status: 400, code: 'validation' });
  });

  it('round trip: create → event with the right summary, time and alarm; reschedule → moved; complete → gone; password never returned', async (ctx) => {
    if (!rad) return ctx.skip();
    const res = await api({ method: 'PUT', url: '/api/v1/caldav/connection', payload: { serverUrl: rad.url, username: ALICE.user, password: ALICE.password, calendarUrl: work } });
    expect(res.statusCode).toBe(200);
    expect(res.json().connection).toMatchObject({ serverUrl: rad.url, username: ALICE.user, hasPassword: true, calendarUrl: work, calendarName: 'Work', enabled: true, status: 'pending', syncPending: true });
    expect(res.body).not.toContain(ALICE.password);
    const { rows } = await t.db.query<{ password_sealed: string }>('SELECT password_sealed FROM caldav_connections WHERE workspace_id = $1', [w.workspaceId]);
    expect(rows[0].password_sealed).not.toContain(ALICE.password);
    expect((await sync()).status).toBe('ok');

    const lead = await makeLead(t, w, 'Acme Roofing', '+14155550123');
    const due = tomorrowAt(15);
    const created = await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: lead, kind: 'callback', title: 'Talk pricing', notes: 'Wife decides', dueAt: due.toISOString() } });
    expect(created.statusCode).toBe(201);
    const taskId = created.json().id as string;
    // undated tasks, other kinds and other members' callbacks stay out of this calendar
    await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: lead, kind: 'follow_up', title: 'Someday' } });
    await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: lead, kind: 'nurture', title: 'Nurture', dueAt: due.toISOString() } });
    const rep = await addMember(t, w, 'rep');
    await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: lead, kind: 'callback', title: 'Not mine', dueAt: due.toISOString(), ownerId: rep.userId } });

    const status = (await api({ method: 'GET', url: '/api/v1/caldav' })).json();
    expect(status.connection.syncPending).toBe(true); // the task change asked for a sync
    expect(JSON.stringify(status)).not.toContain(ALICE.password);

    expect(await sync()).toMatchObject({ status: 'ok', created: 1, deleted: 0 });
    let evs = await events();
    expect(evs).toHaveLength(1);
    const href = evs[0].href;
    expect(href).toContain(`task-${taskId}`);
    expect(evs[0].ics).toContain(`UID:task-${taskId}@flywheel`);
    expect(evs[0].ics).toContain('SUMMARY:Call back: Acme Roofing');
    expect(evs[0].ics).toMatch(new RegExp(`DTSTART(;VALUE=DATE-TIME)?:${icsUtc(due)}`));
    expect(evs[0].ics).toMatch(new RegExp(`DTEND(;VALUE=DATE-TIME)?:${icsUtc(new Date(due.getTime() + 15 * 60_000))}`));
    expect(evs[0].ics).toContain('BEGIN:VALARM');
    expect(evs[0].ics).toContain('TRIGGER:-PT10M');
    expect(evs[0].ics).toContain('Phone: +14155550123');
    expect(evs[0].ics).toContain(`/dialer?lead=${lead}`);
    expect(evs[0].ics).toContain('Wife decides');
    // nothing changed → nothing written
    expect(await sync()).toMatchObject({ status: 'ok', created: 0, updated: 0, unchanged: 1 });

    // reschedule → the same event moves
    const later = tomorrowAt(17, 30);
    expect((await api({ method: 'PATCH', url: `/api/v1/tasks/${taskId}`, payload: { dueAt: later.toISOString() } })).statusCode).toBe(200);
    expect(await sync()).toMatchObject({ status: 'ok', updated: 1 });
    evs = await events();
    expect(evs.map((e) => e.href)).toEqual([href]);
    expect(evs[0].ics).toMatch(new RegExp(`DTSTART(;VALUE=DATE-TIME)?:${icsUtc(later)}`));
    expect(evs[0].ics).not.toContain(icsUtc(due));

    // snooze moves it too
    expect((await api({ method: 'POST', url: `/api/v1/tasks/${taskId}/snooze`, payload: { preset: 'next_week' } })).statusCode).toBeLessThan(300);
    expect(await sync()).toMatchObject({ status: 'ok', updated: 1 });
    const snoozedDue = new Date((await t.db.query<{ due_at: Date }>('SELECT due_at FROM tasks WHERE id = $1', [taskId])).rows[0].due_at);
    expect((await events())[0].ics).toMatch(new RegExp(`DTSTART(;VALUE=DATE-TIME)?:${icsUtc(snoozedDue)}`));

    // deleted by hand in the calendar app → a full resync puts it back
    expect((await rad.request(ALICE.user, ALICE.password, href, { method: 'DELETE' })).status).toBeLessThan(300);
    expect(await events()).toHaveLength(0);
    expect((await api({ method: 'POST', url: '/api/v1/caldav/resync' })).statusCode).toBe(202);
    expect(await sync()).toMatchObject({ status: 'ok', created: 0, updated: 1 });
    expect((await events()).map((e) => e.href)).toEqual([href]);

    // another calendar: the event moves there
    expect((await api({ method: 'PUT', url: '/api/v1/caldav/connection', payload: { serverUrl: rad.url, username: ALICE.user, calendarUrl: personal } })).statusCode).toBe(200);
    expect(await sync()).toMatchObject({ status: 'ok', created: 1, deleted: 1 });
    expect(await events()).toHaveLength(0);
    expect(await events(personal)).toHaveLength(1);

    // complete → gone
    expect((await api({ method: 'POST', url: `/api/v1/tasks/${taskId}/complete` })).statusCode).toBe(200);
    expect(await sync()).toMatchObject({ status: 'ok', deleted: 1 });
    expect(await events(personal)).toHaveLength(0);
    const after = (await api({ method: 'GET', url: '/api/v1/caldav' })).json().connection;
    expect(after).toMatchObject({ status: 'ok', lastError: null, eventCount: 0, syncPending: false });
    expect(after.lastSuccessAt).not.toBeNull();
  });

  it('a wrong password is stored as a clear error on the connection; the task API is unaffected', async (ctx) => {
    if (!rad) return ctx.skip();
    rad.setUsers({ [ALICE.user]: 'changed-elsewhere' });
    try {
      const lead = await makeLead(t, w, 'Beta Plumbing', '+14155550124');
      const started = Date.now();
      const res = await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: lead, kind: 'callback', title: 'Call back', dueAt: tomorrowAt(16).toISOString() } });
      expect(res.statusCode).toBe(201);
      expect(Date.now() - started).toBeLessThan(5000);
      const r = await sync();
      expect(r).toMatchObject({ status: 'error', transient: false });
      expect(r.error).toMatch(/refused the username or password \(401\)/);
      const c = (await api({ method: 'GET', url: '/api/v1/caldav' })).json().connection;
      expect(c.status).toBe('error');
      expect(c.lastError).toMatch(/username or password \(401\)/);
      // tasks still list and change normally
      expect((await api({ method: 'GET', url: '/api/v1/tasks?owner=me' })).statusCode).toBe(200);
      expect((await api({ method: 'PATCH', url: `/api/v1/tasks/${res.json().id}`, payload: { title: 'Call back soon' } })).statusCode).toBe(200);
    } finally {
      rad.setUsers({ [ALICE.user]: ALICE.password });
    }
    expect(await sync()).toMatchObject({ status: 'ok', created: 1 });
    expect((await api({ method: 'GET', url: '/api/v1/caldav' })).json().connection).toMatchObject({ status: 'ok', lastError: null });
    expect((await events(personal))[0].ics).toContain('SUMMARY:Call back: Beta Plumbing');
  });

  it('a server that is down: the error is stored as transient (the queue retries), and the next sync after it is back catches up', async (ctx) => {
    if (!rad) return ctx.skip();
    const id = await connectionId();
    const { rows } = await t.db.query<{ calendar_url: string }>('SELECT calendar_url FROM caldav_connections WHERE id = $1', [id]);
    const down = `http://127.0.0.1:${await closedPort()}/alice/personal/`;
    await t.db.query('UPDATE caldav_connections SET calendar_url = $2 WHERE id = $1', [id, down]);
    try {
      const lead = await makeLead(t, w, 'Down Time', '+14155550126');
      expect((await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: lead, kind: 'callback', title: 'x', dueAt: tomorrowAt(19).toISOString() } })).statusCode).toBe(201);
      const r = await sync();
      expect(r).toMatchObject({ status: 'error', transient: true });
      expect(r.error).toMatch(/refused the connection/);
    } finally {
      await t.db.query('UPDATE caldav_connections SET calendar_url = $2 WHERE id = $1', [id, rows[0].calendar_url]);
    }
    // (moving the calendar URL away also looked like a calendar change: Beta's event was removed
    // from the old URL and is written again now)
    expect(await sync()).toMatchObject({ status: 'ok', created: 2 });
    const summaries = (await events(personal)).map((e) => /SUMMARY:([^\r\n]*)/.exec(e.ics)?.[1]).sort();
    expect(summaries).toEqual(['Call back: Beta Plumbing', 'Call back: Down Time']);
  });

  it('through the job queue: a task change reaches the calendar without anyone calling sync', async (ctx) => {
    if (!rad) return ctx.skip();
    const cron = await registerCaldavJobs(t.deps);
    const lead = await makeLead(t, w, 'Gamma Solar', '+14155550125');
    const res = await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: lead, kind: 'follow_up', title: 'Send quote', dueAt: tomorrowAt(18).toISOString() } });
    expect(res.statusCode).toBe(201);
    let found = false;
    for (let i = 0; i < 60 && !found; i++) {
      found = (await events(personal)).some((e) => e.ics.includes('SUMMARY:Follow up: Gamma Solar'));
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    expect(found).toBe(true);
    // the minute cron finds workspaces with calendar work (here: a resync asked for) and queues them
    await t.db.query('UPDATE caldav_connections SET full_resync_requested = true WHERE workspace_id = $1', [w.workspaceId]);
    const tick = await cron.fanOut();
    expect(tick.failed).toEqual([]);
    expect(tick.queued + tick.alreadyQueued).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 60; i++) {
      const { rows } = await t.db.query<{ full_resync_requested: boolean }>('SELECT full_resync_requested FROM caldav_connections WHERE workspace_id = $1', [w.workspaceId]);
      if (!rows[0].full_resync_requested) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const { rows } = await t.db.query<{ full_resync_requested: boolean; status: string }>('SELECT full_resync_requested, status FROM caldav_connections WHERE workspace_id = $1', [w.workspaceId]);
    expect(rows[0]).toEqual({ full_resync_requested: false, status: 'ok' });
  }, 60_000);

  it('pause and disconnect: the password is deleted with the connection', async (ctx) => {
    if (!rad) return ctx.skip();
    expect((await api({ method: 'PATCH', url: '/api/v1/caldav/connection', payload: { enabled: false } })).json().connection.enabled).toBe(false);
    expect((await api({ method: 'POST', url: '/api/v1/caldav/resync' })).statusCode).toBe(409);
    expect((await api({ method: 'DELETE', url: '/api/v1/caldav/connection' })).json().connection).toBeNull();
    const { rows } = await t.db.query('SELECT 1 FROM caldav_connections WHERE workspace_id = $1', [w.workspaceId]);
    expect(rows).toHaveLength(0);
    expect((await api({ method: 'PATCH', url: '/api/v1/caldav/connection', payload: { enabled: true } })).statusCode).toBe(404);
  });

  it('an API key has no "me" to sync', async () => {
    const res = await t.as({ apiKey: w.apiKey })({ method: 'GET', url: '/api/v1/caldav' });
    expect(res.statusCode).toBe(400);
  });
});
