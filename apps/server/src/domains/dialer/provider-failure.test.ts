import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallSessionSchema, DialModesResponseSchema, DialSessionSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { makeLead, zoneAtLocalHour } from './dialer.test-helpers.ts';

// The sandbox carrier refuses numbers ending in 0006 at its REST API with Twilio's 21211
// ("invalid 'To' number"), exactly as Twilio would: the same adapter code path as a live account.
let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Provider failure');
  api = t.as({ cookie: w.cookie });
});
afterAll(async () => t?.close());

describe(`a provider that refuses the call on ${testDbKind}`, () => {
  it('answers 502 with the provider’s words, marks the call session failed, flags the number bad, logs no attempt', async () => {
    const leadId = await makeLead(t, w, 'Nowhere Supply', '+14155550006');
    await api({ method: 'PATCH', url: `/api/v1/leads/${leadId}`, payload: { timezone: zoneAtLocalHour(13) } });
    const s = DialSessionSchema.parse((await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: [leadId] } } })).json());
    const res = await api({ method: 'POST', url: `/api/v1/dialer/sessions/${s.id}/items/${s.items[0].id}/call`, payload: {} });
    expect(res.statusCode, res.body).toBe(502);
    expect(res.json().error.message).toMatch(/invalid|not a valid/i);

    const calls = (await api({ method: 'GET', url: `/api/v1/calls?dialSessionId=${s.id}` })).json().items.map((c: unknown) => CallSessionSchema.parse(c));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ status: 'failed', attempt: null, to: '+14155550006' });
    const attempts = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attempts WHERE lead_id = $1', [leadId]);
    expect(Number(attempts.rows[0].n)).toBe(0);

    // the number is never queued or called again
    const flags = await t.db.query<{ kind: string }>('SELECT kind FROM phone_flags WHERE workspace_id = $1 AND phone = $2', [w.workspaceId, '+14155550006']);
    expect(flags.rows.map((r) => r.kind)).toEqual(['bad_number']);
    const again = await api({ method: 'POST', url: `/api/v1/dialer/sessions/${s.id}/items/${s.items[0].id}/call`, payload: {} });
    expect(again.statusCode).toBe(409);
    const modes = DialModesResponseSchema.parse((await api({ method: 'GET', url: '/api/v1/dialer/modes' })).json()).modes;
    expect(modes.find((m) => m.mode === 'new')?.count).toBe(0);
    const timeline = (await api({ method: 'GET', url: `/api/v1/leads/${leadId}/timeline?limit=50` })).json().data as { kind: string; summary: string }[];
    expect(timeline.some((a) => a.kind === 'phone.flagged' && a.summary.includes('+14155550006'))).toBe(true);
  });
});
