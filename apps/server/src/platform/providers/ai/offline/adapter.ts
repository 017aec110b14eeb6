import { CallAnalysisSchema, ReviewDraftSchema, type AiPort, type Suggestion, type SuggestInput } from '../port.ts';
import { normalizeText } from '../evidence.ts';
import { readTranscript } from './read.ts';
import { analysisFromReading, reviewFromReading } from './review.ts';

export const OFFLINE_PROVIDER = 'offline';

const STOP = new Set('the a an and or but to of in on for with at by from is are was were be been it this that you your we our i me my they them their he she his her do does did not no so if as can will would could should have has had what how why who when where which about just than then there here up out'.split(' '));
const words = (s: string) => new Set(normalizeText(s).split(' ').filter((w) => w.length > 2 && !STOP.has(w)));

/**
 * The built-in analyzer: lexicons and rules over the transcript (offline/lexicon.ts), no model,
 * no network. The default until a workspace configures an endpoint, and the fallback when the
 * endpoint fails (SPEC §4: features degrade, never break).
 */
export function createOfflineAi(): AiPort {
  return {
    provider: OFFLINE_PROVIDER,
    mode: 'sandbox',
    async analyzeCall(input) {
      return CallAnalysisSchema.parse(analysisFromReading(readTranscript(input.transcript), input));
    },
    async reviewCall(input) {
      return ReviewDraftSchema.parse(reviewFromReading(readTranscript(input.transcript), input));
    },
    async suggest(input: SuggestInput): Promise<Suggestion[]> {
      const max = input.max ?? 3;
      const out: Suggestion[] = [];
      // a next step read off the call, backed by the moments it was agreed in
      if (input.kind === 'next_step' && input.context.transcript?.length) {
        const reading = readTranscript(input.context.transcript);
        for (const a of reading.asks.filter((x) => x.accepted)) {
          const text = a.kind === 'meeting' ? (a.now ? 'Send a recap of the demo and agree the next meeting.' : 'Send the calendar invite for the meeting agreed on the call.') : a.kind === 'referral' ? 'Call the person the prospect named, at the time they gave.' : 'Schedule the call back the prospect agreed to.';
          out.push({ text, rationale: 'Agreed on the call.', evidence: [a.moment, ...a.response].map((m) => ({ start: m.start, end: m.end, quote: m.quote })) });
        }
      }
      // playbook rules that share words with the situation, citing the evidence that matches them
      const situation = words([input.context.draft ?? '', ...(input.context.thread ?? []).map((m) => m.text), ...(input.context.transcript ?? []).map((t) => t.text)].join(' '));
      const scored = (input.context.playbook ?? [])
        .map((rule) => {
          const rw = words(rule.text);
          const overlap = [...rw].filter((w) => situation.has(w)).length;
          const evidence = input.evidence.filter((e) => [...words(e.quote)].some((w) => rw.has(w)));
          return { rule, overlap, evidence };
        })
        .filter((x) => x.evidence.length > 0 && (x.overlap > 0 || situation.size === 0))
        .sort((a, b) => b.overlap - a.overlap);
      for (const x of scored) out.push({ text: x.rule.text, rationale: `Playbook rule ${x.rule.ruleId} fits this ${input.kind.replace('_', ' ')}.`, evidence: x.evidence });
      // a suggestion citing nothing is dropped (port contract)
      return out.filter((s) => s.evidence.length > 0).slice(0, max);
    },
  };
}
