import { expect, test, type Page } from '@playwright/test';
import { shot } from './helpers.ts';
import { freshWorkspace } from './leads-helpers.ts';
import { apiJson, seedDialLeads } from './dialer-helpers.ts';

// Review (crm-war-plan checks 5 and 6). The calls are real sandbox calls placed through the Dialer
// API: ten leads on the carrier's "a person answers and talks 45 s" numbers, recorded; the carrier
// (10× faster in e2e) sends the status, recording and transcription webhooks, and the outcomes are
// logged through the Dialer like a rep would. Nothing is written to the database directly.
test.use({ viewport: { width: 1600, height: 1000 } });

const NAMES = ['Acme Roofing', 'Birch Dental', 'Cobalt Gyms', 'Delta Plumbing', 'Evergreen Realty', 'Fjord Fitness', 'Granite Legal', 'Harbor Bakery', 'Ivy Clinics', 'Juniper Autos'];

interface Session { id: string; items: { id: string; leadId: string }[] }
interface CallList { items: { id: string; status: string; recordingStatus: string | null; transcript: unknown[] | null; attempt: unknown }[]; total: number }

/** Ten answered, recorded, transcribed and logged calls in one dialer session. */
async function placeCalls(page: Page): Promise<Session> {
  const leads = await seedDialLeads(page, NAMES);
  const s = await apiJson<Session>(page, 'POST', '/api/v1/dialer/sessions', { mode: 'custom', custom: { leadIds: leads.map((l) => l.id) }, callVia: 'provider' });
  expect(s.items).toHaveLength(10);
  for (const it of s.items) await apiJson(page, 'POST', `/api/v1/dialer/sessions/${s.id}/items/${it.id}/call`, { record: true });
  const ready = async () => {
    const c = await apiJson<CallList>(page, 'GET', `/api/v1/calls?dialSessionId=${s.id}`);
    return c.items.filter((x) => x.status === 'completed' && x.recordingStatus === 'completed' && (x.transcript?.length ?? 0) > 0).length;
  };
  await expect.poll(ready, { timeout: 60_000, intervals: [1000] }).toBe(10);
  for (const [i, it] of s.items.entries()) {
    await apiJson(page, 'POST', `/api/v1/dialer/sessions/${s.id}/items/${it.id}/disposition`, i % 2 ? { dispositionKey: 'gatekeeper', notes: 'Talked to the front desk' } : { dispositionKey: 'some_interest', objectionTags: ['price'] });
  }
  return s;
}

const pane = (page: Page) => page.getByTestId('review-pane');

