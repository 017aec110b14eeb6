import type { TranscriptTurn } from '../../platform/providers/ai/port.ts';
import type { Rng } from './prng.ts';

export interface TalkContext {
  rep: string;
  prospect: string;
  company: string;
  setup: string;
  pain: string;
  objection: string;
  callbackDay: string;
}

type Line = readonly ['rep' | 'prospect', string];

const OPENERS: readonly string[] = [
  'Hi {prospect}, this is {rep} with Flywheel. I know I am calling out of the blue, do you have thirty seconds?',
  'Hey {prospect}, {rep} here from Flywheel. Did I catch you at a bad time?',
  'Good morning {prospect}, {rep} with Flywheel. Quick one, and you can tell me to get lost.',
];

const OBJECTION_LINES: Record<string, string> = {
  price: 'Honestly it sounds expensive. We watch every dollar right now.',
  timing: 'This is just a bad time. Call me after our busy season.',
  has_provider: 'We already use {setup} and switching sounds like a headache.',
  no_budget: 'There is no budget for anything new this year.',
  send_info: 'Can you just send me some info and I will look at it?',
  not_decision_maker: 'I would not be the one deciding that, you want the owner.',
  contract_locked: 'We are locked into a contract until next spring.',
  too_busy: 'I have a truck full of guys waiting on me, I really cannot do this now.',
};

// Discovery questions and answers; longer conversations draw more of them.
const DISCOVERY: readonly (readonly [string, string])[] = [
  ['Walk me through what happens when a new lead comes in today.', 'It lands in {setup}, somebody is supposed to call within the hour, but honestly it is more like the next day.'],
  ['Who else weighs in on a decision like this?', 'Me, and my office manager. If she does not like it, it will not get used.'],
  ['How do you know which of your people are actually making the calls?', 'I do not, really. I see the closed deals at the end of the month and work backwards.'],
  ['If you fixed {pain}, what would that free up?', 'Probably a day a week for me. And fewer angry customers calling about things we promised.'],
  ['What did you try before?', 'We tried a dialer two years ago. Nobody logged anything, so we dropped it after three months.'],
  ['What does a good month look like for you?', 'Forty new customers. We are at about twenty-five right now, so there is a gap.'],
  ['Is there a time of year when this gets worse?', 'Spring. Everything comes in at once and the follow-ups are the first thing to die.'],
  ['How are you tracking callbacks right now?', 'Sticky notes on the monitor. I wish I was kidding.'],
  ['What would have to be true for you to move off {setup}?', 'It would have to be easier for the team, not just nicer reports for me.'],
  ['How many calls does each person make on a normal day?', 'Maybe thirty. Fewer when the phones are busy with existing customers.'],
  ['When a deal goes quiet, what happens next?', 'Usually nothing. Someone remembers it a month later and by then they bought from someone else.'],
  ['What would you want to see on a first call with us?', 'Show me how my guys would use it on a Monday morning, not a slide deck.'],
];

function discovery(rng: Rng, c: TalkContext, n: number): Line[] {
  return rng.sample(DISCOVERY, n).flatMap(([q, a]): Line[] => [['rep', fill(q, c)], ['prospect', fill(a, c)]]);
}

