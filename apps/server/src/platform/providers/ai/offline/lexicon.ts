/**
 * Lexicons of the offline analyzer: what prospects say when they object or lean in, and what reps
 * say when they open, ask and close. Patterns run on one lower-cased sentence at a time (curly
 * apostrophes straightened). Each objection has aliases, so a workspace that already tags
 * "budget" or "competitor" gets its own spelling back.
 */

export interface ObjectionEntry {
  /** Canonical tag (the demo data and the Review tag list use these). */
  tag: string;
  label: string;
  aliases: string[];
  patterns: RegExp[];
}

export const OBJECTIONS: ObjectionEntry[] = [
  {
    tag: 'no_budget',
    label: 'no budget',
    aliases: ['budget', 'no_budget', 'budget_objection'],
    patterns: [
      /\bno (budget|money)\b/,
      /\b(do not|don't|dont) have (the |a |any )?(budget|money)\b/,
      /\bbudget (is|was|'s) (tight|frozen|gone|spent|cut|set)\b/,
      /\b(can't|cannot|can not) afford\b/,
      /\bnot in (the|our|my) budget\b/,
      /^budget\.?$/,
    ],
  },
  {
    tag: 'price',
    label: 'price',
    aliases: ['price', 'pricing', 'too_expensive', 'cost'],
    patterns: [
      /\b(too |really |very |sounds |pretty )(expensive|pricey|costly)\b/,
      /\bexpensive\b/,
      /\b(costs?|price is|priced) (too|way too) (much|high)\b/,
      /\bwatch(ing)? every (dollar|penny|cent)\b/,
      /\b(cheaper|lower price|better price|discount)\b/,
    ],
  },
  {
    tag: 'timing',
    label: 'timing / not now',
    aliases: ['timing', 'not_now', 'bad_timing', 'later'],
    patterns: [
      /\bnot a priority\b/,
      /\b(just )?(a )?bad time\b/,
      /\bnot (right )?now\b/,
      /\bmaybe (next|later|in) /,
      /\b(after|once) (the|our) (quarter|busy season|holidays?|summer|launch|audit)\b/,
      /\bcall (me )?(back )?(after|later|next|in a)\b/,
      /\btry me (in|after|next|later)\b/,
      /\bnot this (quarter|year|month)\b/,
      /\btoo early\b/,
    ],
  },
  {
    tag: 'contract_locked',
    label: 'locked into a contract',
    aliases: ['contract_locked', 'contract', 'under_contract'],
    patterns: [/\blocked in(to)?\b/, /\bunder (a )?contract\b/, /\bcontract (until|through|ends)\b/],
  },
  {
    tag: 'has_provider',
    label: 'already has a solution',
    aliases: ['has_provider', 'competitor', 'already_have_solution', 'incumbent', 'existing_solution'],
    patterns: [
      /\b(we|i) already (have|use|using|work with|got|pay for)\b/,
      /\b(we're|we are|we) (already )?(using|use) [a-z]/,
      /\bhappy with (our|what we|the one)\b/,
      /\bswitching (sounds|is|would be|seems)\b/,
      /\bwe have (a|our own) (crm|vendor|provider|system|solution|tool|dialer)\b/,
    ],
  },
  {
    tag: 'not_decision_maker',
    label: 'not the decision maker',
    aliases: ['not_decision_maker', 'not_dm', 'wrong_person', 'decision_maker'],
    patterns: [
      /\bnot the (right )?(person|one|guy|contact)\b/,
      /\b(would not|wouldn't|am not|i'm not) (be )?the one (deciding|who decides|to decide|that decides)/,
      /\byou (want|need|should talk to|should speak to) (our|the|my)\b/,
      /\b(talk|speak) (to|with) (my|our|the) (boss|owner|manager|partner|director|ceo)\b/,
      /\bnot my (call|decision|department|area)\b/,
      /\babove my pay grade\b/,
      /\b(owner|boss|partner|manager) (decides|handles|makes)\b/,
    ],
  },
  {
    tag: 'not_interested',
    label: 'not interested',
    aliases: ['not_interested', 'no_interest'],
    patterns: [
      /\bnot interested\b/,
      /\bno,? thanks?( you)?\b/,
      /\b(do not|don't|dont) need (it|this|that|anything|one)\b/,
      /\bnot for us\b/,
      /\b(take|remove) (me|us) off\b/,
      /\b(do not|don't|dont|stop) call(ing)?\b/,
      /\bwould not hold your breath\b|\bwouldn't hold your breath\b/,
    ],
  },
  {
    tag: 'send_info',
    label: 'send me info',
    aliases: ['send_info', 'send_information', 'email_me'],
    patterns: [
      /\bsend (me |us |over )?(some |more )?(info|information|details|something|a brochure|literature|a deck|an email)\b/,
      /\b(just )?email (me|it|us)\b/,
      /\bput (it|something) in (an|writing|an email)\b/,
    ],
  },
  {
    tag: 'trust',
    label: 'trust',
    aliases: ['trust', 'credibility', 'skeptical'],
    patterns: [
      /\bnever heard of (you|your|flywheel|it)\b/,
      /\bhow did you get (my|this) (number|name|info)\b/,
      /\b(is this|sounds like) a scam\b/,
      /\bsounds too good\b/,
      /\bwhy should (i|we) (trust|believe)\b/,
      /\bprove it\b/,
      /\bwe (got|were) burned\b/,
      /\btried (a|one of these|something like this) .*(dropped|did not work|didn't work|failed)/,
    ],
  },
  {
    tag: 'too_busy',
    label: 'too busy right now',
    aliases: ['too_busy', 'busy'],
    patterns: [
      /\btoo busy\b/,
      /\b(i'm|i am) (slammed|swamped|driving|in a meeting)\b/,
      /\b(can't|cannot|really cannot|can not) (talk|do this) (right )?now\b/,
      /\bwaiting on me\b/,
    ],
  },
];

/** Buying signals, on the prospect's side. */
export const PRICING_QUESTION = /\b(pricing|price|prices|cost|costs|how much|per seat|per user|per month|what do you charge)\b/;
export const ACCEPTANCE = [
  /\bsend (me |us )?(an?|the|a calendar) (invite|invitation)\b/,
  /\b(calendar )?invite\b/,
  /\b(that|it|this|thursday|monday|tuesday|wednesday|friday|tomorrow|morning|afternoon|next week|[a-z]+day) (works|would work|sounds good|is good|is fine)\b/,
  /\bworks for me\b/,
  /\blet('s| us) do (it|that|this)\b/,
  /\b(sounds|that's|that is) (good|great|fine|perfect)\b/,
  /\bi('m| am) (free|available|open)\b/,
  /\bsee you (then|on|next)\b/,
  /\bbook (it|me|us)\b/,
  /^(sure|yes|yeah|yep|okay|ok|absolutely|definitely)\b/,
];
/** Acceptance that commits to something definite (not "sure, try me some time"). */
export const FIRM_ACCEPTANCE = /\b(invite|works|let('s| us) do|book|see you|i('m| am) (free|available)|do it now)\b/;
export const DO_IT_NOW = /\b(do it|do that|go|show me)( right)? now\b|\bi have (a few|\w+) minutes\b/;
export const INTEREST = /\b(interesting|tell me more|that would help|makes sense for us|we need|been looking|sounds useful|how does (it|that) work)\b/;
/** A prospect admitting the problem exists. */
export const PAIN = /\b(honestly|nobody|no one|not well|costing|struggle|struggling|mess|headache|losing|lost|forget|forgot|drop(ped)?|sticky notes?|spreadsheet|wish i was kidding|do not, really|don't,? really|gap|angry|die)\b/;

/** Voicemail greetings and gatekeepers, on the prospect's side. */
export const VOICEMAIL = /\b(leave (a|your) message|after the (tone|beep)|you('ve| have) reached|is not available|can't take your call|cannot take your call|mailbox)\b/;
export const GATEKEEPER = /\b(what is this regarding|what's this regarding|what is this about\??$|who('s| is) calling|(they are|he is|she is|they're|he's|she's) (with a customer|in a meeting|out|not in|away)|can i take a message|i can take a message)\b/;
export const DO_NOT_CALL = /\b(take|remove) (me|us) off\b|\b(do not|don't|stop) call(ing)? (this number|me|us|again)\b/;

/** Rep side: the opener. */
export const PERMISSION = /\b(bad time|catch you at|(got|have|do you have|give me) (a|thirty|30|twenty|a few|two|one) (seconds?|minutes?|sec)|quick one|tell me to get lost|is now (a good|ok|okay)|out of the blue|hang up on me|good time)\b/;
export const REASON = /\b(calling (about|because|regarding|to|on)|the reason (for|i'm|i am)|we help|we work with|returning your call|about the demo|you (asked|requested|downloaded|signed up)|following up on|reaching out (about|because)|(quick )?question (about|on|for you))\b/;
export const INTRO = /\b(this is [a-z]+|[a-z]+ (with|from|here from) [a-z]+|my name is)\b/;
export const GREETING_NAME = /^(?:[Hh]i|[Hh]ey|[Hh]ello|[Gg]ood (?:morning|afternoon|evening))[ ,]+([A-Z][a-z]+)\b|\bis this ([A-Z][a-z]+)\b|\bcalling for ([A-Z][a-z]+)\b/;

/** Rep side: asks for a commitment, by kind. */
export const ASK_MEETING = /\b(would it be worth|(can|could|shall) we (set up|book|schedule|find|grab|do)|(twenty|fifteen|thirty|ten|\d+) minutes|a (quick |short )?(demo|meeting|call|walkthrough)|walk you through|send (you )?(an?|a calendar) (invite|invitation)|grab (a|some) time|are you (free|open|available)|how does [a-z]+ (look|sound|work)|share my screen|put (something|a time) on)\b/;
export const ASK_CALLBACK = /\b(check(ed)? back|circle(d)? back|follow(ed)? up|call you back|try you (again|back)|reach out (again|after)|touch(ed)? base|give you a (call|ring)|good time (for|to)|better time)\b/;
/** Asking for the deal itself: signing, starting, the agreement. */
export const ASK_COMMIT = /\b(get you started|start (you )?(on|with) the|sign (up|the|today)|send (you )?the (agreement|contract|paperwork)|move forward|ready to (start|go|sign)|annual plan|shall we get started)\b/;
/** A prospect naming when to call back ("Call me Thursday afternoon"). */
export const CALL_ME = /\b(call|try|ring|reach) (me|us)\b/;
export const ASK_REFERRAL = /\b(who would (that|it) be|who (handles|decides|is the best person|should i)|best (way|time) to reach|better time to reach|could you (connect|introduce)|point me)\b/;
/** A rep thanking and leaving without a next step. */
export const SIGN_OFF = /\b(have a (good|great|nice) (day|one|afternoon|week)|thanks for (your time|being straight)|take care|bye)\b/;
/** Acknowledgement before answering an objection. */
export const ACKNOWLEDGE = /\b(understood|fair( enough)?|makes sense|i hear you|totally|i get (it|that)|that's fair|good question|of course|no problem)\b/;
/** Questions that start open. */
export const OPEN_QUESTION = /^(what|how|why|who|when|where|which|walk me through|tell me|describe|if you)\b/;
/** Imperatives that ask (discovery prompts). */
export const PROMPT_QUESTION = /^(walk me through|tell me (about|how|what|more)|describe|help me understand|talk me through)\b/;
/** Objections that are often asked rather than stated. */
export const QUESTION_OBJECTIONS = new Set(['send_info', 'trust']);
export const QUESTION_START = /^(what|how|why|who|when|where|which|is|are|do|does|did|can|could|would|will|should|have|has|may)\b/;
