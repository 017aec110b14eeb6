import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilson, bestWindowLabel } from '@flywheel/contracts';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { bestWindows, foldWorkspace, refoldRecent, weekSummary } from './index.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { daysAgo, insertAttempt, insertCall, insertLead, insertStageChange, pastWeekday, setWorkspaceTz } from './dashboard.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

type Agg = Record<string, { calls: number; talk: number; attempts: number; connects: number; sold: number }>;

/** The expected rollup of some dimensions, computed directly from the base tables (no rollup code). */
async function direct(ws: string): Promise<Record<string, Agg>> {
  return withWorkspace(t.db, ws, async (tx) => {
    const { rows } = await tx.query<{ dim: string; day: string; key: string; calls: number; talk: number; attempts: number; connects: number; sold: number }>(
      `WITH tz AS (SELECT timezone FROM workspaces WHERE id = $1),
       c AS (SELECT to_char((cs.started_at AT TIME ZONE tz.timezone)::date, 'YYYY-MM-DD') AS day, cs.from_number, l.segment, cs.user_id,
                    CASE WHEN cs.answered_at IS NOT NULL THEN cs.provider_duration_seconds ELSE 0 END AS talk
             FROM call_sessions cs CROSS JOIN tz LEFT JOIN leads l ON l.id = cs.lead_id WHERE cs.workspace_id = $1),
       a AS (SELECT to_char((a.created_at AT TIME ZONE tz.timezone)::date, 'YYYY-MM-DD') AS day, cs.from_number, l.segment, a.user_id,
                    d.counts_as_connect AS connect, a.disposition_key = 'sold' AS sold,
                    coalesce(l.timezone, tz.timezone) || '|' || extract(isodow FROM a.created_at AT TIME ZONE coalesce(l.timezone, tz.timezone)) || '|' || extract(hour FROM a.created_at AT TIME ZONE coalesce(l.timezone, tz.timezone)) AS how
             FROM attempts a CROSS JOIN tz JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
             LEFT JOIN call_sessions cs ON cs.id = a.call_session_id LEFT JOIN leads l ON l.id = a.lead_id WHERE a.workspace_id = $1)
       SELECT 'all' AS dim, day, '' AS key, count(*)::int AS calls, sum(talk)::int AS talk, 0 AS attempts, 0 AS connects, 0 AS sold FROM c GROUP BY day
       UNION ALL SELECT 'all', day, '', 0, 0, count(*)::int, count(*) FILTER (WHERE connect)::int, count(*) FILTER (WHERE sold)::int FROM a GROUP BY day
       UNION ALL SELECT 'number', day, from_number, count(*)::int, sum(talk)::int, 0, 0, 0 FROM c GROUP BY day, from_number
       UNION ALL SELECT 'number', day, from_number, 0, 0, count(*)::int, count(*) FILTER (WHERE connect)::int, count(*) FILTER (WHERE sold)::int FROM a WHERE from_number IS NOT NULL GROUP BY day, from_number
       UNION ALL SELECT 'segment', day, coalesce(segment, ''), count(*)::int, sum(talk)::int, 0, 0, 0 FROM c GROUP BY day, segment
       UNION ALL SELECT 'segment', day, coalesce(segment, ''), 0, 0, count(*)::int, count(*) FILTER (WHERE connect)::int, count(*) FILTER (WHERE sold)::int FROM a GROUP BY day, segment
       UNION ALL SELECT 'rep', day, user_id::text, count(*)::int, sum(talk)::int, 0, 0, 0 FROM c WHERE user_id IS NOT NULL GROUP BY day, user_id
       UNION ALL SELECT 'rep', day, user_id::text, 0, 0, count(*)::int, count(*) FILTER (WHERE connect)::int, count(*) FILTER (WHERE sold)::int FROM a WHERE user_id IS NOT NULL GROUP BY day, user_id
       UNION ALL SELECT 'tz_how', day, how, 0, 0, count(*)::int, count(*) FILTER (WHERE connect)::int, count(*) FILTER (WHERE sold)::int FROM a GROUP BY day, how`,
      [ws],
    );
    const out: Record<string, Agg> = {};
    for (const r of rows) {
      const agg = (out[r.dim] ??= {});
      const k = `${r.day}|${r.key}`;
      const e = (agg[k] ??= { calls: 0, talk: 0, attempts: 0, connects: 0, sold: 0 });
      e.calls += r.calls; e.talk += r.talk; e.attempts += r.attempts; e.connects += r.connects; e.sold += r.sold;
    }
    return out;
  });
}

