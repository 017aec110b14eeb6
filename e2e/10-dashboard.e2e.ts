import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { shot } from './helpers.ts';
import { freshWorkspace, setTheme } from './leads-helpers.ts';
import { apiJson, seedDialLeads } from './dialer-helpers.ts';

// crm-war-plan Phase 7: the Dashboard shows only weekly/monthly views (no "today"), every chart's
// numbers as a table and as CSV; the lead shows its best call window (or that data is thin).
test.use({ viewport: { width: 1440, height: 1000 } });

interface Session { id: string; items: { id: string; leadId: string }[] }

test('Dashboard: empty state, then weekly/monthly trends only, a chart as a table, CSV download; best window on the lead', async ({ page }) => {
  await freshWorkspace(page, 'Dash');

  // a new workspace: an empty state that says what to do, no charts
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  await expect(page.getByText('No calls in the last 30 days')).toBeVisible();
  await page.getByRole('button', { name: 'Show 90 days' }).click();
  await expect(page.getByText('No calls to chart yet')).toBeVisible();
  await expect(page).toHaveURL(/range=90d/);

  // three outcomes logged from a dial session (the rep's phone app: no provider call)
  const leads = await seedDialLeads(page, ['Alder Roofing', 'Birch Dental', 'Cedar Plumbing']);
  const session = await apiJson<Session>(page, 'POST', '/api/v1/dialer/sessions', { mode: 'new', callVia: 'tel' });
  const outcomes = ['gatekeeper', 'no_answer', 'left_voicemail'];
  for (const [i, item] of session.items.entries()) {
    await apiJson(page, 'POST', `/api/v1/dialer/sessions/${session.id}/items/${item.id}/disposition`, { dispositionKey: outcomes[i] });
  }
  expect(session.items).toHaveLength(leads.length);

  // the rollup job runs every 5 minutes; Refresh folds now
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText(/Rolled up \d+ days? of changes/)).toBeVisible();
  const activity = page.getByTestId('card-trends').filter({ hasText: 'Activity' });
  await expect(activity).toBeVisible();

  // long-term only: range and bucket choices, nothing about today
  await expect(page.getByRole('group', { name: 'Range' }).getByRole('button')).toHaveText(['7 days', '30 days', '90 days']);
  await expect(page.getByRole('group', { name: 'Group by' }).getByRole('button')).toHaveText(['Weekly', 'Monthly']);
  await expect(page.getByTestId('dashboard')).not.toContainText(/\btoday\b/i);

  // the chart's table shows its numbers: 3 attempts, 1 connect this week
  await activity.getByRole('button', { name: 'Table' }).click();
  const table = activity.getByRole('table', { name: 'Activity (table)' });
  await expect(table).toBeVisible();
  const headers = await table.locator('th').allTextContents();
  const col = (name: string) => headers.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  const lastRow = table.locator('tbody tr').last();
  await expect(lastRow.locator('td').nth(col('Attempts'))).toHaveText('3');
  await expect(lastRow.locator('td').nth(col('Connects'))).toHaveText('1');
  await expect(lastRow.locator('td').nth(col('Connect rate'))).toHaveText('33.3%');
  await shot(page, 'dashboard-table');

  // monthly buckets by keyboard (M), then back to the chart
  await page.keyboard.press('m');
  await expect(page).toHaveURL(/bucket=month/);
  await expect(table.locator('tbody tr').last().locator('td').first()).toHaveText(/^\d{4}-\d{2}-01$/);

  // CSV download: the same numbers
  const [download] = await Promise.all([page.waitForEvent('download'), activity.getByRole('link', { name: 'Activity: download CSV' }).click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toContain('Attempts,Connects,Connect rate');
  const last = csv[csv.length - 1]!.split(',');
  const head = csv[0]!.split(',');
  expect(last[head.indexOf('Attempts')]).toBe('3');
  expect(last[head.indexOf('Connects')]).toBe('1');
  expect(download.suggestedFilename()).toMatch(/^dashboard-trends-90d-.*\.csv$/);

  // best time: the heatmap marks the thin cells; no recommendation from 3 calls
  const best = page.getByTestId('card-best-time');
  await expect(best).toContainText('Not enough calls yet for a recommendation');
  await expect(best.getByRole('table', { name: /Best time to call/ })).toContainText('n=');

  // dark mode stays readable
  await setTheme(page, 'dark');
  await expect(page.getByTestId('card-trends').first()).toBeVisible();
  await shot(page, 'dashboard-dark');

  // the lead view: its best window line
  await page.goto(`/leads/${leads[0]!.id}`);
  await expect(page.getByTestId('best-window')).toHaveText('Best window: not enough calls yet');
});
