import { expect, test } from '@playwright/test';
import { shot } from './helpers.ts';
import { createLead, freshWorkspace } from './leads-helpers.ts';
import { apiJson, callableZone } from './dialer-helpers.ts';

// A full power session in sandbox mode: two lines, the sandbox carrier's magic numbers decide each
// call (0001 a person answers, 0002 voicemail, 0003 nobody answers), the e2e server plays calls 10×
// faster. The rep is connected, logs the call inline, and the engine dials on.
test.use({ viewport: { width: 1500, height: 1000 } });

interface PowerState { status: string; stats: { calls: number; connects: number; queue: { queued: number; redial: number; dialing: number; exhausted: number } }; me: { state: string } | null }

test('power session with two lines: dials, connects the person who answers, inline disposition, dials on, floating panel elsewhere, live dashboard', async ({ page }) => {
  test.setTimeout(90_000);
  await freshWorkspace(page, 'Powerdial');
  const zone = callableZone();
  const leads = [
    { name: 'Answering Anvils', phone: '+12125550001' },
    { name: 'Voicemail Vines', phone: '+14155550002' },
    { name: 'Silent Sawmill', phone: '+16175550003' },
    { name: 'Machine Mills', phone: '+13125550002' },
  ];
  for (const l of leads) {
    const created = await createLead(page, { name: l.name, stage: 'new', contact: { firstName: l.name.split(' ')[0], lastName: 'Tester', phone: l.phone } });
    await apiJson(page, 'PATCH', `/api/v1/leads/${created.id}`, { timezone: zone });
  }

  await page.goto('/dialer/new');
  await page.getByTestId('mode-new').click();
  await page.getByTestId('call-via-power').check();
  await expect(page.getByRole('radiogroup', { name: 'Lines per rep' })).toBeVisible();
  await page.getByLabel('2 lines').check();
  await page.getByLabel('Pacing').selectOption('fixed');
  await page.getByLabel('Attempts per lead').selectOption('1');
  await shot(page, 'power-setup');
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page).toHaveURL(/\/dialer\/power\//);
  const id = page.url().split('/').pop() ?? '';

  // both lines dial at once
  await expect.poll(async () => page.getByTestId('line').count(), { timeout: 10_000 }).toBe(2);
  await shot(page, 'power-lines');

  // the person on 0001 answers: connected here, the script and the lead beside it
  await expect(page.getByTestId('connected')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('link', { name: 'Answering Anvils' }).first()).toBeVisible();
  // the simulated device: no microphone, and the sandbox's sample conversation as captions
  await expect(page.getByTestId('audio-device')).toContainText('Sandbox audio');
  await expect(page.getByTestId('captions')).toContainText('You:', { timeout: 5_000 });
  await shot(page, 'power-connected');

  // the rep moves on to another page; when the person hangs up (~4.5 s) the floating panel asks
  // for the outcome right there, and the engine dials on once it is logged
  await page.goto('/leads');
  const dock = page.getByTestId('dock-disposition');
  await expect(dock).toContainText('Log the call with Answering Anvils', { timeout: 20_000 });
  await shot(page, 'power-dock-disposition');
  await dock.getByRole('button', { name: /Some interest/ }).click();
  await expect(page.getByText('Logged: Some interest')).toBeVisible();
  await page.goto(`/dialer/power/${id}`);

  // everything else is handled by the engine: voicemail, no answer, exhausted after one attempt
  await expect.poll(async () => {
    const s = await apiJson<PowerState>(page, 'GET', `/api/v1/power-sessions/${id}`);
    return s.stats.queue.queued + s.stats.queue.redial + s.stats.queue.dialing;
  }, { timeout: 30_000 }).toBe(0);
  const s = await apiJson<PowerState>(page, 'GET', `/api/v1/power-sessions/${id}`);
  expect(s.stats).toMatchObject({ connects: 1 });
  expect(s.stats.calls).toBe(4);
  await expect(page.getByTestId('recent')).toContainText('Answering Anvils');
  await expect(page.getByRole('group', { name: 'Connects' })).toContainText('1');

  // the floating panel follows the rep to other pages while the session runs
  await page.goto('/leads');
  await expect(page.getByTestId('power-dock-pill')).toBeVisible();
  await page.getByTestId('power-dock-pill').click();
  await expect(page.getByTestId('power-dock')).toContainText('connects');
  await shot(page, 'power-dock');

  // the live dashboard counts today's calls
  await page.goto('/dialer/live');
  await expect(page.getByRole('group', { name: 'Calls' })).toContainText('4');
  await shot(page, 'power-dashboard');

  // ending it from the session page leads to the summary
  await page.goto(`/dialer/power/${id}`);
  await page.getByRole('button', { name: 'End' }).click();
  await expect(page).toHaveURL(new RegExp(`/dialer/sessions/${id}/summary`));
});

test('Settings → Compliance: calling hours, a stricter state rule, 10DLC and the recording announcement; the gate’s decisions listed', async ({ page }) => {
  await freshWorkspace(page, 'Compliant');
  await page.goto('/settings/compliance');
  await expect(page.getByRole('heading', { name: 'Compliance' })).toBeVisible();
  // the defaults: FL, OK and WA stricter than 8–21
  await expect(page.getByLabel('State code')).toHaveCount(3);
  await page.getByRole('button', { name: 'Add a state' }).click();
  await page.getByLabel('State code').last().fill('tx');
  await page.getByLabel('TX from').fill('9');
  await page.getByLabel('TX until').fill('20');
  await page.getByLabel('10DLC registration').selectOption('approved');
  await page.getByLabel('Recording announcement').selectOption('always');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByText('Compliance rules saved')).toBeVisible();
  const saved = await apiJson<{ stateRules: Record<string, { start?: number; end?: number }>; tenDlcStatus: string; recordingConsent: string }>(page, 'GET', '/api/v1/settings/compliance');
  expect(saved).toMatchObject({ stateRules: { TX: { start: 9, end: 20 }, FL: { start: 8, end: 20, maxCallsPer24h: 3 } }, tenDlcStatus: 'approved', recordingConsent: 'always' });
  // a rule that ends before it starts is refused with the server's words, nothing saved
  await page.getByLabel('TX until').fill('8');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByText('Not saved')).toBeVisible();
  // a check through the gate shows up in the latest decisions
  const lead = await createLead(page, { name: 'Gatecheck Co', stage: 'new', contact: { firstName: 'Gate', lastName: 'Check', phone: '+13125550188' } });
  await apiJson(page, 'POST', '/api/v1/compliance/check', { leadId: lead.id });
  await page.reload();
  await expect(page.getByRole('cell', { name: /Check · call/ })).toBeVisible();
  await shot(page, 'settings-compliance');
});