async function rolled(ws: string): Promise<Record<string, Agg>> {
  return withWorkspace(t.db, ws, async (tx) => {
    const { rows } = await tx.query<{ dim: string; day: string; key: string; calls: number; talk: string; attempts: number; connects: number; sold: number }>(
      `SELECT dim, to_char(day, 'YYYY-MM-DD') AS day, key, calls, talk_seconds AS talk, attempts, connects, sold FROM rollup_daily
       WHERE workspace_id = $1 AND dim IN ('all', 'number', 'segment', 'rep', 'tz_how') AND (calls > 0 OR attempts > 0)`,
      [ws],
    );
    const out: Record<string, Agg> = {};
    for (const r of rows) (out[r.dim] ??= {})[`${r.day}|${r.key}`] = { calls: r.calls, talk: Number(r.talk), attempts: r.attempts, connects: r.connects, sold: r.sold };
    return out;
  });
}

const KEYS = ['no_answer', 'left_voicemail', 'gatekeeper', 'not_interested', 'some_interest', 'meeting_set', 'sold'];

async function batch(w: TestWorkspace, leads: string[], rand: () => number, n: number, maxDaysAgo: number): Promise<string[]> {
  const calls: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = daysAgo(1 + Math.floor(rand() * maxDaysAgo), Math.floor(rand() * 24), Math.floor(rand() * 60));
    const leadId = leads[Math.floor(rand() * leads.length)]!;
    const answered = rand() < 0.4;
    const call = await insertCall(t.db, w.workspaceId, { leadId, at, from: rand() < 0.5 ? '+15550000001' : '+15550000002', userId: w.userId, talk: answered ? 10 + Math.floor(rand() * 300) : null });
    calls.push(call);
    if (rand() < 0.85) {
      const key = answered ? KEYS[2 + Math.floor(rand() * (KEYS.length - 2))]! : KEYS[Math.floor(rand() * 2)]!;
      await insertAttempt(t.db, w.workspaceId, { leadId, callSessionId: call, key, at: new Date(at.getTime() + 60_000), userId: w.userId });
    }
  }
  return calls;
}

