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
    expect(acts.rows).toEqual([{ kind: 'contact.added', n: 1 }, { kind: 'lead.imported', n: 5 }]);
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
});
