import type { TestContext, TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertAttempts } from '../calls/index.ts';

export const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

/** A lead through the API (so its activity and summaries are real), with one primary contact and phone. */
export async function makeLead(t: TestContext, w: TestWorkspace, name: string, phone: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/leads', payload: { name, contact: { firstName: name.split(' ')[0], lastName: 'Test', phone }, ...extra } });
  if (res.statusCode !== 201) throw new Error(`lead: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function makeTask(t: TestContext, w: TestWorkspace, leadId: string, title: string, dueAt: string | null, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/tasks', payload: { leadId, title, dueAt, ...extra } });
  if (res.statusCode !== 201) throw new Error(`task: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** A past logged outcome (history), as an import or an earlier session would have left it. */
export async function pastAttempt(t: TestContext, w: TestWorkspace, leadId: string, dispositionKey: string, daysAgo: number, notInterestedReason: string | null = null) {
  await withWorkspace(t.db, w.workspaceId, (tx) =>
    insertAttempts(tx, w.workspaceId, [{ callSessionId: null, leadId, userId: w.userId, dispositionKey, dmReached: true, notInterestedReason, createdAt: new Date(Date.now() - daysAgo * 86400_000) }]),
  );
}

/** An IANA zone (Etc/GMT±n) whose local hour right now is `hour`: tests of calling hours must not depend on when they run. */
export function zoneAtLocalHour(hour: number): string {
  const utc = new Date().getUTCHours();
  let offset = (((hour - utc) % 24) + 24) % 24;
  if (offset > 14) offset -= 24;
  // Etc/GMT signs are inverted: Etc/GMT-5 is UTC+5
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
