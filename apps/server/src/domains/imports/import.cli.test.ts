import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDbKind } from '../../../test/harness.ts';
import { TEMPLATE_PATH, TEST_DATA_DIR } from '../../../test/paths.ts';
import { fixture } from './import.test-utils.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '../../../bin/flywheel.mjs');

let dataDir: string;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  dataDir = fs.mkdtempSync(`${TEST_DATA_DIR}/cli-`);
  if (testDbKind === 'pglite') {
    // start from the migrated template every test file uses, instead of an initdb per run
    fs.mkdirSync(path.join(dataDir, 'db'));
    execFileSync('tar', ['-xf', TEMPLATE_PATH, '-C', path.join(dataDir, 'db')], { stdio: 'ignore' });
  }
  // PGlite in the temp data dir, or the shared Postgres test database
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  env = { ...rest, FLYWHEEL_DATA_DIR: dataDir, ...(testDbKind === 'postgres' ? { DATABASE_URL: inject('pgTestUrl') } : {}) };
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function flywheel(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe(`flywheel import leads on ${testDbKind}`, () => {
  it('imports a file into a workspace created by the CLI and prints exact JSON; bad input exits 1 with a message', async () => {
    const created = await flywheel('workspace', 'create', '--name', 'CLI import', '--owner-email', `cli-${Date.now()}@example.test`, '--owner-password', 'password123', '--json');
    expect(created.code, created.stderr).toBe(0);
    const { workspaceId } = JSON.parse(created.stdout) as { workspaceId: string };

    const run = await flywheel('import', 'leads', fixture('hubspot-contacts.csv'), '--workspace', workspaceId, '--json');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['imported', 'updated', 'skipped', 'rejected', 'reportPath']);
    expect(out).toMatchObject({ imported: 6, updated: 0, skipped: 0, rejected: 3 });
    expect(out.reportPath.startsWith(path.join(dataDir, 'imports'))).toBe(true);
    const report = Papa.parse<string[]>(fs.readFileSync(out.reportPath, 'utf8').replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
    expect(report.slice(1).map((r) => [r.at(-2), r.at(-1)])).toEqual([
      ['7', 'Duplicate of row 2 in this file (same email ana@acme.example)'], ['8', 'No name, email or phone'], ['11', 'Invalid email: bad@@x'],
    ]);

    // the same file again, update mode, human output with a progress line on stderr
    const again = await flywheel('import', 'leads', fixture('hubspot-contacts.csv'), '--workspace', workspaceId, '--dedupe', 'update', '--stage', 'nurture');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/Importing 9 \/ 9 rows \(100%\)/);
    expect(again.stdout).toContain('Imported 2, updated 5, skipped 0, rejected 2.');
    expect(again.stdout).toMatch(/Rejected rows and reasons: .*rejected\.csv/);

    const unknown = await flywheel('import', 'leads', fixture('hubspot-contacts.csv'), '--workspace', '00000000-0000-4000-8000-000000000000', '--json');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('Workspace 00000000-0000-4000-8000-000000000000 not found.');
    const missing = await flywheel('import', 'leads', path.join(dataDir, 'nope.csv'), '--workspace', workspaceId, '--json');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Cannot read ${path.join(dataDir, 'nope.csv')}: no such file.`);
    const notTable = await flywheel('import', 'leads', fixture('logo.png'), '--workspace', workspaceId, '--json');
    expect(notTable.code).toBe(1);
    expect(notTable.stderr).toContain('This file is a PNG image, not a table.');
  }, 240_000); // six processes, each loading TypeScript
});
