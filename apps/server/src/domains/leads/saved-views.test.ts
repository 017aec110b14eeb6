import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';
import { addMember, apiOf } from './leads.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe(`saved views on ${testDbKind}`, () => {
  it('saves filters as the list query object; lists mine and shared, not other people’s private ones', async () => {
    const w = await t.newWorkspace();
    const owner = apiOf(t, w);
    const rep = await addMember(t, w, 'rep', 'Rita');
    const repApi = apiOf(t, rep);

    const mine = await owner({ method: 'POST', url: '/api/v1/views', payload: { name: 'Hot Austin', filters: { q: 'austin', stage: ['new', 'interested'], tags: 'vip', touched: '7d' }, sort: '-last_touched_at' } });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ name: 'Hot Austin', filters: { q: 'austin', stage: 'new,interested', tags: 'vip', touched: '7d' }, sort: '-last_touched_at', shared: false, authorId: w.userId, isMine: true });
    const shared = (await owner({ method: 'POST', url: '/api/v1/views', payload: { name: 'Team pipeline', filters: {}, shared: true } })).json();
    const repPrivate = (await repApi({ method: 'POST', url: '/api/v1/views', payload: { name: 'My stuff', filters: { owner: 'me' } } })).json();

    const ownerSees = (await owner({ method: 'GET', url: '/api/v1/views' })).json().data.map((v: { name: string }) => v.name);
    expect(ownerSees).toEqual(['Hot Austin', 'Team pipeline']);
    const repSees = (await repApi({ method: 'GET', url: '/api/v1/views' })).json().data;
    expect(repSees.map((v: { name: string }) => v.name)).toEqual(['My stuff', 'Team pipeline']);
    expect(repSees.find((v: { id: string }) => v.id === shared.id)).toMatchObject({ shared: true, isMine: false, authorId: w.userId });
    // the saved filters are a valid list query
    const applied = await owner({ method: 'GET', url: `/api/v1/leads?${new URLSearchParams(mine.json().filters)}` });
    expect(applied.statusCode).toBe(200);
    // someone else's private view does not exist for you
    expect((await owner({ method: 'DELETE', url: `/api/v1/views/${repPrivate.id}` })).statusCode).toBe(404);
  });

  it('lets only the author or an admin change or delete a view', async () => {
    const w = await t.newWorkspace();
    const owner = apiOf(t, w);
    const rep = apiOf(t, await addMember(t, w, 'rep'));
    const rep2 = apiOf(t, await addMember(t, w, 'rep'));
    const view = (await rep({ method: 'POST', url: '/api/v1/views', payload: { name: 'Shared by rep', filters: { source: 'web' }, shared: true } })).json();

    expect((await rep2({ method: 'PATCH', url: `/api/v1/views/${view.id}`, payload: { name: 'Hijacked' } })).statusCode).toBe(403);
    expect((await rep2({ method: 'DELETE', url: `/api/v1/views/${view.id}` })).statusCode).toBe(403);

    const renamed = await rep({ method: 'PATCH', url: `/api/v1/views/${view.id}`, payload: { name: 'Web leads', sort: 'name', filters: { source: 'web', stage: 'new' } } });
    expect(renamed.json()).toMatchObject({ name: 'Web leads', sort: 'name', filters: { source: 'web', stage: 'new' }, shared: true });
    // unsharing hides it from others
    await rep({ method: 'PATCH', url: `/api/v1/views/${view.id}`, payload: { shared: false } });
    expect((await rep2({ method: 'GET', url: '/api/v1/views' })).json().data).toEqual([]);
    await rep({ method: 'PATCH', url: `/api/v1/views/${view.id}`, payload: { shared: true } });
    // an admin (here the owner) may delete a shared view they did not write
    expect((await owner({ method: 'DELETE', url: `/api/v1/views/${view.id}` })).json()).toEqual({ ok: true });
    expect((await rep({ method: 'GET', url: '/api/v1/views' })).json().data).toEqual([]);
  });

  it('validates names, filters and sort', async () => {
    const w = await t.newWorkspace();
    const api = apiOf(t, w);
    const cases: [object, string][] = [
      [{ name: '', filters: {} }, 'name'],
      [{ name: 'X', filters: { stage: 'nope' } }, 'filters.stage'],
      [{ name: 'X', filters: { touched: 'later' } }, 'filters.touched'],
      [{ name: 'X', sort: 'height' }, 'sort'],
    ];
    for (const [payload, field] of cases) {
      const res = await api({ method: 'POST', url: '/api/v1/views', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.fields).toHaveProperty([field]);
    }
    const viaKey = await t.as({ apiKey: w.apiKey })({ method: 'POST', url: '/api/v1/views', payload: { name: 'Key view' } });
    expect(viaKey.json().error.fields).toHaveProperty(['shared']);
  });
});
