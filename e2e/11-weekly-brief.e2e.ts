import http from 'node:http';
import { expect, test } from '@playwright/test';
import { shot } from './helpers.ts';
import { freshWorkspace } from './leads-helpers.ts';

// The weekly brief as a manager uses it: a webhook channel in Settings → Notifications (its signing
// secret shown once, a test message that arrives), then last week's brief generated on demand,
// delivered in-app and to the webhook, each figure opening the view it came from.
test('weekly brief: add a webhook channel, generate last week, figures link to their views', async ({ page }) => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/flywheel`;
  try {
    await freshWorkspace(page, 'Briefing');
    await page.goto('/settings/notifications');
    await expect(page.getByRole('form', { name: 'Weekly brief schedule' })).toBeVisible();
    await expect(page.getByText('No channel yet')).toBeVisible();
    const add = page.getByRole('form', { name: 'Add a channel' });
    await add.getByLabel('Kind').selectOption('webhook');
    await add.getByLabel('Name').fill('Ops hook');
    await add.getByLabel('URL').fill(url);
    await add.getByRole('button', { name: 'Add channel' }).click();
    await expect(page.getByText('Signing secret — shown once')).toBeVisible();
    await expect(page.getByTestId('channel')).toContainText('Ops hook');
    await page.getByRole('button', { name: 'Test' }).click();
    await expect(page.getByText('Test message sent to Ops hook')).toBeVisible();
    await expect.poll(() => received.length).toBe(1);
    expect(JSON.parse(received[0].body)).toMatchObject({ event: 'channel.test' });
    await shot(page, 'settings-notifications');

    await page.goto('/brief');
    await expect(page.getByText('No weekly brief yet')).toBeVisible();
    await page.getByRole('button', { name: 'Generate last week' }).click();
    await expect(page).toHaveURL(/\/brief\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('figure-calls')).toContainText('Calls');
    const delivery = page.getByRole('heading', { name: 'Delivery' }).locator('xpath=ancestor::*[contains(@class,"rounded")][1]');
    await expect(delivery).toContainText('In-app');
    await expect(delivery).toContainText('Ops hook');
    await expect.poll(() => received.length).toBe(2);
    expect(received[1].headers['x-flywheel-event']).toBe('weekly_brief.ready');
    expect(received[1].headers['x-flywheel-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    await shot(page, 'weekly-brief');
    // the notification center has it too, and a figure opens its view
    await page.getByTestId('figure-calls').click();
    await expect(page).toHaveURL(/\/review\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&outcome=all/);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
