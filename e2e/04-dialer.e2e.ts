import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers.ts';
import { freshWorkspace, setTheme } from './leads-helpers.ts';
import { quickPicksIn } from '../apps/web/src/features/dialer/format.ts';
import { CLOCK, apiJson, createTask, dispositions, hoursFromNow, queueItemIds, queueLeadIds, seedDialLeads, sessionIdFrom, trapWindowOpen, windowOpens } from './dialer-helpers.ts';

// The crm-war-plan verification checks for Phases 1–4, in a browser against the real server and
// the sandbox carrier. Every test signs up its own workspace.
test.use({ viewport: { width: 1600, height: 1000 } });

interface Home { today: { attempts: number; target: number } }
interface CallList { items: { id: string; status: string; attempt: unknown; durationSeconds: number | null }[]; total: number }
interface TaskList { items: { id: string; title: string; dueAt: string | null; snoozeCount: number; status: string; leadId: string | null }[] }

test('Dialer home: today’s pace and the task queue; complete and snooze there; the lead view only links here', async ({ page }) => {
  await freshWorkspace(page, 'Homer');
  const [acme, birch, cedar] = await seedDialLeads(page, ['Acme Roofing', 'Birch Dental', 'Cedar Plumbing']);
  await createTask(page, acme.id, 'Send the pricing sheet', hoursFromNow(-26));
  await createTask(page, birch.id, 'Follow up on the demo', hoursFromNow(-2));
  await createTask(page, cedar.id, 'Quarterly check-in', hoursFromNow(24 * 5));

  await page.goto('/dialer');
  await expect(page.getByRole('heading', { name: 'Dialer', exact: true })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: /0 of \d+ attempts/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Pace' })).toBeVisible();
  const overdue = page.getByRole('region', { name: 'Overdue' });
  await expect(overdue.getByTestId('task-row')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Upcoming' }).getByTestId('task-row')).toHaveCount(1);
  await expect(page.getByRole('group', { name: 'Overdue' })).toContainText('2');
  await shot(page, 'dialer-home');

  // complete one
  await page.getByRole('button', { name: 'Complete Send the pricing sheet' }).click();
  await expect(page.getByText('Completed: Send the pricing sheet')).toBeVisible();
  await expect(overdue.getByTestId('task-row')).toHaveCount(1);
  expect((await apiJson<TaskList>(page, 'GET', `/api/v1/tasks?leadId=${acme.id}`)).items).toEqual([]);

  // snooze the other by an hour: it leaves "Overdue"
  const row = page.getByTestId('task-row').filter({ hasText: 'Follow up on the demo' });
  await row.getByRole('button', { name: 'Snooze' }).click();
  await page.getByRole('dialog', { name: 'Snooze' }).getByRole('button', { name: '1 hour' }).click();
  await expect(page.getByText('Snoozed: Follow up on the demo')).toBeVisible();
  await expect(overdue).toHaveCount(0);
  const snoozed = (await apiJson<TaskList>(page, 'GET', `/api/v1/tasks?leadId=${birch.id}`)).items[0];
  expect(snoozed.snoozeCount).toBe(1);
  expect(Date.parse(snoozed.dueAt ?? '')).toBeGreaterThan(Date.now() + 50 * 60_000);

  // the lead view: summary + a link to the Dialer, and no task actions
  await page.goto(`/leads/${birch.id}`);
  await expect(page.getByTestId('task-summary')).toContainText('1 task pending');
  const open = page.getByRole('link', { name: 'Open in Dialer' });
  await expect(open).toHaveAttribute('href', `/dialer?lead=${birch.id}`);
  for (const name of [/^Complete/, /^Snooze/, /^Reschedule/, /New task/, /Add task/]) await expect(page.getByRole('button', { name })).toHaveCount(0);
  await open.click();
  await expect(page).toHaveURL(new RegExp(`/dialer\\?lead=${birch.id}`));
  await expect(page.getByText(`Tasks for ${birch.name}`)).toBeVisible();
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await setTheme(page, 'dark');
  await expect(page.getByTestId('task-row')).toHaveCount(1);
  await expect(page.getByRole('progressbar', { name: /attempts/ })).toBeVisible();
  await expect(page.getByText('No callbacks scheduled.')).toBeVisible();
  await shot(page, 'dialer-home-dark');
  await setTheme(page, 'light');

  // "Call this lead now": a one-lead Custom session
  await page.getByRole('button', { name: 'Call this lead now' }).click();
  await expect(page).toHaveURL(/\/dialer\/sessions\/[0-9a-f-]{36}$/);
  expect(await queueLeadIds(page)).toEqual([birch.id]);
  await expect(page.getByRole('heading', { level: 1, name: birch.name })).toBeVisible();
});

test('Follow-ups session: only leads with due tasks; the queue survives a reload and task changes', async ({ page }) => {
  await freshWorkspace(page, 'Snapper');
  const [a, b, c] = await seedDialLeads(page, ['Alder Logistics', 'Beacon Law', 'Crescent Cafe', 'Driftwood Marina']);
  await createTask(page, a.id, 'Call about the renewal', hoursFromNow(-30));
  const bTask = await createTask(page, b.id, 'Chase the signed quote', hoursFromNow(-1));
  await createTask(page, c.id, 'Next quarter', hoursFromNow(24 * 20));

  await page.goto('/dialer/new');
  const start = page.getByRole('button', { name: 'Start session' });
  await expect(start).toBeDisabled(); // nothing pre-selected
  await expect(page.getByRole('radiogroup', { name: 'Dial mode' }).getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(page.getByTestId('mode-followups')).toContainText('2');
  await shot(page, 'dialer-setup');
  await page.getByTestId('mode-followups').click();
  await start.click();
  await expect(page).toHaveURL(/\/dialer\/sessions\/[0-9a-f-]{36}$/);

  const ids = await queueLeadIds(page);
  expect([...ids].sort()).toEqual([a.id, b.id].sort());
  const items = await queueItemIds(page);
  await expect(page.getByTestId('why').first()).toContainText(/overdue/i);

  await page.reload();
  expect(await queueLeadIds(page)).toEqual(ids);
  expect(await queueItemIds(page)).toEqual(items);

  // data changes elsewhere do not change a running queue
  await apiJson(page, 'POST', `/api/v1/tasks/${bTask.id}/complete`);
  await page.reload();
  expect(await queueItemIds(page)).toEqual(items);
  expect(await queueLeadIds(page)).toEqual(ids);
});

const toasts = (page: Page) => page.getByRole('region', { name: /Notifications/ });

async function waitForStatus(page: Page, label: string) {
  await expect(page.getByTestId('call-status-label')).toHaveText(label, { timeout: 20_000 });
}

test('Dial → Log: a call is a call session, not an attempt; provider status without a timer; keyboard logging, auto-advance, Meeting set, summary, review', async ({ page }) => {
  test.slow(); // two sandbox calls played out
  await trapWindowOpen(page);
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
  await freshWorkspace(page, 'Caller');
  const leads = await seedDialLeads(page, ['Evergreen Landscaping', 'Falcon HVAC', 'Granite Peak Fitness']);
  const disp = await dispositions(page);
  const someInterest = disp.find((d) => d.key === 'some_interest');
  const meeting = disp.find((d) => d.key === 'meeting_set');
  expect(someInterest?.hotkey && meeting).toBeTruthy();

  await page.goto('/dialer/new');
  await page.getByTestId('mode-new').click();
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page).toHaveURL(/\/dialer\/sessions\//);
  const sessionId = sessionIdFrom(page);
  const first = (await queueLeadIds(page))[0];
  const firstName = leads.find((l) => l.id === first)?.name ?? '';
  await expect(page.getByRole('heading', { level: 1, name: firstName })).toBeVisible();

  // Call (keyboard "c"): a call session exists, no attempt anywhere
  await page.keyboard.press('c');
  await expect(page.getByTestId('call-status')).toBeVisible();
  const calls = await apiJson<CallList>(page, 'GET', `/api/v1/calls?dialSessionId=${sessionId}`);
  expect(calls.total).toBe(1);
  expect(calls.items[0].attempt).toBeNull();
  expect((await apiJson<Home>(page, 'GET', '/api/v1/dialer/home')).today.attempts).toBe(0);

  // status comes from provider events; nothing ticks while the call is in progress
  await waitForStatus(page, 'In progress');
  const panel = page.getByRole('region', { name: 'Call' });
  const during = await panel.innerText();
  await shot(page, 'dialer-run');
  expect(await page.locator('main').innerText()).not.toMatch(CLOCK);
  await page.waitForTimeout(1500);
  if ((await page.getByTestId('call-status-label').innerText()) === 'In progress') expect(await panel.innerText()).toBe(during);
  await waitForStatus(page, 'Completed');
  await expect(page.getByTestId('call-aftermath')).toContainText(/Duration \d+(m|s)/);
  expect(frames.some((f) => f.includes('call.updated'))).toBe(true);
  expect((await apiJson<Home>(page, 'GET', '/api/v1/dialer/home')).today.attempts).toBe(0);

  // log with the digit hotkey → toast, auto-advance countdown, any key stops it
  await page.keyboard.press(someInterest?.hotkey ?? '5');
  await expect(toasts(page).getByText(`Logged: ${someInterest?.label}`)).toBeVisible();
  await expect(page.getByTestId('auto-advance')).toContainText(/Next lead in \d/);
  await page.keyboard.press('Shift');
  await expect(page.getByTestId('auto-advance')).toContainText('Auto-advance stopped');
  await page.waitForTimeout(1200);
  await expect(page.getByRole('heading', { level: 1, name: firstName })).toBeVisible();
  const logged = await apiJson<CallList>(page, 'GET', `/api/v1/calls?dialSessionId=${sessionId}`);
  expect(logged.items[0].attempt).not.toBeNull();
  expect((await apiJson<Home>(page, 'GET', '/api/v1/dialer/home')).today.attempts).toBe(1);

  // → moves on; Meeting set asks for the date-time and creates the task
  await page.keyboard.press('ArrowRight');
  const second = (await queueLeadIds(page))[1];
  await expect(page.getByRole('heading', { level: 1, name: leads.find((l) => l.id === second)?.name })).toBeVisible();
  await page.getByRole('button', { name: /^Call / }).click();
  await waitForStatus(page, 'Completed');
  await page.getByRole('button', { name: new RegExp(`^${meeting?.label}`) }).click();
  const form = page.getByRole('form', { name: `Log ${meeting?.label}` });
  await form.getByRole('button', { name: 'Tomorrow 10 AM' }).click();
  // the lead lives in another zone than the browser: the picker says whose time it is, and the rep's
  await expect(form.getByTestId('due-zone')).toContainText('their time');
  await expect(form.getByTestId('due-yours')).toContainText('your time');
  await shot(page, 'dialer-disposition');
  await form.getByRole('button', { name: `Log ${meeting?.label}` }).click();
  await expect(toasts(page).getByText(`Logged: ${meeting?.label}`)).toBeVisible();
  const tasks = await apiJson<TaskList>(page, 'GET', `/api/v1/tasks?owner=all&leadId=${second}`);
  // "Tomorrow 10 AM" is ten in the morning where the lead is (the picker works in the lead's zone)
  const { timezone } = await apiJson<{ timezone: string | null }>(page, 'GET', `/api/v1/leads/${second}`);
  const tomorrow10 = quickPicksIn(timezone)[0].date;
  expect(tasks.items.some((t) => t.dueAt !== null && Date.parse(t.dueAt) === tomorrow10.getTime())).toBe(true);

  // End → summary → "Review this session" → the calls of this session
  await page.getByRole('button', { name: 'End session' }).click();
  await expect(page).toHaveURL(new RegExp(`/dialer/sessions/${sessionId}/summary`));
  await expect(page.getByRole('group', { name: 'Calls' })).toContainText('2');
  await shot(page, 'dialer-summary');
  // "Review this session" lands in Review, filtered to the session; its calls are also listed under Calls
  await page.getByRole('link', { name: 'Review this session' }).click();
  await expect(page).toHaveURL(new RegExp(`/review\\?session=${sessionId}`));
  await expect(page.getByTestId('session-chip')).toContainText('Session of');
  await page.goto(`/calls?session=${sessionId}`);
  await expect(page.getByTestId('call-row')).toHaveCount(2);
  await shot(page, 'calls');
  expect(await windowOpens(page)).toEqual([]);
});

test('tel: sessions: Call is an anchor the rep clicks; the click records a call session only', async ({ page }) => {
  await trapWindowOpen(page);
  await freshWorkspace(page, 'Teller');
  const [lead] = await seedDialLeads(page, ['Harbor Dental Group']);
  const s = await apiJson<{ id: string }>(page, 'POST', '/api/v1/dialer/sessions', { mode: 'custom', custom: { leadIds: [lead.id] }, callVia: 'tel' });
  await page.goto(`/dialer/sessions/${s.id}`);
  const call = page.getByRole('link', { name: /^Call / });
  await expect(call).toHaveAttribute('href', /^tel:\+\d{10,15}$/);
  // the browser hands tel: to the OS; stop it at the edge so the test stays on the page
  await page.route(/^tel:/, (r) => r.abort());
  await call.dispatchEvent('click');
  await expect.poll(async () => (await apiJson<CallList>(page, 'GET', `/api/v1/calls?dialSessionId=${s.id}`)).total).toBe(1);
  const calls = await apiJson<CallList>(page, 'GET', `/api/v1/calls?dialSessionId=${s.id}`);
  expect(calls.items[0].attempt).toBeNull();
  expect((await apiJson<Home>(page, 'GET', '/api/v1/dialer/home')).today.attempts).toBe(0);
  expect(await windowOpens(page)).toEqual([]);
});

test('Settings: telephony shows the webhook URLs and sandbox numbers; the Dialer script previews its variables', async ({ page }) => {
  await freshWorkspace(page, 'Setter');
  await page.goto('/settings/telephony');
  await expect(page.getByRole('radio', { name: /Sandbox/, checked: true })).toBeVisible();
  await expect(page.getByText(/\/webhooks\/twilio\/voice$/)).toBeVisible();
  await expect(page.getByText(/\/webhooks\/openphone$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy OpenPhone webhook' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Sandbox test numbers' })).toContainText('0001');
  // a bad token is a 400 with the field's message, shown next to the field
  await page.getByLabel('Account SID').fill('AC' + '0'.repeat(32));
  await page.getByLabel('Auth token').fill('nope');
  await page.getByLabel('Caller id').fill('+14155552671');
  await page.getByRole('button', { name: 'Connect Twilio' }).click();
  await expect(page.getByText(/auth token is 32 hexadecimal/)).toBeVisible();
  await shot(page, 'settings-telephony');

  await page.goto('/settings/dialer');
  const script = page.getByRole('textbox', { name: 'Script' });
  await script.fill('Hi {FirstName}, this is {RepFirstName} calling about {Company} in {State}.');
  const preview = page.getByLabel('Script preview');
  await expect(preview).toContainText('Hi Maria, this is Olivia calling about Harbor Dental Group in {State}.');
  await expect(preview.locator('mark')).toHaveText('{State}');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Dialer settings saved')).toBeVisible();
  await page.reload();
  await expect(script).toHaveValue(/calling about \{Company\}/);
});
