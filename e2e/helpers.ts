import { expect, type Page } from '@playwright/test';

export const OWNER = { name: 'Olivia Owner', email: 'olivia@flywheel.test', password: 'correct-horse-42', workspace: 'Olivia Insurance' };

/** Signs in through the login form. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** Creates an account with its own workspace through the sign-up form (the instance already has an owner). */
export async function signUp(page: Page, u: { name: string; email: string; password: string; workspace: string }) {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(u.name);
  await page.getByLabel('Work email').fill(u.email);
  await page.getByLabel('Password').fill(u.password);
  await page.getByLabel('Workspace name').fill(u.workspace);
  await page.getByRole('button', { name: /Create (owner )?account/ }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: false });
}
