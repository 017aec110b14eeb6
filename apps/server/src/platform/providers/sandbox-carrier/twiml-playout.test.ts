import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { twimlPlayout } from './twiml-playout.ts';
import { safeHarborTwiml } from '../../../domains/power-dialer/power.twiml.ts';
import { voicemailDropTwiml } from '../../../domains/scripts/voicemail.service.ts';

const doc = (build: (r: InstanceType<typeof twilio.twiml.VoiceResponse>) => void) => {
  const r = new twilio.twiml.VoiceResponse();
  build(r);
  return r.toString();
};

describe('sandbox carrier: what a call does with its TwiML', () => {
  it('a bridge (<Dial>) keeps the call going as planned, even after an announcement', () => {
    expect(twimlPlayout(doc((r) => { r.say('This call may be recorded.'); r.dial().client('user-1'); }))).toEqual({ kind: 'continue' });
    expect(twimlPlayout(doc((r) => r.redirect('https://example.test/next')))).toEqual({ kind: 'continue' });
  });

  it('the voicemail drop plays its message, then hangs up', () => {
    expect(twimlPlayout(voicemailDropTwiml('https://example.test/voicemail/abc'))).toEqual({ kind: 'end', afterMs: 15_000 });
  });

  it('the safe-harbor message: spoken, waits for a digit that never comes, says goodbye (three words), hangs up', () => {
    const xml = safeHarborTwiml({ workspace_name: 'Acme Roofing', from_number: '+14155550123' }, 'https://example.test/opt-out');
    const words = 'Hello, this is Acme Roofing. We are sorry, nobody was free to take your call. You can call us back at 4 1 5 5 5 5 0 1 2 3. To not be called again, press 9 now.'.split(' ').length;
    expect(twimlPlayout(xml)).toEqual({ kind: 'end', afterMs: Math.round((words / 2.5 + 6 + 3 / 2.5) * 1000) });
  });

  it('the hold while AMD decides ends the call if nobody redirects it; a document out of verbs ends it too', () => {
    expect(twimlPlayout(doc((r) => { r.pause({ length: 20 }); r.hangup(); }))).toEqual({ kind: 'end', afterMs: 20_000 });
    expect(twimlPlayout(doc((r) => r.say('Goodbye.')))).toEqual({ kind: 'end', afterMs: 1000 });
    expect(twimlPlayout(doc((r) => r.hangup()))).toEqual({ kind: 'end', afterMs: 0 });
  });

  it('loops, entities and odd attributes are read safely; anything not TwiML leaves the call alone', () => {
    expect(twimlPlayout(doc((r) => { r.say({ loop: 2 }, 'one two three four five'); r.hangup(); }))).toEqual({ kind: 'end', afterMs: 4000 });
    expect(twimlPlayout(doc((r) => { r.say('Tom &amp; Jerry <b>'); r.pause({ length: -3 } as never); r.hangup(); })).kind).toBe('end');
    expect(twimlPlayout('OK')).toEqual({ kind: 'continue' });
    expect(twimlPlayout('')).toEqual({ kind: 'continue' });
  });
});
