import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { addMember, apiOf, daysAgo, seedLeads, type Api } from './leads.test-helpers.ts';

let t: TestContext;
let w: TestWorkspace;
let api: Api;
let rep: { userId: string; cookie: string };
const ids: Record<string, string> = {};

/** A time zone where it is around noon now, so "today" has room on both sides whatever the clock says. */
function noonZone(): string {
  const n = new Date().getUTCHours() - 12;
  return n === 0 ? 'Etc/GMT' : n > 0 ? `Etc/GMT+${n}` : `Etc/GMT${n}`;
}
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('List');
  api = apiOf(t, w);
  rep = await addMember(t, w, 'rep', 'Rita Rep');
  await t.db.query('UPDATE workspaces SET timezone = $2 WHERE id = $1', [w.workspaceId, noonZone()]);
  const seeded = await seedLeads(t, w.workspaceId, [
    { name: 'Acme Plumbing', stage: 'new', ownerId: w.userId, source: 'web', segment: 'smb', tags: ['vip', 'plumbing'], value: 5000, city: 'Austin', email: 'info@acme.test', phone: '+14155552671', lastTouchedAt: daysAgo(2), nextTaskAt: daysAgo(2), createdAt: daysAgo(10), updatedAt: daysAgo(1) },
    { name: 'Bravo Roofing', stage: 'interested', ownerId: rep.userId, source: 'referral', segment: 'mid', tags: ['vip'], value: 12000, city: 'Boston', email: 'hi@bravo.test', phone: '+16175550100', lastTouchedAt: daysAgo(20), nextTaskAt: hoursFromNow(1), createdAt: daysAgo(9), updatedAt: daysAgo(5) },
    { name: 'charlie dental', stage: 'won', ownerId: null, source: 'web', segment: 'smb', tags: ['plumbing'], value: null, city: 'Chicago', lastTouchedAt: daysAgo(60), nextTaskAt: daysAgo(-3), createdAt: daysAgo(8), updatedAt: daysAgo(2) },
    { name: 'Delta 100% Auto_Body', stage: 'lost', ownerId: w.userId, source: 'cold', tags: [], value: 300, city: 'Denver', lastTouchedAt: null, createdAt: daysAgo(7), updatedAt: daysAgo(3) },
    { name: 'Echo, "Quoted" Inc', stage: 'new', ownerId: rep.userId, source: 'web', tags: ['vip', 'plumbing', 'x'], value: 700, city: 'Austin', lastTouchedAt: daysAgo(100), nextTaskAt: hoursFromNow(-1), createdAt: daysAgo(6), updatedAt: daysAgo(4) },
    { name: '=HYPERLINK("http://evil")', stage: 'contacted', ownerId: null, source: 'import', tags: [], value: 1, city: '+Springfield', lastTouchedAt: daysAgo(5), createdAt: daysAgo(5), updatedAt: daysAgo(6) },
  ]);
  ['acme', 'bravo', 'charlie', 'delta', 'echo', 'formula'].forEach((k, i) => (ids[k] = seeded[i]));
  // a lead of another workspace that matches every search, and a deleted one here: neither may appear
  const other = await t.newWorkspace('Other');
  await seedLeads(t, other.workspaceId, [{ name: 'Acme Plumbing Other', tags: ['vip', 'plumbing'], source: 'web', city: 'Austin' }]);
  const [gone] = await seedLeads(t, w.workspaceId, [{ name: 'Acme Deleted', tags: ['vip'], source: 'web' }]);
  await t.db.query('UPDATE leads SET deleted_at = now() WHERE id = $1', [gone]);
});
afterAll(async () => t?.close());

