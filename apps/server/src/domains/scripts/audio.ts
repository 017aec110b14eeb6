import type { VoicemailMimeType } from '@flywheel/contracts';

// What an uploaded voicemail really is and how long it plays, read from its bytes (the type the
// browser claims and any duration it reports are not trusted). WebM from MediaRecorder has no
// duration in its header, so the length comes from the last block's timecode; OGG from the last
// page's granule position; MP3 from its frames; WAV from its data chunk.

export class AudioError extends Error {}

export interface AudioInfo {
  mimeType: VoicemailMimeType;
  durationMs: number;
}

const ACCEPTED_ALIASES: Record<string, VoicemailMimeType> = {
  'audio/webm': 'audio/webm', 'video/webm': 'audio/webm',
  'audio/ogg': 'audio/ogg', 'audio/opus': 'audio/ogg', 'application/ogg': 'audio/ogg',
  'audio/wav': 'audio/wav', 'audio/x-wav': 'audio/wav', 'audio/wave': 'audio/wav', 'audio/vnd.wave': 'audio/wav',
  'audio/mpeg': 'audio/mpeg', 'audio/mp3': 'audio/mpeg', 'audio/mpeg3': 'audio/mpeg',
};

/** The accepted type a declared content type stands for ("audio/webm;codecs=opus" → audio/webm), or null. */
export function acceptedMime(declared: string | undefined): VoicemailMimeType | null {
  const base = (declared ?? '').split(';')[0].trim().toLowerCase();
  return ACCEPTED_ALIASES[base] ?? null;
}

const ascii = (b: Buffer, at: number, len: number) => (at + len <= b.length ? b.toString('latin1', at, at + len) : '');

export function sniffAudio(b: Buffer): VoicemailMimeType | null {
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WAVE') return 'audio/wav';
  if (ascii(b, 0, 4) === 'OggS') return 'audio/ogg';
  if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'audio/webm';
  const f = mp3Frame(b, 0);
  if (ascii(b, 0, 3) === 'ID3' || (f && (f.len === b.length || mp3Frame(b, f.len)))) return 'audio/mpeg';
  return null;
}

/** Reads the format from the bytes and measures the duration; throws AudioError for anything else. */
export function inspectAudio(b: Buffer): AudioInfo {
  const mimeType = sniffAudio(b);
  if (!mimeType) throw new AudioError('This is not a WebM, OGG, WAV or MP3 audio file.');
  const seconds = mimeType === 'audio/wav' ? wavSeconds(b) : mimeType === 'audio/ogg' ? oggSeconds(b) : mimeType === 'audio/webm' ? webmSeconds(b) : mp3Seconds(b);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new AudioError('The recording is empty or unreadable.');
  return { mimeType, durationMs: Math.max(1, Math.round(seconds * 1000)) };
}

// ───────────── WAV ─────────────

function wavSeconds(b: Buffer): number {
  let byteRate = 0;
  for (let at = 12; at + 8 <= b.length; ) {
    const id = ascii(b, at, 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 20 <= b.length) byteRate = b.readUInt32LE(at + 16);
    if (id === 'data') {
      if (!byteRate) throw new AudioError('This WAV file has no format chunk before its audio.');
      // a recorder that never went back to fill the size in writes 0 or 0xFFFFFFFF: read to the end
      const available = b.length - (at + 8);
      const bytes = size === 0 || size === 0xffffffff ? available : Math.min(size, available);
      return bytes / byteRate;
    }
    at += 8 + size + (size % 2);
  }
  throw new AudioError('This WAV file has no audio data.');
}

// ───────────── OGG (Opus, Vorbis) ─────────────

function oggSeconds(b: Buffer): number {
  let serial: number | null = null;
  let rate = 0;
  let preSkip = 0;
  let lastGranule = -1n;
  for (let at = 0; at + 27 <= b.length; ) {
    if (ascii(b, at, 4) !== 'OggS') throw new AudioError('This OGG file is damaged.');
    const granule = b.readBigInt64LE(at + 6);
    const pageSerial = b.readUInt32LE(at + 14);
    const nsegs = b[at + 26];
    if (at + 27 + nsegs > b.length) break;
    let bodyLen = 0;
    for (let i = 0; i < nsegs; i++) bodyLen += b[at + 27 + i];
    const body = at + 27 + nsegs;
    if (serial === null) {
      serial = pageSerial;
      if (ascii(b, body, 8) === 'OpusHead') {
        rate = 48000; // Opus granules always count 48 kHz samples
        preSkip = body + 12 <= b.length ? b.readUInt16LE(body + 10) : 0;
      } else if (ascii(b, body + 1, 6) === 'vorbis' && body + 16 <= b.length) {
        rate = b.readUInt32LE(body + 12);
      } else {
        throw new AudioError('Only Opus or Vorbis audio in OGG files is accepted.');
      }
    } else if (pageSerial === serial && granule >= 0n) {
      lastGranule = granule;
    }
    at = body + bodyLen;
  }
  if (!rate || lastGranule < 0n) throw new AudioError('This OGG file holds no audio.');
  return Number(lastGranule - BigInt(preSkip)) / rate;
}

