import { expect, type Page } from '@playwright/test';
import { createLead } from './leads-helpers.ts';

// The sandbox carrier decides a call's fate by the last four digits of the number (its "magic
// numbers", platform/providers/sandbox-carrier/planner.ts): 0001 = a person answers after 5 s and
// talks 45 s. The e2e server runs the carrier 10× faster (SANDBOX_CARRIER_TIME_SCALE).
const AREAS = ['212', '415', '617', '312', '512', '303', '206', '404', '305', '702'];
/** A distinct answered number per lead (up to ten leads per workspace). */
export const answeredPhone = (i: number) => `+1${AREAS[i % AREAS.length]}5550001`;

export interface DialLead {
  id: string;
  name: string;
}

const ZONES = ['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu', 'Europe/London', 'Europe/Berlin', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'Pacific/Auckland'];
/**
 * A time zone where it is now well inside calling hours (8:00–21:00, SPEC §6): the server refuses
 * calls outside them, and the tests run at any hour.
 */
export function callableZone(now = new Date()): string {
  const hour = (tz: string) => Number(new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', hourCycle: 'h23' }).format(now));
  const z = ZONES.find((tz) => hour(tz) >= 10 && hour(tz) <= 18);
  if (!z) throw new Error('no callable zone in the list');
  return z;
}

/** Leads with one contact each, whose numbers a person answers in the sandbox, callable now. */
export async function seedDialLeads(page: Page, names: string[], opts: { stage?: string } = {}): Promise<DialLead[]> {
  const out: DialLead[] = [];
  for (const [i, name] of names.entries()) {
    const first = name.split(' ')[0];
    const l = await createLead(page, { name, stage: opts.stage ?? 'new', contact: { firstName: first, lastName: 'Tester', phone: answeredPhone(i) } });
    // the lead's own time zone wins over its area code's (a lead's time zone is set by editing it)
    await apiJson(page, 'PATCH', `/api/v1/leads/${l.id}`, { timezone: callableZone() });
    out.push({ id: l.id, name: l.name });
  }
  return out;
}

export async function apiJson<T = unknown>(page: Page, method: 'GET' | 'POST' | 'PATCH', url: string, data?: unknown): Promise<T> {
  const r = await page.request.fetch(url, { method, data });
  expect(r.ok(), `${method} ${url} → ${r.status()} ${await r.text()}`).toBeTruthy();
  return r.json();
}

export async function createTask(page: Page, leadId: string, title: string, dueAt: Date | null, kind = 'follow_up'): Promise<{ id: string; title: string }> {
  return apiJson(page, 'POST', '/api/v1/tasks', { leadId, title, kind, dueAt: dueAt ? dueAt.toISOString() : null });
}

export const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000);

/** Lead ids of the queue in the run screen's sidebar, top to bottom. */
export async function queueLeadIds(page: Page): Promise<string[]> {
  const q = page.getByTestId('queue');
  await expect(q.locator('li').first()).toBeVisible();
  return q.locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-lead-id') ?? ''));
}

export async function queueItemIds(page: Page): Promise<string[]> {
  // wait for the queue to render (right after a reload it is still loading)
  await expect(page.getByTestId('queue').locator('li').first()).toBeVisible();
  return page.getByTestId('queue').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id') ?? ''));
}

export interface Disposition {
  key: string;
  label: string;
  hotkey: string | null;
}
export async function dispositions(page: Page): Promise<Disposition[]> {
  return (await apiJson<{ data: Disposition[] }>(page, 'GET', '/api/v1/dispositions')).data;
}

/** The session id from the run screen's URL. */
export function sessionIdFrom(page: Page): string {
  const m = /\/dialer\/sessions\/([0-9a-f-]{36})/.exec(page.url());
  if (!m) throw new Error(`not on a session page: ${page.url()}`);
  return m[1];
}

/** Records every window.open call (the Dialer must never use it). */
export async function trapWindowOpen(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __opened: string[] };
    w.__opened = [];
    window.open = (url?: string | URL) => {
      w.__opened.push(String(url));
      return null;
    };
  });
}
export async function windowOpens(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __opened: string[] }).__opened);
}

/** A mm:ss / h:mm:ss clock face (a time of day with AM/PM is not one). */
export const CLOCK = /\b\d{1,2}:\d{2}(?::\d{2})?\b(?!\s?[AaPp]\.?[Mm])/;
