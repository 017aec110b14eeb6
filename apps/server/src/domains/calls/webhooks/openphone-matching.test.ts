import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import { withWorkspace } from '../../../platform/tenancy/with-workspace.ts';
import { insertCallSessions, loadCallSessions, processPendingWebhooks } from '../index.ts';
import { openPhoneAccount, postOpenPhone } from './webhook-test-helpers.ts';

let t: TestContext;
let a: TestWorkspace;
let op: { key: string };
let leadId: string;

beforeAll(async () => {
  t = await createTestContext();
  a = await t.newWorkspace('OpenPhone matching');
  op = await openPhoneAccount(t, a.workspaceId);
  leadId = (await t.as({ cookie: a.cookie })({ method: 'POST', url: '/api/v1/leads', payload: { name: 'Tel Co' } })).json().id;
});
afterAll(async () => t?.close());

/** A call session the Dialer made for a tel: link (provider openphone, no provider id yet). */
async function telCall(to: string, startedAt: Date) {
  const [id] = await withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [{
    provider: 'openphone', providerCallId: null, direction: 'outbound', from: '+12125550100', to, status: 'initiated',
    statusHistory: [{ status: 'initiated', at: startedAt.toISOString(), source: 'app' }], startedAt, leadId, userId: a.userId,
  }]));
  return id;
}
const completed = (id: string, eventId: string, to: string, createdAt: Date, duration: number) => ({
  id: eventId, object: 'event', type: 'call.completed', createdAt: new Date(createdAt.getTime() + duration * 1000 + 5000).toISOString(),
  data: { object: { id, object: 'call', direction: 'outgoing', status: 'completed', from: '+12125550100', to, createdAt: createdAt.toISOString(), answeredAt: new Date(createdAt.getTime() + 7000).toISOString(), completedAt: new Date(createdAt.getTime() + duration * 1000).toISOString(), duration, userId: 'US1' } },
});
const load = async (id: string) => (await withWorkspace(t.db, a.workspaceId, (tx) => loadCallSessions(tx, a.workspaceId, { ids: [id] })))[0];

describe(`OpenPhone matching on ${testDbKind}`, () => {
  it('matches the OpenPhone record to the tel: call session by number within the time window', async () => {
    const now = new Date();
    const old = await telCall('+13125550166', new Date(now.getTime() - 45 * 60_000)); // outside the 30-minute window
    const recent = await telCall('+13125550166', new Date(now.getTime() - 60_000));
    expect((await postOpenPhone(t, completed('ACmatch1', 'EVm1', '+13125550166', now, 95), op.key)).statusCode).toBe(200);
    await processPendingWebhooks(t.deps);
    expect(await load(recent)).toMatchObject({ providerCallId: 'ACmatch1', status: 'completed', durationSeconds: 95, leadId, transcriptStatus: 'pending' });
    expect(await load(old)).toMatchObject({ providerCallId: null, status: 'initiated' });
    // the transcript and summary follow by call id
    await postOpenPhone(t, { id: 'EVm2', type: 'call.transcript.completed', createdAt: now.toISOString(), data: { object: { callId: 'ACmatch1', dialogue: [{ content: 'Hi, Sam here', start: 0, end: 2, userId: 'US1' }, { content: 'Hello', start: 2, end: 3, identifier: '+13125550166' }] } } }, op.key);
    await postOpenPhone(t, { id: 'EVm3', type: 'call.summary.completed', createdAt: now.toISOString(), data: { object: { callId: 'ACmatch1', summary: ['Asked for a quote'] } } }, op.key);
    await processPendingWebhooks(t.deps);
    expect(await load(recent)).toMatchObject({ transcriptStatus: 'completed', summary: 'Asked for a quote', transcript: [{ speaker: 'rep', text: 'Hi, Sam here' }, { speaker: 'prospect', text: 'Hello' }] });
  });

  it('keeps a call nothing matches as unmatched (even when its transcript came first), listed and linkable', async () => {
    const now = new Date();
    await postOpenPhone(t, { id: 'EVu1', type: 'call.transcript.completed', createdAt: now.toISOString(), data: { object: { callId: 'ACunmatched9', dialogue: [{ content: 'Who is this?', start: 0, end: 1, identifier: '+13125550155' }] } } }, op.key);
    await processPendingWebhooks(t.deps);
    await postOpenPhone(t, completed('ACunmatched9', 'EVu2', '+13125550155', now, 30), op.key);
    // OpenPhone retries with the same event id: stored once
    await postOpenPhone(t, completed('ACunmatched9', 'EVu2', '+13125550155', now, 30), op.key);
    await processPendingWebhooks(t.deps);
    const api = t.as({ cookie: a.cookie });
    const list = (await api({ method: 'GET', url: '/api/v1/calls?unmatched=true' })).json();
    const call = list.items.find((c: { providerCallId: string }) => c.providerCallId === 'ACunmatched9');
    expect(call).toMatchObject({ leadId: null, status: 'completed', durationSeconds: 30, transcriptStatus: 'completed', to: '+13125550155' });
    expect((await api({ method: 'POST', url: `/api/v1/calls/${call.id}/link`, payload: { leadId } })).json()).toMatchObject({ leadId, leadName: 'Tel Co' });
    const count = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_events WHERE provider_call_id = 'ACunmatched9'`);
    expect(count.rows[0].n).toBe(2);
  });
});
