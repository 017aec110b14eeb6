import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleTranscript } from '../../sandbox-carrier/transcripts.ts';
import { transcriptFromText } from '../../telephony/webhook/transcript.ts';
import { AiError, type AnalyzeCallInput } from '../port.ts';
import { createOpenAiCompatible, type LiveAiConfig } from './openai.ts';
import { startAiStub, type AiStub } from './stub.test-helpers.ts';

let stub: AiStub;
beforeAll(async () => {
  stub = await startAiStub();
});
afterAll(async () => stub?.close());
beforeEach(() => {
  stub.behave('ok');
  stub.requests.length = 0;
});

const CALL = '5b0c3c1e-3f4e-4b7a-9a53-2f1f0b8e4d11';
const cfg = (over: Partial<LiveAiConfig> = {}): LiveAiConfig => ({ baseUrl: stub.url, model: stub.model, apiKey: stub.apiKey, timeoutMs: 5_000, maxRetries: 0, ...over });
const input = (pick: number): AnalyzeCallInput => ({
  workspaceId: 'ws', callSessionId: CALL, transcript: transcriptFromText(sampleTranscript(pick, 'human')),
  lead: { name: 'Acme Plumbing', stage: 'new', segment: 'smb' }, vocabulary: { objectionTags: ['no_budget'], dispositionKeys: ['meeting_set', 'not_interested'] },
});

async function failure(p: Promise<unknown>): Promise<AiError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AiError);
  return err as AiError;
}

describe('OpenAI-compatible adapter against a local stub server', () => {
  it('sends a chat completion with the transcript and a strict JSON schema made from the zod schema', async () => {
    const ai = createOpenAiCompatible(cfg());
    await ai.reviewCall(input(3));
    expect(stub.requests).toHaveLength(1);
    const r = stub.requests[0];
    expect(r).toMatchObject({ method: 'POST', path: '/v1/chat/completions', authorization: `Bearer ${stub.apiKey}` });
    expect(r.body.model).toBe(stub.model);
    const user = r.body.messages!.find((m) => m.role === 'user')!.content;
    expect(user).toContain('Prospect: Not interested, we have no budget for anything new.');
    expect(user).toMatch(/\[\d+\.\d-\d+\.\d\] Rep: Good morning/);
    expect(user).toContain('no_budget'); // the team's vocabulary
    expect(r.body.messages![0].role).toBe('system');
    const rf = r.body.response_format!;
    expect(rf.type).toBe('json_schema');
    expect(rf.json_schema).toMatchObject({ name: 'call_review', strict: true });
    const schema = rf.json_schema!.schema as { type: string; properties: Record<string, { properties?: Record<string, unknown>; required?: string[]; additionalProperties?: boolean }>; required: string[]; additionalProperties: boolean };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(['objections', 'scores', 'snippets', 'summary', 'tags']);
    expect(schema.properties.scores.required!.sort()).toEqual(['close', 'control', 'discovery', 'nextStep', 'objections', 'opening']);
    expect(JSON.stringify(schema)).not.toContain('"$schema"');
  });

  it('keeps what the transcript backs and drops invented quotes and claims without evidence', async () => {
    const ai = createOpenAiCompatible(cfg());
    const t = input(3).transcript;
    const r = await ai.reviewCall(input(3));
    expect(r.tags.map((x) => x.tag)).toEqual(['no_budget']); // 'signed_today' quoted nothing said, 'vibes' quoted nothing
    expect(r.tags[0].evidence[0]).toEqual({ start: t[1].start, end: t[1].end, quote: 'Not interested, we have no budget for anything new.' });
    expect(r.objections.map((o) => o.tag)).toEqual(['no_budget']);
    expect(r.scores.control.score).toBe(5); // 9 clamped into the rubric
    expect(r.scores.close.score).toBe(1);
    expect(r.snippets.map((s) => s.text)).toEqual(['Prospect: Not interested, we have no budget for anything new.']);

    const a = await ai.analyzeCall(input(3));
    expect(a.facts.map((f) => f.text)).toEqual(['The prospect has no budget.', 'The rep opened the call.']);
    expect(a.facts[0].evidence[0]).toMatchObject({ callSessionId: CALL, quote: 'Not interested, we have no budget for anything new.' });
    expect(a.inferred).toEqual([]);
    expect(a.suggestedDisposition).toBeNull(); // not one of the workspace's keys
    expect(a.sentiment).toBe(1);
    expect(stub.requests[1].body.response_format!.json_schema!.name).toBe('call_analysis');

    const s = await ai.suggest({ workspaceId: 'ws', kind: 'next_step', context: {}, evidence: [{ quote: 'Send me an invite.', start: 1, end: 2 }] });
    expect(s).toEqual([{ text: 'Send the invite now.', rationale: 'Cited.', evidence: [{ quote: 'Send me an invite.', start: 1, end: 2 }] }]);
  });

  it('a malformed answer is a clear error, not a crash', async () => {
    stub.behave('malformed');
    const err = await failure(createOpenAiCompatible(cfg()).reviewCall(input(0)));
    expect(err.code).toBe('bad_response');
    expect(err.message).toMatch(/did not answer with JSON/);
    stub.behave('wrong_shape');
    const shape = await failure(createOpenAiCompatible(cfg()).reviewCall(input(0)));
    expect(shape.message).toMatch(/does not match the schema \(summary: .*\)/);
    stub.behave('refusal');
    expect((await failure(createOpenAiCompatible(cfg()).reviewCall(input(0)))).message).toMatch(/declined to answer: I cannot help/);
  });

  it('maps provider errors to messages an admin can act on, never showing the key', async () => {
    const wrongKey = await failure(createOpenAiCompatible(cfg({ apiKey: 'sk-wrong-0000' })).reviewCall(input(0)));
    expect(wrongKey.code).toBe('unauthorized');
    expect(wrongKey.message).toMatch(/refused the API key \(401\).*Settings → AI/);
    expect(wrongKey.message).not.toContain('sk-wrong');

    const noModel = await failure(createOpenAiCompatible(cfg({ model: 'gpt-nope' })).reviewCall(input(0)));
    expect(noModel).toMatchObject({ code: 'not_found' });
    expect(noModel.message).toContain('"gpt-nope"');

    stub.behave('error500');
    const down = await failure(createOpenAiCompatible(cfg()).reviewCall(input(0)));
    expect(down.code).toBe('provider_error');
    expect(down.message).toMatch(/answered 500/);

    stub.behave('slow');
    const slow = await failure(createOpenAiCompatible(cfg({ timeoutMs: 300 })).reviewCall(input(0)));
    expect(slow.code).toBe('timeout');
    expect(slow.message).toMatch(/did not answer within 0\.3 s/);

    const closed = await startAiStub();
    const url = closed.url;
    await closed.close();
    const unreachable = await failure(createOpenAiCompatible(cfg({ baseUrl: url })).reviewCall(input(0)));
    expect(unreachable.code).toBe('unreachable');
    expect(unreachable.message).toContain(url);
  });

  it('works with a base URL that has a trailing slash, and ping proves the connection', async () => {
    const ai = createOpenAiCompatible(cfg({ baseUrl: `${stub.url}/` }));
    const p = await ai.ping();
    expect(p.model).toBe(stub.model);
    expect(stub.requests.at(-1)).toMatchObject({ path: '/v1/chat/completions' });
    expect(stub.requests.at(-1)!.body.response_format!.json_schema!.name).toBe('connection_test');
  });
});
