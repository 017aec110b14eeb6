import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUBRIC_KEYS } from '@flywheel/contracts';
import { sampleTranscript } from '../sandbox-carrier/transcripts.ts';
import { transcriptFromText } from '../telephony/webhook/transcript.ts';
import { CallAnalysisSchema, ReviewDraftSchema, type AiPort, type AnalyzeCallInput, type TranscriptTurn } from './port.ts';
import { createOfflineAi } from './offline/adapter.ts';
import { createOpenAiCompatible } from './live/openai.ts';
import { startAiStub, type AiStub } from './live/stub.test-helpers.ts';

/**
 * One contract for every AI adapter: the offline analyzer and the live adapter (against a local
 * OpenAI-compatible stub) must give the same guarantees — schema-valid answers, every claim backed
 * by words actually said at the times given, scores inside the rubric, uncited suggestions dropped.
 */
let stub: AiStub;
beforeAll(async () => {
  stub = await startAiStub();
});
afterAll(async () => stub?.close());

const adapters: [string, () => AiPort][] = [
  ['offline', () => createOfflineAi()],
  ['openai-compatible (stub)', () => createOpenAiCompatible({ baseUrl: stub.url, model: stub.model, apiKey: stub.apiKey, timeoutMs: 5_000, maxRetries: 0 })],
];

const CALL = '5b0c3c1e-3f4e-4b7a-9a53-2f1f0b8e4d11';
const call = (pick: number): AnalyzeCallInput => ({
  workspaceId: 'ws', callSessionId: CALL, transcript: transcriptFromText(sampleTranscript(pick, 'human')),
  lead: { name: 'Acme', stage: 'new' }, vocabulary: { objectionTags: [], dispositionKeys: ['meeting_set', 'not_interested', 'follow_up', 'gatekeeper', 'some_interest', 'left_voicemail'] },
});

function said(t: TranscriptTurn[], e: { quote: string; start?: number; end?: number }) {
  const turn = t.find((x) => x.text.includes(e.quote));
  expect(turn, `"${e.quote}" was never said`).toBeDefined();
  expect(e.start).toBeGreaterThanOrEqual(turn!.start);
  expect(e.end).toBeLessThanOrEqual(turn!.end);
}

describe.each(adapters)('AI adapter contract: %s', (_name, make) => {
  it.each([0, 1, 2, 3, 4])('review of sandbox conversation %i: schema-valid, grounded, in the rubric', async (pick) => {
    const ai = make();
    const input = call(pick);
    const r = await ai.reviewCall(input);
    expect(ReviewDraftSchema.safeParse(r).success).toBe(true);
    for (const k of RUBRIC_KEYS) {
      expect(Number.isInteger(r.scores[k].score)).toBe(true);
      expect(r.scores[k].score).toBeGreaterThanOrEqual(1);
      expect(r.scores[k].score).toBeLessThanOrEqual(5);
      expect(r.scores[k].rationale.length).toBeGreaterThan(0);
      r.scores[k].evidence.forEach((e) => said(input.transcript, e));
    }
    for (const tag of r.tags) {
      expect(tag.evidence.length).toBeGreaterThan(0);
      tag.evidence.forEach((e) => said(input.transcript, e));
    }
    for (const o of r.objections) o.evidence.forEach((e) => said(input.transcript, e));
    expect(r.snippets.length).toBeLessThanOrEqual(3);
    for (const s of r.snippets) {
      expect(s.end).toBeGreaterThanOrEqual(s.start);
      expect(s.start).toBeGreaterThanOrEqual(0);
    }
  });

  it('the no-budget call: a budget objection quoting the line, a low close', async () => {
    const r = await make().reviewCall(call(3));
    const budget = r.objections.find((o) => o.tag === 'no_budget');
    expect(budget?.evidence.map((e) => e.quote)).toContain('Not interested, we have no budget for anything new.');
    expect(r.tags.map((x) => x.tag)).toContain('no_budget');
    expect(r.scores.close.score).toBeLessThanOrEqual(2);
  });

  it('the Thursday call: meeting booked, top close and next step', async () => {
    const r = await make().reviewCall(call(0));
    expect(r.tags.map((x) => x.tag)).toContain('meeting_booked');
    expect(r.scores.close.score).toBe(5);
    expect(r.scores.nextStep.score).toBe(5);
  });

  it('call analysis: schema-valid, every claim with evidence from this call', async () => {
    const input = call(3);
    const a = await make().analyzeCall(input);
    expect(CallAnalysisSchema.safeParse(a).success).toBe(true);
    for (const c of [...a.facts, ...a.inferred, ...a.nextSteps]) {
      expect(c.evidence.length).toBeGreaterThan(0);
      for (const e of c.evidence) {
        expect(e.callSessionId).toBe(CALL);
        said(input.transcript, e);
      }
    }
    expect(a.objections.map((o) => o.tag)).toContain('no_budget');
    expect(a.suggestedDisposition === null || input.vocabulary.dispositionKeys.includes(a.suggestedDisposition)).toBe(true);
    expect(a.sentiment).toBeGreaterThanOrEqual(-1);
    expect(a.sentiment).toBeLessThanOrEqual(1);
  });

  it('suggestions citing nothing are dropped', async () => {
    const t = call(0).transcript;
    const s = await make().suggest({ workspaceId: 'ws', kind: 'next_step', context: { transcript: t }, evidence: [{ quote: 'Send me an invite.', start: t[5].start, end: t[5].end }] });
    expect(s.length).toBeGreaterThan(0);
    for (const x of s) expect(x.evidence.length).toBeGreaterThan(0);
  });
});
