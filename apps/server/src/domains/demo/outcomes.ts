import type { Rng } from './prng.ts';

/** How many leads end up in each stage (300 in all): a pipeline with something in every column. */
export const STAGE_COUNTS: readonly (readonly [string, number])[] = [
  ['new', 60],
  ['contacted', 55],
  ['interested', 35],
  ['follow_up', 40],
  ['meeting_set', 25],
  ['nurture', 30],
  ['won', 25],
  ['lost', 30],
];

export interface PlannedCall {
  disposition: string;
  /** A manual stage change after this call (e.g. a rep closing a lead as lost). */
  thenStage?: string;
  notInterestedReason?: string;
}

/** Unreached attempts before someone picks up: most leads take a few tries. */
function unreached(rng: Rng, max = 3): PlannedCall[] {
  const n = rng.weighted([[0, 20], [1, 35], [2, 30], [3, 15]] as const);
  const out: PlannedCall[] = [];
  for (let i = 0; i < Math.min(n, max); i++) out.push({ disposition: rng.weighted([['no_answer', 55], ['left_voicemail', 35], ['gatekeeper', 10]] as const) });
  return out;
}

/**
 * The logged outcomes that lead a lead to its stage, in order. With the default disposition
 * effects (0003_calls.sql) these reproduce the stage exactly; generate.ts checks that they do.
 */
export function outcomesFor(stage: string, rng: Rng): PlannedCall[] {
  switch (stage) {
    case 'new':
      return [];
    case 'contacted': {
      const n = rng.weighted([[1, 40], [2, 35], [3, 25]] as const);
      return Array.from({ length: n }, () => ({ disposition: rng.weighted([['no_answer', 50], ['left_voicemail', 35], ['gatekeeper', 15]] as const) }));
    }
    case 'interested':
      return [...unreached(rng), { disposition: 'some_interest' }];
    case 'follow_up':
      return [...unreached(rng), ...(rng.chance(0.3) ? [{ disposition: 'some_interest' }] : []), { disposition: 'follow_up' }];
    case 'meeting_set':
      return [...unreached(rng), ...(rng.chance(0.5) ? [{ disposition: 'some_interest' }] : []), { disposition: 'meeting_set' }];
    case 'nurture':
      return [...unreached(rng), { disposition: 'not_interested', notInterestedReason: rng.pick(['Timing', 'Money']) }];
    case 'won':
      return [
        ...unreached(rng, 2),
        { disposition: 'some_interest' },
        { disposition: 'meeting_set' },
        ...(rng.chance(0.5) ? [{ disposition: 'follow_up' }] : []),
        { disposition: 'sold' },
      ];
    case 'lost': {
      const how = rng.weighted([['not_interested', 55], ['do_not_call', 20], ['bad_number', 25]] as const);
      if (how === 'bad_number') return [{ disposition: 'bad_number', thenStage: 'lost' }];
      if (how === 'do_not_call') return [...unreached(rng, 2), { disposition: 'do_not_call' }];
      return [...unreached(rng), { disposition: 'not_interested', notInterestedReason: rng.pick(['No need', 'Has a provider', 'Too small']), thenStage: 'lost' }];
    }
    default:
      throw new Error(`no demo outcome plan for stage ${stage}`);
  }
}

/** Days until the next try after an outcome: quick after no answer, longer after interest. */
export function gapDaysAfter(disposition: string, rng: Rng): number {
  switch (disposition) {
    case 'no_answer':
      return rng.int(1, 4);
    case 'left_voicemail':
      return rng.int(2, 5);
    case 'gatekeeper':
      return rng.int(1, 2);
    case 'some_interest':
      return rng.int(3, 8);
    case 'meeting_set':
      return rng.int(4, 10);
    case 'follow_up':
      return rng.int(2, 7);
    default:
      return rng.int(2, 6);
  }
}

/** How long ago the lead's last call was, by stage: open conversations are recent. */
export function lastCallDaysAgo(stage: string, rng: Rng): number {
  switch (stage) {
    case 'interested':
    case 'follow_up':
    case 'meeting_set':
      return rng.int(1, 12);
    case 'contacted':
      return rng.int(1, 30);
    case 'won':
      return rng.int(3, 45);
    default:
      return rng.int(5, 70);
  }
}

export const NOTES: Record<string, readonly string[]> = {
  no_answer: ['', '', 'Rang out.', 'No answer, no voicemail set up.'],
  left_voicemail: ['Left VM with callback number.', 'VM left, mentioned the follow-up gap.', 'Left short voicemail.'],
  gatekeeper: ['Front desk says mornings are best.', 'Spoke with office manager, owner out on jobs.', 'Gatekeeper took a message.'],
  not_interested: ['Not a fit right now.', 'Happy with current setup.', 'Asked to check back next quarter.'],
  some_interest: ['Interested, wants a short video first.', 'Pain confirmed: follow-ups slipping.', 'Open to a demo after busy week.'],
  meeting_set: ['Demo booked, office manager joining.', 'Meeting set with owner.', 'Booked 20 min screen share.'],
  follow_up: ['Asked for a callback later this week.', 'Driving, call back tomorrow.', 'Callback requested.'],
  bad_number: ['Number not in service.', 'Disconnected number.'],
  do_not_call: ['Asked to be removed. Added to DNC.'],
  sold: ['Signed annual plan.', 'Closed: agreement sent and signed.', 'Won. Onboarding next week.'],
};