// ───────────── WebM / Matroska ─────────────

const EBML = { segment: 0x18538067, info: 0x1549a966, cluster: 0x1f43b675, blockGroup: 0xa0, timecodeScale: 0x2ad7b1, duration: 0x4489, timecode: 0xe7, simpleBlock: 0xa3, block: 0xa1 };
const CONTAINERS = new Set([EBML.segment, EBML.info, EBML.cluster, EBML.blockGroup]);

function readVint(b: Buffer, at: number, keepMarker: boolean): { value: number; len: number; unknown: boolean } | null {
  if (at >= b.length) return null;
  const first = b[at];
  let len = 1;
  while (len <= 8 && !(first & (0x80 >> (len - 1)))) len++;
  if (len > 8 || at + len > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> len);
  let allOnes = value === (0xff >> len);
  for (let i = 1; i < len; i++) {
    value = value * 256 + b[at + i];
    if (b[at + i] !== 0xff) allOnes = false;
  }
  return { value, len, unknown: !keepMarker && allOnes };
}

function readUint(b: Buffer, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size && at + i < b.length; i++) v = v * 256 + b[at + i];
  return v;
}

function webmSeconds(b: Buffer): number {
  let scale = 1_000_000; // ns per tick
  let declared: number | null = null;
  let clusterTime = 0;
  let last = -1;
  let gap = 0;
  for (let at = 0; at < b.length; ) {
    const id = readVint(b, at, true);
    if (!id) break;
    const size = readVint(b, at + id.len, false);
    if (!size) break;
    const data = at + id.len + size.len;
    if (CONTAINERS.has(id.value)) {
      at = data; // walk into it (clusters from MediaRecorder have an unknown size)
      continue;
    }
    if (size.unknown) break;
    if (id.value === EBML.timecodeScale) scale = readUint(b, data, size.value) || scale;
    else if (id.value === EBML.duration && data + size.value <= b.length) {
      declared = size.value === 4 ? b.readFloatBE(data) : size.value === 8 ? b.readDoubleBE(data) : null;
    } else if (id.value === EBML.timecode) clusterTime = readUint(b, data, size.value);
    else if ((id.value === EBML.simpleBlock || id.value === EBML.block) && data + 4 <= b.length) {
      const track = readVint(b, data, false);
      if (track && data + track.len + 2 <= b.length) {
        const t = clusterTime + b.readInt16BE(data + track.len);
        if (t > last) {
          if (last >= 0) gap = t - last;
          last = t;
        }
      }
    }
    at = data + size.value;
  }
  if (declared !== null && declared > 0) return (declared * scale) / 1e9;
  if (last < 0) throw new AudioError('This WebM file holds no audio.');
  // the last block plays for about as long as the one before it
  return ((last + gap) * scale) / 1e9;
}

// ───────────── MP3 ─────────────

const BITRATES: Record<string, number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** The MPEG audio frame starting at `at`: its length in bytes and its duration in seconds. */
function mp3Frame(b: Buffer, at: number): { len: number; seconds: number } | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (b[at + 1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  const layer = 4 - ((b[at + 1] >> 1) & 3); // 1, 2, 3
  const brIndex = b[at + 2] >> 4;
  const srIndex = (b[at + 2] >> 2) & 3;
  if (version === 1 || layer === 4 || brIndex === 0 || brIndex === 15 || srIndex === 3) return null;
  const kbps = BITRATES[`${version === 3 ? 1 : 2}-${layer}`][brIndex];
  const rate = RATES[version][srIndex];
  const pad = (b[at + 2] >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && version !== 3 ? 576 : 1152;
  const len = layer === 1 ? (Math.floor((12 * kbps * 1000) / rate) + pad) * 4 : Math.floor(((samples / 8) * kbps * 1000) / rate) + pad;
  return { len, seconds: samples / rate };
}

function id3Size(b: Buffer): number {
  if (ascii(b, 0, 3) !== 'ID3' || b.length < 10) return 0;
  const size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
  return 10 + size + (b[5] & 0x10 ? 10 : 0);
}

/** The first offset from `from` where two frames follow each other (one lone sync word is not enough). */
function firstMp3Frame(b: Buffer, from: number): number | null {
  const limit = Math.min(b.length, from + 64 * 1024);
  for (let at = from; at < limit; at++) {
    const f = mp3Frame(b, at);
    if (f && (at + f.len === b.length || mp3Frame(b, at + f.len))) return at;
  }
  return null;
}

function mp3Seconds(b: Buffer): number {
  const start = firstMp3Frame(b, id3Size(b));
  if (start === null) throw new AudioError('This MP3 file holds no audio frames.');
  let seconds = 0;
  let at = start;
  while (at < b.length) {
    const f = mp3Frame(b, at);
    if (!f) break; // ID3v1 tag, trailing junk
    seconds += f.seconds;
    at += f.len;
  }
  return seconds;
}
