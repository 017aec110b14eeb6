import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/routes.ts';
import { createTestContext, testDbKind, type TestContext } from '../harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe(`http surface on ${testDbKind}`, () => {
  it('GET /api/health answers 200 and says which database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, database: testDbKind });
  });

  it('serves an OpenAPI document listing every route of the route table, and a browsable page', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const r of apiRoutes) {
      const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    }
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/assets/swagger-ui-bundle.js' })).statusCode).toBe(200);
  });

  it('answers malformed JSON with 400, unknown routes with a JSON 404, never 500', async () => {
    const w = await t.newWorkspace();
    const bad = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/api-keys', headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBeTruthy();
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const wrongType = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/api-keys', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(wrongType.statusCode).toBeGreaterThanOrEqual(400);
    expect(wrongType.statusCode).toBeLessThan(500);
  });

  it('validation errors are 400 with field-level messages', async () => {
    const w = await t.newWorkspace();
    const res = await t.as({ cookie: w.cookie })({ method: 'PATCH', url: '/api/v1/workspace', payload: { defaultCountry: 'usa', timezone: 'Mars/Olympus' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toMatchObject({ defaultCountry: expect.any(String), timezone: 'Unknown time zone' });
  });

  it('refuses cookie-authenticated writes from another site', async () => {
    const w = await t.newWorkspace();
    const res = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/api-keys', headers: { origin: 'https://evil.example' }, payload: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    const ok = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/api-keys', headers: { origin: 'http://localhost:3000', host: 'localhost:3000' }, payload: { name: 'x' } });
    expect(ok.statusCode).toBe(200);
  });

  it('an API key never reaches a response after creation, and bad bearer tokens get 401', async () => {
    const w = await t.newWorkspace();
    const list = await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/api-keys' });
    expect(list.body).not.toContain(w.apiKey);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { authorization: 'Bearer fw_nope' } });
    expect(res.statusCode).toBe(401);
    const malformed = await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { authorization: 'Basic abc' } });
    expect(malformed.statusCode).toBe(401);
  });
});
