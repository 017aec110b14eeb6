import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for an OpenAI-compatible server (node:http, ephemeral port). It checks what a real
 * one checks — the path, the bearer key, the model, a strict json_schema response format — and
 * answers like a small model would: quotes from the transcript it was sent, plus the mistakes
 * real models make (an invented quote, a claim with no evidence, an out-of-range index), so the
 * adapter's grounding is exercised.
 */
export type StubBehaviour = 'ok' | 'malformed' | 'wrong_shape' | 'error500' | 'slow' | 'refusal';

export interface StubRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: Record<string, unknown> } };
  };
}

export interface AiStub {
  /** Base URL to configure (…/v1). */
  url: string;
  apiKey: string;
  model: string;
  requests: StubRequest[];
  behave(b: StubBehaviour): void;
  close(): Promise<void>;
}

interface Line {
  start: number;
  end: number;
  who: string;
  text: string;
}

function linesOf(user: string): Line[] {
  return [...user.matchAll(/^\[(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\] (Rep|Prospect|Speaker): (.*)$/gm)].map((m) => ({ start: Number(m[1]), end: Number(m[2]), who: m[3], text: m[4] }));
}

const ev = (l: Line) => ({ start: l.start, end: l.end, quote: l.text });
const INVENTED = { start: 1, end: 2, quote: 'We will sign the contract today.' };

function answer(name: string, user: string): unknown {
  const lines = linesOf(user);
  const prospect = lines.filter((l) => l.who === 'Prospect');
  const budget = prospect.find((l) => /budget|expensive/i.test(l.text));
  const meeting = prospect.find((l) => /invite|works/i.test(l.text));
  const firstRep = lines.find((l) => l.who === 'Rep') ?? lines[0];
  if (name === 'connection_test') return { ok: true };
  if (name === 'call_review') {
    const score = (n: number) => ({ score: n, rationale: 'Judged from the transcript.', evidence: firstRep ? [ev(firstRep)] : [] });
    return {
      summary: meeting ? 'Meeting booked.' : budget ? 'No budget, no next step.' : 'A short call.',
      tags: [
        ...(budget ? [{ tag: 'no_budget', reason: 'Budget objection.', evidence: [ev(budget)] }] : []),
        ...(meeting ? [{ tag: 'meeting_booked', reason: 'Agreed to meet.', evidence: [ev(meeting)] }] : []),
        { tag: 'signed_today', reason: 'Invented by the model.', evidence: [INVENTED] },
        { tag: 'vibes', reason: 'No evidence at all.', evidence: [] },
      ],
      scores: { opening: score(3), discovery: score(2), control: score(9), objections: score(3), close: score(meeting ? 5 : 1), nextStep: score(meeting ? 5 : 1) },
      objections: budget ? [{ tag: 'no_budget', evidence: [ev(budget)] }, { tag: 'timing', evidence: [INVENTED] }] : [],
      snippets: [
        ...(meeting ? [{ start: meeting.start, end: meeting.end, text: meeting.text, why: 'Meeting booked' }] : budget ? [{ start: budget.start, end: budget.end, text: `Prospect: ${budget.text}`, why: 'Objection' }] : []),
        { start: 0, end: 1, text: 'Rep: A line nobody said.', why: 'Invented' },
      ],
    };
  }
  if (name === 'call_analysis') {
    return {
      summary: 'Stub analysis.',
      facts: [...(budget ? [{ text: 'The prospect has no budget.', evidence: [ev(budget)] }] : []), ...(firstRep ? [{ text: 'The rep opened the call.', evidence: [ev(firstRep)] }] : []), { text: 'The prospect will sign today.', evidence: [INVENTED] }],
      inferred: [{ text: 'No evidence for this.', evidence: [] }],
      missing: ['Timeline'],
      objections: budget ? [{ tag: 'no_budget', evidence: [ev(budget)] }] : [],
      decisionMakerReached: null,
      suggestedDisposition: meeting ? 'meeting_set' : 'invented_key',
      nextSteps: meeting ? [{ text: 'Meeting agreed.', evidence: [ev(meeting)] }] : [],
      sentiment: 3,
      talkRatio: { rep: 0.6, prospect: 0.4 },
    };
  }
  if (name === 'suggestions') {
    return { suggestions: [{ text: 'Send the invite now.', rationale: 'Cited.', evidenceIds: [0] }, { text: 'Uncited idea.', rationale: '', evidenceIds: [] }, { text: 'Bad index.', rationale: '', evidenceIds: [99] }] };
  }
  return {};
}

export async function startAiStub(opts: { apiKey?: string; model?: string } = {}): Promise<AiStub> {
  const apiKey = opts.apiKey ?? 'sk-test-7f3a-secret-key';
  const model = opts.model ?? 'stub-model-1';
  const requests: StubRequest[] = [];
  let behaviour: StubBehaviour = 'ok';
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const send = (status: number, json: unknown) => {
        if (!res.writableEnded) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      };
      let body: StubRequest['body'] = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return send(400, { error: { message: 'Invalid JSON body', type: 'invalid_request_error' } });
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, { error: { message: `Unknown path ${req.url}`, type: 'invalid_request_error' } });
      if (req.headers.authorization !== `Bearer ${apiKey}`) return send(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
      if (body.model !== model) return send(404, { error: { message: `The model \`${body.model}\` does not exist.`, type: 'invalid_request_error', code: 'model_not_found' } });
      const rf = body.response_format;
      if (rf?.type !== 'json_schema' || rf.json_schema?.strict !== true || rf.json_schema.schema?.type !== 'object' || !rf.json_schema.name) {
        return send(400, { error: { message: 'response_format must be a strict json_schema', type: 'invalid_request_error' } });
      }
      if (behaviour === 'error500') return send(500, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
      const reply = (content: string | null, refusal: string | null = null) =>
        send(200, {
          id: 'chatcmpl-stub', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
          choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        });
      if (behaviour === 'malformed') return reply('Sure! Here is your review: {"summary": ');
      if (behaviour === 'refusal') return reply(null, 'I cannot help with that.');
      if (behaviour === 'wrong_shape') return reply(JSON.stringify({ summary: 42, tags: 'none' }));
      const user = body.messages?.find((m) => m.role === 'user')?.content ?? '';
      const content = JSON.stringify(answer(rf.json_schema.name, user));
      if (behaviour === 'slow') setTimeout(() => reply(content), 2_000);
      else reply(content);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    model,
    requests,
    behave: (b) => (behaviour = b),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
