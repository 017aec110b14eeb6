import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRecord } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { createApiKey } from '../identity/index.ts';
import type { AppEvent } from '../../platform/events/bus.ts';
import { registerImportJobs } from './import.jobs.ts';
import { countLeads, readFixture } from './import.test-utils.ts';

let t: TestContext;
const events: AppEvent[] = [];
beforeAll(async () => {
  t = await createTestContext();
  // the real background path: the queue and this domain's worker, as `flywheel serve` runs them
  await t.deps.events.start();
  t.deps.events.subscribe((e) => events.push(e));
  await registerImportJobs(t.deps);
});
afterAll(async () => t?.close());

function multipart(filename: string, content: Buffer, field = 'file') {
  const boundary = `----flywheel${crypto.randomUUID()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (w: TestWorkspace, filename: string, content: Buffer, field?: string) =>
  t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/imports', ...multipart(filename, content, field) });

async function waitForStatus(w: TestWorkspace, id: string, status: string): Promise<ImportRecord> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const rec = (await t.as({ cookie: w.cookie })({ method: 'GET', url: `/api/v1/imports/${id}` })).json() as ImportRecord;
    if (rec.status === status || Date.now() > deadline) return rec;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe(`imports API on ${testDbKind}`, () => {
  it('upload → preview → run as a job → progress events and status → rejected.csv → saved mapping', async () => {
    const w = await t.newWorkspace();
    const as = t.as({ cookie: w.cookie });
    const up = await upload(w, 'hubspot-contacts.csv', readFixture('hubspot-contacts.csv'));
    expect(up.statusCode).toBe(200);
    const u = up.json();
    expect(u).toMatchObject({ filename: 'hubspot-contacts.csv', format: 'csv', encoding: 'utf-8-bom', delimiter: ',', totalRows: 9, detectedSource: 'hubspot', mappingOrigin: 'auto' });
    expect(u.headers).toHaveLength(15);
    expect(u.sampleRows[0].slice(1, 3)).toEqual(['Ana', 'García']);
    expect(u.mapping).toMatchObject({ 'Lead Status': 'stage', 'Lifecycle Stage': 'ignore', 'Company Name': 'name' });
    expect(u.fields.map((f: { key: string }) => f.key)).toContain('ownerEmail');
    expect(fs.existsSync(path.join(t.dataDir, 'imports', u.importId, 'source.csv'))).toBe(true);

    const mapping = { ...u.mapping, 'Lifecycle Stage': 'custom:lifecycle' };
    const preview = await as({ method: 'POST', url: `/api/v1/imports/${u.importId}/preview`, payload: { mapping, options: { dedupe: 'skip' } } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().counts).toEqual({ create: 6, update: 0, skip: 0, reject: 3 });
    expect(preview.json().rows.find((r: { row: number }) => r.row === 7)).toMatchObject({ status: 'reject', reason: 'Duplicate of row 2 in this file (same email ana@acme.example)' });
    expect(preview.json().rows[0]).toMatchObject({ row: 2, status: 'create', name: 'Acme, Inc.', email: 'ana@acme.example', phone: '+14155552671', warnings: [] });
    expect(await countLeads(t.db, w.workspaceId)).toBe(0);

    const run = await as({ method: 'POST', url: `/api/v1/imports/${u.importId}/run`, payload: { mapping, options: { dedupe: 'skip' }, saveMapping: true } });
    expect(run.statusCode).toBe(202);
    expect(run.json()).toEqual({ importId: u.importId, status: 'queued' });
    const done = await waitForStatus(w, u.importId, 'done');
    expect(done).toMatchObject({ status: 'done', imported: 6, updated: 0, skipped: 0, rejected: 3, processedRows: 9, totalRows: 9, progress: 1, hasReport: true, error: null });
    expect(done.reportUrl).toBe(`/api/v1/imports/${u.importId}/rejected.csv`);
    // it ran through pg-boss, not in the request
    const job = await t.db.query<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'imports.run' AND data->>'importId' = $1`, [u.importId]);
    expect(job.rows.map((r) => r.state)).toEqual(['completed']);
    await expect.poll(() => events.filter((e) => e.type === 'import.progress' && (e.payload as { importId: string }).importId === u.importId).map((e) => (e.payload as { status: string }).status), { timeout: 5000 })
      .toEqual(['running', 'running', 'done']);
    const last = events.filter((e) => e.type === 'import.progress').at(-1)!;
    expect(last).toMatchObject({ workspaceId: w.workspaceId, userId: w.userId, payload: { processed: 9, total: 9, counts: { imported: 6, updated: 0, skipped: 0, rejected: 3 } } });

    const csv = await as({ method: 'GET', url: `/api/v1/imports/${u.importId}/rejected.csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="hubspot-contacts-rejected.csv"');
    expect(csv.body).toContain('Duplicate of row 2 in this file (same email ana@acme.example)');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(4);

    const lead = await t.db.query<{ custom_fields: Record<string, string> }>(`SELECT custom_fields FROM leads WHERE workspace_id = $1 AND name = 'Acme, Inc.'`, [w.workspaceId]);
    expect(lead.rows[0].custom_fields).toEqual({ lifecycle: 'lead' });
    expect((await as({ method: 'GET', url: '/api/v1/imports' })).json().data.map((r: ImportRecord) => r.id)).toEqual([u.importId]);
    expect((await as({ method: 'GET', url: '/api/v1/import-mappings' })).json().data).toEqual([{ source: 'hubspot', mapping, updatedAt: expect.any(String) }]);

    // the next HubSpot file starts from the saved choices
    const again = (await upload(w, 'hubspot-2.csv', readFixture('hubspot-contacts.csv'))).json();
    expect(again).toMatchObject({ mappingOrigin: 'saved', mapping: { 'Lifecycle Stage': 'custom:lifecycle' } });
    expect((await as({ method: 'POST', url: `/api/v1/imports/${u.importId}/run`, payload: { mapping } })).statusCode).toBe(409);
    const none = await as({ method: 'GET', url: `/api/v1/imports/${again.importId}/rejected.csv` });
    expect(none.statusCode).toBe(404);
  });

  it.each([
    ['logo.png', 'This file is a PNG image, not a table.'],
    ['brochure.pdf', 'This file is a PDF document, not a table.'],
    ['empty.csv', 'The file is empty.'],
    ['no-header.csv', 'The first row looks like data ("ana@acme.example")'],
    ['header-only.csv', 'The file has a header row but no data rows.'],
  ])('%s is refused with 400 and a clear message, and nothing is kept', async (name, message) => {
    const w = await t.newWorkspace();
    const res = await upload(w, name, readFixture(name));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain(message);
    expect(res.json().error.fields.file).toContain(message);
    expect((await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/imports' })).json().data).toEqual([]);
  });

  it('refuses requests without a file, bad mappings and options with field messages, unknown imports and reps', async () => {
    const w = await t.newWorkspace();
    const as = t.as({ cookie: w.cookie });
    const json = await as({ method: 'POST', url: '/api/v1/imports', payload: { file: 'x' } });
    expect(json.statusCode).toBe(400);
    // a body cut off mid-file (the browser tab closed during the upload)
    const cut = multipart('cut.csv', readFixture('plain-sheet.csv'));
    const aborted = await as({ method: 'POST', url: '/api/v1/imports', headers: cut.headers, payload: cut.payload.subarray(0, cut.payload.length - 40) });
    expect(aborted.statusCode).toBe(400);
    expect(aborted.json().error.message).toBe('The upload was incomplete or malformed. Try again.');
    expect((await upload(w, 'a.csv', readFixture('plain-sheet.csv'), 'upload')).statusCode).toBe(400);

    const { importId } = (await upload(w, 'plain.csv', readFixture('plain-sheet.csv'))).json();
    const preview = (payload: Record<string, unknown>) => as({ method: 'POST', url: `/api/v1/imports/${importId}/preview`, payload });
    const unknownColumn = await preview({ mapping: { Email: 'email', Nope: 'phone' } });
    expect(unknownColumn.statusCode).toBe(400);
    expect(unknownColumn.json().error.fields).toEqual({ 'mapping.Nope': 'This column is not in the file.' });
    expect((await preview({ mapping: { Name: 'name', Company: 'name' } })).json().error.fields).toEqual({ 'mapping.Company': '"Company / account name" is already mapped from column "Name".' });
    const badTarget = await preview({ mapping: { Name: 'favourite' } });
    expect(badTarget.statusCode).toBe(400);
    expect(Object.keys(badTarget.json().error.fields)).toEqual(['mapping.Name']);
    const badStage = await preview({ mapping: { Email: 'email' }, options: { defaultStage: 'qualified' } });
    expect(badStage.statusCode).toBe(400);
    expect(badStage.json().error.fields).toEqual({ 'options.defaultStage': 'Unknown stage.' });
    const badOwner = await as({ method: 'POST', url: `/api/v1/imports/${importId}/run`, payload: { mapping: { Email: 'email' }, options: { ownerId: crypto.randomUUID() } } });
    expect(badOwner.statusCode).toBe(400);
    expect(badOwner.json().error.fields).toEqual({ 'options.ownerId': 'Not a member of this workspace.' });
    expect((await as({ method: 'GET', url: `/api/v1/imports/${importId}` })).json().status).toBe('uploaded');

    expect((await as({ method: 'GET', url: `/api/v1/imports/${crypto.randomUUID()}` })).statusCode).toBe(404);
    expect((await as({ method: 'POST', url: `/api/v1/imports/${crypto.randomUUID()}/preview`, payload: { mapping: {} } })).statusCode).toBe(404);

    const rep = await createApiKey(t.db, w.workspaceId, { name: 'rep key', role: 'rep' });
    const asRep = t.as({ apiKey: rep.key });
    expect((await asRep({ method: 'GET', url: '/api/v1/imports' })).statusCode).toBe(403);
    expect((await asRep({ method: 'POST', url: '/api/v1/imports', ...multipart('p.csv', readFixture('plain-sheet.csv')) })).statusCode).toBe(403);
  });
});