async function names(query: string, as: Api = api): Promise<string[]> {
  const res = await as({ method: 'GET', url: `/api/v1/leads${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((l: { name: string }) => l.name);
}
const keysOf = (ns: string[]) => ns.map((n) => Object.entries({ acme: 'Acme Plumbing', bravo: 'Bravo Roofing', charlie: 'charlie dental', delta: 'Delta 100% Auto_Body', echo: 'Echo, "Quoted" Inc', formula: '=HYPERLINK("http://evil")' }).find(([, v]) => v === n)?.[0] ?? n);

describe(`lead list on ${testDbKind}`, () => {
  it('lists newest first by default with the list fields and the total', async () => {
    const res = await api({ method: 'GET', url: '/api/v1/leads' });
    const body = res.json();
    expect(body.total).toBe(6);
    expect(keysOf(body.data.map((l: { name: string }) => l.name))).toEqual(['formula', 'echo', 'delta', 'charlie', 'bravo', 'acme']);
    expect(body.data.find((l: { id: string }) => l.id === ids.bravo)).toMatchObject({
      stage: 'interested', ownerId: rep.userId, ownerName: 'Rita Rep', source: 'referral', segment: 'mid', tags: ['vip'], value: 12000,
      primaryEmail: 'hi@bravo.test', primaryPhone: '+16175550100', city: 'Boston', openTaskCount: 1,
    });
  });

  it('searches name, email, phone (as typed) and city, case-insensitively, with LIKE characters taken literally', async () => {
    expect(keysOf(await names('?q=ACME'))).toEqual(['acme']);
    expect(keysOf(await names('?q=bravo.test'))).toEqual(['bravo']);
    expect(keysOf(await names(`?q=${encodeURIComponent('(415) 555-26')}`))).toEqual(['acme']);
    expect(keysOf(await names('?q=austin'))).toEqual(['echo', 'acme']);
    expect(keysOf(await names(`?q=${encodeURIComponent('100%')}`))).toEqual(['delta']);
    expect(keysOf(await names('?q=o_b'))).toEqual(['delta']);
    expect(keysOf(await names('?q=lt'))).toEqual(['delta']); // two letters: no trigram, still found
    expect(await names('?q=zzzz')).toEqual([]);
  });

  it('filters by stage, owner, source, segment and tags (all of them)', async () => {
    expect(keysOf(await names('?stage=new,won'))).toEqual(['echo', 'charlie', 'acme']);
    expect(keysOf(await names('?owner=me'))).toEqual(['delta', 'acme']);
    expect(keysOf(await names('?owner=me', apiOf(t, rep)))).toEqual(['echo', 'bravo']);
    expect(keysOf(await names('?owner=none'))).toEqual(['formula', 'charlie']);
    expect(keysOf(await names(`?owner=${rep.userId}`))).toEqual(['echo', 'bravo']);
    expect(keysOf(await names('?source=web'))).toEqual(['echo', 'charlie', 'acme']);
    expect(keysOf(await names('?segment=smb'))).toEqual(['charlie', 'acme']);
    expect(keysOf(await names('?tags=vip,plumbing'))).toEqual(['echo', 'acme']);
    expect(keysOf(await names('?tags=vip&tags=x'))).toEqual(['echo']); // repeated key = list
  });

  it('filters by last touch and next task', async () => {
    expect(keysOf(await names('?touched=7d'))).toEqual(['formula', 'acme']);
    expect(keysOf(await names('?touched=30d'))).toEqual(['formula', 'bravo', 'acme']);
    expect(keysOf(await names('?touched=90d'))).toEqual(['formula', 'charlie', 'bravo', 'acme']);
    expect(keysOf(await names('?touched=stale30'))).toEqual(['echo', 'delta', 'charlie']);
    expect(keysOf(await names('?touched=never'))).toEqual(['delta']);
    expect(keysOf(await names('?nextTask=overdue'))).toEqual(['echo', 'acme']);
    expect(keysOf(await names('?nextTask=today'))).toEqual(['echo', 'bravo']);
    expect(keysOf(await names('?nextTask=upcoming'))).toEqual(['charlie']);
    expect(keysOf(await names('?nextTask=none'))).toEqual(['formula', 'delta']);
  });

  it('combines filters with AND', async () => {
    expect(keysOf(await names('?q=a&stage=new,interested,won&tags=vip&touched=30d'))).toEqual(['bravo', 'acme']);
    expect(keysOf(await names(`?source=web&owner=${rep.userId}&nextTask=overdue&tags=plumbing`))).toEqual(['echo']);
    expect(await names('?source=web&segment=mid')).toEqual([]);
  });

  it('sorts by every key, both directions; empty values sort as the extreme they mean', async () => {
    expect(keysOf(await names('?sort=name'))).toEqual(['formula', 'acme', 'bravo', 'charlie', 'delta', 'echo']);
    expect(keysOf(await names('?sort=-name'))).toEqual(['echo', 'delta', 'charlie', 'bravo', 'acme', 'formula']);
    expect(keysOf(await names('?sort=created_at'))).toEqual(['acme', 'bravo', 'charlie', 'delta', 'echo', 'formula']);
    expect(keysOf(await names('?sort=-updated_at'))).toEqual(['acme', 'charlie', 'delta', 'echo', 'bravo', 'formula']);
    expect(keysOf(await names('?sort=-last_touched_at'))).toEqual(['acme', 'formula', 'bravo', 'charlie', 'echo', 'delta']);
    // never touched = the stalest
    expect(keysOf(await names('?sort=last_touched_at'))).toEqual(['delta', 'echo', 'charlie', 'bravo', 'formula', 'acme']);
    // no next task = furthest away
    expect(keysOf(await names('?sort=next_task_at')).slice(0, 4)).toEqual(['acme', 'echo', 'bravo', 'charlie']);
    expect(keysOf(await names('?sort=-next_task_at')).slice(2)).toEqual(['charlie', 'bravo', 'echo', 'acme']);
    // no value = the smallest
    expect(keysOf(await names('?sort=-value'))).toEqual(['bravo', 'acme', 'echo', 'delta', 'formula', 'charlie']);
    expect(keysOf(await names('?sort=value'))).toEqual(['charlie', 'formula', 'delta', 'echo', 'acme', 'bravo']);
    // pipeline order: new, contacted, interested, …, won, lost
    expect(keysOf(await names('?sort=stage'))).toEqual(['echo', 'acme', 'formula', 'bravo', 'charlie', 'delta']);
    expect(keysOf(await names('?sort=-stage'))).toEqual(['delta', 'charlie', 'bravo', 'formula', 'echo', 'acme']);
  });

  it('pages with a correct total on every page', async () => {
    const all = await names('?sort=name&limit=500');
    const seen: string[] = [];
    for (let offset = 0; offset < 8; offset += 4) {
      const res = (await api({ method: 'GET', url: `/api/v1/leads?sort=name&limit=4&offset=${offset}` })).json();
      expect(res.total).toBe(6);
      seen.push(...res.data.map((l: { name: string }) => l.name));
    }
    expect(seen).toEqual(all);
    expect((await api({ method: 'GET', url: '/api/v1/leads?limit=2&offset=50' })).json()).toEqual({ data: [], total: 6 });
    expect((await api({ method: 'GET', url: '/api/v1/leads?tags=vip&limit=1&offset=1' })).json().total).toBe(3);
  });

  it('refuses unknown stages, sorts and bad parameters with field messages', async () => {
    const cases: [string, string][] = [
      ['?stage=new,nope', 'stage'],
      ['?sort=-shoe_size', 'sort'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
      ['?offset=-1', 'offset'],
      ['?owner=someone', 'owner'],
      ['?touched=yesterday', 'touched'],
      ['?nextTask=soon', 'nextTask'],
      [`?q=${'x'.repeat(201)}`, 'q'],
      ['?q=%00', 'q'],
    ];
    for (const [query, field] of cases) {
      const res = await api({ method: 'GET', url: `/api/v1/leads${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.fields, query).toHaveProperty([field]);
    }
    const unknown = await api({ method: 'GET', url: '/api/v1/leads?stage=nope' });
    expect(unknown.json().error.fields.stage).toMatch(/Unknown stage "nope"/);
    const viaKey = await t.as({ apiKey: w.apiKey })({ method: 'GET', url: '/api/v1/leads?owner=me' });
    expect(viaKey.statusCode).toBe(400);
    expect(viaKey.json().error.fields.owner).toBeTruthy();
  });

  it('exports the filtered, sorted leads as RFC 4180 CSV with formula cells neutralized', async () => {
    const res = await api({ method: 'GET', url: '/api/v1/leads/export.csv?tags=vip&sort=name' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body).toContain('"Echo, ""Quoted"" Inc"');
    const parsed = Papa.parse<Record<string, string>>(res.body.trimEnd(), { header: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields?.slice(0, 4)).toEqual(['id', 'name', 'stage', 'stage_label']);
    expect(parsed.data.map((r) => r.name)).toEqual(['Acme Plumbing', 'Bravo Roofing', 'Echo, "Quoted" Inc']);
    expect(parsed.data[0]).toMatchObject({ id: ids.acme, stage: 'new', stage_label: 'New', owner_name: 'Owner', owner_email: w.email, tags: 'vip, plumbing', value: '5000', primary_phone: '+14155552671' });
    const all = Papa.parse<Record<string, string>>((await api({ method: 'GET', url: '/api/v1/leads/export.csv' })).body.trimEnd(), { header: true });
    expect(all.data).toHaveLength(6);
    const formula = all.data.find((r) => r.id === ids.formula);
    expect(formula?.name).toBe(`'=HYPERLINK("http://evil")`);
    expect(formula?.city).toBe(`'+Springfield`);
    expect((await api({ method: 'GET', url: '/api/v1/leads/export.csv?stage=nope' })).statusCode).toBe(400);
    const empty = await api({ method: 'GET', url: '/api/v1/leads/export.csv?q=zzzz' });
    expect(empty.body.trimEnd().split('\r\n')).toHaveLength(1);
  });

  it('serves facets for the filter dropdowns', async () => {
    const f = (await api({ method: 'GET', url: '/api/v1/leads/facets' })).json();
    expect(f.sources).toEqual([{ value: 'web', count: 3 }, { value: 'cold', count: 1 }, { value: 'import', count: 1 }, { value: 'referral', count: 1 }]);
    expect(f.segments).toEqual([{ value: 'smb', count: 2 }, { value: 'mid', count: 1 }]);
    expect(f.tags).toEqual([{ value: 'plumbing', count: 3 }, { value: 'vip', count: 3 }, { value: 'x', count: 1 }]);
    expect(f.owners.map((o: { name: string }) => o.name).sort()).toEqual(['Owner', 'Rita Rep']);
    expect(f.owners[0]).toHaveProperty('email');
    expect(f.stages.map((s: { key: string; count: number }) => [s.key, s.count])).toEqual([
      ['new', 2], ['contacted', 1], ['interested', 1], ['follow_up', 0], ['meeting_set', 0], ['nurture', 0], ['won', 1], ['lost', 1],
    ]);
    expect(f.stages[0]).toMatchObject({ label: 'New', kind: 'open', color: '#64748b' });
  });
});
