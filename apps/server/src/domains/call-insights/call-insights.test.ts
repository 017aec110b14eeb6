import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertCallSessions } from '../calls/index.ts';
import { addMember } from '../leads/leads.test-helpers.ts';
import { sampleTranscript } from '../../platform/providers/sandbox-carrier/transcripts.ts';
import { transcriptFromText } from '../../platform/providers/telephony/webhook/transcript.ts';
import type { TranscriptTurn } from '../../platform/providers/ai/port.ts';
import { startAiStub, type AiStub } from '../../platform/providers/ai/live/stub.test-helpers.ts';

let t: TestContext;
let stub: AiStub;
beforeAll(async () => {
  t = await createTestContext();
  stub = await startAiStub();
});
afterAll(async () => {
  await stub?.close();
  await t?.close();
});
beforeEach(() => stub.behave('ok'));

async function newCall(w: TestWorkspace, transcript: TranscriptTurn[] | null, transcriptStatus: string | null = transcript ? 'completed' : null): Promise<string> {
  return withWorkspace(t.db, w.workspaceId, async (tx) => {
    const [id] = await insertCallSessions(tx, w.workspaceId, [{
      provider: 'sandbox', providerCallId: `CA${crypto.randomUUID().replaceAll('-', '')}`, direction: 'outbound', from: '+12125550142', to: '+13125550199',
      status: 'completed', statusHistory: [{ status: 'completed', at: new Date().toISOString(), source: 'provider' }], startedAt: new Date(), leadId: null, transcript: transcript ?? undefined,
    }]);
    if (transcriptStatus) await tx.query('UPDATE call_sessions SET transcript_status = $2 WHERE id = $1', [id, transcriptStatus]);
    return id;
  });
}
const conversation = (pick: number) => transcriptFromText(sampleTranscript(pick, 'human'));

async function cacheRows(w: TestWorkspace, callId: string) {
  return withWorkspace(t.db, w.workspaceId, async (tx) => (await tx.query<{ provider: string; suggestions: { generatedAt: string; fallbackReason?: string } }>('SELECT provider, suggestions FROM call_ai_suggestions WHERE call_session_id = $1 ORDER BY provider', [callId])).rows);
}

