import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { shot, signIn, signUp } from './helpers.ts';

// A fresh account and workspace, so the counts below are exact whatever ran before.
const USER = { name: 'Ivy Importer', email: `ivy.${Date.now()}@flywheel.test`, password: 'import-all-the-rows-1', workspace: 'Ivy Imports' };
const fixture = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name);
const CSV = 'hubspot-contacts.csv';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signUp(page, USER);
  await page.close();
});

async function upload(page: Page, file: string) {
  await page.goto('/import');
  await expect(page.getByRole('heading', { name: 'Upload a file' })).toBeVisible();
  await page.locator('input[type="file"]').setInputFiles(fixture(file));
}

const mappingSelect = (page: Page, column: string) => page.getByLabel(`Import column “${column}” as`, { exact: true });
const chip = (page: Page, label: string) => page.getByRole('group', { name: 'Filter preview rows by outcome' }).getByRole('button', { name: new RegExp(`${label}$`) });

test('a file that is not a table is refused with a clear message', async ({ page }) => {
  await signIn(page, USER.email, USER.password);
  await upload(page, 'not-a-table.png');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('couldn’t read “not-a-table.png”');
  await expect(alert).toContainText('This file is a PNG image, not a table'); // the server's reason, not a generic status
  await expect(page.getByRole('heading', { name: 'Upload a file' })).toBeVisible(); // still on step 1
});

