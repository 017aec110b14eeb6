import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';
import type { Tx } from '../../db/client.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { updateLead } from './lead.service.ts';
import { refreshLeadTaskSummary } from './index.ts';
import { activitiesOf, addMember, apiOf, createLeadVia } from './leads.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe(`leads CRUD on ${testDbKind}`, () => {
  it('creates a lead with its first contact, normalized, owned by the creator, in the first open stage', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const res = await api({
      method: 'POST', url: '/api/v1/leads',
      payload: { name: '  Acme Roofing ', tags: ['roof', 'roof', 'vip'], value: 1234.567, city: 'Austin', contact: { firstName: 'Ana', lastName: 'Diaz', email: ' Ana@Acme.COM ', phone: '(415) 555-2671' } },
    });
    expect(res.statusCode).toBe(201);
    const lead = res.json();
    expect(lead).toMatchObject({
      name: 'Acme Roofing', stage: 'new', ownerId: w.userId, ownerName: 'Owner', tags: ['roof', 'vip'], value: 1234.57, city: 'Austin',
      primaryEmail: 'ana@acme.com', primaryPhone: '+14155552671', openTaskCount: 0, customFields: {}, facts: '',
      taskSummary: { pendingCount: 0, overdueCount: 0, next: null },
    });
    expect(lead.contacts).toEqual([
      expect.objectContaining({ firstName: 'Ana', lastName: 'Diaz', emails: ['ana@acme.com'], phones: ['+14155552671'], isPrimary: true }),
    ]);
    const acts = await activitiesOf(t, w.workspaceId, lead.id);
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({ kind: 'lead.created', actor_label: 'Owner' });
    expect(acts[0].after).toMatchObject({ name: 'Acme Roofing', stage: 'new', contact: { emails: ['ana@acme.com'] } });
    // the same lead through GET
    const got = await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` });
    expect(got.json()).toEqual(lead);
  });

  it('an API key creates unassigned leads; ownerId null is explicit', async () => {
    const w = await t.newWorkspace();
    const viaKey = await t.as({ apiKey: w.apiKey })({ method: 'POST', url: '/api/v1/leads', payload: { name: 'From Zapier', stage: 'interested' } });
    expect(viaKey.statusCode).toBe(201);
    expect(viaKey.json()).toMatchObject({ ownerId: null, stage: 'interested' });
    const explicit = await createLeadVia(apiOf(t, w), { name: 'Nobody', ownerId: null });
    expect(explicit.ownerId).toBeNull();
  });

  it('answers 400 with field messages for anything invalid, never 500', async () => {
    const w = await t.newWorkspace();
    const other = await t.newWorkspace();
    const api = apiOf(t, w);
    const cases: [object, string][] = [
      [{ name: '   ' }, 'name'],
      [{}, 'name'],
      [{ name: 'X', stage: 'nope' }, 'stage'],
      [{ name: 'X', ownerId: other.userId }, 'ownerId'],
      [{ name: 'X', ownerId: 'not-a-uuid' }, 'ownerId'],
      [{ name: 'X', value: -5 }, 'value'],
      [{ name: 'X', value: 'lots' }, 'value'],
      [{ name: 'X', tags: ['a,b'] }, 'tags.0'],
      [{ name: 'X\u0000' }, 'name'],
      [{ name: 'X', contact: { firstName: 'A', email: 'not an email' } }, 'contact.email'],
      [{ name: 'X', contact: { firstName: 'A', phone: '12' } }, 'contact.phone'],
      [{ name: 'X', contact: {} }, 'contact.firstName'],
    ];
    for (const [payload, field] of cases) {
      const res = await api({ method: 'POST', url: '/api/v1/leads', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(Object.keys(res.json().error.fields ?? {}), JSON.stringify(payload)).toContain(field);
    }
    expect((await api({ method: 'POST', url: '/api/v1/leads', payload: '{"name":' , headers: { 'content-type': 'application/json' } })).statusCode).toBe(400);
    expect((await api({ method: 'GET', url: '/api/v1/leads/not-a-uuid' })).statusCode).toBe(400);
    expect((await api({ method: 'PATCH', url: `/api/v1/leads/${crypto.randomUUID()}`, payload: { name: 'x' } })).statusCode).toBe(404);
    const lead = await createLeadVia(api, { name: 'Valid' });
    const bad = await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { timezone: 'Mars/Base', customFields: { deep: { a: 1 } } } });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['timezone', 'customFields.deep']));
  });

  it('PATCH writes one activity with only the changed fields; a stage change is stage.changed', async () => {
    const w = await t.newWorkspace();
    const rep = await addMember(t, w, 'rep', 'Bob');
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'Globex', city: 'Boston' });

    const res = await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { stage: 'interested', city: 'Boston' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().stage).toBe('interested');
    let acts = await activitiesOf(t, w.workspaceId, lead.id);
    expect(acts.map((a) => a.kind)).toEqual(['lead.created', 'stage.changed']);
    expect(acts[1]).toMatchObject({ summary: 'Stage: New → Interested', before: { stage: 'new' }, after: { stage: 'interested' } });

    const more = await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { ownerId: rep.userId, facts: 'Has 12 trucks', postalCode: '02110', value: 50 } });
    expect(more.json()).toMatchObject({ ownerId: rep.userId, ownerName: 'Bob', facts: 'Has 12 trucks', postalCode: '02110', value: 50 });
    acts = await activitiesOf(t, w.workspaceId, lead.id);
    expect(acts).toHaveLength(3);
    expect(acts[2]).toMatchObject({ kind: 'lead.updated', summary: 'Owner: Owner → Bob; Updated value, facts, postal code' });
    expect(acts[2].before).toEqual({ ownerId: w.userId, facts: '', postalCode: null, value: null });
    expect(acts[2].after).toEqual({ ownerId: rep.userId, facts: 'Has 12 trucks', postalCode: '02110', value: 50 });

    // nothing changed → no activity
    await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { city: 'Boston', stage: 'interested' } });
    expect(await activitiesOf(t, w.workspaceId, lead.id)).toHaveLength(3);
  });

  it('merges custom fields and removes keys set to null', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'Initech' });
    await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { customFields: { fleet: 12, crm: 'HubSpot' } } });
    const res = await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { customFields: { crm: null, renewal: '2025-01-01', ghost: null } } });
    expect(res.json().customFields).toEqual({ fleet: 12, renewal: '2025-01-01' });
    const acts = await activitiesOf(t, w.workspaceId, lead.id);
    expect(acts.at(-1)).toMatchObject({ kind: 'lead.updated', before: { customFields: { crm: 'HubSpot', renewal: null } }, after: { customFields: { crm: null, renewal: '2025-01-01' } } });
  });

  it('a stage change and its activity commit together or not at all', async () => {
    const w = await t.newWorkspace();
    const lead = await createLeadVia(apiOf(t, w), { name: 'Atomic' });
    const failing = {
      workspaceId: w.workspaceId, userId: w.userId, actorLabel: 'Owner', role: 'owner' as const,
      // runs the service's work, then fails before commit
      tx: <T>(fn: (tx: Tx) => Promise<T>) =>
        withWorkspace(t.db, w.workspaceId, async (tx) => {
          await fn(tx);
          throw new Error('forced failure after the update');
        }),
    };
    await expect(updateLead(failing, lead.id, { stage: 'won' })).rejects.toThrow('forced failure');
    const after = await apiOf(t, w)({ method: 'GET', url: `/api/v1/leads/${lead.id}` });
    expect(after.json().stage).toBe('new');
    expect((await activitiesOf(t, w.workspaceId, lead.id)).map((a) => a.kind)).toEqual(['lead.created']);
  });

  it('a failing activity insert rolls back the stage change (database-level)', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'Rollback' });
    const fn = `fail_stage_activity_${w.workspaceId.replace(/-/g, '')}`;
    // only this test's workspace is affected, other suites share the table
    await t.db.exec(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.workspace_id = '${w.workspaceId}' AND NEW.kind = 'stage.changed' THEN RAISE EXCEPTION 'activity insert failed'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER ${fn} BEFORE INSERT ON activities FOR EACH ROW EXECUTE FUNCTION ${fn}();`);
    try {
      const res = await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { stage: 'won' } });
      expect(res.statusCode).toBe(500);
    } finally {
      await t.db.exec(`DROP TRIGGER ${fn} ON activities; DROP FUNCTION ${fn}();`);
    }
    expect((await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json().stage).toBe('new');
  });

  it('soft-deletes: 404 afterwards everywhere, activity written', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'Soon gone' });
    const del = await api({ method: 'DELETE', url: `/api/v1/leads/${lead.id}` });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ ok: true });
    expect((await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).statusCode).toBe(404);
    expect((await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { name: 'x' } })).statusCode).toBe(404);
    expect((await api({ method: 'DELETE', url: `/api/v1/leads/${lead.id}` })).statusCode).toBe(404);
    expect((await api({ method: 'GET', url: `/api/v1/leads/${lead.id}/timeline` })).statusCode).toBe(404);
    expect((await api({ method: 'GET', url: '/api/v1/leads' })).json()).toEqual({ data: [], total: 0 });
    expect((await api({ method: 'GET', url: '/api/v1/pipeline/board' })).json().stages.every((s: { count: number }) => s.count === 0)).toBe(true);
    expect((await activitiesOf(t, w.workspaceId, lead.id)).map((a) => a.kind)).toEqual(['lead.created', 'lead.deleted']);
  });

  it('keeps the task summary right: refreshLeadTaskSummary and the detail card', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'Tasks' });
    await withWorkspace(t.db, w.workspaceId, async (tx) => {
      await tx.query(
        `INSERT INTO tasks (workspace_id, lead_id, kind, title, due_at, status) VALUES
          ($1, $2, 'callback', 'Call back', now() - interval '1 day', 'open'),
          ($1, $2, 'follow_up', 'Send quote', now() + interval '2 days', 'open'),
          ($1, $2, 'other', 'Undated', NULL, 'open'),
          ($1, $2, 'other', 'Done already', now() - interval '3 days', 'done')`,
        [w.workspaceId, lead.id],
      );
      await refreshLeadTaskSummary(tx, w.workspaceId, lead.id);
    });
    const d = (await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json();
    expect(d).toMatchObject({ openTaskCount: 3, nextTaskTitle: 'Call back', taskSummary: { pendingCount: 3, overdueCount: 1, next: { title: 'Call back', kind: 'callback' } } });
    expect(new Date(d.nextTaskAt).getTime()).toBeLessThan(Date.now());
    await withWorkspace(t.db, w.workspaceId, async (tx) => {
      await tx.query(`UPDATE tasks SET status = 'done' WHERE lead_id = $1`, [lead.id]);
      await refreshLeadTaskSummary(tx, w.workspaceId, lead.id);
    });
    expect((await api({ method: 'GET', url: `/api/v1/leads/${lead.id}` })).json()).toMatchObject({ openTaskCount: 0, nextTaskAt: null, nextTaskTitle: null, taskSummary: { next: null } });
  });

  it('pages the timeline newest first without losing rows that share a timestamp', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const lead = await createLeadVia(api, { name: 'Busy' });
    for (const stage of ['contacted', 'interested', 'follow_up', 'meeting_set']) await api({ method: 'PATCH', url: `/api/v1/leads/${lead.id}`, payload: { stage } });
    // three rows in one transaction share occurred_at
    await withWorkspace(t.db, w.workspaceId, async (tx) => {
      for (const n of [1, 2, 3]) await tx.query(`INSERT INTO activities (workspace_id, lead_id, kind, summary, actor_label, occurred_at) VALUES ($1, $2, 'note', $3, 'x', now() - interval '1 hour')`, [w.workspaceId, lead.id, `note ${n}`]);
    });
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const res = await api({ method: 'GET', url: `/api/v1/leads/${lead.id}/timeline?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}` });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      seen.push(...body.data.map((a: { summary: string }) => a.summary));
      before = body.nextBefore;
      pages++;
    } while (before && pages < 10);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect(seen.slice(0, 5)).toEqual([
      'Stage: Follow-up → Meeting set', 'Stage: Interested → Follow-up', 'Stage: Contacted → Interested', 'Stage: New → Contacted', 'Created lead Busy in New',
    ]);
    expect(seen.slice(5).sort()).toEqual(['note 1', 'note 2', 'note 3']);
    const first = (await api({ method: 'GET', url: `/api/v1/leads/${lead.id}/timeline` })).json();
    expect(first.data[0]).toMatchObject({ kind: 'stage.changed', actorLabel: 'Owner', before: { stage: 'follow_up' }, after: { stage: 'meeting_set' }, refType: null });
    expect(first.nextBefore).toBeNull();
    const bad = await api({ method: 'GET', url: `/api/v1/leads/${lead.id}/timeline?before=2024-02-30T00:00:00Z&limit=0` });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields)).toEqual(expect.arrayContaining(['before', 'limit']));
  });
});
