import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { createApiKey } from '../identity/index.ts';
import { makeLead } from '../dialer/dialer.test-helpers.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';

let t: TestContext;
let w: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Scripts');
});
afterAll(async () => t?.close());

type Script = { id: string; name: string; category: string; body: string; defaultForModes: string[]; active: boolean; variables: string[] };

async function create(api: ReturnType<TestContext['as']>, payload: Record<string, unknown>): Promise<Script> {
  const res = await api({ method: 'POST', url: '/api/v1/scripts', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('call scripts', () => {
  it('creates, lists by category, edits, archives and deletes', async () => {
    const x = await t.newWorkspace('Scripts CRUD');
    const api = t.as({ cookie: x.cookie });
    expect((await api({ method: 'GET', url: '/api/v1/scripts' })).json()).toMatchObject({ data: [], categories: ['opening', 'discovery', 'objection', 'voicemail', 'closing', 'other'] });
    const a = await create(api, { name: 'First call', category: 'opening', body: 'Hi {FirstName}, this is {RepFirstName} calling about {Company}.' });
    expect(a).toMatchObject({ name: 'First call', category: 'opening', defaultForModes: [], active: true, variables: ['FirstName', 'RepFirstName', 'Company'] });
    await create(api, { name: 'Price objection', category: 'Objection', body: 'I hear you on price.' });
    await create(api, { name: 'Gatekeeper', category: 'Gatekeepers', body: 'Who handles follow-ups at {Company}?' });

    const all = (await api({ method: 'GET', url: '/api/v1/scripts' })).json();
    expect(all.data.map((s: Script) => s.name)).toEqual(['Gatekeeper', 'Price objection', 'First call']);
    expect(all.categories).toContain('gatekeepers'); // a team's own category, lowercased
    const objections = (await api({ method: 'GET', url: '/api/v1/scripts?category=OBJECTION' })).json().data;
    expect(objections.map((s: Script) => s.name)).toEqual(['Price objection']);

    const edited = await api({ method: 'PATCH', url: `/api/v1/scripts/${a.id}`, payload: { name: 'First call v2', body: 'Hello {FullName}' } });
    expect(edited.json()).toMatchObject({ name: 'First call v2', body: 'Hello {FullName}', category: 'opening', variables: ['FullName'] });
    expect((await api({ method: 'GET', url: `/api/v1/scripts/${a.id}` })).json().name).toBe('First call v2');

    // archive: gone from the list (unless asked for), still readable
    expect((await api({ method: 'PATCH', url: `/api/v1/scripts/${a.id}`, payload: { active: false } })).json().active).toBe(false);
    expect((await api({ method: 'GET', url: '/api/v1/scripts' })).json().data).toHaveLength(2);
    expect((await api({ method: 'GET', url: '/api/v1/scripts?includeArchived=true' })).json().data).toHaveLength(3);

    expect((await api({ method: 'DELETE', url: `/api/v1/scripts/${a.id}` })).statusCode).toBe(200);
    expect((await api({ method: 'GET', url: `/api/v1/scripts/${a.id}` })).statusCode).toBe(404);
    expect((await api({ method: 'DELETE', url: `/api/v1/scripts/${a.id}` })).statusCode).toBe(404);
  });

  it('keeps one default per mode: setting it on one script takes it from the other', async () => {
    const x = await t.newWorkspace('Scripts defaults');
    const api = t.as({ cookie: x.cookie });
    const a = await create(api, { name: 'A', body: 'a', defaultForModes: ['new', 'power', 'new'] });
    expect(a.defaultForModes).toEqual(['new', 'power']);
    const b = await create(api, { name: 'B', body: 'b', defaultForModes: ['power', 'followups'] });
    const get = async (id: string) => (await api({ method: 'GET', url: `/api/v1/scripts/${id}` })).json() as Script;
    expect((await get(a.id)).defaultForModes).toEqual(['new']);
    expect(b.defaultForModes).toEqual(['power', 'followups']);
    await api({ method: 'PATCH', url: `/api/v1/scripts/${a.id}`, payload: { defaultForModes: ['new', 'followups'] } });
    expect((await get(b.id)).defaultForModes).toEqual(['power']);
    // archiving drops its defaults
    await api({ method: 'PATCH', url: `/api/v1/scripts/${b.id}`, payload: { active: false } });
    expect((await get(b.id)).defaultForModes).toEqual([]);
    const list = (await api({ method: 'GET', url: '/api/v1/scripts?includeArchived=true' })).json().data as Script[];
    for (const mode of ['new', 'followups', 'power']) expect(list.filter((s) => s.defaultForModes.includes(mode)).length).toBeLessThanOrEqual(1);
    const bad = await api({ method: 'POST', url: '/api/v1/scripts', payload: { name: 'C', body: 'c', defaultForModes: ['turbo'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/power/);
  });

  it('rejects unknown variables with a 400 that names them', async () => {
    const api = t.as({ cookie: w.cookie });
    const res = await api({ method: 'POST', url: '/api/v1/scripts', payload: { name: 'Typo', body: 'Hi {FristName}, about {LeadType} and {Company}' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('{FristName}, {LeadType}');
    expect(res.json().error.fields.body).toContain('{FristName}');
    const ok = await create(api, { name: 'Fine', body: 'Hi {FirstName}' });
    const patch = await api({ method: 'PATCH', url: `/api/v1/scripts/${ok.id}`, payload: { body: 'Hi {Nickname}' } });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.message).toContain('{Nickname}');
    expect((await api({ method: 'GET', url: `/api/v1/scripts/${ok.id}` })).json().body).toBe('Hi {FirstName}');
  });

  it.each([
    ['no name', { name: '  ', body: 'x' }],
    ['no body', { name: 'x', body: '' }],
    ['a category with markup', { name: 'x', body: 'x', category: '<b>' }],
    ['a huge body', { name: 'x', body: 'x'.repeat(20_001) }],
  ])('refuses %s with a 400', async (_what, payload) => {
    const res = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/scripts', payload });
    expect(res.statusCode).toBe(400);
  });

  it("previews a script with a real lead's data and lists what is missing", async () => {
    const api = t.as({ cookie: w.cookie });
    const leadId = await makeLead(t, w, 'Dana Acme Roofing', '+13125550199', { city: 'Chicago', region: 'IL' });
    const s = await create(api, { name: 'Preview me', body: 'Hi {FirstName} {LastName} at {Company} in {City}, {State}. {Segment}? — {RepName}' });
    const res = await api({ method: 'GET', url: `/api/v1/scripts/${s.id}/preview?leadId=${leadId}` });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.body).toBe('Hi Dana Test at Dana Acme Roofing in Chicago, IL. {Segment}? — Owner');
    expect(p.missing).toEqual(['Segment']);
    expect(p.values).toMatchObject({ FirstName: 'Dana', Company: 'Dana Acme Roofing', Segment: null, RepFirstName: 'Owner' });
    expect(p.lead).toEqual({ id: leadId, name: 'Dana Acme Roofing' });
    expect((await api({ method: 'GET', url: `/api/v1/scripts/${s.id}/preview` })).statusCode).toBe(400);
    // the editor's unsaved draft previews the same way
    const draft = await api({ method: 'POST', url: '/api/v1/scripts/preview', payload: { leadId, body: '{FirstName} from {City} ({Segment}, {Bogus})' } });
    expect(draft.json()).toMatchObject({ scriptId: null, body: 'Dana from Chicago ({Segment}, {Bogus})', missing: ['Segment', 'Bogus'] });
    expect((await api({ method: 'GET', url: `/api/v1/scripts/${s.id}/preview?leadId=${crypto.randomUUID()}` })).statusCode).toBe(404);
  });

  it('lets reps read and preview but not write', async () => {
    const api = t.as({ cookie: w.cookie });
    const s = await create(api, { name: 'Team script', body: 'Hello' });
    const rep = t.as({ apiKey: (await createApiKey(t.db, w.workspaceId, { name: 'rep', role: 'rep' })).key });
    expect((await rep({ method: 'GET', url: '/api/v1/scripts' })).statusCode).toBe(200);
    expect((await rep({ method: 'GET', url: `/api/v1/scripts/${s.id}` })).statusCode).toBe(200);
    expect((await rep({ method: 'POST', url: '/api/v1/scripts', payload: { name: 'x', body: 'x' } })).statusCode).toBe(403);
    expect((await rep({ method: 'PATCH', url: `/api/v1/scripts/${s.id}`, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await rep({ method: 'DELETE', url: `/api/v1/scripts/${s.id}` })).statusCode).toBe(403);
  });

  it("keeps workspaces apart: another workspace's script is not found and not listed", async () => {
    const s = await create(t.as({ cookie: w.cookie }), { name: 'Secret sauce', body: 'Our pitch' });
    const other = t.as({ cookie: (await t.newWorkspace('Other')).cookie });
    expect((await other({ method: 'GET', url: `/api/v1/scripts/${s.id}` })).statusCode).toBe(404);
    expect((await other({ method: 'PATCH', url: `/api/v1/scripts/${s.id}`, payload: { name: 'mine' } })).statusCode).toBe(404);
    expect((await other({ method: 'GET', url: '/api/v1/scripts' })).body).not.toContain('Secret sauce');
    // a default set elsewhere does not touch this workspace's defaults
    const mine = await create(t.as({ cookie: w.cookie }), { name: 'Mine', body: 'x', defaultForModes: ['nurture'] });
    await create(other, { name: 'Theirs', body: 'y', defaultForModes: ['nurture'] });
    expect((await t.as({ cookie: w.cookie })({ method: 'GET', url: `/api/v1/scripts/${mine.id}` })).json().defaultForModes).toEqual(['nurture']);
  });

  it("the Dialer's run screen shows the default script of the session's mode, else the Dialer setting", async () => {
    const x = await t.newWorkspace('Scripts in the Dialer');
    const api = t.as({ cookie: x.cookie });
    const leadId = await makeLead(t, x, 'Kim Bakery', '+13125550142');
    const start = async () => {
      const res = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: [leadId] }, callVia: 'tel' } });
      expect(res.statusCode, res.body).toBe(201);
      const sess = res.json();
      return (await api({ method: 'GET', url: `/api/v1/dialer/sessions/${sess.id}/items/${sess.items[0].id}/context` })).json().script;
    };
    // no script for 'custom' yet: the Dialer setting's script
    const before = await start();
    expect(before.title).toBe('Opening');
    await create(api, { name: 'Custom list opener', body: 'Hey {FirstName} at {Company}! {Segment}', defaultForModes: ['custom'] });
    await create(api, { name: 'Power opener', body: 'Power {FirstName}', defaultForModes: ['power'] });
    expect(await start()).toEqual({ title: 'Custom list opener', body: 'Hey Kim at Kim Bakery! {Segment}', missing: ['Segment'] });
    // a power session prefers its chosen script, then the power default, then its mode's
    const res = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: [leadId] }, callVia: 'tel' } });
    const ctxOf = async () => (await api({ method: 'GET', url: `/api/v1/dialer/sessions/${res.json().id}/items/${res.json().items[0].id}/context` })).json().script;
    await withWorkspace(t.db, x.workspaceId, (tx) => tx.query(`UPDATE dial_sessions SET kind = 'power' WHERE id = $1`, [res.json().id]));
    expect(await ctxOf()).toMatchObject({ title: 'Power opener', body: 'Power Kim' });
    const chosen = await create(api, { name: 'Chosen', body: 'Chosen for {Company}' });
    await withWorkspace(t.db, x.workspaceId, (tx) => tx.query(`UPDATE dial_sessions SET power_config = jsonb_build_object('scriptId', $2::text) WHERE id = $1`, [res.json().id, chosen.id]));
    expect(await ctxOf()).toMatchObject({ title: 'Chosen', body: 'Chosen for Kim Bakery' });
  });
});