const SCRIPTS: Record<string, (c: TalkContext, rng: Rng) => Line[]> = {
  gatekeeper: (c) => [
    ['rep', `Hi, this is ${c.rep} with Flywheel, is ${c.prospect} around?`],
    ['prospect', 'They are with a customer right now. What is this regarding?'],
    ['rep', `We help teams like ${c.company} stop losing follow-ups. Is there a better time to reach ${c.prospect} directly?`],
    ['prospect', 'Try tomorrow morning before nine, that is usually best.'],
    ['rep', 'Perfect, I will try then. Thanks for your help.'],
  ],
  not_interested: (c) => [
    ['rep', fill(OPENERS[0], c)],
    ['prospect', 'Sure, go ahead.'],
    ['rep', `We work with companies like ${c.company} that run on ${c.setup} and keep running into ${c.pain}. Is that something you deal with?`],
    ['prospect', fill(OBJECTION_LINES[c.objection] ?? OBJECTION_LINES.timing, c)],
    ['rep', 'Totally fair. If that changes, would it be okay if I checked back in a few months?'],
    ['prospect', 'Sure, but I would not hold your breath.'],
    ['rep', 'Understood. Thanks for being straight with me.'],
  ],
  do_not_call: (c) => [
    ['rep', fill(OPENERS[1], c)],
    ['prospect', 'Take me off your list. Do not call this number again.'],
    ['rep', 'Understood, I will remove you right now. Sorry for the interruption.'],
  ],
  some_interest: (c, rng) => [
    ['rep', fill(rng.pick(OPENERS), c)],
    ['prospect', 'Okay, you have thirty seconds.'],
    ['rep', `Teams on ${c.setup} tell us their biggest headache is ${c.pain}. How are you handling that today?`],
    ['prospect', `Honestly, not well. ${cap(c.pain)} is costing us, I just have not had time to look at anything.`],
    ...discovery(rng, c, rng.int(2, 4)),
    ['rep', 'How many people on your side are making calls or following up each day?'],
    ['prospect', 'Three on a good day, two when someone is out.'],
    ['rep', 'And when a follow-up gets missed, how do you find out?'],
    ['prospect', 'Usually when the customer calls us angry, or never.'],
    ['prospect', fill(OBJECTION_LINES[c.objection] ?? OBJECTION_LINES.send_info, c)],
    ['rep', `Fair. Let me send a two-minute video and call you back ${c.callbackDay}. Does that work?`],
    ['prospect', 'Yeah, that works.'],
  ],
  follow_up: (c) => [
    ['rep', fill(OPENERS[2], c)],
    ['prospect', 'I am between jobs, make it quick.'],
    ['rep', `We help ${c.company}-type teams fix ${c.pain}. Is that on your radar at all?`],
    ['prospect', 'Maybe. I cannot talk right now though.'],
    ['rep', `No problem. When is a good time for ten minutes?`],
    ['prospect', `Call me ${c.callbackDay} afternoon.`],
    ['rep', `Done, ${c.callbackDay} afternoon. Talk then.`],
  ],
  meeting_set: (c, rng) => [
    ['rep', fill(rng.pick(OPENERS), c)],
    ['prospect', 'Go for it.'],
    ['rep', `I noticed ${c.company} is growing. Most teams your size on ${c.setup} run into ${c.pain}. Does that sound familiar?`],
    ['prospect', 'Very. We talked about it in our Monday meeting.'],
    ['rep', 'What have you tried so far?'],
    ['prospect', 'Reminders in the calendar, a shared spreadsheet. It falls apart after a week.'],
    ...discovery(rng, c, rng.int(4, 7)),
    ['rep', 'What would it be worth if nothing fell through the cracks for a quarter?'],
    ['prospect', 'A lot. Probably a few deals a month.'],
    ['prospect', fill(OBJECTION_LINES[c.objection] ?? OBJECTION_LINES.price, c)],
    ['rep', 'That is exactly why I would rather show you than pitch you. Twenty minutes, your screen, your numbers.'],
    ['prospect', `Okay. ${cap(c.callbackDay)} at two works.`],
    ['rep', `Great, I will send an invite for ${c.callbackDay} at two. Anyone else who should join?`],
    ['prospect', 'My office manager, she runs the follow-ups.'],
  ],
  sold: (c, rng) => [
    ['rep', `Hi ${c.prospect}, it is ${c.rep}. Did you get a chance to review the proposal?`],
    ['prospect', 'I did. The team liked the demo.'],
    ['rep', 'Great. Any open questions before we get you started?'],
    ['prospect', `Mostly about moving our data out of ${c.setup}.`],
    ['rep', 'We import it for you, usually in a day. Your reps keep working while we do it.'],
    ...discovery(rng, c, rng.int(5, 8)),
    ['prospect', fill(OBJECTION_LINES[c.objection] ?? OBJECTION_LINES.price, c)],
    ['rep', 'If we start on the annual plan the first month is on us, and you can cancel in the first thirty days.'],
    ['prospect', 'Okay. Let us do it. Send the agreement.'],
    ['rep', 'Sending it now. Welcome aboard. I will set up onboarding for next week.'],
    ['prospect', 'Sounds good, thank you.'],
  ],
};

function fill(template: string, c: TalkContext): string {
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => (k in c ? c[k as keyof TalkContext] : ''));
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Whether a disposition's call was a conversation with a person (so it has a transcript). */
export const hasTranscript = (dispositionKey: string) => dispositionKey in SCRIPTS;

/**
 * Speaker turns with timestamps from the moment of answer: ~2.6 words a second plus a short pause
 * between speakers, so the transcript fits the provider duration the call reports.
 */
export function makeTranscript(rng: Rng, dispositionKey: string, ctx: TalkContext): TranscriptTurn[] {
  const script = SCRIPTS[dispositionKey];
  if (!script) return [];
  let t = rng.int(1, 3) / 2;
  return script(ctx, rng).map(([speaker, text]) => {
    const words = text.split(/\s+/).length;
    const start = Math.round(t * 10) / 10;
    const end = Math.round((t + words / (2.3 + rng.next() * 0.7)) * 10) / 10;
    t = end + 0.3 + rng.next() * 0.9;
    return { speaker, start, end, text };
  });
}
