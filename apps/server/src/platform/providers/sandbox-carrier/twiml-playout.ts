/**
 * What a call does with the TwiML the app answered, as far as the sandbox carrier needs to know:
 * keep going as planned (a <Dial> bridges the call — the conversation then runs its planned length),
 * or end after the spoken and played parts (<Say>, <Play>, <Pause>, a <Gather> nobody answers) when
 * the document hangs up or simply runs out of verbs — as Twilio ends a call whose TwiML is done.
 * Durations are estimates: speech at 2.5 words a second, a played file 15 s (the carrier does not
 * fetch it), a <Gather> waits its timeout (5 s by default) for digits that never come.
 */
export type TwimlPlayout = { kind: 'continue' } | { kind: 'end'; afterMs: number };

const WORDS_PER_SECOND = 2.5;
const PLAY_SECONDS = 15;
const GATHER_TIMEOUT_SECONDS = 5;

const attr = (attrs: string, name: string): string | null => {
  const m = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(attrs) ?? new RegExp(`\\b${name}\\s*=\\s*'([^']*)'`, 'i').exec(attrs);
  return m ? m[1] : null;
};
const num = (v: string | null, fallback: number) => {
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
};
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function twimlPlayout(xml: string): TwimlPlayout {
  if (!/<Response[\s>/]/.test(xml)) return { kind: 'continue' }; // not TwiML: leave the call alone
  let seconds = 0;
  const gathers: number[] = [];
  const tag = /<(\/?)(Say|Play|Pause|Gather|Dial|Hangup|Reject|Redirect|Enqueue|Connect)\b([^>]*?)(\/?)>/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [, closing, verb, attrs, selfClosing] = m;
    if (closing) {
      if (verb === 'Gather') seconds += gathers.pop() ?? 0;
      continue;
    }
    switch (verb) {
      case 'Dial': case 'Redirect': case 'Enqueue': case 'Connect':
        // the call goes on (bridged, or elsewhere): its plan decides when it ends
        return { kind: 'continue' };
      case 'Hangup': case 'Reject':
        return { kind: 'end', afterMs: Math.round(seconds * 1000) };
      case 'Say': {
        const end = xml.indexOf('</Say>', tag.lastIndex);
        const text = selfClosing || end < 0 ? '' : decode(xml.slice(tag.lastIndex, end));
        const words = text.split(/\s+/).filter(Boolean).length;
        seconds += Math.max(1, words / WORDS_PER_SECOND) * Math.max(1, num(attr(attrs, 'loop'), 1));
        break;
      }
      case 'Play':
        seconds += PLAY_SECONDS * Math.max(1, num(attr(attrs, 'loop'), 1));
        break;
      case 'Pause':
        seconds += num(attr(attrs, 'length'), 1);
        break;
      case 'Gather':
        if (selfClosing) seconds += num(attr(attrs, 'timeout'), GATHER_TIMEOUT_SECONDS);
        else gathers.push(num(attr(attrs, 'timeout'), GATHER_TIMEOUT_SECONDS));
        break;
    }
  }
  // out of verbs: Twilio hangs up
  return { kind: 'end', afterMs: Math.round(seconds * 1000) };
}
