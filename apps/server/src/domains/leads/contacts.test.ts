import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';
import { activitiesOf, apiOf, createLeadVia } from './leads.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe(`contacts on ${testDbKind}`, () => {
  it('makes the first contact primary and copies its email/phone onto the lead', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'No contacts yet' });
    expect(lead.primaryEmail).toBeNull();
    const res = await api({ method: 'POST', url: `/api/v1/leads/${lead.id}/contacts`, payload: { firstName: 'Ann', emails: ['ANN@x.test', 'ann@x.test'], phones: ['415-555-2671'] } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ firstName: 'Ann', lastName: '', emails: ['ann@x.test'], phones: ['+14155552671'], isPrimary: true, isDecisionMaker: false });
    const second = await api({ method: 'POST', url: `/api/v1/leads/${lead.id}/contacts`, payload: { firstName: 'Ben', emails: ['ben@x.test'] } });
    expect(second.json().isPrimary).toBe(false);
    const d = (await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json();
    expect(d).toMatchObject({ primaryEmail: 'ann@x.test', primaryPhone: '+14155552671' });
    expect(d.contacts.map((c: { firstName: string }) => c.firstName)).toEqual(['Ann', 'Ben']);
    const acts = await activitiesOf(t, w.workspaceId, lead.id);
    expect(acts.filter((a) => a.kind === 'contact.added').map((a) => a.summary)).toEqual(['Added contact Ann (primary)', 'Added contact Ben']);
  });

  it('persists make-primary and updates the lead; deleting the primary promotes the oldest remaining', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'Three people', contact: { firstName: 'First', lastName: 'One', email: 'one@x.test' } });
    const two = (await api({ method: 'POST', url: `/api/v1/leads/${lead.id}/contacts`, payload: { firstName: 'Second', emails: ['two@x.test'], phones: ['+1 617 555 0100'] } })).json();
    const three = (await api({ method: 'POST', url: `/api/v1/leads/${lead.id}/contacts`, payload: { firstName: 'Third', emails: ['three@x.test'] } })).json();

    const mp = await api({ method: 'POST', url: `/api/v1/contacts/${three.id}/make-primary` });
    expect(mp.statusCode).toBe(200);
    expect(mp.json().isPrimary).toBe(true);
    let d = (await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json();
    expect(d.primaryEmail).toBe('three@x.test');
    expect(d.contacts.filter((c: { isPrimary: boolean }) => c.isPrimary).map((c: { id: string }) => c.id)).toEqual([three.id]);
    expect((await api({ method: 'GET', url: `/api/v1/leads?q=three@x` })).json().data.map((l: { id: string }) => l.id)).toEqual([lead.id]);

    // editing the primary's email follows through to the lead
    const upd = await api({ method: 'PATCH', url: `/api/v1/contacts/${three.id}`, payload: { emails: ['third@x.test'], title: 'CEO', isDecisionMaker: true } });
    expect(upd.json()).toMatchObject({ emails: ['third@x.test'], title: 'CEO', isDecisionMaker: true });
    expect((await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json().primaryEmail).toBe('third@x.test');

    expect((await api({ method: 'DELETE', url: `/api/v1/contacts/${three.id}` })).json()).toEqual({ ok: true });
    d = (await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json();
    const primary = d.contacts.find((c: { isPrimary: boolean }) => c.isPrimary);
    expect(primary.firstName).toBe('First');
    expect(d).toMatchObject({ primaryEmail: 'one@x.test', primaryPhone: null });
    expect(d.contacts.map((c: { id: string }) => c.id)).toContain(two.id);

    const kinds = (await activitiesOf(t, w.workspaceId, lead.id)).map((a) => a.kind);
    expect(kinds).toEqual(['lead.created', 'contact.added', 'contact.added', 'contact.primary_changed', 'contact.updated', 'contact.removed']);
    const acts = await activitiesOf(t, w.workspaceId, lead.id);
    expect(acts[3].summary).toBe('Primary contact: First One → Third');
    expect(acts[4]).toMatchObject({ before: { emails: ['three@x.test'], title: null, isDecisionMaker: false }, after: { emails: ['third@x.test'], title: 'CEO', isDecisionMaker: true } });
    expect(acts[5].summary).toBe('Removed contact Third; First One is now primary');

    // removing the last contacts leaves the lead without primary fields
    await api({ method: 'DELETE', url: `/api/v1/contacts/${two.id}` });
    await api({ method: 'DELETE', url: `/api/v1/contacts/${primary.id}` });
    expect((await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json()).toMatchObject({ contacts: [], primaryEmail: null, primaryPhone: null });
  });

  it('adding with isPrimary takes over the role', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'Takeover', contact: { firstName: 'Old', phone: '+442071838750' } });
    const fresh = (await api({ method: 'POST', url: `/api/v1/leads/${lead.id}/contacts`, payload: { firstName: 'New', phones: ['(212) 555-0199'], isPrimary: true } })).json();
    expect(fresh.isPrimary).toBe(true);
    const d = (await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json();
    expect(d.primaryPhone).toBe('+12125550199');
    expect(d.contacts.filter((c: { isPrimary: boolean }) => c.isPrimary)).toHaveLength(1);
  });

  it('validates and 404s', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'V', contact: { firstName: 'C' } });
    const cid = lead.contacts[0].id;
    const cases: [string, string, object, string][] = [
      ['POST', `/api/v1/leads/${lead.id}/contacts`, { emails: ['ok@x.test', 'broken'] }, 'emails.1'],
      ['POST', `/api/v1/leads/${lead.id}/contacts`, { phones: ['abc'] }, 'phones.0'],
      ['POST', `/api/v1/leads/${lead.id}/contacts`, {}, 'firstName'],
      ['PATCH', `/api/v1/contacts/${cid}`, { firstName: '' }, 'firstName'],
      ['PATCH', `/api/v1/contacts/${cid}`, { emails: 'x@y.z' }, 'emails'],
    ];
    for (const [method, url, payload, field] of cases) {
      const res = await api({ method: method as 'POST' | 'PATCH', url, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.fields).toHaveProperty([field]);
    }
    const missing = crypto.randomUUID();
    expect((await api({ method: 'POST', url: `/api/v1/leads/${missing}/contacts`, payload: { firstName: 'X' } })).statusCode).toBe(404);
    expect((await api({ method: 'PATCH', url: `/api/v1/contacts/${missing}`, payload: { firstName: 'X' } })).statusCode).toBe(404);
    expect((await api({ method: 'POST', url: `/api/v1/contacts/${missing}/make-primary` })).statusCode).toBe(404);
    // contacts of a deleted lead are gone with it
    await api({ method: 'DELETE', url: `/api/v1/leads/${lead.id}` });
    expect((await api({ method: 'DELETE', url: `/api/v1/contacts/${cid}` })).statusCode).toBe(404);
  });
});
