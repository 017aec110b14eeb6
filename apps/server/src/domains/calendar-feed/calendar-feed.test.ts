import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { addMember } from '../tasks/tasks.test-helpers.ts';
import { foldOctets } from './ics.ts';

let t: TestContext;
beforeAll(async () => { t = await createTestContext(); });
afterAll(async () => { await t.close(); });

async function lead(w: TestWorkspace, name: string, phone: string): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>(
    "INSERT INTO leads (workspace_id, name, stage, primary_phone) VALUES ($1, $2, 'new', $3) RETURNING id", [w.workspaceId, name, phone]);
  return rows[0].id;
}
async function task(w: TestWorkspace, o: { lead: string; owner: string; kind: string; title: string; notes?: string; dueDays: number; status?: string }): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO tasks (workspace_id, lead_id, owner_id, kind, title, notes, due_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7::int), $8) RETURNING id`,
    [w.workspaceId, o.lead, o.owner, o.kind, o.title, o.notes ?? '', o.dueDays, o.status ?? 'open']);
  return rows[0].id;
}
/** RFC 5545 unfolding: CRLF followed by one space/tab is removed. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');
const path = (url: string) => new URL(url).pathname;

describe('calendar feed', () => {
  it('shows the URL once, then only that it exists; rotating revokes the old URL', async () => {
    const w = await t.newWorkspace('Feed A');
    const api = t.as({ cookie: w.cookie });
    const first = (await api({ method: 'GET', url: '/api/v1/calendar-feed' })).json();
    expect(first.exists).toBe(true);
    expect(first.url).toMatch(/\/calendar\/cal_[A-Za-z0-9_-]+\.ics$/);
    const second = (await api({ method: 'GET', url: '/api/v1/calendar-feed' })).json();
    expect(second).toEqual({ exists: true, createdAt: first.createdAt, url: null });
    const { rows } = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM calendar_feed_tokens WHERE workspace_id = $1', [w.workspaceId]);
    expect(rows[0].token_hash).not.toContain(path(first.url).slice(10, -4)); // only the hash is stored
    expect((await t.as({})({ method: 'GET', url: path(first.url) })).statusCode).toBe(200);
    const rotated = (await api({ method: 'POST', url: '/api/v1/calendar-feed/rotate', payload: {} })).json();
    expect(rotated.url).not.toBe(first.url);
    const old = await t.as({})({ method: 'GET', url: path(first.url) });
    expect(old.statusCode).toBe(404);
    expect((await t.as({})({ method: 'GET', url: path(rotated.url) })).statusCode).toBe(200);
    expect((await t.as({})({ method: 'GET', url: '/calendar/cal_unknownunknownunknown1234.ics' })).statusCode).toBe(404);
    expect((await t.as({})({ method: 'GET', url: '/calendar/garbage' })).statusCode).toBe(404);
  });

  it("lists the member's open callbacks/follow-ups in the window, escaped and folded, and nobody else's", async () => {
    const a = await t.newWorkspace('Feed B');
    const b = await t.newWorkspace('Feed C');
    const other = await addMember(t, a, 'rep', 'Other Rep');
    const l = await lead(a, 'Müller, Søren; Ünïcödé Ünïcödé Ünïcödé Ünïcödé Ünïcödé Ünïcödé', '+15551230001');
    const cb = await task(a, { lead: l, owner: a.userId, kind: 'callback', title: 'Call back re: pricing, terms; next step', notes: 'Line one\nLine two', dueDays: 1 });
    const fu = await task(a, { lead: l, owner: a.userId, kind: 'follow_up', title: 'Follow up', dueDays: -3 });
    const done = await task(a, { lead: l, owner: a.userId, kind: 'callback', title: 'Done one', dueDays: 2, status: 'done' });
    const old = await task(a, { lead: l, owner: a.userId, kind: 'callback', title: 'Too old', dueDays: -10 });
    const far = await task(a, { lead: l, owner: a.userId, kind: 'callback', title: 'Too far', dueDays: 120 });
    const nurture = await task(a, { lead: l, owner: a.userId, kind: 'nurture', title: 'Nurture', dueDays: 1 });
    const others = await task(a, { lead: l, owner: other.userId, kind: 'callback', title: 'Not mine', dueDays: 1 });
    const lb = await lead(b, 'B lead', '+15551230002');
    const inB = await task(b, { lead: lb, owner: b.userId, kind: 'callback', title: 'Workspace B', dueDays: 1 });

    const url = (await t.as({ cookie: a.cookie })({ method: 'GET', url: '/api/v1/calendar-feed' })).json().url;
    const res = await t.as({})({ method: 'GET', url: path(url) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const raw = res.body;
    for (const line of raw.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(raw).toContain('\r\n '); // the long name/description were folded
    const ics = unfold(raw);
    const host = new URL(t.deps.config.publicUrl).host;
    expect(ics).toContain(`UID:${cb}@${host}`);
    expect(ics).toContain(`UID:${fu}@${host}`);
    for (const id of [done, old, far, nurture, others, inB]) expect(ics).not.toContain(id);
    expect(ics).toContain('SUMMARY:Callback: Müller\\, Søren\\; Ünïcödé');
    expect(ics).toContain('SUMMARY:Follow-up: Müller');
    expect(ics).toContain('Call back re: pricing\\, terms\\; next step\\n\\nLine one\\nLine two\\n\\nPhone: +15551230001');
    expect(ics).toContain(`${t.deps.config.publicUrl}/dialer?lead=${l}`);
    expect(ics).toContain('DURATION:PT15M');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);

    // completing the callback drops it from the feed
    await t.db.query("UPDATE tasks SET status = 'done' WHERE id = $1", [cb]);
    const after = unfold((await t.as({})({ method: 'GET', url: path(url) })).body);
    expect(after).not.toContain(cb);
    expect(after).toContain(fu);
  });

  it("a removed member's feed stops (404)", async () => {
    const w = await t.newWorkspace('Feed D');
    const rep = await addMember(t, w, 'rep');
    const url = (await rep.api({ method: 'GET', url: '/api/v1/calendar-feed' })).json().url;
    expect((await t.as({})({ method: 'GET', url: path(url) })).statusCode).toBe(200);
    await t.db.query('DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2', [w.workspaceId, rep.userId]);
    expect((await t.as({})({ method: 'GET', url: path(url) })).statusCode).toBe(404);
  });

  it('folds by octets without splitting a multi-byte character', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldOctets(`${line}\r\n`);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(unfold(folded)).toBe(`${line}\r\n`);
  });
});