describe(`call suggestions on ${testDbKind}`, () => {
  it('computes offline suggestions, caches them, and recomputes on refresh', async () => {
    const w = await t.newWorkspace('Insights offline');
    const api = t.as({ cookie: w.cookie });
    const callId = await newCall(w, conversation(3));
    const first = await api({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` });
    expect(first.statusCode, first.body).toBe(200);
    const s = first.json();
    expect(s).toMatchObject({ provider: 'offline', mode: 'offline', scores: { close: { score: 1 }, nextStep: { score: 1 } } });
    expect(s.fallbackReason).toBeUndefined();
    expect(s.objections.find((o: { tag: string }) => o.tag === 'no_budget').evidence[0].quote).toBe('Not interested, we have no budget for anything new.');
    expect(s.snippets.length).toBeGreaterThan(0);
    expect(await cacheRows(w, callId)).toHaveLength(1);

    const again = (await api({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` })).json();
    expect(again.generatedAt).toBe(s.generatedAt); // from the cache
    await new Promise((r) => setTimeout(r, 5));
    const refreshed = await api({ method: 'POST', url: `/api/v1/calls/${callId}/suggestions/refresh` });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().generatedAt).not.toBe(s.generatedAt);
    expect(refreshed.json().tags).toEqual(s.tags); // deterministic
    const rows = await cacheRows(w, callId);
    expect(rows).toHaveLength(1);
    expect(rows[0].suggestions.generatedAt).toBe(refreshed.json().generatedAt);
    // a transcript that changes (a better transcription arrived) is analysed again, not served stale
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query('UPDATE call_sessions SET transcript = $2 WHERE id = $1', [callId, JSON.stringify(conversation(0))]));
    const redone = (await api({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` })).json();
    expect(redone.generatedAt).not.toBe(refreshed.json().generatedAt);
    expect(redone.tags.map((x: { tag: string }) => x.tag)).toContain('meeting_booked');
    expect((await api({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` })).json().generatedAt).toBe(redone.generatedAt);
    // reps read suggestions too (API keys as well)
    const rep = await addMember(t, w, 'rep', 'Rita Rep');
    expect((await t.as({ cookie: rep.cookie })({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` })).statusCode).toBe(200);
    expect((await t.as({ apiKey: w.apiKey })({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` })).statusCode).toBe(200);
  });

  it('answers 409 "No transcript yet" for a call without one, 404 for another workspace\'s call, 400 for a bad id', async () => {
    const w = await t.newWorkspace('Insights errors');
    const other = await t.newWorkspace('Insights other');
    const api = t.as({ cookie: w.cookie });
    const pending = await newCall(w, null, 'pending');
    const res = await api({ method: 'GET', url: `/api/v1/calls/${pending}/suggestions` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/^No transcript yet: .*still being processed/);
    const none = await newCall(w, [], null);
    expect((await api({ method: 'POST', url: `/api/v1/calls/${none}/suggestions/refresh` })).json().error.message).toMatch(/No transcript yet/);

    const theirs = await newCall(other, conversation(0));
    expect((await api({ method: 'GET', url: `/api/v1/calls/${theirs}/suggestions` })).statusCode).toBe(404);
    expect((await api({ method: 'POST', url: `/api/v1/calls/${theirs}/suggestions/refresh` })).statusCode).toBe(404);
    expect(await cacheRows(other, theirs)).toHaveLength(0);
    expect((await api({ method: 'GET', url: `/api/v1/calls/${crypto.randomUUID()}/suggestions` })).statusCode).toBe(404);
    expect((await api({ method: 'GET', url: '/api/v1/calls/not-a-uuid/suggestions' })).statusCode).toBe(400);
  });

  it('uses the configured endpoint (live), caches per provider, and falls back to offline with a reason when it fails', async () => {
    const w = await t.newWorkspace('Insights live');
    const api = t.as({ cookie: w.cookie });
    const put = await api({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: stub.url, model: stub.model, apiKey: stub.apiKey, timeoutMs: 5000 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ mode: 'live', provider: stub.model, configured: true, baseUrl: stub.url, model: stub.model, apiKeySet: true, timeoutMs: 5000 });
    expect(put.body).not.toContain(stub.apiKey);

    const callId = await newCall(w, conversation(0));
    const before = stub.requests.length;
    const live = await api({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` });
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json()).toMatchObject({ provider: stub.model, mode: 'live', summary: 'Meeting booked.', scores: { close: { score: 5 } } });
    expect(live.json().tags.map((x: { tag: string }) => x.tag)).toEqual(['meeting_booked']); // the invented ones were dropped
    expect(stub.requests.length).toBe(before + 1);
    expect(stub.requests.at(-1)!.authorization).toBe(`Bearer ${stub.apiKey}`);
    // cached: no second request
    expect((await api({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` })).json().generatedAt).toBe(live.json().generatedAt);
    expect(stub.requests.length).toBe(before + 1);

    // the endpoint breaks: refresh still answers, from the offline analyzer, and says why
    stub.behave('malformed');
    const fb = await api({ method: 'POST', url: `/api/v1/calls/${callId}/suggestions/refresh` });
    expect(fb.statusCode).toBe(200);
    expect(fb.json()).toMatchObject({ provider: 'offline', mode: 'offline', fallbackReason: expect.stringMatching(/did not answer with JSON.*offline analyzer answered instead/) });
    expect(fb.json().tags.map((x: { tag: string }) => x.tag)).toContain('meeting_booked');
    stub.behave('error500');
    const other = await newCall(w, conversation(3));
    const fb2 = await api({ method: 'GET', url: `/api/v1/calls/${other}/suggestions` });
    expect(fb2.statusCode).toBe(200);
    expect(fb2.json().fallbackReason).toMatch(/answered 500/);
    // the live answer stays cached under its model; the offline one under 'offline', without the reason
    const rows = await cacheRows(w, callId);
    expect(rows.map((r) => r.provider).sort()).toEqual(['offline', stub.model].sort());
    expect(rows.every((r) => r.suggestions.fallbackReason === undefined)).toBe(true);
    // the failure shows in the settings' health
    const settings = (await api({ method: 'GET', url: '/api/v1/settings/ai' })).json();
    expect(settings.health.lastError).toMatch(/answered 500/);

    // forgetting the endpoint: offline again
    const del = await api({ method: 'DELETE', url: '/api/v1/settings/ai' });
    expect(del.json()).toMatchObject({ mode: 'offline', provider: 'offline', configured: false, apiKeySet: false, baseUrl: null });
    expect((await api({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` })).json()).toMatchObject({ provider: 'offline', mode: 'offline' });
    expect((await api({ method: 'DELETE', url: '/api/v1/settings/ai' })).statusCode).toBe(404);
  });
});

describe(`AI settings on ${testDbKind}`, () => {
  it('stores the key encrypted and write-only; keeps it when omitted, removes it when empty', async () => {
    const w = await t.newWorkspace('AI settings');
    const api = t.as({ cookie: w.cookie });
    expect((await api({ method: 'GET', url: '/api/v1/settings/ai' })).json()).toEqual({
      mode: 'offline', provider: 'offline', configured: false, baseUrl: null, model: null, apiKeySet: false, timeoutMs: 30000, health: null,
    });
    await api({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: `${stub.url}/`, model: stub.model, apiKey: stub.apiKey } });
    const { rows } = await t.db.query<{ ai: { apiKeyEnc: string; baseUrl: string } }>(`SELECT settings->'ai' AS ai FROM workspaces WHERE id = $1`, [w.workspaceId]);
    expect(rows[0].ai.baseUrl).toBe(stub.url); // trailing slash trimmed
    expect(rows[0].ai.apiKeyEnc).toMatch(/^v1\./);
    expect(JSON.stringify(rows[0])).not.toContain(stub.apiKey);

    const kept = await api({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: stub.url, model: 'another-model' } });
    expect(kept.json()).toMatchObject({ model: 'another-model', apiKeySet: true });
    const removed = await api({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: stub.url, model: stub.model, apiKey: '' } });
    expect(removed.json()).toMatchObject({ apiKeySet: false });
    const all = await api({ method: 'GET', url: '/api/v1/settings/ai' });
    expect(all.body).not.toContain(stub.apiKey);
  });

  it('tests the connection with saved or unsaved values and explains failures', async () => {
    const w = await t.newWorkspace('AI test connection');
    const api = t.as({ cookie: w.cookie });
    const nothing = await api({ method: 'POST', url: '/api/v1/settings/ai/test', payload: {} });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json().error.message).toMatch(/Enter a base URL and a model first/);

    const unsaved = await api({ method: 'POST', url: '/api/v1/settings/ai/test', payload: { baseUrl: stub.url, model: stub.model, apiKey: stub.apiKey } });
    expect(unsaved.json()).toMatchObject({ ok: true, model: stub.model, message: expect.stringMatching(/^Connected/) });
    expect(stub.requests.at(-1)!.body.response_format!.json_schema!.name).toBe('connection_test');

    await api({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: stub.url, model: stub.model, apiKey: stub.apiKey } });
    expect((await api({ method: 'POST', url: '/api/v1/settings/ai/test' })).json().ok).toBe(true);
    const wrongKey = await api({ method: 'POST', url: '/api/v1/settings/ai/test', payload: { apiKey: 'sk-wrong-1234' } });
    expect(wrongKey.json()).toMatchObject({ ok: false, message: expect.stringMatching(/refused the API key \(401\)/) });
    expect(wrongKey.body).not.toContain('sk-wrong');
    const wrongModel = await api({ method: 'POST', url: '/api/v1/settings/ai/test', payload: { model: 'gpt-nope' } });
    expect(wrongModel.json()).toMatchObject({ ok: false, message: expect.stringMatching(/no model "gpt-nope"/) });
  });

  it('validates input with messages naming the field, and is for admins only', async () => {
    const w = await t.newWorkspace('AI settings validation');
    const api = t.as({ cookie: w.cookie });
    const bad = await api({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: 'ftp://models.local', model: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/baseUrl/);
    expect(bad.body).toMatch(/model/);
    const slow = await api({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: stub.url, model: 'm', timeoutMs: 999999 } });
    expect(slow.statusCode).toBe(400);
    expect(slow.body).toMatch(/timeoutMs/);
    const manager = await addMember(t, w, 'manager', 'Max Manager');
    const as = t.as({ cookie: manager.cookie });
    expect((await as({ method: 'GET', url: '/api/v1/settings/ai' })).statusCode).toBe(403);
    expect((await as({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: stub.url, model: 'm' } })).statusCode).toBe(403);
    expect((await as({ method: 'POST', url: '/api/v1/settings/ai/test', payload: {} })).statusCode).toBe(403);
  });
});
