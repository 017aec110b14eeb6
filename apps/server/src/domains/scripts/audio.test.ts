import { describe, expect, it } from 'vitest';
import { acceptedMime, AudioError, inspectAudio } from './audio.ts';
import { mp3Bytes, oggOpusBytes, wavBytes, webmBytes } from './audio.test-helpers.ts';

describe('inspectAudio', () => {
  it('reads WAV duration from the data chunk', () => {
    expect(inspectAudio(wavBytes(2.5))).toEqual({ mimeType: 'audio/wav', durationMs: 2500 });
    expect(inspectAudio(wavBytes(1, 16000)).durationMs).toBe(1000);
  });

  it('measures MediaRecorder WebM (no Duration element) from its last block', () => {
    expect(inspectAudio(webmBytes(4000))).toEqual({ mimeType: 'audio/webm', durationMs: 4000 });
    expect(inspectAudio(webmBytes(95_000)).durationMs).toBe(95_000);
  });

  it('reads OGG Opus duration from the last granule position, minus the pre-skip', () => {
    expect(inspectAudio(oggOpusBytes(3))).toEqual({ mimeType: 'audio/ogg', durationMs: 3000 });
  });

  it('counts MP3 frames after an ID3 tag', () => {
    // 100 frames × 1152 samples / 44100 Hz = 2612 ms
    expect(inspectAudio(mp3Bytes(100))).toEqual({ mimeType: 'audio/mpeg', durationMs: 2612 });
  });

  it.each([
    ['text', Buffer.from('hello, this is not audio')],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])],
    ['an empty WAV', wavBytes(0)],
    ['a WebM header without blocks', webmBytes(0)],
    ['a truncated OGG', oggOpusBytes(2).subarray(0, 40)],
  ])('refuses %s with an AudioError', (_what, bytes) => {
    expect(() => inspectAudio(bytes)).toThrow(AudioError);
  });

  it('maps the types browsers send to the accepted ones', () => {
    expect(acceptedMime('audio/webm;codecs=opus')).toBe('audio/webm');
    expect(acceptedMime('audio/ogg; codecs=opus')).toBe('audio/ogg');
    expect(acceptedMime('audio/x-wav')).toBe('audio/wav');
    expect(acceptedMime('audio/mp3')).toBe('audio/mpeg');
    expect(acceptedMime('image/png')).toBeNull();
    expect(acceptedMime(undefined)).toBeNull();
  });
});
