import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';
import { addMember, apiOf, daysAgo, seedLeads } from './leads.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

type StageOut = { key: string; label: string; kind: string; color: string | null; position: number; count: number };

describe(`pipeline on ${testDbKind}`, () => {
  it('lists stages in order with live lead counts', async () => {
    const w = await t.newWorkspace();
    const [, gone] = await seedLeads(t, w.workspaceId, [{ name: 'A', stage: 'won' }, { name: 'B', stage: 'won' }, { name: 'C' }]);
    await apiOf(t, w)({ method: 'DELETE', url: `/api/v1/leads/${gone}` });
    const res = (await apiOf(t, w)({ method: 'GET', url: '/api/v1/pipeline/stages' })).json();
    expect(res.data.map((s: StageOut) => s.key)).toEqual(['new', 'contacted', 'interested', 'follow_up', 'meeting_set', 'nurture', 'won', 'lost']);
    expect(res.data.find((s: StageOut) => s.key === 'won')).toMatchObject({ label: 'Sold', kind: 'won', count: 1, position: 6 });
    expect(res.data[0].count).toBe(1);
  });

  it('reorders, renames, adds and removes stages, moving leads with stage.changed activities', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const [a, b, deleted] = await seedLeads(t, w.workspaceId, [{ name: 'A', stage: 'nurture' }, { name: 'B', stage: 'nurture' }, { name: 'D', stage: 'contacted' }]);
    await api({ method: 'DELETE', url: `/api/v1/leads/${deleted}` });
    const view = (await api({ method: 'POST', url: '/api/v1/views', payload: { name: 'Nurture', filters: { stage: 'nurture,new' } } })).json();
    const current: StageOut[] = (await api({ method: 'GET', url: '/api/v1/pipeline/stages' })).json().data;
    const keep = current.filter((s) => s.key !== 'nurture' && s.key !== 'contacted');
    const next = [
      { label: 'Qualified!', kind: 'open' },
      ...keep.map((s) => ({ key: s.key, label: s.key === 'new' ? 'Fresh' : s.label, kind: s.kind, ...(s.key === 'lost' ? { color: '#000000' } : {}) })),
    ].reverse();

    // nurture still has leads: refused with the count, nothing changed
    const refused = await api({ method: 'PUT', url: '/api/v1/pipeline/stages', payload: { stages: next } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields['moveTo.nurture']).toBe('2 leads are still in "Nurture"; choose a stage to move them to.');
    expect((await api({ method: 'GET', url: '/api/v1/pipeline/stages' })).json().data).toHaveLength(8);

    const res = await api({ method: 'PUT', url: '/api/v1/pipeline/stages', payload: { stages: next, moveTo: { nurture: 'qualified' } } });
    expect(res.statusCode, res.body).toBe(200);
    const stages: StageOut[] = res.json().data;
    expect(stages.map((s) => s.key)).toEqual(['lost', 'won', 'meeting_set', 'follow_up', 'interested', 'new', 'qualified']);
    expect(stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(stages.find((s) => s.key === 'new')?.label).toBe('Fresh');
    expect(stages.find((s) => s.key === 'lost')?.color).toBe('#000000');
    expect(stages.find((s) => s.key === 'won')?.color).toBe('#22c55e'); // colour kept when not sent
    expect(stages.find((s) => s.key === 'qualified')).toMatchObject({ label: 'Qualified!', kind: 'open', count: 2 });

    for (const id of [a, b]) {
      expect((await api({ method: 'GET', url: `/api/v1/leads/${id}` })).json().stage).toBe('qualified');
      const tl = (await api({ method: 'GET', url: `/api/v1/leads/${id}/timeline` })).json().data;
      expect(tl[0]).toMatchObject({ kind: 'stage.changed', before: { stage: 'nurture' }, after: { stage: 'qualified' } });
      expect(tl[0].summary).toMatch(/^Stage: Nurture → Qualified!/);
    }
    // a soft-deleted lead of a removed stage (no moveTo needed) moved to the first open stage, and restores there
    await api({ method: 'POST', url: '/api/v1/leads/bulk', payload: { ids: [deleted], action: 'restore' } });
    expect((await api({ method: 'GET', url: `/api/v1/leads/${deleted}` })).json().stage).toBe('meeting_set');
    // the saved view follows its stage
    const views = (await api({ method: 'GET', url: '/api/v1/views' })).json().data;
    expect(views.find((v: { id: string }) => v.id === view.id).filters.stage).toBe('qualified,new');
    const same = stages.map((s) => ({ key: s.key, label: s.label, kind: s.kind }));
    // labels must differ (case-insensitive)
    const dupLabel = await api({ method: 'PUT', url: '/api/v1/pipeline/stages', payload: { stages: [...same, { label: 'qualified!', kind: 'open' }] } });
    expect(dupLabel.json().error.fields).toHaveProperty(['stages.7.label']);
    // a new stage whose slug is taken gets a unique key
    const added = await api({ method: 'PUT', url: '/api/v1/pipeline/stages', payload: { stages: [...same, { label: 'Qualified?', kind: 'won' }] } });
    expect(added.json().data.map((s: StageOut) => s.key).at(-1)).toBe('qualified_2');
  });

  it('refuses a pipeline without an open stage, unknown keys and bad moveTo targets; needs admin', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const put = (payload: object) => api({ method: 'PUT', url: '/api/v1/pipeline/stages', payload });
    const onlyClosed = await put({ stages: [{ key: 'won', label: 'Sold', kind: 'won' }, { key: 'lost', label: 'Lost', kind: 'lost' }] });
    expect(onlyClosed.statusCode).toBe(400);
    expect(onlyClosed.json().error.fields.stages).toBe('Keep at least one open stage.');
    expect((await put({ stages: [{ key: 'ghost', label: 'Ghost', kind: 'open' }] })).json().error.fields).toHaveProperty(['stages.0.key']);
    expect((await put({ stages: [{ key: 'new', label: 'A', kind: 'open' }, { key: 'new', label: 'B', kind: 'open' }] })).json().error.fields).toHaveProperty(['stages.1.key']);
    expect((await put({ stages: [{ key: 'new', label: 'New', kind: 'maybe' }] })).json().error.fields).toHaveProperty(['stages.0.kind']);
    expect((await put({ stages: [{ key: 'new', label: 'New', kind: 'open', color: 'red' }] })).json().error.fields).toHaveProperty(['stages.0.color']);
    expect((await put({ stages: [] })).json().error.fields).toHaveProperty(['stages']);
    await seedLeads(t, w.workspaceId, [{ name: 'In won', stage: 'won' }]);
    const badTarget = await put({ stages: [{ key: 'new', label: 'New', kind: 'open' }], moveTo: { won: 'lost' } });
    expect(badTarget.json().error.fields['moveTo.won']).toMatch(/not a stage of the new pipeline/);
    const rep = await addMember(t, w, 'rep');
    const asRep = await t.as({ cookie: rep.cookie })({ method: 'PUT', url: '/api/v1/pipeline/stages', payload: { stages: [{ key: 'new', label: 'New', kind: 'open' }] } });
    expect(asRep.statusCode).toBe(403);
    expect((await api({ method: 'GET', url: '/api/v1/pipeline/stages' })).json().data).toHaveLength(8);
  });

  it('builds the board: counts and value per stage, first 50 by last update, same filters as the list', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO leads (workspace_id, name, stage, tags, value, updated_at)
       SELECT $1, 'Lead ' || i, CASE WHEN i <= 60 THEN 'new' ELSE 'won' END, CASE WHEN i % 2 = 0 THEN ARRAY['even'] ELSE ARRAY[]::text[] END, 10, now() - i * interval '1 minute'
         FROM generate_series(1, 65) i RETURNING id`,
      [w.workspaceId],
    );
    expect(rows).toHaveLength(65);
    await seedLeads(t, w.workspaceId, [{ name: 'Old contacted', stage: 'contacted', updatedAt: daysAgo(3) }]);
    const board = (await api({ method: 'GET', url: '/api/v1/pipeline/board' })).json();
    expect(board.stages.map((s: { key: string }) => s.key)).toEqual(['new', 'contacted', 'interested', 'follow_up', 'meeting_set', 'nurture', 'won', 'lost']);
    const col = (k: string, b = board) => b.stages.find((s: { key: string }) => s.key === k);
    expect(col('new')).toMatchObject({ count: 60, totalValue: 600, label: 'New', color: '#64748b' });
    expect(col('new').leads).toHaveLength(50);
    expect(col('new').leads[0].name).toBe('Lead 1');
    expect(col('new').leads[49].name).toBe('Lead 50');
    expect(col('won')).toMatchObject({ count: 5, totalValue: 50 });
    expect(col('contacted').leads.map((l: { name: string }) => l.name)).toEqual(['Old contacted']);
    expect(col('lost')).toMatchObject({ count: 0, totalValue: 0, leads: [] });

    const filtered = (await api({ method: 'GET', url: '/api/v1/pipeline/board?tags=even&stage=new,won' })).json();
    expect(filtered.stages.map((s: { key: string }) => s.key)).toEqual(['new', 'won']);
    expect(col('new', filtered).count).toBe(30);
    expect(col('won', filtered).count).toBe(2);
    expect((await api({ method: 'GET', url: '/api/v1/pipeline/board?stage=nope' })).statusCode).toBe(400);
  });
});