test('HubSpot export: map, preview, import, download rejected rows, find the leads', async ({ page }) => {
  await signIn(page, USER.email, USER.password);
  await upload(page, CSV);

  // ── step 2: what was detected, and the auto-mapped columns
  await expect(page.getByText('HubSpot export · UTF-8 with BOM · comma · 7 rows')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Import steps' }).locator('[aria-current="step"]')).toContainText('Map columns');
  await expect(mappingSelect(page, 'Company Name')).toHaveValue('name');
  await expect(mappingSelect(page, 'Email')).toHaveValue('email');
  await expect(mappingSelect(page, 'Phone Number')).toHaveValue('phone');
  await expect(mappingSelect(page, 'First Name')).toHaveValue('firstName');
  const emailRow = page.getByTestId('mapping-row').filter({ has: mappingSelect(page, 'Email') });
  await expect(emailRow.getByText('auto', { exact: true })).toBeVisible();
  // samples survive the quoted comma and the quoted newline
  await expect(page.getByTestId('mapping-row').getByText('Bolt, Brothers & Sons')).toBeVisible();
  await expect(page.getByTestId('mapping-row').getByText('12 Main St Suite 4')).toBeVisible();
  await shot(page, 'import-mapping');

  // two columns on one field are flagged and block the preview until fixed
  await mappingSelect(page, 'Last Name').selectOption('firstName');
  await expect(page.getByText('Two columns go to the same field')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Preview import' })).toBeDisabled();
  await mappingSelect(page, 'Last Name').selectOption('lastName');
  await expect(page.getByText('Two columns go to the same field')).toBeHidden();

  await page.getByLabel('Tags to add').fill('hubspot-import');
  await page.getByLabel('Remember this mapping for HubSpot exports').check();
  await page.getByRole('button', { name: 'Preview import' }).click();

  // ── step 3: the dry run
  await expect(chip(page, 'Will create')).toHaveAccessibleName('5 Will create');
  await expect(chip(page, 'Will update')).toHaveAccessibleName('0 Will update');
  await expect(chip(page, 'Will skip')).toHaveAccessibleName('0 Will skip');
  await expect(chip(page, 'Will reject')).toHaveAccessibleName('2 Will reject');
  const previewRows = page.getByRole('table', { name: 'Preview rows' }).locator('tbody tr');
  // no name and no usable email or phone: rejected, saying which value was wrong
  const invalid = previewRows.filter({ hasText: 'info(at)nowhere-roofing.test' });
  await expect(invalid).toHaveAttribute('data-status', 'reject');
  await expect(invalid).toContainText(/invalid email/i);
  // the same email twice in one file: the second row is rejected as a duplicate of the first
  const dup = previewRows.filter({ has: page.getByRole('cell', { name: '7', exact: true }) });
  await expect(dup).toHaveAttribute('data-status', 'reject');
  await expect(dup).toContainText(/duplicate of row 2/i);
  // a bad email next to a name is not a reason to drop the row: imported, with a warning
  const warned = previewRows.filter({ hasText: 'Delta Roofing' });
  await expect(warned).toHaveAttribute('data-status', 'create');
  await expect(warned).toContainText('dan.delta@deltaroofing');
  // the international number is kept in its own country, in E.164
  await expect(previewRows.filter({ hasText: 'Thames Brokers Ltd' })).toContainText('+442079460958');
  const rejectReason = (await invalid.locator('td').last().innerText()).trim();
  await chip(page, 'Will reject').click(); // chips filter the table
  await expect(previewRows).toHaveCount(2);
  await shot(page, 'import-preview');

  // back to mapping keeps the choices
  await page.getByRole('button', { name: 'Back to mapping' }).click();
  await expect(page.getByLabel('Tags to add')).toHaveValue('hubspot-import');
  await page.getByRole('button', { name: 'Preview import' }).click();
  await page.getByRole('button', { name: 'Start import' }).click();

  // ── step 4: progress, then the result with the exact counts
  await expect(page).toHaveURL(/\/import\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `Imported ${CSV}` })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('group', { name: 'Imported' }).getByText('5', { exact: true })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Updated' }).getByText('0', { exact: true })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Skipped' }).getByText('0', { exact: true })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Rejected' }).getByText('2', { exact: true })).toBeVisible();
  await shot(page, 'import-result');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download rejected rows (CSV)' }).click()]);
  const report = fs.readFileSync((await download.path())!, 'utf8');
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  expect(report).toContain('info(at)nowhere-roofing.test');
  expect(report).toContain('1 Nowhere Rd');
  expect(report).toMatch(/duplicate of row 2/i);
  expect(report).toContain(rejectReason.split('\n')[0]);
  expect(report).not.toContain('Thames Brokers'); // only the rejected rows

  // ── the leads are there, quoted comma and international phone intact
  await page.getByRole('link', { name: 'View imported leads' }).click();
  await expect(page).toHaveURL(/\/leads/);
  await page.getByLabel('Search leads').fill('Thames');
  await expect(page.getByText('Thames Brokers Ltd')).toBeVisible();
  await page.getByLabel('Search leads').fill('Bolt');
  await expect(page.getByText('Bolt, Brothers & Sons')).toBeVisible();

  // ── history lists it with its counts
  await page.goto('/import');
  const hist = page.getByRole('table', { name: 'Recent imports' }).locator('tbody tr').filter({ hasText: CSV });
  await expect(hist).toHaveCount(1);
  await expect(hist).toContainText('Done');
});

test('the same export again: the saved mapping is used and existing leads are skipped', async ({ page }) => {
  await signIn(page, USER.email, USER.password);
  await upload(page, CSV);
  await expect(page.getByText('Using the mapping you saved for HubSpot exports')).toBeVisible();
  await expect(mappingSelect(page, 'Email')).toHaveValue('email');
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(chip(page, 'Will skip')).toHaveAccessibleName('5 Will skip');
  const acme = page.getByRole('table', { name: 'Preview rows' }).locator('tbody tr').filter({ hasText: 'Acme Insurance Group' }).first();
  await expect(acme).toHaveAttribute('data-status', 'skip');
  await expect(acme).toContainText(/already in flywheel/i);
  await page.getByRole('button', { name: 'Back to mapping' }).click();
  await page.getByText('Update it').click();
  await page.getByRole('button', { name: 'Preview import' }).click();
  await expect(chip(page, 'Will update')).not.toHaveAccessibleName(/^0 /);
  // dark theme, for the screenshots
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await shot(page, 'import-preview-dark');
  await page.getByRole('button', { name: 'Back to mapping' }).click();
  await shot(page, 'import-mapping-dark');
});