test('Quick batch: tag 5 calls, promote 2 to the playbook; Deep dive: score 10, Top 10, an experiment', async ({ page }) => {
  test.setTimeout(240_000);
  await freshWorkspace(page, 'Reviewer');
  const session = await placeCalls(page);

  // "Review this session" lands here filtered to the session
  await page.goto(`/dialer/sessions/${session.id}/summary`);
  await page.getByRole('link', { name: 'Review this session' }).click();
  await expect(page).toHaveURL(new RegExp(`/review\\?session=${session.id}`));
  await expect(page.getByTestId('session-chip')).toContainText('Session of');
  await expect(page.getByTestId('review-progress')).toContainText('0 of 10 reviewed');
  await expect(page.getByTestId('review-call-list').locator('li')).toHaveCount(10);
  await expect(pane(page).getByTestId('transcript').locator('li').first()).toBeVisible();
  await shot(page, 'review-quick-batch');

  // the player: Space plays, → seeks 5 s, speed buttons
  const audio = page.locator('[data-testid="player"] audio');
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.duration), { timeout: 10_000 }).toBeGreaterThan(40);
  await page.keyboard.press('Space');
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.paused)).toBe(false);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThanOrEqual(10);
  await page.getByRole('button', { name: '1.5×' }).click();
  expect(await audio.evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(1.5);
  await page.keyboard.press('Space');
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.paused)).toBe(true);
  // clicking a transcript line seeks there
  const third = pane(page).getByTestId('transcript').locator('li').nth(2);
  await third.click();
  const lineStart = await audio.evaluate((a: HTMLAudioElement) => a.currentTime);
  expect(lineStart).toBeGreaterThan(0);

  // tag five calls with the keyboard; promote a moment of the first two
  const promoted: string[] = [];
  for (let i = 0; i < 5; i++) {
    await expect(page.getByTestId('review-position')).toHaveText(`Call ${i + 1} of 10`);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('t');
    await page.keyboard.type(i % 2 ? 'gatekeeper' : 'Price Objection');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`batch-${i}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.keyboard.press('i');
    await page.keyboard.type(`Insight number ${i}: owners decide after the season`);
    await page.keyboard.press('Escape');
    await expect(pane(page).getByTestId('review-tags')).toContainText(i % 2 ? 'gatekeeper' : 'price objection');
    if (i === 2) {
      // the AI's rubric scores fill the form; saving (J) is still the person's call
      const ai = page.locator('[aria-label="AI suggestions"]');
      await ai.getByRole('button', { name: /Apply scores/ }).click();
      await expect(ai.getByRole('button', { name: /Applied/ })).toBeVisible();
    }
    if (i < 2) {
      const lines = pane(page).getByTestId('transcript').locator('li');
      await lines.nth(1).click();
      await lines.nth(2).click({ modifiers: ['Shift'] });
      await expect(lines.nth(2)).toHaveAttribute('aria-selected', 'true');
      const quote = (await lines.nth(1).locator('span').last().textContent()) ?? '';
      await page.keyboard.press('p');
      const dialog = page.getByRole('dialog', { name: 'Promote to the playbook' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByLabel('What was said')).toHaveValue(new RegExp(quote.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      await dialog.getByLabel('Title').fill(`Rule from call ${i + 1}`);
      await shot(page, `review-promote-${i}`);
      await dialog.getByRole('button', { name: 'Save rule' }).click();
      await expect(dialog).toBeHidden();
      promoted.push(`Rule from call ${i + 1}`);
    }
    await page.keyboard.press('j'); // autosaves, then the next call
  }
  await expect(page.getByTestId('review-position')).toHaveText('Call 6 of 10');
  await expect(page.getByTestId('review-progress')).toContainText('5 of 10 reviewed');

  const saved = await apiJson<{ data: { myReview: { tags: string[]; scored: boolean } | null }[] }>(page, 'GET', `/api/v1/review/calls?session=${session.id}`);
  expect(saved.data.filter((d) => d.myReview).length).toBe(5);
  expect(saved.data[2].myReview?.scored).toBe(true);
  expect(saved.data[0].myReview?.tags).toEqual(['price objection', 'batch-0']);

  // reload: the reviews persisted
  await page.reload();
  await expect(page.getByTestId('review-progress')).toContainText('5 of 10 reviewed');
  await page.getByTestId('review-call-list').locator('li').first().getByRole('button').click();
  await expect(pane(page).getByTestId('review-tags')).toContainText('batch-0');
  await expect(pane(page).getByLabel('Market insight')).toHaveValue('Insight number 0: owners decide after the season');
  await expect(page.getByTestId('review-call-list').getByText('Reviewed')).toHaveCount(5);

  // the Playbook shows the two rules, each with its evidence (the call moment)
  await page.goto('/playbook');
  const cards = page.getByTestId('rule-card');
  await expect(cards).toHaveCount(2);
  for (const title of promoted) {
    const card = cards.filter({ hasText: title });
    await expect(card).toBeVisible();
    await expect(card.getByRole('button', { name: /Play/ }).first()).toBeVisible();
  }
  await shot(page, 'review-playbook');

  // Deep dive: score all ten calls with the keyboard (focus Opening, type six digits, J)
  await page.goto(`/review?session=${session.id}&tab=deep`);
  const expected: number[] = [];
  for (let i = 0; i < 10; i++) {
    await expect(page.getByTestId('review-position')).toHaveText(`Call ${i + 1} of 10`);
    await pane(page).getByRole('radiogroup', { name: 'Opening' }).focus();
    const digits = [1, 2, 3, 4, 5, 1].map((d) => ((d + i) % 5) + 1);
    for (const d of digits) await page.keyboard.press(String(d));
    expected.push(digits.reduce((a, b) => a + b, 0));
    if (i === 0) {
      await pane(page).getByLabel('What failed').fill('Pitched before asking about the season');
      await pane(page).getByLabel('Coaching notes').fill('Open with the season question');
      await pane(page).getByRole('button', { name: 'Save S', exact: true }).click();
      await expect(pane(page).getByTestId('review-total')).toHaveText(`Total${expected[0]} / 30`);
      await shot(page, 'review-deep-dive');
    }
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
  }
  await expect(page.getByTestId('review-progress')).toContainText('10 of 10 reviewed');

  // Top 10 best / worst, ordered by the database's total
  const best = page.getByRole('list', { name: 'Top 10 best' }).locator('li');
  const worst = page.getByRole('list', { name: 'Top 10 worst' }).locator('li');
  await expect(best).toHaveCount(10);
  await expect(worst).toHaveCount(10);
  const sorted = [...expected].sort((a, b) => b - a);
  await expect(best.first()).toContainText(`${sorted[0]}/30`);
  await expect(worst.first()).toContainText(`${sorted[9]}/30`);
  await shot(page, 'review-top10');
  // a play link opens that call at its start
  const bestName = (await best.first().locator('span').nth(2).textContent()) ?? '';
  await best.first().getByRole('link', { name: /Play the call/ }).click();
  await expect(page).toHaveURL(/call=[0-9a-f-]{36}&t=0/);
  await expect(page.getByTestId('review-call-title')).toContainText(bestName.split(/\d/)[0].trim().slice(0, 8));

  // an experiment from the current review
  await page.getByRole('button', { name: 'Create experiment' }).click();
  const exp = page.getByRole('dialog', { name: 'New experiment' });
  await expect(exp).toBeVisible();
  await expect(exp.getByLabel('Name', { exact: true })).toHaveValue(/^From the review of /);
  await exp.getByLabel('Name', { exact: true }).fill('Season opener vs price opener');
  await exp.getByLabel('What the rep says (variant A)').fill('Before I pitch anything: how does your busy season look?');
  await exp.getByLabel('What the rep says (variant B)').fill('We cut quoting time in half for teams like yours.');
  await shot(page, 'review-create-experiment');
  await exp.getByRole('button', { name: 'Create and start' }).click();
  await expect(exp).toBeHidden();
  await expect(page.getByTestId('experiments-panel')).toContainText('Season opener vs price opener');
});
