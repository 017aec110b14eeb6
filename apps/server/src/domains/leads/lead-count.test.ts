import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { apiOf, createLeadVia, seedLeads } from './leads.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe(`running lead count on ${testDbKind}`, () => {
  it('keeps the unfiltered total exact through every kind of write', async () => {
    const w = await t.newWorkspace();
    const other = await t.newWorkspace();
    const api = apiOf(t, w);
    const actual = async () => Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE workspace_id = $1 AND deleted_at IS NULL', [w.workspaceId])).rows[0].n);
    // limit=1 keeps the page full, so the total comes from the running count, not from the page length
    const total = async () => (await api({ method: 'GET', url: '/api/v1/leads?limit=1' })).json().total;
    const check = async (expected: number) => {
      expect(await actual()).toBe(expected);
      expect(await total()).toBe(expected);
    };

    await check(0);
    const first = await createLeadVia(api, { name: 'One' });
    await createLeadVia(api, { name: 'Two' });
    await check(2);
    const seeded = await seedLeads(t, w.workspaceId, [{ name: 'S1' }, { name: 'S2' }, { name: 'S3' }]);
    await t.db.query(`INSERT INTO leads (workspace_id, name, stage) SELECT $1, 'Bulk ' || i, 'new' FROM generate_series(1, 100) i`, [w.workspaceId]);
    await t.db.query(`INSERT INTO leads (workspace_id, name, stage, deleted_at) VALUES ($1, 'Born deleted', 'new', now())`, [w.workspaceId]);
    await seedLeads(t, other.workspaceId, [{ name: 'Elsewhere' }]);
    await check(105);
    await api({ method: 'DELETE', url: `/api/v1/leads/${first.id}` });
    await api({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids: seeded, action: 'delete' } });
    await check(101);
    await api({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids: [...seeded, first.id], action: 'restore' } });
    await api({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids: seeded, action: 'tag', tags: ['x'] } });
    await t.db.query(`UPDATE leads SET name = name || '!' WHERE workspace_id = $1 AND deleted_at IS NOT NULL`, [w.workspaceId]);
    await check(105);
    await t.db.query(`DELETE FROM leads WHERE workspace_id = $1 AND name LIKE 'Bulk 1%'`, [w.workspaceId]);
    await check(93);
    // a rolled-back write leaves no trace in the count
    await expect(withWorkspace(t.db, w.workspaceId, async (tx) => {
      await tx.query(`INSERT INTO leads (workspace_id, name, stage) VALUES ($1, 'Ghost', 'new')`, [w.workspaceId]);
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    await check(93);
    expect((await apiOf(t, other)({ method: 'GET', url: '/api/v1/leads?limit=1' })).json().total).toBe(1);
  });

  it('folds many deltas into one row without changing the total', async () => {
    const w = await t.newWorkspace();
    for (let i = 0; i < 60; i++) await t.db.query(`INSERT INTO leads (workspace_id, name, stage) VALUES ($1, $2, 'new')`, [w.workspaceId, `L${i}`]);
    const parts = async () => Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_count_deltas WHERE workspace_id = $1', [w.workspaceId])).rows[0].n);
    expect(await parts()).toBe(60);
    const api = apiOf(t, w);
    expect((await api({ method: 'GET', url: '/api/v1/leads?limit=1' })).json().total).toBe(60);
    expect(await parts()).toBe(1);
    expect((await api({ method: 'GET', url: '/api/v1/leads?limit=1' })).json().total).toBe(60);
  });
});
