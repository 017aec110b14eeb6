import { expect, test } from '@playwright/test';
import { shot } from './helpers.ts';
import { createLead, freshWorkspace } from './leads-helpers.ts';
import { wavBytes, webmBytes } from '../apps/server/src/domains/scripts/audio.test-helpers.ts';

test.use({
  viewport: { width: 1400, height: 900 },
  // Chromium's fake microphone (a beeping tone) with the permission granted without a prompt
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'],
  },
});

test('Settings → Scripts: write a script with variables, catch an unknown one, preview with a lead, default per mode, unsaved guard', async ({ page }) => {
  await freshWorkspace(page, 'Scripts');
  await createLead(page, { name: 'Acme Roofing', city: 'Chicago', region: 'IL', contact: { firstName: 'Dana', lastName: 'Reyes', phone: '+13125550199' } });
  await page.goto('/settings/scripts');
  await expect(page.getByText('No call scripts yet')).toBeVisible();
  await page.getByRole('button', { name: 'Write the first script' }).click();

  await page.getByLabel('Name', { exact: true }).fill('First call');
  const body = page.getByLabel('Script', { exact: true });
  await body.fill('Hi ');
  await page.getByRole('button', { name: '{FirstName}' }).click(); // inserted at the cursor
  await body.press('End');
  await body.pressSequentially(', calling about {Company} and {Bogus}.');
  await expect(body).toHaveValue('Hi {FirstName}, calling about {Company} and {Bogus}.');
  const preview = page.getByTestId('script-preview');
  await expect(preview.locator('mark[data-var="known"]')).toHaveText(['{FirstName}', '{Company}']);
  await expect(preview.locator('mark[data-var="unknown"]')).toHaveText('{Bogus}');
  await expect(page.getByRole('alert').filter({ hasText: 'Unknown variable: {Bogus}' })).toBeVisible();

  await page.getByRole('switch', { name: 'Power dialer' }).click();
  await page.getByRole('switch', { name: 'New' }).click();
  await page.getByRole('button', { name: 'Create script' }).click();
  // the server refuses it too, next to the field
  await expect(page.getByText('Please correct the highlighted fields.')).toBeVisible();
  await expect(page.locator('p', { hasText: /^Unknown variable: \{Bogus\}$/ })).toBeVisible();

  await body.fill('Hi {FirstName}, calling about {Company} in {City}. {Segment}?');
  await page.getByRole('combobox', { name: 'Preview with lead' }).fill('Acme');
  await page.getByRole('option', { name: /Acme Roofing/ }).click();
  await expect(page.getByTestId('preview-lead')).toHaveText('Acme Roofing');
  await expect(preview.locator('mark[data-var="filled"]')).toHaveText(['Dana', 'Acme Roofing', 'Chicago']);
  await expect(preview.locator('mark[data-var="missing"]')).toHaveText('{Segment}');
  await expect(page.getByText('No value for this lead: {Segment}')).toBeVisible();
  await shot(page, 'settings-scripts-editor');

  await page.keyboard.press('Control+s');
  await expect(page.getByText('“First call” created')).toBeVisible();
  const row = page.getByTestId('script-row').filter({ hasText: 'First call' });
  await expect(row).toContainText('Default · New');
  await expect(row).toContainText('Default · Power dialer');
  await expect(page.getByRole('region', { name: 'Opening' })).toContainText('First call');

  // a second script takes the power default from the first
  await page.keyboard.press('n');
  await page.getByLabel('Name', { exact: true }).fill('Price objection');
  await page.getByLabel('Category').fill('objection');
  await page.getByLabel('Script', { exact: true }).fill('I hear you on price, {FirstName}.');
  await expect(page.getByRole('switch', { name: /Power dialer · First call/ })).toBeVisible();
  await page.getByRole('switch', { name: /Power dialer/ }).click();
  await page.getByRole('button', { name: 'Create script' }).click();
  await expect(page.getByRole('region', { name: 'Objection handling' })).toContainText('Price objection');
  await expect(row).not.toContainText('Power dialer');
  await expect(page.getByTestId('script-row').filter({ hasText: 'Price objection' })).toContainText('Default · Power dialer');
  await shot(page, 'settings-scripts');
  // the category filter asks the server for one category
  await page.getByRole('combobox', { name: 'Category' }).selectOption('objection');
  await expect(page.getByTestId('script-row')).toHaveCount(1);
  await expect(page.getByTestId('script-row')).toContainText('Price objection');
  await page.getByRole('combobox', { name: 'Category' }).selectOption('');
  await expect(page.getByTestId('script-row')).toHaveCount(2);

  // unsaved changes: leaving asks first
  await row.getByRole('button', { name: 'Edit First call' }).click();
  await page.getByLabel('Script', { exact: true }).fill('Changed but not saved');
  await page.getByRole('link', { name: 'Voicemail', exact: true }).click();
  const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Keep editing' }).click();
  await expect(page.getByLabel('Script', { exact: true })).toHaveValue('Changed but not saved');
  await page.getByRole('link', { name: 'Voicemail', exact: true }).click();
  await leave.getByRole('button', { name: 'Discard and leave' }).click();
  await expect(page).toHaveURL(/\/settings\/voicemail$/);
});

