import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers.ts';
import { freshWorkspace, setTheme } from './leads-helpers.ts';
import { apiJson, seedDialLeads, sessionIdFrom, trapWindowOpen } from './dialer-helpers.ts';

// crm-war-plan verification check 7 (first half): a playbook rule, proven by a moment of a real
// (sandbox) call, reaches the Dialer's call prep for the leads it targets — and only those.
test.use({ viewport: { width: 1600, height: 1000 } });

interface CallList { items: { id: string; status: string; durationSeconds: number | null; leadId: string | null }[]; total: number }
interface RuleList { data: { id: string; title: string; segments: string[]; tags: string[]; evidenceCount: number; firstEvidence: { kind: string; callSessionId: string; start: number; end: number } | null }[] }

async function pickInQueue(page: Page, leadId: string, name: string) {
  await page.locator(`[data-lead-id="${leadId}"] button`).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('a rule for a segment + tag, with call evidence, shows in call prep for a matching lead and not for another; Play is one click away', async ({ page }) => {
  test.slow(); // a sandbox call is played out
  await trapWindowOpen(page);
  await freshWorkspace(page, 'Playbooker');
  const [roof, dental] = await seedDialLeads(page, ['Summit Roofing', 'Harbor Dental']);
  await apiJson(page, 'PATCH', `/api/v1/leads/${roof.id}`, { segment: 'Roofers', tags: ['storm', 'commercial'] });
  await apiJson(page, 'PATCH', `/api/v1/leads/${dental.id}`, { segment: 'Dental', tags: ['storm'] }); // same tag, other segment

  // a call in the workspace, through the sandbox dialer (as e2e/04-dialer does)
  await page.goto('/dialer/new');
  await page.getByTestId('mode-new').click();
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page).toHaveURL(/\/dialer\/sessions\/[0-9a-f-]{36}$/);
  const sessionUrl = new URL(page.url()).pathname;
  const sessionId = sessionIdFrom(page);
  await pickInQueue(page, roof.id, roof.name);
  const prep = page.getByTestId('call-prep');
  await expect(prep).toContainText('No playbook rule applies to this lead yet');
  await page.getByLabel('Record').check();
  await page.getByRole('button', { name: /^Call / }).click();
  await expect(page.getByTestId('call-status-label')).toHaveText('Completed', { timeout: 30_000 });
  const calls = await apiJson<CallList>(page, 'GET', `/api/v1/calls?dialSessionId=${sessionId}`);
  expect(calls.total).toBe(1);
  const callId = calls.items[0].id;
  await expect.poll(async () => (await apiJson<{ recordingStatus: string | null }>(page, 'GET', `/api/v1/calls/${callId}`)).recordingStatus, { timeout: 20_000 }).toBe('completed');

  // the Playbook: empty, says rules come from Review
  await page.goto('/playbook');
  await expect(page.getByText('No playbook rules yet')).toBeVisible();
  await expect(page.getByText(/Rules come from Review/)).toBeVisible();
  await page.keyboard.press('n');
  const modal = page.getByRole('dialog', { name: 'New playbook rule' });
  await expect(modal).toBeVisible();
  await expect(modal).toContainText('a rule without evidence is not saved');
  await modal.getByLabel('Title').fill('Storm roofers: lead with the insurance deadline');
  await modal.getByLabel('What to do (body)').fill('Ask when the adjuster visited before pitching.');
  // without evidence the form refuses
  await modal.getByRole('button', { name: 'Save rule' }).click();
  await expect(modal.getByText('Pick the call.')).toBeVisible();
  // targeting: segment Roofers + tag storm
  await modal.getByRole('button', { name: 'Segments' }).click();
  await page.getByRole('dialog', { name: 'Segments' }).getByLabel('Roofers').check();
  await modal.getByText('New playbook rule', { exact: true }).click(); // a click outside closes the picker
  await modal.getByRole('button', { name: 'Tags' }).click();
  await page.getByRole('dialog', { name: 'Tags' }).getByLabel('storm').check();
  await modal.getByText('New playbook rule', { exact: true }).click();
  await expect(modal.getByRole('button', { name: /^Segments/ })).toHaveAccessibleName('Segments (1 selected)');
  await expect(modal.getByRole('button', { name: /^Tags/ })).toHaveAccessibleName('Tags (1 selected)');
  // evidence: the call we just made, a moment of it
  await modal.getByTestId('evidence-call').selectOption(callId);
  await modal.getByLabel('What was said').fill('The adjuster came Tuesday, we have until the end of the month.');
  await modal.getByLabel('From (m:ss)').fill('0:01');
  await modal.getByLabel('To (m:ss)').fill('0:03');
  await shot(page, 'playbook-new-rule');
  await modal.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByText('Rule added to the playbook')).toBeVisible();
  await expect(modal).toBeHidden();

  const card = page.getByTestId('rule-card').filter({ hasText: 'Storm roofers' });
  await expect(card).toContainText('Roofers');
  await expect(card).toContainText('#storm');
  await expect(card.getByTestId('evidence-time')).toHaveText('0:01–0:03');
  await expect(card).toContainText('Summit Roofing');
  // Play: the recording plays from the snippet's start and stops at its end
  const play = card.getByTestId('evidence-play');
  await expect(play).toBeEnabled();
  await play.click();
  await expect(play).toHaveText(/0:0[1-3] \/ 0:03/);
  await expect(play).toHaveText('Play', { timeout: 8_000 });
  await expect(card.getByRole('alert')).toHaveCount(0);
  const rules = await apiJson<RuleList>(page, 'GET', '/api/v1/playbook/rules');
  expect(rules.data).toHaveLength(1);
  expect(rules.data[0]).toMatchObject({ segments: ['Roofers'], tags: ['storm'], evidenceCount: 1, firstEvidence: { kind: 'call', callSessionId: callId, start: 1, end: 3 } });
  await shot(page, 'playbook');
  await setTheme(page, 'dark');
  await expect(card).toBeVisible();
  await shot(page, 'playbook-dark');
  await setTheme(page, 'light');

  // the API refuses a rule without evidence
  const bare = await page.request.post('/api/v1/playbook/rules', { data: { title: 'No proof' } });
  expect(bare.status()).toBe(400);

  // back in the Dialer: the matching lead's call prep shows the rule, with why and the evidence
  await page.goto(sessionUrl);
  await pickInQueue(page, roof.id, roof.name);
  const item = prep.getByTestId('prep-rule').filter({ hasText: 'Storm roofers' });
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: /Storm roofers/ }).click();
  await expect(item.getByTestId('prep-why')).toContainText('segment Roofers');
  await expect(item.getByTestId('prep-why')).toContainText('tag storm');
  await expect(item.getByTestId('evidence-time')).toHaveText('0:01–0:03');
  await expect(item.getByTestId('evidence-play')).toBeVisible();
  await shot(page, 'dialer-call-prep');

  // the other lead (same tag, another segment) does not get it
  await pickInQueue(page, dental.id, dental.name);
  await expect(prep).toContainText('No playbook rule applies to this lead yet');
  await expect(prep.getByTestId('prep-rule')).toHaveCount(0);

  // showing it was recorded (once per rule, lead and day / call)
  const detail = await apiJson<{ uses: { shown: number; opened: number } }>(page, 'GET', `/api/v1/playbook/rules/${rules.data[0].id}`);
  expect(detail.uses.shown).toBeGreaterThanOrEqual(1);
  expect(detail.uses.opened).toBe(1);
});
