import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertAttempts, insertCallSessions, loadCallSessions, type NewCallSession } from './index.ts';

let t: TestContext;
let a: TestWorkspace;
let leadId: string;
let otherLeadId: string;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.newWorkspace('Calls read');
  const api = t.as({ cookie: a.cookie });
  leadId = (await api({ method: 'POST', url: '/api/v1/leads', payload: { name: 'Acme Roofing' } })).json().id;
  otherLeadId = (await api({ method: 'POST', url: '/api/v1/leads', payload: { name: 'Beta Plumbing' } })).json().id;
});
afterAll(async () => t?.close());

const call = (over: Partial<NewCallSession>): NewCallSession => ({
  provider: 'sandbox', providerCallId: null, direction: 'outbound', from: '+12125550142', to: '+13125550188', status: 'initiated',
  statusHistory: [{ status: 'initiated', at: new Date().toISOString(), source: 'app' }], startedAt: new Date(), ...over,
});

describe(`calls read API on ${testDbKind}`, () => {
  it('lists by lead and unmatched, and shows the logged attempt with its disposition label', async () => {
    const [withLead, unmatched] = await withWorkspace(t.db, a.workspaceId, (tx) =>
      insertCallSessions(tx, a.workspaceId, [
        call({ leadId, userId: a.userId, status: 'completed', providerDurationSeconds: 192 }),
        call({ provider: 'openphone', providerCallId: 'ACunmatched1', startedAt: new Date(Date.now() - 60_000) }),
      ]),
    );
    await withWorkspace(t.db, a.workspaceId, (tx) => insertAttempts(tx, a.workspaceId, [{ callSessionId: withLead, leadId, userId: a.userId, dispositionKey: 'some_interest', dmReached: true, notes: 'Wants pricing', createdAt: new Date() }]));
    const api = t.as({ cookie: a.cookie });

    const byLead = (await api({ method: 'GET', url: `/api/v1/calls?leadId=${leadId}` })).json();
    expect(byLead.total).toBe(1);
    expect(byLead.items[0]).toMatchObject({ id: withLead, leadName: 'Acme Roofing', durationSeconds: 192, attempt: { dispositionKey: 'some_interest', dispositionLabel: 'Some interest', dmReached: true, notes: 'Wants pricing' } });

    const mine = (await api({ method: 'GET', url: '/api/v1/calls?userId=me' })).json();
    expect(mine.items.map((c: { id: string }) => c.id)).toEqual([withLead]);

    const un = (await api({ method: 'GET', url: '/api/v1/calls?unmatched=true' })).json();
    expect(un.items.map((c: { id: string }) => c.id)).toContain(unmatched);
    expect(un.items.every((c: { leadId: string | null }) => c.leadId === null)).toBe(true);

    const one = await api({ method: 'GET', url: `/api/v1/calls/${unmatched}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: unmatched, leadId: null, attempt: null, providerCallId: 'ACunmatched1' });
    expect((await api({ method: 'GET', url: `/api/v1/calls/${crypto.randomUUID()}` })).statusCode).toBe(404);
    expect((await api({ method: 'GET', url: '/api/v1/calls?limit=0' })).statusCode).toBe(400);
  });

  it('links an unmatched call to a lead once, with an activity, and refuses moving it to another lead', async () => {
    const [id] = await withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [call({ provider: 'openphone', providerCallId: 'ACtolink', status: 'completed', providerDurationSeconds: 75 })]));
    const api = t.as({ cookie: a.cookie });
    const linked = await api({ method: 'POST', url: `/api/v1/calls/${id}/link`, payload: { leadId } });
    expect(linked.statusCode).toBe(200);
    expect(linked.json()).toMatchObject({ id, leadId, leadName: 'Acme Roofing' });
    // again to the same lead: nothing new
    expect((await api({ method: 'POST', url: `/api/v1/calls/${id}/link`, payload: { leadId } })).statusCode).toBe(200);
    const moved = await api({ method: 'POST', url: `/api/v1/calls/${id}/link`, payload: { leadId: otherLeadId } });
    expect(moved.statusCode).toBe(409);
    expect((await api({ method: 'POST', url: `/api/v1/calls/${id}/link`, payload: { leadId: 'nope' } })).statusCode).toBe(400);

    const acts = await withWorkspace(t.db, a.workspaceId, (tx) => tx.query<{ kind: string; summary: string }>(`SELECT kind, summary FROM activities WHERE lead_id = $1 AND ref_id = $2`, [leadId, id]));
    expect(acts.rows).toEqual([{ kind: 'call.linked', summary: 'Call with +13125550188 linked to this lead · Call completed · 1m 15s' }]);
    const [loaded] = await withWorkspace(t.db, a.workspaceId, (tx) => loadCallSessions(tx, a.workspaceId, { ids: [id] }));
    expect(loaded.leadId).toBe(leadId);
  });
});
