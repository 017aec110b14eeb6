import { expect, test } from '@playwright/test';
import { OWNER, shot, signIn } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

test('first visit creates the owner account and the first workspace', async ({ page }) => {
  await page.goto('/');
  // signed out → login → (no users yet) → first-run setup
  await expect(page.getByRole('heading', { name: 'Welcome — set up Flywheel' })).toBeVisible();
  await shot(page, 'first-run');
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await expect(page.getByText('Enter your name.')).toBeVisible(); // field-level validation from the API
  await page.getByLabel('Your name').fill(OWNER.name);
  await page.getByLabel('Work email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByLabel('Workspace name').fill(OWNER.workspace);
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await expect(page).toHaveURL(/\/leads/);
  await expect(page.getByLabel('Workspace')).toHaveValue(/.+/);
  await expect(page.locator('#ws-switch option:checked')).toHaveText(OWNER.workspace);
});

test('sign out and back in; a wrong password says so', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});

test('invite a rep by link; the rep joins with that role', async ({ page, browser }) => {
  await signIn(page, OWNER.email, OWNER.password);
  await page.goto('/settings/members');
  await page.getByLabel('Email').fill('rex.rep@flywheel.test');
  await page.getByLabel('Role').selectOption('rep');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const link = await page.getByTestId('invite-link').textContent();
  expect(link).toContain('/invite?token=');
  await shot(page, 'members');
  // the email is in the sandbox mailbox
  await page.goto('/mailbox');
  await expect(page.getByText("You're invited to Olivia Insurance on Flywheel").first()).toBeVisible();

  const rep = await browser.newContext();
  const repPage = await rep.newPage();
  await repPage.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(repPage.getByRole('heading', { name: `Join ${OWNER.workspace}` })).toBeVisible();
  await repPage.getByLabel('Your name').fill('Rex Rep');
  await repPage.getByLabel('Choose a password').fill('rep-password-1');
  await repPage.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(repPage.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(repPage.getByText('rep', { exact: true })).toBeVisible();
  await rep.close();
});

test('theme toggles between light and dark and persists', async ({ page }) => {
  await signIn(page, OWNER.email, OWNER.password);
  const html = page.locator('html');
  const wasDark = await html.evaluate((el) => el.classList.contains('dark'));
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
  await page.reload();
  expect(await html.evaluate((el) => el.classList.contains('dark'))).toBe(!wasDark);
  await shot(page, 'settings-theme');
});
