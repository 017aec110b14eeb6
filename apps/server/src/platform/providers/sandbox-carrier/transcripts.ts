/**
 * Sample conversations the sandbox carrier "transcribes": "Rep: …" / "Prospect: …" lines, the
 * shape the webhook parser turns into speaker turns. Platform code, so no dependency on the demo.
 */
const PEOPLE = ['Dana', 'Marco', 'Priya', 'Tom', 'Keisha', 'Luis', 'Hannah', 'Sam'];

const CONVERSATIONS: readonly string[][] = [
  [
    'Rep: Hi {name}, this is Alex with Flywheel. Did I catch you at a bad time?',
    'Prospect: I have a minute. What is this about?',
    'Rep: We help small sales teams stop losing follow-ups. How do you track callbacks today?',
    'Prospect: Honestly, sticky notes and a spreadsheet nobody updates.',
    'Rep: Would it be worth twenty minutes on Thursday to see how others handle it?',
    'Prospect: Thursday afternoon works. Send me an invite.',
  ],
  [
    'Rep: Hey {name}, Alex from Flywheel. Quick one, you can tell me to get lost.',
    'Prospect: We already have a CRM, thanks.',
    'Rep: Makes sense. Is your team actually calling from it, or around it?',
    'Prospect: Around it, mostly. But it is not a priority this quarter.',
    'Rep: Fair enough. Can I check back in after the quarter closes?',
    'Prospect: Sure, try me in a couple of months.',
  ],
  [
    'Rep: Hi, is this {name}?',
    'Prospect: Speaking.',
    'Rep: This is Alex with Flywheel. I am calling about how your reps log their calls.',
    'Prospect: I am not the right person, you want our operations manager.',
    'Rep: Who would that be, and what is the best way to reach them?',
    'Prospect: Ask for Jordan at the main line, after ten.',
  ],
  [
    'Rep: Good morning {name}, Alex from Flywheel.',
    'Prospect: Not interested, we have no budget for anything new.',
    'Rep: Understood. Is it budget this year, or that it is not a problem worth solving?',
    'Prospect: Budget. Maybe next year.',
    'Rep: Thanks for being straight with me. Have a good day.',
  ],
  [
    'Rep: Hi {name}, Alex with Flywheel, returning your call about the demo.',
    'Prospect: Yes, thanks for calling back. What does pricing look like for six reps?',
    'Rep: For six seats it is on the team plan; I can walk you through it with a short demo.',
    'Prospect: Let us do it now actually, I have fifteen minutes.',
    'Rep: Perfect, I will share my screen.',
  ],
];

const VOICEMAILS: readonly string[][] = [
  [
    "Prospect: Hi, you've reached {name}. I can't take your call, leave a message after the tone.",
    'Rep: Hi {name}, Alex from Flywheel. I will try you again tomorrow morning, or call me back at this number. Thanks!',
  ],
  [
    'Prospect: The person you are calling is not available. Please leave a message.',
    'Rep: Hi, this is Alex with Flywheel calling for {name}. Quick question about your follow-up process, I will send an email too.',
  ],
];

/** A transcript for an answered call; `pick` comes from the call's plan, so it is seeded too. */
export function sampleTranscript(pick: number, answeredBy: 'human' | 'machine'): string {
  const corpus = answeredBy === 'machine' ? VOICEMAILS : CONVERSATIONS;
  const lines = corpus[pick % corpus.length];
  const name = PEOPLE[Math.floor(pick / corpus.length) % PEOPLE.length];
  return lines.map((l) => l.replaceAll('{name}', name)).join('\n');
}