test('Settings → Voicemail: record with the microphone, listen back, save, default, rename, delete', async ({ page }) => {
  await freshWorkspace(page, 'Voicemail');
  await page.goto('/settings/voicemail');
  await expect(page.getByText('No voicemails yet')).toBeVisible();

  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-stop')).toBeVisible();
  await expect(page.getByRole('meter', { name: 'Microphone level' })).toBeVisible();
  await expect(page.getByTestId('record-timer')).toHaveText('0:02', { timeout: 5000 });
  await page.getByTestId('record-stop').click();
  await expect(page.getByTestId('record-playback')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Intro voicemail');
  await page.getByRole('button', { name: 'Save voicemail' }).click();
  await expect(page.getByText(/“Intro voicemail” saved/)).toBeVisible();
  const intro = page.getByTestId('voicemail-row').filter({ hasText: 'Intro voicemail' });
  // converted to WAV for the phone provider, measured by the server, the first one is the default
  await expect(intro).toContainText('WAV');
  await expect(intro).toContainText(/0:0[2-3]/);
  await expect(intro.getByRole('button', { name: 'Intro voicemail is the default' })).toBeVisible();

  // a second recording, made the default
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-timer')).toHaveText('0:01', { timeout: 5000 });
  await page.getByTestId('record-stop').click();
  await page.getByLabel('Name', { exact: true }).fill('Follow-up');
  await page.getByRole('button', { name: 'Save voicemail' }).click();
  const follow = page.getByTestId('voicemail-row').filter({ hasText: 'Follow-up' });
  await follow.getByRole('button', { name: 'Make Follow-up the default' }).click();
  await expect(follow.getByRole('button', { name: 'Follow-up is the default' })).toBeVisible();
  await expect(page.getByTestId('voicemail-row').first()).toContainText('Follow-up');

  // the player fetches the audio (authenticated) and plays it
  await follow.getByRole('button', { name: 'Play Follow-up' }).click();
  await expect(follow.getByRole('button', { name: 'Pause Follow-up' })).toBeVisible();
  await shot(page, 'settings-voicemail');

  // re-record: new audio under the same template (still the default)
  await follow.getByRole('button', { name: 'Re-record Follow-up' }).click();
  await expect(page.getByRole('heading', { name: /Re-record “Follow-up”/ })).toBeVisible();
  await page.getByTestId('record-start').click();
  await expect(page.getByTestId('record-timer')).toHaveText('0:03', { timeout: 6000 });
  await page.getByTestId('record-stop').click();
  await page.getByRole('button', { name: 'Replace “Follow-up”' }).click();
  await expect(page.getByText(/“Follow-up” re-recorded/)).toBeVisible();
  await expect(follow).toContainText(/0:0[3-4]/);
  await expect(follow.getByRole('button', { name: 'Follow-up is the default' })).toBeVisible();
  await expect(page.getByTestId('voicemail-row')).toHaveCount(2);

  await intro.getByRole('button', { name: 'Rename Intro voicemail' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Intro v2');
  await page.getByRole('textbox', { name: 'Name', exact: true }).press('Enter');
  const renamed = page.getByTestId('voicemail-row').filter({ hasText: 'Intro v2' });
  await expect(renamed).toBeVisible();

  // upload: a WAV file is taken as it is; an image is refused with the server's reason
  await page.getByLabel('Upload a recording').setInputFiles({ name: 'callback-request.wav', mimeType: 'audio/wav', buffer: wavBytes(4) });
  await expect(page.getByTestId('voicemail-row').filter({ hasText: 'callback-request' })).toContainText('0:04');
  await page.getByLabel('Upload a recording').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') });
  await expect(page.getByText(/image\/png are not accepted/)).toBeVisible();
  // a WebM over 90 seconds is refused with its length
  await page.getByLabel('Upload a recording').setInputFiles({ name: 'rambling.webm', mimeType: 'audio/webm', buffer: webmBytes(95_000) });
  await expect(page.getByText(/95 seconds long/)).toBeVisible();
  await expect(page.getByTestId('voicemail-row')).toHaveCount(3);

  await renamed.getByRole('button', { name: 'Delete Intro v2' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete “Intro v2”?' });
  await confirm.getByRole('button', { name: 'Delete voicemail' }).click();
  await expect(page.getByTestId('voicemail-row')).toHaveCount(2);
});

test('Settings → Voicemail: a denied microphone says so and points to upload', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await freshWorkspace(page, 'Mic denied');
  await page.goto('/settings/voicemail');
  await page.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.getByTestId('record-start').click();
  await expect(page.getByText('Microphone access was denied')).toBeVisible();
  await expect(page.getByText(/upload a recording instead/)).toBeVisible();
  await context.close();
});
