import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';
import { addMember, apiOf, seedLeads } from './leads.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function kindsPerLead(workspaceId: string, ids: string[]) {
  const { rows } = await t.db.query<{ lead_id: string; kind: string; summary: string }>(
    'SELECT lead_id, kind, summary FROM activities WHERE workspace_id = $1 AND lead_id = ANY($2::uuid[]) ORDER BY occurred_at',
    [workspaceId, ids],
  );
  return rows;
}

describe(`bulk lead actions on ${testDbKind}`, () => {
  it('assigns, tags, untags and moves stage, one activity per lead that changed', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const rep = await addMember(t, w, 'rep', 'Rita');
    const ids = await seedLeads(t, w.workspaceId, [
      { name: 'A', tags: ['x'], ownerId: rep.userId },
      { name: 'B', tags: [] },
      { name: 'C', tags: ['x', 'y'], stage: 'won' },
    ]);
    const bulk = (payload: object) => api({ method: 'POST', url: '/api/v1/leads/bulk', payload });

    expect((await bulk({ ids, action: 'assign', ownerId: rep.userId })).json()).toEqual({ affected: 2 });
    expect((await bulk({ ids, action: 'tag', tags: ['x', 'hot'] })).json()).toEqual({ affected: 3 });
    expect((await bulk({ ids, action: 'untag', tags: ['y'] })).json()).toEqual({ affected: 1 });
    expect((await bulk({ ids, action: 'stage', stage: 'won' })).json()).toEqual({ affected: 2 });
    expect((await bulk({ ids, action: 'assign', ownerId: null })).json()).toEqual({ affected: 3 });

    const list = (await api({ method: 'GET', url: '/api/v1/leads?sort=name' })).json().data;
    expect(list.map((l: { tags: string[]; stage: string; ownerId: string | null }) => [l.tags, l.stage, l.ownerId])).toEqual([
      [['x', 'hot'], 'won', null],
      [['x', 'hot'], 'won', null],
      [['x', 'hot'], 'won', null],
    ]);
    const acts = await kindsPerLead(w.workspaceId, ids);
    expect(acts.filter((a) => a.lead_id === ids[0]).map((a) => a.summary)).toEqual(['Tagged hot', 'Stage: New → Sold', 'Owner: Rita → Unassigned']);
    expect(acts.filter((a) => a.lead_id === ids[1]).map((a) => a.summary)).toEqual(['Owner: Unassigned → Rita', 'Tagged x, hot', 'Stage: New → Sold', 'Owner: Rita → Unassigned']);
    expect(acts.filter((a) => a.lead_id === ids[2]).map((a) => a.kind)).toEqual(['lead.updated', 'lead.updated', 'lead.updated', 'lead.updated']);
    expect(acts.filter((a) => a.kind === 'stage.changed')).toHaveLength(2);
  });

  it('deletes softly and restores as its undo', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const ids = await seedLeads(t, w.workspaceId, [{ name: 'One' }, { name: 'Two' }, { name: 'Keep' }]);
    const del = await api({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids: ids.slice(0, 2), action: 'delete' } });
    expect(del.json()).toEqual({ affected: 2 });
    expect((await api({ method: 'GET', url: '/api/v1/leads' })).json().total).toBe(1);
    expect((await api({ method: 'GET', url: `/api/v1/leads/${ids[0]}` })).statusCode).toBe(404);
    // deleting again changes nothing; restoring a live lead changes nothing
    expect((await api({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids: ids.slice(0, 2), action: 'delete' } })).json()).toEqual({ affected: 0 });
    const undo = await api({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids, action: 'restore' } });
    expect(undo.json()).toEqual({ affected: 2 });
    expect((await api({ method: 'GET', url: '/api/v1/leads' })).json().total).toBe(3);
    const acts = await kindsPerLead(w.workspaceId, ids);
    expect(acts.map((a) => a.kind).sort()).toEqual(['lead.deleted', 'lead.deleted', 'lead.restored', 'lead.restored']);
  });

  it('leaves leads of another workspace alone', async () => {
    const a = await t.newWorkspace();
    const b = await t.newWorkspace();
    const [mine] = await seedLeads(t, a.workspaceId, [{ name: 'Mine' }]);
    const [theirs] = await seedLeads(t, b.workspaceId, [{ name: 'Theirs' }]);
    const res = await apiOf(t, a)({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids: [mine, theirs], action: 'delete' } });
    expect(res.json()).toEqual({ affected: 1 });
    expect((await apiOf(t, b)({ method: 'GET', url: `/api/v1/leads/${theirs}` })).statusCode).toBe(200);
    expect(await kindsPerLead(b.workspaceId, [theirs])).toEqual([]);
  });

  it('validates the action and its arguments', async () => {
    const w = await t.newWorkspace();
    const stranger = await t.newWorkspace();
    const api = apiOf(t, w);
    const [id] = await seedLeads(t, w.workspaceId, [{ name: 'X' }]);
    const cases: [object, string][] = [
      [{ ids: [], action: 'delete' }, 'ids'],
      [{ ids: ['nope'], action: 'delete' }, 'ids.0'],
      [{ ids: [id], action: 'explode' }, 'action'],
      [{ ids: [id], action: 'assign' }, 'ownerId'],
      [{ ids: [id], action: 'assign', ownerId: stranger.userId }, 'ownerId'],
      [{ ids: [id], action: 'tag' }, 'tags'],
      [{ ids: [id], action: 'stage' }, 'stage'],
      [{ ids: [id], action: 'stage', stage: 'limbo' }, 'stage'],
      [{ ids: Array.from({ length: 5001 }, () => id), action: 'delete' }, 'ids'],
    ];
    for (const [payload, field] of cases) {
      const res = await api({ method: 'POST', url: '/api/v1/leads/bulk', payload });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().error.fields).toHaveProperty([field]);
    }
  });

  it('handles 5000 leads in one request', async () => {
    const w = await t.newWorkspace();
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO leads (workspace_id, name, stage) SELECT $1, 'Lead ' || i, 'new' FROM generate_series(1, 5000) i RETURNING id`,
      [w.workspaceId],
    );
    const ids = rows.map((r) => r.id);
    const res = await apiOf(t, w)({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids, action: 'tag', tags: ['bulk'] } });
    expect(res.json()).toEqual({ affected: 5000 });
    const { rows: n } = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM activities WHERE workspace_id = $1 AND summary = 'Tagged bulk'`, [w.workspaceId]);
    expect(n[0].n).toBe(5000);
  });
});
