import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { runImport } from './engine/run.ts';
import { importLeadsFromFile } from './import.cli.ts';
import { executeImport } from './import.service.ts';
import * as repo from './import.repo.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import type { Db } from '../../db/client.ts';
import { countLeads, fixture, generateLeadsCsv } from './import.test-utils.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const importFile = (w: TestWorkspace, file: string, dedupe: 'skip' | 'update' = 'skip') => importLeadsFromFile(t.deps, { file, workspaceId: w.workspaceId, dedupe });

/** The rejected report as { row, reason } (and the original columns), BOM and CRLF handled. */
function readReport(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  const [header, ...rows] = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
  return { header, rows: rows.map((r) => ({ row: Number(r[r.length - 2]), reason: r[r.length - 1], cells: r.slice(0, -2) })) };
}

interface LeadRow { id: string; name: string; stage: string; owner_id: string | null; tags: string[]; value: string | number | null; country: string | null; primary_email: string | null; primary_phone: string | null; import_id: string | null; custom_fields: Record<string, string>; facts: string; external_id: string | null }
interface ContactRow { first_name: string; last_name: string; title: string | null; emails: string[]; phones: string[]; is_primary: boolean }

async function leadsOf(w: TestWorkspace) {
  const { rows } = await t.db.query<LeadRow>('SELECT * FROM leads WHERE workspace_id = $1 ORDER BY created_at, name', [w.workspaceId]);
  return rows;
}
async function contactsOf(w: TestWorkspace, leadName: string) {
  const { rows } = await t.db.query<ContactRow>(
    `SELECT c.* FROM contacts c JOIN leads l ON l.id = c.lead_id WHERE c.workspace_id = $1 AND l.name = $2 ORDER BY c.is_primary DESC, c.created_at, c.first_name`,
    [w.workspaceId, leadName]);
  return rows;
}
const byName = (leads: LeadRow[], name: string) => leads.find((l) => l.name === name)!;