describe('dashboard rollups', () => {
  it('incremental folds equal a direct computation over the base tables; late updates are re-folded', async () => {
    const w = await t.newWorkspace('Rollups');
    await setWorkspaceTz(t.db, w.workspaceId, 'America/Denver');
    const leads = [
      await insertLead(t.db, w.workspaceId, { segment: 'dental', timezone: 'America/Chicago', region: 'IL' }),
      await insertLead(t.db, w.workspaceId, { segment: 'legal', timezone: null, region: 'TX' }),
      await insertLead(t.db, w.workspaceId, { segment: null, timezone: 'Europe/Berlin' }),
    ];
    const rand = rng(42);
    const first = await batch(w, leads, rand, 60, 20);
    expect((await foldWorkspace(t.db, w.workspaceId)).days).toBeGreaterThan(5);
    expect(await rolled(w.workspaceId)).toEqual(await direct(w.workspaceId));

    // more batches, some logged with old business times (history): still found via inserted_at
    await batch(w, leads, rand, 40, 3);
    await foldWorkspace(t.db, w.workspaceId);
    await batch(w, leads, rand, 40, 30);
    await foldWorkspace(t.db, w.workspaceId);
    const expected = await direct(w.workspaceId);
    expect(await rolled(w.workspaceId)).toEqual(expected);
    expect(Object.keys(expected.tz_how!).some((k) => k.includes('America/Denver|'))).toBe(true); // no lead zone → workspace zone

    // a late webhook: an old call turns out answered with 95 s of talk (updated_at moves)
    await withWorkspace(t.db, w.workspaceId, (tx) =>
      tx.query(`UPDATE call_sessions SET answered_at = started_at, provider_duration_seconds = 95, status = 'completed', updated_at = now() WHERE id = $1`, [first[0]]));
    const before = await rolled(w.workspaceId);
    expect(before).not.toEqual(await direct(w.workspaceId));
    await foldWorkspace(t.db, w.workspaceId);
    expect(await rolled(w.workspaceId)).toEqual(await direct(w.workspaceId));

    // a lead's segment edited: the incremental fold does not see it, the nightly re-fold does
    // (the watermark lags the clock by a minute; here that minute has passed)
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query('UPDATE rollup_state SET watermark = now() WHERE workspace_id = $1', [w.workspaceId]));
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query(`UPDATE leads SET segment = 'hvac' WHERE id = $1`, [leads[2]]));
    await foldWorkspace(t.db, w.workspaceId);
    expect((await foldWorkspace(t.db, w.workspaceId)).days).toBe(0);
    const stale = await rolled(w.workspaceId);
    expect(Object.keys(stale.segment!).some((k) => k.endsWith('|hvac'))).toBe(false);
    await refoldRecent(t.db, w.workspaceId, 40);
    expect(await rolled(w.workspaceId)).toEqual(await direct(w.workspaceId));
  });

  it('keeps workspaces apart', async () => {
    const a = await t.newWorkspace('Iso A');
    const b = await t.newWorkspace('Iso B');
    const lead = await insertLead(t.db, a.workspaceId, { segment: 'secret-seg', source: 'secret-src' });
    const call = await insertCall(t.db, a.workspaceId, { leadId: lead, at: daysAgo(2), talk: 30, from: '+15559990000' });
    await insertAttempt(t.db, a.workspaceId, { leadId: lead, callSessionId: call, key: 'sold', at: daysAgo(2) });
    await foldWorkspace(t.db, a.workspaceId);
    await foldWorkspace(t.db, b.workspaceId);
    const apiB = t.as({ cookie: b.cookie });
    for (const url of ['/api/v1/dashboard/cohorts?by=segment', '/api/v1/dashboard/source-roi', '/api/v1/dashboard/breakdown?by=number']) {
      const res = await apiB({ method: 'GET', url: `${url}&range=30d`.replace('roi&', 'roi?') });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toContain('+15559990000');
    }
    const trendsB = (await apiB({ method: 'GET', url: '/api/v1/dashboard/trends?range=30d' })).json();
    expect(trendsB.rows.reduce((s: number, r: { sold: number }) => s + r.sold, 0)).toBe(0);
    const trendsA = (await t.as({ cookie: a.cookie })({ method: 'GET', url: '/api/v1/dashboard/trends?range=30d' })).json();
    expect(trendsA.rows.reduce((s: number, r: { sold: number }) => s + r.sold, 0)).toBe(1);
    // another workspace's lead is not found
    expect((await apiB({ method: 'GET', url: `/api/v1/dashboard/best-window/${lead}` })).statusCode).toBe(404);
  });
});

