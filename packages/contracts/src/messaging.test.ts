import { describe, expect, it } from 'vitest';
import { segmentLabel, smsSegments } from './messaging.ts';

describe('SMS segments', () => {
  it.each([
    ['', 'GSM-7', 0, 0],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    // extension characters take two septets
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['{'.repeat(81), 'GSM-7', 162, 2],
    ['é ñ ü £', 'GSM-7', 7, 1],
    ['a'.repeat(70) + '', 'GSM-7', 70, 1],
    ['ç' + 'a'.repeat(69), 'UCS-2', 70, 1],
    ['ç' + 'a'.repeat(70), 'UCS-2', 71, 2],
    ['✓'.repeat(134), 'UCS-2', 134, 2],
    ['✓'.repeat(135), 'UCS-2', 135, 3],
    // an emoji is two UTF-16 units
    ['😀'.repeat(35), 'UCS-2', 70, 1],
    ['😀'.repeat(36), 'UCS-2', 72, 2],
  ])('%#: %s', (body, encoding, units, segments) => {
    const s = smsSegments(body);
    expect({ encoding: s.encoding, units: s.units, segments: s.segments }).toEqual({ encoding, units, segments });
  });

  it('labels like the editor shows it, and names what forced UCS-2', () => {
    expect(segmentLabel(smsSegments('a'.repeat(187)))).toBe('2 segments · 187 chars · GSM-7');
    expect(segmentLabel(smsSegments('Hi'))).toBe('1 segment · 2 chars · GSM-7');
    expect(smsSegments('Thanks 😀 ç').nonGsm).toEqual(['😀', 'ç']);
    expect(smsSegments('a'.repeat(150)).remaining).toBe(10);
  });
});