describe(`import engine on ${testDbKind}`, () => {
  it('HubSpot export: groups a company, normalizes phones per country, keeps good neighbours of bad rows', async () => {
    const w = await t.newWorkspace();
    const r = await importFile(w, fixture('hubspot-contacts.csv'));
    expect(r).toMatchObject({ imported: 6, updated: 0, skipped: 0, rejected: 3 });
    const leads = await leadsOf(w);
    expect(leads.map((l) => l.name).sort()).toEqual(['Acme, Inc.', 'Gina', 'Globex GmbH', 'Hooli', 'Initech']);
    const acme = byName(leads, 'Acme, Inc.');
    expect(acme).toMatchObject({ stage: 'contacted', owner_id: w.userId, primary_email: 'ana@acme.example', primary_phone: '+14155552671', external_id: '101' });
    expect(await contactsOf(w, 'Acme, Inc.')).toMatchObject([
      { first_name: 'Ana', last_name: 'García', title: 'CEO', emails: ['ana@acme.example'], phones: ['+14155552671'], is_primary: true },
      { first_name: 'Bob', emails: ['bob@acme.example'], phones: ['+14155550101'], is_primary: false },
    ]);
    // Germany's national formats parse as German numbers; unknown owner → unassigned; no stage → the first stage
    expect(byName(leads, 'Globex GmbH')).toMatchObject({ stage: 'new', owner_id: null, country: 'Germany', primary_phone: '+49301234567' });
    expect((await contactsOf(w, 'Globex GmbH'))[0].phones).toEqual(['+49301234567', '+4915123456789']);
    expect((await contactsOf(w, 'Hooli'))[0]).toMatchObject({ title: 'VP Sales\r\n(EMEA)', phones: ['+442079460958'] });
    expect((await contactsOf(w, 'Initech'))[0]).toMatchObject({ first_name: 'Dan', emails: [] });
    expect((await contactsOf(w, 'Gina'))[0]).toMatchObject({ first_name: 'Gina', phones: [] });
    expect(leads.every((l) => l.import_id === leads[0].import_id && l.import_id !== null)).toBe(true);

    const report = readReport(r.reportPath!);
    expect(report.header.slice(-2)).toEqual(['row', 'reason']);
    expect(report.rows.map(({ row, reason }) => ({ row, reason }))).toEqual([
      { row: 7, reason: 'Duplicate of row 2 in this file (same email ana@acme.example)' },
      { row: 8, reason: 'No name, email or phone' },
      { row: 11, reason: 'Invalid email: bad@@x' },
    ]);
    expect(report.rows[0].cells.slice(0, 4)).toEqual(['105', 'Eve', 'Adams', 'ana@acme.example']);

    const acts = await t.db.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM activities WHERE workspace_id = $1 AND ref_type = 'import' GROUP BY kind ORDER BY kind`, [w.workspaceId]);
    // one timeline row per new lead, naming every row of the file that went into it
    expect(acts.rows).toEqual([{ kind: 'lead.imported', n: 5 }]);
    const acmeActs = await t.db.query<{ summary: string; actor_label: string }>(`SELECT summary, actor_label FROM activities WHERE workspace_id = $1 AND lead_id = $2`, [w.workspaceId, acme.id]);
    expect(acmeActs.rows).toEqual([{ summary: 'Imported from hubspot-contacts.csv (rows 2, 3)', actor_label: 'CLI import' }]);
  });

  it('Salesforce report in Windows-1252 with semicolons keeps umlauts and accents', async () => {
    const w = await t.newWorkspace();
    const r = await importFile(w, fixture('salesforce-contacts-win1252.csv'));
    expect(r).toEqual({ imported: 5, updated: 0, skipped: 0, rejected: 0, reportPath: null });
    const leads = await leadsOf(w);
    expect(leads.map((l) => l.name).sort()).toEqual(['Anna Schmidt', 'Café Müller GmbH', 'Crème Brûlée SARL', 'Power AG']);
    expect(byName(leads, 'Café Müller GmbH')).toMatchObject({ facts: 'Kunde seit 2019; zahlt pünktlich', primary_phone: '+493012345678' });
    expect((await contactsOf(w, 'Café Müller GmbH')).map((c) => `${c.first_name} ${c.last_name}`)).toEqual(['Jürgen Müller', 'José Núñez']);
    expect(byName(leads, 'Anna Schmidt').primary_phone).toBe('+491711234567'); // "Deutschland" → DE
    expect(byName(leads, 'Crème Brûlée SARL').primary_phone).toBe('+33142685300');
    expect((await contactsOf(w, 'Power AG'))[0].emails).toEqual([]); // invalid email left out, lead kept
  });

  it('Salesforce report with a title above the header and a copyright footer: footer lines are rejected, not imported', async () => {
    const w = await t.newWorkspace();
    const r = await importFile(w, fixture('salesforce-report.csv'));
    expect(r).toMatchObject({ imported: 2, rejected: 2 });
    expect((await leadsOf(w)).map((l) => [l.name, l.stage])).toEqual([['Acme', 'new'], ['Beta', 'won']]); // "Closed - Converted" is won
    expect(readReport(r.reportPath!).rows.map((x) => [x.row, x.reason])).toEqual([
      [8, 'Only one value on this line but the file has 5 columns (a title or footer line?)'],
      [9, 'Only one value on this line but the file has 5 columns (a title or footer line?)'],
    ]);
  });

  it('Close TSV: stages by label, closed-won synonyms, unknown stages fall back with a warning', async () => {
    const w = await t.newWorkspace();
    expect(await importFile(w, fixture('close-leads.tsv'))).toMatchObject({ imported: 4, rejected: 1 });
    const leads = await leadsOf(w);
    expect(Object.fromEntries(leads.map((l) => [l.name, l.stage]))).toEqual({ 'Wayne Enterprises': 'interested', 'Stark Industries': 'new', 'Acme Rockets': 'won' });
    expect((await contactsOf(w, 'Wayne Enterprises')).map((c) => c.first_name)).toEqual(['Bruce', 'Lucius']);
    expect(byName(leads, 'Stark Industries').primary_phone).toBe('+447911123456');
    expect(byName(leads, 'Acme Rockets').primary_phone).toBeNull();
  });

  it('Pipedrive export: "Doe, Jane" names, money formats, labels as tags; bad values and misaligned rows are rejected', async () => {
    const w = await t.newWorkspace();
    const r = await importFile(w, fixture('pipedrive-persons.csv'));
    expect(r).toMatchObject({ imported: 2, rejected: 3 });
    const leads = await leadsOf(w);
    expect(byName(leads, 'Umbrella Corp')).toMatchObject({ stage: 'contacted', tags: ['vip', 'trade show'] });
    expect(Number(byName(leads, 'Umbrella Corp').value)).toBe(1250.5);
    expect(byName(leads, 'Cyberdyne')).toMatchObject({ stage: 'meeting_set', tags: ['hot'], primary_phone: '+61293744000' });
    expect(Number(byName(leads, 'Cyberdyne').value)).toBe(3000);
    expect((await contactsOf(w, 'Umbrella Corp'))[0]).toMatchObject({ first_name: 'Jane', last_name: 'Doe' });
    expect(readReport(r.reportPath!).rows.map(({ row, reason, cells }) => [row, reason, cells[4]])).toEqual([
      [3, 'Value "n/a" is not a number', 'Umbrella Corp'],
      [5, 'Row has 9 values but the file has 8 columns (a value with an unquoted delimiter?)', 'Some Co'],
      [6, 'Duplicate of row 2 in this file (same email jane@umbrella.example)', 'Umbrella Corp'],
    ]);
  });

  it('plain sheet: several emails and phones per cell, rows of one company share a lead', async () => {
    const w = await t.newWorkspace();
    expect(await importFile(w, fixture('plain-sheet.csv'))).toMatchObject({ imported: 3, rejected: 1 });
    const leads = await leadsOf(w);
    expect(byName(leads, 'Alice Example')).toMatchObject({ tags: ['a', 'b'], facts: 'Line one\nLine two' });
    // "020 7946 0958" is not a US number (the workspace's country): left out, the +44 one kept
    expect(await contactsOf(w, 'Example Ltd')).toMatchObject([
      { first_name: 'Bob', last_name: 'Example', emails: ['bob@example.org', 'bob.private@example.org'], phones: ['+447911123456'], is_primary: true },
      { first_name: 'Chris', phones: ['+12025550143'], is_primary: false },
    ]);
  });

  it('dedupe against existing contacts: skip leaves them, update fills fields, adds phones and tags and logs lead.updated', async () => {
    const w = await t.newWorkspace();
    await importFile(w, fixture('hubspot-contacts.csv'));
    const dir = fs.mkdtempSync(path.join(t.dataDir, 'dedupe-'));
    const file = path.join(dir, 'update.csv');
    fs.writeFileSync(file, [
      'Email,Company Name,Lead Status,Phone,Tags,Job Title',
      'ANA@acme.example,"Acme, Inc.",Interested,+1 202 555 0143,renewal,Founder', // matches Ana by email (any case)
      'someone@new.example,New Co,,,,',
      ',,,+1 415 555 0101,,Co-founder', // matches Bob by phone
      '',
    ].join('\n'));
    const skip = await importFile(w, file, 'skip');
    expect(skip).toMatchObject({ imported: 1, updated: 0, skipped: 2, rejected: 0 });
    expect(byName(await leadsOf(w), 'Acme, Inc.').stage).toBe('contacted');

    const update = await importFile(w, file, 'update');
    // New Co exists now (from the skip run), so all three rows match something
    expect(update).toMatchObject({ imported: 0, updated: 3, skipped: 0, rejected: 0 });
    const leads = await leadsOf(w);
    expect(leads.filter((l) => l.name === 'New Co')).toHaveLength(1);
    const acme = byName(leads, 'Acme, Inc.');
    expect(acme).toMatchObject({ stage: 'interested', tags: ['renewal'], owner_id: w.userId });
    const [ana, bob] = await contactsOf(w, 'Acme, Inc.');
    expect(bob).toMatchObject({ first_name: 'Bob', title: 'Co-founder', phones: ['+14155550101'] });
    expect(ana).toMatchObject({ first_name: 'Ana', title: 'Founder', emails: ['ana@acme.example'], phones: ['+14155552671', '+12025550143'] });
    const acts = await t.db.query<{ summary: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
      `SELECT summary, before, after FROM activities WHERE workspace_id = $1 AND lead_id = $2 AND kind = 'lead.updated'`, [w.workspaceId, acme.id]);
    expect(acts.rows).toHaveLength(1);
    expect(acts.rows[0].summary).toBe('Updated from import update.csv (rows 2, 4)');
    expect(acts.rows[0].before).toEqual({ stage: 'contacted', tags: [], contacts: [
      { id: expect.any(String), name: 'Ana García', title: 'CEO', phones: ['+14155552671'] },
      { id: expect.any(String), name: 'Bob Stone', title: 'CFO' },
    ] });
    expect(acts.rows[0].after).toEqual({ stage: 'interested', tags: ['renewal'], contacts: [
      { id: expect.any(String), name: 'Ana García', title: 'Founder', phones: ['+14155552671', '+12025550143'] },
      { id: expect.any(String), name: 'Bob Stone', title: 'Co-founder' },
    ] });

    // the same file again in update mode changes nothing, so it writes no new timeline rows
    await importFile(w, file, 'update');
    const again = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM activities WHERE workspace_id = $1 AND kind = 'lead.updated'`, [w.workspaceId]);
    expect(again.rows[0].n).toBe(1); // only Acme changed in the first update run; New Co's row had nothing new
  });

  it('in-file duplicates in update mode merge into the first row instead of being rejected', async () => {
    const w = await t.newWorkspace();
    const dir = fs.mkdtempSync(path.join(t.dataDir, 'merge-'));
    const file = path.join(dir, 'merge.csv');
    fs.writeFileSync(file, 'Name,Email,Phone,City\nAna Lopez,ana@x.example,,\nAna L.,ana@x.example,+1 415 555 2671,Austin\n');
    expect(await importFile(w, file, 'update')).toMatchObject({ imported: 1, updated: 1, rejected: 0 });
    const [lead] = await leadsOf(w);
    expect(lead).toMatchObject({ name: 'Ana Lopez', city: 'Austin', primary_email: 'ana@x.example', primary_phone: '+14155552671' });
    expect((await contactsOf(w, 'Ana Lopez'))[0]).toMatchObject({ first_name: 'Ana', last_name: 'L.', phones: ['+14155552671'] });
  });

  it(`a ${(10_200).toLocaleString('en-US')}-row file: exact counts, report, and a crash mid-way resumes to the same result`, async () => {
    const w = await t.newWorkspace();
    const gen = generateLeadsCsv(10_200);
    const id = crypto.randomUUID();
    const rel = path.join('imports', id, 'source.csv');
    fs.mkdirSync(path.join(t.dataDir, 'imports', id), { recursive: true });
    fs.writeFileSync(path.join(t.dataDir, rel), gen.csv);
    const mapping = { Company: 'name', 'First Name': 'firstName', 'Last Name': 'lastName', Email: 'email', Phone: 'phone', City: 'city', Country: 'country', Tags: 'tags', 'Deal Value': 'value', Notes: 'facts' } as const;
    await withWorkspace(t.db, w.workspaceId, async (tx) => {
      await repo.insertImport(tx, { id, workspaceId: w.workspaceId, userId: w.userId, filename: 'big.csv', source: 'generic', filePath: rel, totalRows: gen.rows });
      await repo.markQueued(tx, w.workspaceId, id, mapping, { dedupe: 'skip', tags: ['imported'] });
    });
    // the process "dies" right after the first committed batch
    let calls = 0;
    await expect(executeImport(t.deps, w.workspaceId, id, { onProgress: () => { if (++calls === 1) throw new Error('worker killed'); } })).rejects.toThrow('worker killed');
    const half = await withWorkspace(t.db, w.workspaceId, (tx) => repo.findImport(tx, w.workspaceId, id));
    expect(half).toMatchObject({ status: 'failed', processed_rows: 2000 });

    // a second delivery while a live worker owns the import (fresh heartbeat) does nothing …
    await t.db.query(`UPDATE imports SET status = 'running', heartbeat_at = now() WHERE id = $1`, [id]);
    expect(await executeImport(t.deps, w.workspaceId, id)).toMatchObject({ status: 'running', processedRows: 2000 });
    // … and once that worker has gone silent, the next delivery resumes after the last committed batch
    await t.db.query(`UPDATE imports SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`, [id]);
    const done = await executeImport(t.deps, w.workspaceId, id);
    expect(done).toMatchObject({ status: 'done', processedRows: gen.rows, totalRows: gen.rows, imported: gen.expected.imported, rejected: gen.expected.rejected, skipped: 0, updated: 0, hasReport: true });
    expect(await countLeads(t.db, w.workspaceId)).toBe(gen.expected.leads);
    const contacts = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1', [w.workspaceId]);
    expect(contacts.rows[0].n).toBe(gen.expected.imported);
    const report = readReport(path.join(t.dataDir, 'imports', id, 'rejected.csv'));
    expect(report.rows).toHaveLength(gen.expected.rejected);
    const kinds = { 'No name, email or phone': 0, 'Invalid email': 0, Duplicate: 0 } as Record<string, number>;
    for (const r of report.rows) kinds[r.reason.startsWith('Invalid email') ? 'Invalid email' : r.reason.startsWith('Duplicate of') ? 'Duplicate' : r.reason]++;
    expect(kinds).toEqual(gen.expected.reasons);
    expect(report.rows[0]).toMatchObject({ row: 9, reason: 'No name, email or phone' });
    const sample = await t.db.query<LeadRow>(`SELECT * FROM leads WHERE workspace_id = $1 AND name = 'Company 0, Inc.'`, [w.workspaceId]);
    expect(sample.rows[0]).toMatchObject({ tags: ['vip', 'q1', 'imported'], city: 'Austin', primary_email: 'p0@co0.example', primary_phone: '+12125550000' });
  });

  it('xlsx with explicit mapping and custom fields; the dry run predicts the real run exactly and writes nothing', async () => {
    const w = await t.newWorkspace();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Read me');
    const ws = wb.addWorksheet('Leads');
    ws.addRow(['Company', 'Contact', 'Email', 'Phone', 'Created', 'Deal Value', 'Region code']);
    ws.addRow(['Acme', 'Ana Lopez', 'ana@acme.example', 4155552671, new Date(Date.UTC(2024, 2, 5)), { formula: '2*600', result: 1200 }, 'W-1']);
    ws.addRow([]);
    ws.addRow(['Beta', 'Ben Ng', { text: 'ben@beta.example', hyperlink: 'mailto:ben@beta.example' }, '+44 20 7946 0958', null, 'lots', 'E-2']);
    ws.addRow(['Gamma', null, null, null, null, 99, null]);
    const file = path.join(fs.mkdtempSync(path.join(t.dataDir, 'xlsx-')), 'leads.xlsx');
    fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const params = {
      db: t.db, workspaceId: w.workspaceId, importId: crypto.randomUUID(), source: { path: file }, filename: 'leads.xlsx',
      mapping: { Company: 'name', Contact: 'fullName', Email: 'email', Phone: 'phone', Created: 'custom:created', 'Deal Value': 'value', 'Region code': 'custom:region_code' } as const,
      options: { dedupe: 'skip' as const, tags: [] }, actor: { userId: w.userId, label: 'Owner' },
    };
    const dry = await runImport({ ...params, dryRun: true });
    expect(dry.counts).toEqual({ create: 2, update: 0, skip: 0, reject: 1 });
    expect(dry.preview.map((p) => [p.row, p.status, p.reason])).toEqual([[2, 'create', null], [4, 'reject', 'Value "lots" is not a number'], [5, 'create', null]]);
    expect(await countLeads(t.db, w.workspaceId)).toBe(0);

    const reportPath = path.join(path.dirname(file), 'rejected.csv');
    const real = await runImport({ ...params, reportPath });
    expect(real.counts).toEqual(dry.counts);
    const leads = await leadsOf(w);
    expect(byName(leads, 'Acme')).toMatchObject({ custom_fields: { created: '2024-03-05', region_code: 'W-1' }, primary_phone: '+14155552671' });
    expect(Number(byName(leads, 'Acme').value)).toBe(1200);
    expect(byName(leads, 'Gamma')).toMatchObject({ primary_email: null });
    expect(readReport(reportPath).rows.map((r) => [r.row, r.cells[0], r.cells[2]])).toEqual([[4, 'Beta', 'ben@beta.example']]);
  });

  it('warnings explain what was changed or left out, per row', async () => {
    const w = await t.newWorkspace();
    const dry = await runImport({
      db: t.db, workspaceId: w.workspaceId, importId: crypto.randomUUID(), source: { path: fixture('hubspot-contacts.csv') }, filename: 'h.csv',
      mapping: { 'First Name': 'firstName', Email: 'email', 'Phone Number': 'phone', 'Company Name': 'name', 'Lead Status': 'stage', 'Contact owner': 'ownerEmail', 'Country/Region': 'country', 'Lifecycle Stage': 'custom:lifecycle' },
      options: { dedupe: 'skip', defaultStage: 'nurture', tags: [] }, actor: { userId: null, label: 'x' }, dryRun: true,
    });
    const warn = Object.fromEntries(dry.preview.map((p) => [p.row, p.warnings]));
    expect(warn[4]).toEqual(['Unknown owner "Nobody Known" — left unassigned']);
    expect(warn[6]).toEqual(['Invalid email: not-an-email — left out']);
    expect(warn[10]).toEqual(['Invalid phone: 12345 (not a valid number for US) — left out']);
    await expect(runImport({
      db: t.db, workspaceId: w.workspaceId, importId: crypto.randomUUID(), source: { path: fixture('hubspot-contacts.csv') }, filename: 'h.csv',
      mapping: { Email: 'email' }, options: { dedupe: 'skip', defaultStage: 'qualified', tags: [] }, actor: { userId: null, label: 'x' }, dryRun: true,
    })).rejects.toThrow(/Unknown stage "qualified"/);
  });

  it('a row the database refuses is rejected with its reason; the rest of its batch is still saved', async () => {
    const w = await t.newWorkspace();
    const file = path.join(fs.mkdtempSync(path.join(t.dataDir, 'flaky-')), 'flaky.csv');
    fs.writeFileSync(file, `Company,Email\nGood One,a@x.example\nBOOM Corp,b@x.example\nGood Two,c@x.example\n${'X'.repeat(600)},d@x.example\n`);
    // a database that refuses any lead insert carrying "BOOM", as a constraint would
    const flaky = Object.create(t.db) as Db;
    flaky.transaction = (fn) => t.db.transaction((tx) => fn({
      exec: (text) => tx.exec(text),
      query: (text, params) => (/^\s*INSERT INTO leads/.test(text) && JSON.stringify(params ?? []).includes('BOOM')
        ? Promise.reject(new Error('simulated constraint violation')) : tx.query(text, params)),
    }));
    const reportPath = path.join(path.dirname(file), 'rejected.csv');
    let saved: unknown = null;
    const r = await runImport({
      db: flaky, workspaceId: w.workspaceId, importId: crypto.randomUUID(), source: { path: file }, filename: 'flaky.csv', reportPath,
      mapping: { Company: 'name', Email: 'email' }, options: { dedupe: 'skip', tags: [] }, actor: { userId: null, label: 'x' },
      onBatch: async (p) => { saved = p; },
    });
    expect(r.counts).toEqual({ create: 2, update: 0, skip: 0, reject: 2 });
    expect(saved).toEqual({ processed: 4, counts: { create: 2, update: 0, skip: 0, reject: 2 } });
    expect((await leadsOf(w)).map((l) => l.name).sort()).toEqual(['Good One', 'Good Two']);
    expect(readReport(reportPath).rows.map((x) => [x.row, x.reason])).toEqual([
      [3, 'Could not be saved: simulated constraint violation'],
      [5, 'Name is too long (600 characters, at most 500)'],
    ]);
  });
});
