/**
 * Sandbox call recordings: real, playable 8 kHz 16-bit mono WAVs. The carrier's own recording
 * URL serves a short two-tone chime; the app's recording route (GET /api/v1/calls/:id/recording)
 * serves one as long as the call, so the Review player can seek through it. That longer one is a
 * soft "conversation": turns of a low hum (the rep) and a higher one (the prospect) with a little
 * noise, switching every few seconds, so where you are in the call is audible. Samples are a pure
 * function of their index, so any byte range is generated on its own (HTTP Range) without the rest.
 */

export const SANDBOX_WAV_RATE = 8000;
const BYTES_PER_SAMPLE = 2;
export const WAV_HEADER_BYTES = 44;
/** A recording is never longer than this (a runaway duration must not become a huge file). */
export const SANDBOX_WAV_MAX_SECONDS = 4 * 3600;

type Voice = 'chime' | 'call';

function header(samples: number): Buffer {
  const buf = Buffer.alloc(WAV_HEADER_BYTES);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * BYTES_PER_SAMPLE, 4);
  buf.write('WAVE', 8);
  buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16); // PCM header size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(SANDBOX_WAV_RATE, 24);
  buf.writeUInt32LE(SANDBOX_WAV_RATE * BYTES_PER_SAMPLE, 28); // bytes per second
  buf.writeUInt16LE(BYTES_PER_SAMPLE, 32); // block align
  buf.writeUInt16LE(16, 34); // bits per sample
  buf.write('data', 36);
  buf.writeUInt32LE(samples * BYTES_PER_SAMPLE, 40);
  return buf;
}

/** A cheap deterministic hash noise in [-1, 1) for sample i. */
function noise(i: number): number {
  let x = (i * 2654435761) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 2246822519) >>> 0;
  x ^= x >>> 13;
  return (x & 0xffff) / 0x8000 - 1;
}

function sample(voice: Voice, i: number): number {
  const t = i / SANDBOX_WAV_RATE;
  if (voice === 'chime') {
    // 0.4 s of tone each second (440 Hz, then 660 Hz), with a short fade to avoid clicks
    const inSecond = t % 1;
    const freq = Math.floor(t) % 2 === 0 ? 440 : 660;
    const env = inSecond < 0.4 ? Math.min(1, inSecond / 0.02, (0.4 - inSecond) / 0.02) : 0;
    return Math.sin(2 * Math.PI * freq * t) * env * 0.3;
  }
  // turns of 3–6 s (rep: 220 Hz, prospect: 330 Hz), "syllables" at ~4 Hz, a short pause between turns
  const turnLen = 3 + (Math.floor(t / 7) % 4);
  const turn = Math.floor(t / turnLen);
  const inTurn = t - turn * turnLen;
  const speaking = inTurn > 0.3 && inTurn < turnLen - 0.3;
  if (!speaking) return noise(i) * 0.01;
  const freq = turn % 2 === 0 ? 220 : 330;
  const syllable = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
  const fade = Math.min(1, (inTurn - 0.3) / 0.05, (turnLen - 0.3 - inTurn) / 0.05);
  return (Math.sin(2 * Math.PI * freq * t) * 0.7 + Math.sin(2 * Math.PI * freq * 2 * t) * 0.2) * syllable * fade * 0.18 + noise(i) * 0.015;
}

function samplesFor(seconds: number): number {
  const s = Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), SANDBOX_WAV_MAX_SECONDS) : 0;
  return Math.max(1, Math.round(SANDBOX_WAV_RATE * s));
}

/** The size in bytes of a call recording of `seconds`. */
export function sandboxCallWavSize(seconds: number): number {
  return WAV_HEADER_BYTES + samplesFor(seconds) * BYTES_PER_SAMPLE;
}

/**
 * Bytes [start, end] (inclusive, clamped to the file) of the call recording of `seconds`: the
 * same bytes whatever range is asked for, so a player may fetch it in pieces.
 */
export function sandboxCallWavRange(seconds: number, start: number, end: number, voice: Voice = 'call'): Buffer {
  const samples = samplesFor(seconds);
  const size = WAV_HEADER_BYTES + samples * BYTES_PER_SAMPLE;
  const from = Math.max(0, Math.floor(start));
  const to = Math.min(size - 1, Math.floor(end));
  if (to < from) return Buffer.alloc(0);
  const out = Buffer.alloc(to - from + 1);
  if (from < WAV_HEADER_BYTES) header(samples).copy(out, 0, from, Math.min(WAV_HEADER_BYTES, to + 1));
  const firstSample = Math.max(0, Math.floor((from - WAV_HEADER_BYTES) / BYTES_PER_SAMPLE));
  const lastSample = Math.floor((to - WAV_HEADER_BYTES) / BYTES_PER_SAMPLE);
  const pcm = Buffer.alloc(2);
  for (let i = firstSample; i <= lastSample; i++) {
    const v = Math.max(-1, Math.min(1, sample(voice, i)));
    pcm.writeInt16LE(Math.round(v * 32767), 0);
    for (let b = 0; b < BYTES_PER_SAMPLE; b++) {
      const pos = WAV_HEADER_BYTES + i * BYTES_PER_SAMPLE + b;
      if (pos >= from && pos <= to) out[pos - from] = pcm[b];
    }
  }
  return out;
}

/** The whole call recording of `seconds`. */
export function sandboxCallWav(seconds: number): Buffer {
  return sandboxCallWavRange(seconds, 0, sandboxCallWavSize(seconds) - 1);
}

/**
 * The recording every sandbox call "has" at the carrier's URL: a soft two-tone chime with silence
 * between, so a player has something to play.
 */
export function sandboxRecordingWav(seconds = 3): Buffer {
  return sandboxCallWavRange(seconds, 0, sandboxCallWavSize(seconds) - 1, 'chime');
}
