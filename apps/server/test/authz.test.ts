import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../src/routes.ts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from './harness.ts';
import { buildTenantFixture, SAMPLES, type TenantFixture } from './authz.samples.ts';

/**
 * Route-table-driven authorization: every /api/v1 route is called anonymously and as a member of
 * another workspace aiming at workspace A's resources. Anonymous must get 401; the outsider must be
 * refused (403/404) or, on collection routes, see none of A's data; A's data must be unchanged.
 * A new route without an entry in authz.samples.ts fails this test on purpose.
 */
let t: TestContext;
let a: TestWorkspace;
let b: TestWorkspace;
let fx: TenantFixture;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.newWorkspace('Tenant A Marker-7f3a');
  b = await t.newWorkspace('Tenant B');
  fx = await buildTenantFixture(t, a);
});
afterAll(async () => t?.close());

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const guarded = apiRoutes.filter((r) => r.auth !== 'public');

describe(`authorization on ${testDbKind}`, () => {
  it('has a sample for every non-public route', () => {
    const missing = guarded.map(key).filter((k) => !SAMPLES[k]);
    expect(missing).toEqual([]);
  });

  it.each(guarded.map((r) => [key(r), r] as const))('%s refuses anonymous callers with 401', async (_k, r) => {
    const s = SAMPLES[key(r)];
    const res = await t.app.inject({ method: r.method, url: s.url(fx), payload: s.body?.(fx) });
    expect(res.statusCode).toBe(401);
  });

  it.each(guarded.map((r) => [key(r), r] as const))('%s refuses a member of another workspace', async (_k, r) => {
    const s = SAMPLES[key(r)];
    const res = await t.as({ cookie: b.cookie })({ method: r.method, url: s.url(fx), payload: s.body?.(fx) });
    if (s.collection) {
      // the outsider may list their own workspace, but nothing of A may appear
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body).not.toContain('Marker-7f3a');
      for (const id of fx.ids()) expect(res.body).not.toContain(id);
    } else {
      expect([401, 403, 404]).toContain(res.statusCode);
    }
  });

  it("left workspace A's data untouched", async () => {
    await fx.assertUnchanged(t, a);
  });
});
