import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { apiOf, createLeadVia, type Api } from './leads.test-helpers.ts';

let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let asA: Api;
let bLead: string;
let bContact: string;
let bView: string;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.newWorkspace('A');
  b = await t.newWorkspace('B');
  asA = apiOf(t, a);
  await createLeadVia(asA, { name: 'Alpha Lead', source: 'alpha-source', tags: ['alpha'], contact: { firstName: 'Al', email: 'al@alpha.test' } });
  const lead = await createLeadVia(apiOf(t, b), { name: 'Secret Bravo Lead', source: 'bravo-source', tags: ['bravo-tag'], contact: { firstName: 'Bo', email: 'bo@bravo.test' } });
  bLead = lead.id;
  bContact = lead.contacts[0].id;
  bView = (await apiOf(t, b)({ method: 'POST', url: '/api/v1/views', payload: { name: 'B shared', shared: true } })).json().id;
});
afterAll(async () => t?.close());

describe(`tenant isolation on ${testDbKind}`, () => {
  it("treats another workspace's lead, contact and view as not found", async () => {
    const calls: [string, string, object?][] = [
      ['GET', `/api/v1/leads/${bLead}`],
      ['PATCH', `/api/v1/leads/${bLead}`, { name: 'pwned', stage: 'won' }],
      ['DELETE', `/api/v1/leads/${bLead}`],
      ['GET', `/api/v1/leads/${bLead}/timeline`],
      ['POST', `/api/v1/leads/${bLead}/contacts`, { firstName: 'Intruder' }],
      ['PATCH', `/api/v1/contacts/${bContact}`, { firstName: 'pwned' }],
      ['DELETE', `/api/v1/contacts/${bContact}`],
      ['POST', `/api/v1/contacts/${bContact}/make-primary`],
      ['PATCH', `/api/v1/views/${bView}`, { name: 'pwned' }],
      ['DELETE', `/api/v1/views/${bView}`],
    ];
    for (const [method, url, payload] of calls) {
      const res = await asA({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    for (const action of ['delete', 'stage', 'tag', 'assign']) {
      const res = await asA({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids: [bLead], action, stage: 'won', tags: ['x'], ownerId: null } });
      expect(res.json(), action).toEqual({ affected: 0 });
    }
    const still = (await apiOf(t, b)({ method: 'GET', url: `/api/v1/leads/${bLead}` })).json();
    expect(still).toMatchObject({ name: 'Secret Bravo Lead', stage: 'new', tags: ['bravo-tag'], contacts: [{ firstName: 'Bo' }] });
    expect((await apiOf(t, b)({ method: 'GET', url: '/api/v1/views' })).json().data.map((v: { name: string }) => v.name)).toEqual(['B shared']);
  });

  it("never shows another workspace's leads in list, search, facets, board or export", async () => {
    const bodies = await Promise.all(
      ['/api/v1/leads', '/api/v1/leads?q=bravo', '/api/v1/leads?q=bo@bravo', '/api/v1/leads/facets', '/api/v1/pipeline/board', '/api/v1/leads/export.csv', '/api/v1/views', '/api/v1/pipeline/stages'].map(
        async (url) => (await asA({ method: 'GET', url })).body,
      ),
    );
    for (const body of bodies) {
      expect(body).not.toContain('Bravo');
      expect(body).not.toContain('bravo');
      expect(body).not.toContain(bLead);
    }
    expect((await asA({ method: 'GET', url: '/api/v1/leads?q=bravo' })).json()).toEqual({ data: [], total: 0 });
  });

  it('row-level security holds even for a query without a workspace filter', async () => {
    const seen = await withWorkspace(t.db, a.workspaceId, async (tx) => {
      const leads = await tx.query<{ workspace_id: string }>('SELECT DISTINCT workspace_id FROM leads');
      const contacts = await tx.query<{ workspace_id: string }>('SELECT DISTINCT workspace_id FROM contacts');
      const activities = await tx.query<{ workspace_id: string }>('SELECT DISTINCT workspace_id FROM activities');
      const views = await tx.query<{ workspace_id: string }>('SELECT DISTINCT workspace_id FROM saved_views');
      const counts = await tx.query<{ workspace_id: string }>('SELECT DISTINCT workspace_id FROM lead_count_deltas');
      return [...leads.rows, ...contacts.rows, ...activities.rows, ...views.rows, ...counts.rows].map((r) => r.workspace_id);
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([a.workspaceId]));
    // the search helper runs as the table owner but refuses a workspace other than the scoped one
    const viaSearch = await withWorkspace(t.db, a.workspaceId, (tx) => tx.query<{ id: string }>('SELECT lead_match_tids($1, $2, NULL, NULL) AS id', [b.workspaceId, '%bravo%']));
    expect(viaSearch.rows).toEqual([]);
    // and no write can land in another tenant
    await expect(
      withWorkspace(t.db, a.workspaceId, (tx) => tx.query(`INSERT INTO leads (workspace_id, name, stage) VALUES ($1, 'Planted', 'new')`, [b.workspaceId])),
    ).rejects.toThrow(/row-level security/);
    const touched = await withWorkspace(t.db, a.workspaceId, (tx) => tx.query('UPDATE leads SET name = $2 WHERE id = $1', [bLead, 'pwned']));
    expect(touched.rowCount).toBe(0);
  });
});
