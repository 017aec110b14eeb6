import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers.ts';
import { createLead, freshWorkspace, me, seedData, seedLeads, setTheme, tableNames } from './leads-helpers.ts';

// Every test signs up its own account and workspace, so it depends only on the instance having
// its first owner (01-first-run) — not on the order or the data of any other test.
test.use({ viewport: { width: 1600, height: 1000 } });

const count = (page: Page) => page.getByTestId('lead-count');

test('lead list: filter by stage, tag and search, sort, save a view, reload and pick it again', async ({ page }) => {
  test.slow(); // 36 leads through the API, two themes, several reloads
  await freshWorkspace(page, 'Lister');
  const leads = await seedLeads(page);
  await page.goto('/leads');
  await expect(count(page)).toHaveText(`1–${leads.length} of ${leads.length}`);
  // newest first by default (the last batch of leads was created together)
  expect(leads.slice(-6).map((l) => l.name)).toContain((await tableNames(page))[0]);
  await shot(page, 'lead-list');
  await setTheme(page, 'dark');
  await expect(count(page)).toHaveText(`1–${leads.length} of ${leads.length}`);
  await shot(page, 'lead-list-dark');
  await setTheme(page, 'light');

  // sort by name (aria-sort tells assistive tech)
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => tableNames(page)).toEqual([...leads.map((l) => l.name)].sort((a, b) => a.localeCompare(b)));
  await page.getByRole('button', { name: 'Reset sort (newest first)' }).click();

  // stage → tags → search; every filter goes to the URL
  const filterBar = page.getByRole('search', { name: 'Filter leads' });
  await filterBar.getByRole('button', { name: 'Stage', exact: true }).click();
  await page.getByRole('dialog', { name: 'Stage' }).getByLabel(/^Interested/).check();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/stage=interested/);
  const interested = leads.filter((l) => l.stage === 'interested');
  await expect(count(page)).toHaveText(`1–${interested.length} of ${interested.length}`);

  await filterBar.getByRole('button', { name: 'Tags', exact: true }).click();
  await page.getByRole('dialog', { name: 'Tags' }).getByLabel(/^hot/).check();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/tags=hot/);
  const hot = interested.filter((l) => l.tags.includes('hot'));
  await expect(count(page)).toHaveText(`1–${hot.length} of ${hot.length}`);

  await page.getByLabel('Search leads').fill('dental');
  await expect(page).toHaveURL(/q=dental/);
  const expected = hot.filter((l) => /dental/i.test(l.name)).map((l) => l.name).sort();
  expect(expected.length).toBeGreaterThan(1);
  await expect.poll(async () => (await tableNames(page)).sort()).toEqual(expected);
  await expect(count(page)).toHaveText(`1–${expected.length} of ${expected.length}`);

  // the back button undoes the last filter (search replaces its history entry while typing)
  await page.goBack();
  await expect(page).not.toHaveURL(/tags=hot/);
  await page.goForward();
  await expect(page).toHaveURL(/tags=hot/);
  await expect.poll(async () => (await tableNames(page)).sort()).toEqual(expected);

  // save the view (shared), then start from all leads and pick it
  await page.getByRole('button', { name: 'Save view' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save view' });
  await dialog.getByLabel('View name').fill('Hot dental');
  await dialog.getByLabel('Share with the workspace').check();
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByText('View "Hot dental" saved')).toBeVisible();
  await expect(page).toHaveURL(/view=/);

  await page.goto('/leads');
  await expect(count(page)).toHaveText(`1–${leads.length} of ${leads.length}`);
  await page.reload();
  await page.getByLabel('Saved view').selectOption({ label: 'Hot dental (shared)' });
  await expect(count(page)).toHaveText(`1–${expected.length} of ${expected.length}`);
  await expect.poll(async () => (await tableNames(page)).sort()).toEqual(expected);
  await expect(page.getByLabel('Search leads')).toHaveValue('dental');
  await page.reload();
  await expect.poll(async () => (await tableNames(page)).sort()).toEqual(expected);
  await expect(page.getByLabel('Saved view')).toHaveValue(/.+/);

  // "Clear filters" is the way out of an empty result
  await page.getByLabel('Search leads').fill('no such lead anywhere');
  await expect(page.getByRole('heading', { name: 'No leads match these filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).last().click();
  await expect(count(page)).toHaveText(`1–${leads.length} of ${leads.length}`);
});

test('pipeline: drag a card to another stage, it stays after reload and the timeline shows it', async ({ page }) => {
  test.slow();
  await freshWorkspace(page, 'Boarder');
  const leads = await seedLeads(page);
  await page.goto('/leads/pipeline');
  const from = page.locator('section[data-stage="new"]');
  const to = page.locator('section[data-stage="contacted"]');
  // the top card of "New" (the newest lead there)
  const firstId = await from.locator('[data-lead-id]').first().getAttribute('data-lead-id');
  const lead = leads.find((l) => l.id === firstId)!;
  expect(lead.stage).toBe('new');
  const card = page.locator(`[data-lead-id="${lead.id}"]`);
  await expect(from.getByRole('heading')).toContainText(String(leads.filter((l) => l.stage === 'new').length));
  await shot(page, 'pipeline');

  await card.scrollIntoViewIfNeeded();
  const a = (await card.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + 30, a.y + a.height - 10);
  await page.mouse.down();
  await page.mouse.move(a.x + 45, a.y + a.height, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + 140, { steps: 20 });
  await page.mouse.up();
  await expect(to.locator(`[data-lead-id="${lead.id}"]`)).toBeVisible();
  await expect(page.getByText(`${lead.name} moved to Contacted`)).toBeVisible();

  await page.reload();
  await expect(to.locator(`[data-lead-id="${lead.id}"]`)).toBeVisible();
  await expect(from.locator(`[data-lead-id="${lead.id}"]`)).toHaveCount(0);

  // the keyboard path: "Move to…" menu on a card
  const other = leads.find((l) => l.stage === 'new' && l.id !== lead.id)!;
  await page.getByRole('button', { name: `Move ${other.name} to another stage` }).click();
  await page.getByRole('menuitem', { name: 'Meeting set' }).click();
  await expect(page.locator(`section[data-stage="meeting_set"] [data-lead-id="${other.id}"]`)).toBeVisible();

  await setTheme(page, 'dark');
  await expect(to.locator(`[data-lead-id="${lead.id}"]`)).toBeVisible();
  await shot(page, 'pipeline-dark');
  await setTheme(page, 'light');

  // the stage change is on the lead's timeline
  await to.getByRole('link', { name: lead.name }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${lead.id}$`));
  await expect(page.getByLabel('Stage', { exact: true })).toHaveValue('contacted');
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Stage: New → Contacted');
});

test('lead view: facts, a custom field, a tag and a second contact made primary persist', async ({ page }) => {
  await freshWorkspace(page, 'Viewer');
  const lead = await createLead(page, {
    name: 'Harbor Dental Group', stage: 'interested', value: 18000, source: 'Referral', tags: ['dental'],
    contact: { firstName: 'James', lastName: 'Carter', title: 'Office manager', email: 'james@harbordental.com', phone: '(619) 555-0110' },
  });
  await page.goto(`/leads/${lead.id}`);
  await expect(page.getByRole('heading', { name: 'Harbor Dental Group' })).toBeVisible();

  const facts = '3 dentists, 2 locations; current carrier renews in March.';
  await page.getByLabel('Facts').fill(facts);
  await page.getByLabel('Questions').click(); // blur saves
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveCount(1);

  await page.getByLabel('New field name').fill('Renewal date');
  await page.getByLabel('New field value').fill('2025-03-01');
  await page.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByLabel('Value of Renewal date')).toHaveValue('2025-03-01');

  await page.getByLabel('Add a tag').fill('vip');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Tags' })).toContainText('vip');

  await page.getByRole('button', { name: 'Add contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add contact' });
  await dialog.getByLabel('First name').fill('Maria');
  await dialog.getByLabel('Last name').fill('Lopez');
  await dialog.getByLabel('Job title').fill('Practice owner');
  await dialog.getByLabel('Phone 1', { exact: true }).fill('(415) 555-0142');
  await dialog.getByLabel('Email 1', { exact: true }).fill('maria@harbordental.com');
  await dialog.getByLabel('Decision maker').check();
  await dialog.getByRole('button', { name: 'Add contact' }).click();
  const maria = page.getByRole('listitem', { name: 'Maria Lopez' });
  await expect(maria).toBeVisible();
  await maria.getByRole('button', { name: 'Make primary' }).click();
  await expect(maria).toContainText('Primary');
  await expect(page.getByRole('listitem', { name: 'James Carter' })).not.toContainText('Primary');

  await page.reload();
  await expect(page.getByLabel('Facts')).toHaveValue(facts);
  await expect(page.getByLabel('Value of Renewal date')).toHaveValue('2025-03-01');
  await expect(page.getByRole('list', { name: 'Tags' })).toContainText('vip');
  await expect(maria).toContainText('Primary');
  await expect(maria).toContainText('Decision maker');
  await expect(page.getByRole('listitem', { name: 'James Carter' })).not.toContainText('Primary');
  // phones are shown formatted and dial with tel:
  const tel = maria.getByRole('link', { name: /Call Maria Lopez/ });
  await expect(tel).toHaveAttribute('href', 'tel:+14155550142');
  await expect(tel).toHaveText('(415) 555-0142');
  // the primary contact is what the list shows
  const detail = await (await page.request.get(`/api/v1/leads/${lead.id}`)).json();
  expect(detail.primaryEmail).toBe('maria@harbordental.com');
  // tasks live in the Dialer
  const dialer = page.getByRole('link', { name: 'Open in Dialer' });
  await expect(dialer).toHaveAttribute('href', `/dialer?lead=${lead.id}`);
  await expect(page.getByTestId('task-summary')).toHaveText('No pending tasks.');
  await expect(page.getByRole('list', { name: 'Timeline' })).toContainText('Created lead Harbor Dental Group');
  await shot(page, 'lead-view');
  await setTheme(page, 'dark');
  await expect(page.getByLabel('Facts')).toHaveValue(facts);
  await shot(page, 'lead-view-dark');
});

test('bulk delete with Undo; keyboard selection', async ({ page }) => {
  await freshWorkspace(page, 'Bulker');
  const leads = await seedLeads(page, seedData(6));
  await page.goto('/leads');
  await expect(count(page)).toHaveText('1–6 of 6');
  const names = await tableNames(page);

  // j moves the cursor, x selects; checkboxes select too
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await page.getByLabel(`Select ${names[2]}`).check();
  await page.getByLabel(`Select ${names[4]}`).check();
  const bulkBar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bulkBar).toContainText('3 selected');
  await page.keyboard.press('Escape');
  await expect(bulkBar).toHaveCount(0);
  // clicking a checkbox also moved the cursor to that row: x selects it again
  await page.keyboard.press('x');
  await page.getByLabel(`Select ${names[2]}`).check();
  await page.getByLabel(`Select ${names[0]}`).check();
  await expect(bulkBar).toContainText('3 selected');

  // tag them in bulk first, then delete
  await bulkBar.getByRole('button', { name: 'Add tag' }).click();
  await page.getByLabel('Tag', { exact: true }).fill('cleanup');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('Tagged 3 leads "cleanup"')).toBeVisible();

  await bulkBar.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Deleted 3 leads')).toBeVisible();
  await expect(count(page)).toHaveText('1–3 of 3');
  await expect.poll(() => tableNames(page)).toEqual([names[1], names[3], names[5]]);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Restored 3 leads')).toBeVisible();
  await expect(count(page)).toHaveText('1–6 of 6');
  await expect.poll(() => tableNames(page)).toEqual(names);
  expect(leads).toHaveLength(6);
  // the tag survived the round trip
  await page.goto('/leads?tags=cleanup');
  await expect(count(page)).toHaveText('1–3 of 3');
});

test('another workspace sees none of it', async ({ page, browser }) => {
  await freshWorkspace(page, 'Owner');
  const lead = await createLead(page, { name: 'Secret Prospect LLC', stage: 'new' });
  await page.goto('/leads');
  await expect(page.getByRole('link', { name: 'Secret Prospect LLC' })).toBeVisible();

  const other = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page2 = await other.newPage();
  await freshWorkspace(page2, 'Stranger');
  await page2.goto('/leads');
  await expect(page2.getByRole('heading', { name: 'No leads yet' })).toBeVisible();
  await expect(page2.getByRole('link', { name: 'Import a CSV' })).toBeVisible();
  await page2.goto(`/leads/${lead.id}`);
  await expect(page2.getByRole('heading', { name: 'Lead not found' })).toBeVisible();
  await page2.getByRole('link', { name: 'Back to leads' }).click();
  await expect(page2).toHaveURL(/\/leads$/);
  expect((await page2.request.get(`/api/v1/leads/${lead.id}`)).status()).toBe(404);
  await page2.goto('/leads/pipeline');
  await expect(page2.locator('section[data-stage="new"]')).toBeVisible();
  await expect(page2.getByText('Secret Prospect LLC')).toHaveCount(0);
  await other.close();
});

test('pipeline settings: rename, add, reorder and remove a stage that has leads', async ({ page }) => {
  await freshWorkspace(page, 'Piper');
  const { user } = await me(page);
  const parked = await createLead(page, { name: 'Parked Prospect', stage: 'nurture', ownerId: user.id });
  await page.goto('/settings/pipeline');
  const names = page.getByRole('list', { name: 'Stages in order' }).locator('input[aria-label^="Name of stage"]');
  await expect(names).toHaveCount(8);
  await page.getByLabel('Name of stage 4').fill('Callback scheduled');
  await page.getByRole('button', { name: 'Add stage' }).click();
  await page.keyboard.type('Proposal sent');
  await page.getByRole('button', { name: 'Move Proposal sent up' }).click();
  await page.getByRole('button', { name: 'Move Proposal sent up' }).click();
  await page.getByRole('button', { name: 'Remove Nurture' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove “Nurture”' });
  await expect(dialog).toContainText('1 lead is in this stage');
  await dialog.getByLabel('Move leads to').selectOption({ label: 'New' });
  await dialog.getByRole('button', { name: 'Remove and move leads' }).click();
  await expect(page.getByText('On save: 1 lead in “Nurture” move to “New”.')).toBeVisible();
  await shot(page, 'pipeline-settings');
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  await expect(page.getByText('Pipeline saved — leads moved out of the removed stages')).toBeVisible();

  await page.reload();
  await expect(names).toHaveCount(8);
  const labels = await names.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(labels).toEqual(['New', 'Contacted', 'Interested', 'Callback scheduled', 'Proposal sent', 'Meeting set', 'Sold', 'Lost']);
  const moved = await (await page.request.get(`/api/v1/leads/${parked.id}`)).json();
  expect(moved.stage).toBe('new');
});

test('empty workspace → "Add a lead" with field errors from the API; keyboard help', async ({ page }) => {
  await freshWorkspace(page, 'Starter');
  await page.goto('/leads');
  await expect(page.getByRole('heading', { name: 'No leads yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a lead' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add lead' });
  await dialog.getByRole('button', { name: 'Add lead' }).click();
  await expect(dialog.getByText('Give the lead a name.')).toBeVisible();
  await dialog.getByLabel('Company or lead name').fill('Sunrise Pediatrics');
  await dialog.getByLabel('First name').fill('Nora');
  await dialog.getByLabel('Last name').fill('Hale');
  await dialog.getByLabel('Contact phone').fill('12');
  await dialog.getByRole('button', { name: 'Add lead' }).click();
  await expect(dialog.getByLabel('Contact phone')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('Contact phone').fill('(512) 555-0199');
  await dialog.getByLabel('Contact email').fill('nora@sunrisepeds.com');
  await dialog.getByRole('button', { name: 'Add lead' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Lead "Sunrise Pediatrics" added')).toBeVisible();
  await expect(count(page)).toHaveText('1–1 of 1');
  const row = page.getByRole('row', { name: /Sunrise Pediatrics/ });
  await expect(row).toContainText('(512) 555-0199');
  await expect(row).toContainText('nora@sunrisepeds.com');

  // "/" focuses search, "?" lists the shortcuts, Enter opens the focused row
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search leads')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Sunrise Pediatrics' })).toBeVisible();
});
