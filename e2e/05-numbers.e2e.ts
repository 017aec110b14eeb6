import { expect, test } from '@playwright/test';
import { shot } from './helpers.ts';
import { freshWorkspace } from './leads-helpers.ts';

test.use({ viewport: { width: 1400, height: 900 } });

test('Settings → Numbers: the sandbox pool, check now, add with CNAM validation, edit, remove', async ({ page }) => {
  await freshWorkspace(page, 'Numbers');
  await page.goto('/settings/numbers');
  await expect(page.getByRole('link', { name: 'Numbers' })).toBeVisible();
  const rows = page.getByTestId('number-row');
  // a sandbox workspace opens on its fictional local numbers
  await expect(rows).toHaveCount(5);
  await expect(rows.filter({ hasText: '(212) 555-0142' })).toContainText('NY');
  await expect(rows.filter({ hasText: '(212) 555-0142' })).toContainText('Default');

  const austin = rows.filter({ hasText: '(512) 555-0145' });
  await expect(austin).toContainText('checked never');
  await austin.getByRole('button', { name: 'Check now' }).click();
  await expect(page.getByText('(512) 555-0145: Healthy')).toBeVisible();
  await expect(austin).not.toContainText('checked never');
  await expect(austin).toContainText('no calls');

  // add a number; a CNAM with characters carriers refuse is answered next to the field
  await page.getByRole('button', { name: 'Add number' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a number' });
  await dialog.getByLabel('Phone number').fill('+16305550101');
  await dialog.getByLabel('Label').fill('Chicago West');
  await dialog.getByLabel('Caller name (CNAM)').fill('Forged <Fin>');
  await dialog.getByRole('button', { name: 'Add number' }).click();
  await expect(dialog.getByText(/Letters, digits, spaces/)).toBeVisible();
  await dialog.getByLabel('Caller name (CNAM)').fill('Forged Finance');
  await dialog.getByRole('button', { name: 'Add number' }).click();
  await expect(dialog).toBeHidden();
  const chicago = rows.filter({ hasText: '(630) 555-0101' });
  await expect(chicago).toContainText('IL');
  await expect(chicago).toContainText('Forged Finance');
  await expect(chicago).toContainText('pending');
  await shot(page, 'settings-numbers');

  // make it the default, then remove it: the default moves back to another number
  await chicago.getByRole('button', { name: 'More actions for +16305550101' }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit +16305550101' });
  await edit.getByLabel('CNAM status').selectOption('registered');
  await edit.getByRole('checkbox').check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(chicago).toContainText('Default');
  await expect(chicago).toContainText('registered');
  page.once('dialog', (d) => void d.accept());
  await chicago.getByRole('button', { name: 'More actions for +16305550101' }).click();
  await page.getByRole('menuitem', { name: 'Remove from pool' }).click();
  await expect(chicago).toHaveCount(0);
  await expect(rows).toHaveCount(5);
  await expect(page.getByText('Default')).toHaveCount(1);
});