describe('Wilson interval', () => {
  it('matches published values', () => {
    // Wilson (1927) / Newcombe (1998) table: 0/10 → [0, 0.2775]; 5/10 → [0.2366, 0.7634]; 81/263 → [0.2553, 0.3662]
    expect(wilson(0, 10).low).toBe(0);
    expect(wilson(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilson(5, 10).low).toBeCloseTo(0.2366, 4);
    expect(wilson(5, 10).high).toBeCloseTo(0.7634, 4);
    expect(wilson(81, 263).low).toBeCloseTo(0.2553, 4);
    expect(wilson(81, 263).high).toBeCloseTo(0.3662, 4);
  });
  it('labels windows', () => {
    expect(bestWindowLabel([{ weekday: 2, hour: 10, low: 0.5 }, { weekday: 3, hour: 10, low: 0.4 }, { weekday: 4, hour: 10, low: 0.45 }, { weekday: 1, hour: 15, low: 0.3 }])).toBe('Tue–Thu 10–11 am');
    expect(bestWindowLabel([{ weekday: 5, hour: 11, low: 0.5 }])).toBe('Fri 11 am–12 pm');
    expect(bestWindowLabel([])).toBeNull();
  });
});

describe('dashboard views on a hand-made dataset', () => {
  let w: TestWorkspace;
  let leadChicago: string;
  let leadThin: string;
  const tz = 'Etc/GMT+6'; // UTC−6 all year: local 10:30 is 16:30 UTC

  beforeAll(async () => {
    w = await t.newWorkspace('Known');
    await setWorkspaceTz(t.db, w.workspaceId, 'UTC');
    leadChicago = await insertLead(t.db, w.workspaceId, { segment: 'dental', source: 'ads', leadType: 'b2b', timezone: tz, region: 'IL', createdAt: daysAgo(20) });
    leadThin = await insertLead(t.db, w.workspaceId, { segment: 'legal', source: 'referral', leadType: 'b2c', timezone: 'Etc/GMT-3', region: 'TX', createdAt: daysAgo(20) });
    const tue = pastWeekday(2, 8);
    const wed = pastWeekday(3, 8);
    const thu = pastWeekday(4, 8);
    const at = (d: Date, localHour: number, i: number) => new Date(d.getTime() + (localHour + 6) * 3600_000 + 30 * 60_000 + i * 1000);
    const log = async (lead: string, d: Date, hour: number, n: number, connects: number, connectKey = 'some_interest') => {
      for (let i = 0; i < n; i++) {
        const when = at(d, hour, i);
        const call = await insertCall(t.db, w.workspaceId, { leadId: lead, at: when, from: '+15550000003', userId: w.userId, talk: i < connects ? 60 : null });
        await insertAttempt(t.db, w.workspaceId, { leadId: lead, callSessionId: call, key: i < connects ? connectKey : 'no_answer', at: when, userId: w.userId });
      }
    };
    await log(leadChicago, tue, 10, 40, 30); // 75 %, Wilson [0.5981, 0.8581]
    await log(leadChicago, wed, 15, 60, 6); // 10 %
    await log(leadChicago, thu, 10, 10, 10); // 100 % but thin (n < 30)
    await log(leadThin, tue, 10, 20, 19); // a whole zone with thin data only
    // stage history: created 20 days ago; new → contacted 18 days ago (2 d); contacted → interested 13 days ago (5 d)
    await insertStageChange(t.db, w.workspaceId, leadChicago, 'new', 'contacted', daysAgo(18));
    await insertStageChange(t.db, w.workspaceId, leadChicago, 'contacted', 'interested', daysAgo(13));
    // second lead: new → contacted after 4 days
    await insertStageChange(t.db, w.workspaceId, leadThin, 'new', 'contacted', daysAgo(16));
    await foldWorkspace(t.db, w.workspaceId);
  });

  const get = async (url: string) => {
    const res = await t.as({ cookie: w.cookie })({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  it('best time: sample sizes, Wilson intervals, thin cells never recommended, recommendation only above the overall rate', async () => {
    const v = (await get(`/api/v1/dashboard/best-time?by=tz&key=${encodeURIComponent(tz)}`)).json();
    expect(v.asOf).not.toBeNull();
    expect(v.bestTime).toMatchObject({ by: 'tz', key: tz, calls: 110, minCalls: 30, label: 'Tue 10–11 am' });
    expect(v.bestTime.overallRate).toBeCloseTo(46 / 110, 4);
    expect(v.bestTime.keys).toEqual([{ key: tz, calls: 110 }, { key: 'Etc/GMT-3', calls: 20 }]);
    const row = (d: string, h: string) => v.rows.find((r: { weekday: string; hour: string }) => r.weekday === d && r.hour === h);
    expect(row('Tue', '10 am')).toMatchObject({ calls: 40, connects: 30, rate: 0.75, thin: false, recommended: true });
    expect(row('Tue', '10 am').low).toBeCloseTo(0.5981, 4);
    expect(row('Tue', '10 am').high).toBeCloseTo(0.8581, 4);
    expect(row('Wed', '3 pm')).toMatchObject({ calls: 60, connects: 6, rate: 0.1, thin: false, recommended: false });
    expect(row('Thu', '10 am')).toMatchObject({ calls: 10, connects: 10, thin: true, recommended: false });
    expect(v.bestTime.recommended).toHaveLength(1);

    // thin zone: no recommendation at all
    const thin = (await get('/api/v1/dashboard/best-time?by=tz&key=Etc%2FGMT-3')).json();
    expect(thin.bestTime).toMatchObject({ calls: 20, recommended: [], label: null });
    expect(thin.rows[0]).toMatchObject({ calls: 20, thin: true, recommended: false });

    // by state: IL has the same cells
    const il = (await get('/api/v1/dashboard/best-time?by=state&key=IL')).json();
    expect(il.bestTime).toMatchObject({ key: 'IL', calls: 110, label: 'Tue 10–11 am' });

    // the exported function and the lead view
    expect(await bestWindows(t.db, w.workspaceId, { timezone: tz, state: 'IL' })).toMatchObject({ basis: 'tz', key: tz, calls: 110, label: 'Tue 10–11 am', windows: [{ weekday: 2, hour: 10, calls: 40 }] });
    expect(await bestWindows(t.db, w.workspaceId, { timezone: 'Etc/GMT-3', state: 'TX' })).toBeNull();
    expect((await get(`/api/v1/dashboard/best-window/${leadChicago}`)).json()).toMatchObject({ label: 'Tue 10–11 am', calls: 110, basis: 'tz' });
    expect((await get(`/api/v1/dashboard/best-window/${leadThin}`)).json()).toMatchObject({ label: null, windows: [] });
  });

  it('trends, velocity, funnel, cohorts, breakdown and aging give the known numbers', async () => {
    const trends = (await get('/api/v1/dashboard/trends?range=30d&bucket=week')).json();
    const total = (k: string) => trends.rows.reduce((s: number, r: Record<string, number>) => s + (r[k] ?? 0), 0);
    expect(total('attempts')).toBe(130);
    expect(total('connects')).toBe(65);
    expect(total('calls')).toBe(130);
    expect(total('talkSeconds')).toBe(65 * 60);
    expect(trends.rows.every((r: { bucket: string }) => new Date(`${r.bucket}T00:00:00Z`).getUTCDay() === 1)).toBe(true); // weeks start on Monday
    const month = (await get('/api/v1/dashboard/trends?range=90d&bucket=month')).json();
    expect(month.rows.every((r: { bucket: string }) => r.bucket.endsWith('-01'))).toBe(true);
    expect(month.rows.reduce((s: number, r: { attempts: number }) => s + r.attempts, 0)).toBe(130);
    // 7 days: the data is 8+ days old
    expect((await get('/api/v1/dashboard/trends?range=7d')).json().rows.reduce((s: number, r: { attempts: number }) => s + r.attempts, 0)).toBe(0);

    const vel = (await get('/api/v1/dashboard/velocity?range=30d')).json();
    expect(vel.rows.find((r: { stage: string }) => r.stage === 'new')).toMatchObject({ leads: 2, medianDays: 3 }); // 2 and 4 days
    expect(vel.rows.find((r: { stage: string }) => r.stage === 'contacted')).toMatchObject({ leads: 1, medianDays: 5 });

    const funnel = (await get('/api/v1/dashboard/funnel?range=30d')).json();
    const fsum = (k: string) => funnel.rows.reduce((s: number, r: Record<string, number>) => s + r[k]!, 0);
    expect(fsum('stage:contacted')).toBe(2);
    expect(fsum('stage:interested')).toBe(1);
    expect(fsum('newLeads')).toBe(2);

    const cohorts = (await get('/api/v1/dashboard/cohorts?by=segment&range=30d')).json();
    expect(cohorts.rows.find((r: { key: string }) => r.key === 'dental')).toMatchObject({ newLeads: 1, attempts: 110, connects: 46, connectRate: 0.4182, attemptsPerConnect: 2.39 });
    expect(cohorts.rows.find((r: { key: string }) => r.key === 'legal')).toMatchObject({ attempts: 20, connects: 19 });

    const hours = (await get('/api/v1/dashboard/breakdown?by=hour&range=30d')).json();
    expect(hours.rows).toHaveLength(24);
    expect(hours.rows.find((r: { hour: string }) => r.hour === '10 am')).toMatchObject({ attempts: 50, connects: 40 });
    const numbers = (await get('/api/v1/dashboard/breakdown?by=number&range=30d')).json();
    expect(numbers.rows).toEqual([expect.objectContaining({ number: '+15550000003', calls: 130, connects: 65, connectRate: 0.5 })]);
    const reps = (await get('/api/v1/dashboard/breakdown?by=rep&range=30d')).json();
    expect(reps.rows[0]).toMatchObject({ calls: 130, talkSeconds: 3900 });

    const aging = (await get('/api/v1/dashboard/aging')).json();
    expect(aging.rows.find((r: { stage: string }) => r.stage === 'new')).toMatchObject({ total: 2, 'age:7-29': 2 });
  });

  it('CSV has exactly the JSON table; bad input is a 400 naming the field', async () => {
    for (const url of ['/api/v1/dashboard/trends?range=90d&bucket=month', '/api/v1/dashboard/cohorts?by=source', '/api/v1/dashboard/best-time?by=tz']) {
      const json = (await get(url)).json();
      const csvRes = await get(`${url}&format=csv`);
      expect(csvRes.headers['content-type']).toContain('text/csv');
      expect(csvRes.headers['x-rollup-as-of']).toBe(json.asOf);
      const lines = csvRes.body.trim().split('\r\n');
      expect(lines[0]).toBe(json.columns.map((c: { label: string }) => c.label).join(','));
      expect(lines.slice(1)).toEqual(json.rows.map((r: Record<string, unknown>) => json.columns.map((c: { key: string }) => (r[c.key] === null ? '' : String(r[c.key]))).join(',')));
      const [path, qs] = url.split('?');
      expect((await get(`${path}/export.csv?${qs}`)).body).toBe(csvRes.body);
    }
    const bad = await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/dashboard/trends?range=1d' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('range');
    const badBy = await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/dashboard/breakdown?by=moon' });
    expect(badBy.statusCode).toBe(400);
    expect(badBy.body).toContain('by');
  });

  it('weekSummary reads the rollups', async () => {
    const s = await weekSummary(t.db, w.workspaceId, { from: daysAgo(30, 0), to: daysAgo(0, 0) });
    expect(s).toMatchObject({ calls: 130, attempts: 130, connects: 65, talkSeconds: 3900, sold: 0 });
    expect(s.numbers).toEqual([{ number: '+15550000003', calls: 130, connects: 65, connectRate: 0.5 }]);
    expect(s.byLeadType.map((x) => x.leadType).sort()).toEqual(['b2b', 'b2c']);
  });
});

describe('dialer queue ordering by best time', () => {
  it('moves leads whose recommended window is now to the front; leaves the queue alone with thin data', async () => {
    const w = await t.newWorkspace('Queue order');
    const api = t.as({ cookie: w.cookie });
    const zoneA = zoneAtLocalHour(11);
    const zoneB = zoneAtLocalHour(13);
    const lead = async (name: string, phone: string, tz: string) => {
      const id = await makeLead(t, w, name, phone);
      expect((await api({ method: 'PATCH', url: `/api/v1/leads/${id}`, payload: { timezone: tz } })).statusCode).toBe(200);
      return id;
    };
    const b = await lead('Birch Zone B', '+14155550181', zoneB);
    const a = await lead('Alder Zone A', '+14155550182', zoneA);
    const start = async () => {
      const res = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'new', callVia: 'tel' } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { items: { leadId: string; reason: string }[] };
    };
    const plain = await start();
    expect(plain.items.map((i) => i.leadId).sort()).toEqual([a, b].sort());
    const plainOrder = plain.items.map((i) => i.leadId);

    // history in zone A: this weekday and hour (a week ago) connects 30 of 40; three hours earlier 6 of 60
    const history = await insertLead(t.db, w.workspaceId, { stage: 'won', timezone: zoneA });
    const weekAgo = new Date(Date.now() - 7 * 86400_000);
    for (let i = 0; i < 40; i++) await insertAttempt(t.db, w.workspaceId, { leadId: history, key: i < 30 ? 'gatekeeper' : 'no_answer', at: weekAgo });
    for (let i = 0; i < 60; i++) await insertAttempt(t.db, w.workspaceId, { leadId: history, key: i < 6 ? 'gatekeeper' : 'no_answer', at: new Date(weekAgo.getTime() - 3 * 3600_000) });
    await foldWorkspace(t.db, w.workspaceId);
    expect(await bestWindows(t.db, w.workspaceId, { timezone: zoneA })).toMatchObject({ calls: 100, windows: [{ calls: 40, connects: 30 }] });

    const ordered = await start();
    expect(ordered.items[0]).toMatchObject({ leadId: a });
    expect(ordered.items[0]!.reason).toContain('best time to call now');
    expect(ordered.items.find((i) => i.leadId === b)!.reason).not.toContain('best time');
    // without enough data (zone B only) nothing would have moved: the plain order had both
    expect(plainOrder).toHaveLength(2);
  });
});
