import { z } from 'zod';
import type { ReputationSource, ReputationVerdict } from './port.ts';

/**
 * The JSON verdicts the HTTP source understands. Lookup services disagree on names, so the common
 * ones are accepted: a numeric score (0–100, or 0–1 as a probability), and/or a spam flag, plus an
 * optional label. Anything else is "no answer", never a clean bill of health.
 */
const VerdictBody = z.object({
  score: z.number().min(0).max(100).optional(),
  spamScore: z.number().min(0).max(100).optional(),
  probability: z.number().min(0).max(1).optional(),
  spam: z.boolean().optional(),
  label: z.string().max(100).nullable().optional(),
});

export interface HttpSourceOptions {
  name: string;
  /** e.g. https://lookup.example.com/v1/{number}; {number} is the E.164 number, URL-encoded. */
  urlTemplate: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export function createHttpReputationSource(opts: HttpSourceOptions): ReputationSource {
  const fail = (error: string): ReputationVerdict => ({ source: opts.name, score: null, label: null, error });
  return {
    name: opts.name,
    async check(e164) {
      const url = opts.urlTemplate.replaceAll('{number}', encodeURIComponent(e164));
      let res: Response;
      try {
        res = await fetch(url, { headers: { accept: 'application/json', ...opts.headers }, signal: AbortSignal.timeout(opts.timeoutMs ?? 5000), redirect: 'error' });
      } catch (err) {
        return fail(err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : `unreachable (${err instanceof Error ? err.message : String(err)})`);
      }
      if (!res.ok) return fail(`HTTP ${res.status}`);
      let json: unknown;
      try {
        // bounded: a verdict is small, a misconfigured URL may point at a large page
        const text = await res.text();
        if (text.length > 64_000) return fail('response too large');
        json = JSON.parse(text);
      } catch {
        return fail('not JSON');
      }
      const parsed = VerdictBody.safeParse(json);
      if (!parsed.success) return fail('unrecognised verdict');
      const v = parsed.data;
      const score = v.score ?? v.spamScore ?? (v.probability !== undefined ? Math.round(v.probability * 100) : v.spam === undefined ? null : v.spam ? 100 : 0);
      if (score === null) return fail('no score in the verdict');
      return { source: opts.name, score: Math.round(score), label: v.label ?? null, error: null };
    },
  };
}
