import { describe, expect, it } from 'vitest';
import { HELP_KEYWORDS, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, parseKeyword } from './keywords.ts';

describe('SMS keywords', () => {
  it.each([
    ['STOP', 'opt_out', 'STOP'], ['stop', 'opt_out', 'STOP'], ['Stop', 'opt_out', 'STOP'], [' stop ', 'opt_out', 'STOP'], ['Stop.', 'opt_out', 'STOP'],
    ['STOP!!', 'opt_out', 'STOP'], ['\tstop\n', 'opt_out', 'STOP'], ['"Stop"', 'opt_out', 'STOP'], ['stop…', 'opt_out', 'STOP'], ['StopAll', 'opt_out', 'STOPALL'],
    ['unsubscribe', 'opt_out', 'UNSUBSCRIBE'], ['Cancel!', 'opt_out', 'CANCEL'], ['end', 'opt_out', 'END'], ['QUIT.', 'opt_out', 'QUIT'],
    ['optout', 'opt_out', 'OPTOUT'], ['Revoke', 'opt_out', 'REVOKE'], ['ＳＴＯＰ', 'opt_out', 'STOP'],
    ['START', 'opt_in', 'START'], ['unstop', 'opt_in', 'UNSTOP'], ['Yes!', 'opt_in', 'YES'],
    ['help', 'help', 'HELP'], ['Help?', 'help', 'HELP'], ['INFO', 'help', 'INFO'],
  ])('%j is %s (%s)', (body, kind, keyword) => {
    expect(parseKeyword(body)).toEqual({ kind, keyword });
  });

  it.each([
    "don't stop calling", 'stop calling me please', 'Please STOP', 'stopped', 'stops', 'nonstop', 'S T O P', 'yes please', 'yes, call me tomorrow',
    'I need help with my order', 'the end', 'end of story', '', '   ', '.', 'STOP STOP', 'st op', 'info@example.com',
  ])('%j is an ordinary message', (body) => {
    expect(parseKeyword(body)).toBeNull();
  });

  it('knows every word SPEC §6 lists', () => {
    expect([...OPT_OUT_KEYWORDS]).toEqual(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
    for (const k of [...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS, ...HELP_KEYWORDS]) expect(parseKeyword(k.toLowerCase())?.keyword).toBe(k);
  });
});
