import crypto from 'node:crypto';

// Small but well-formed audio files of a known length, built byte by byte, for the upload tests.

/** PCM WAV: 16-bit mono at `rate` Hz, a quiet sine so it is real audio. */
export function wavBytes(seconds: number, rate = 8000): Buffer {
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28); // byte rate
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

const ebmlId = (id: number) => {
  const bytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from(bytes);
};
const ebmlSize = (n: number) => (n < 127 ? Buffer.from([0x80 | n]) : Buffer.from([0x40 | (n >> 8), n & 0xff]));
const el = (id: number, body: Buffer) => Buffer.concat([ebmlId(id), ebmlSize(body.length), body]);
const UNKNOWN = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/**
 * WebM as Chrome's MediaRecorder writes it: no Duration, a Segment and Clusters of unknown size,
 * one Opus block every 20 ms; the file lasts `ms`.
 */
export function webmBytes(ms: number): Buffer {
  const header = el(0x1a45dfa3, Buffer.concat([el(0x4282, Buffer.from('webm'))]));
  const info = el(0x1549a966, el(0x2ad7b1, Buffer.from([0x0f, 0x42, 0x40])));
  const tracks = el(0x1654ae6b, el(0xae, Buffer.concat([el(0xd7, Buffer.from([1])), el(0x86, Buffer.from('A_OPUS'))])));
  const parts: Buffer[] = [header, ebmlId(0x18538067), UNKNOWN, info, tracks];
  const frames = Math.round(ms / 20);
  for (let f = 0; f < frames; f++) {
    const t = f * 20;
    if (f % 50 === 0) parts.push(ebmlId(0x1f43b675), UNKNOWN, el(0xe7, Buffer.from([(t >> 16) & 0xff, (t >> 8) & 0xff, t & 0xff])));
    const rel = t - Math.floor(f / 50) * 1000;
    const block = Buffer.concat([Buffer.from([0x81, (rel >> 8) & 0xff, rel & 0xff, 0x80]), crypto.randomBytes(20)]);
    parts.push(el(0xa3, block));
  }
  return Buffer.concat(parts);
}

function oggPage(granule: bigint, serial: number, seq: number, body: Buffer, type = 0): Buffer {
  const segs: number[] = [];
  let left = body.length;
  while (left >= 255) {
    segs.push(255);
    left -= 255;
  }
  segs.push(left);
  const h = Buffer.alloc(27);
  h.write('OggS', 0, 'latin1');
  h[5] = type;
  h.writeBigInt64LE(granule, 6);
  h.writeUInt32LE(serial, 14);
  h.writeUInt32LE(seq, 18);
  h[26] = segs.length;
  return Buffer.concat([h, Buffer.from(segs), body]);
}

/** OGG Opus (as Firefox's MediaRecorder writes it) lasting `seconds`. */
export function oggOpusBytes(seconds: number): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = 1;
  head.writeUInt16LE(312, 10);
  head.writeUInt32LE(48000, 12);
  const tags = Buffer.concat([Buffer.from('OpusTags', 'latin1'), Buffer.alloc(8)]);
  const pages = [oggPage(0n, 7, 0, head, 2), oggPage(0n, 7, 1, tags)];
  const total = Math.round(seconds * 48000);
  for (let s = 1, g = 0; g < total; s++) {
    g = Math.min(total, g + 48000);
    pages.push(oggPage(BigInt(g + 312), 7, s + 1, crypto.randomBytes(100), g === total ? 4 : 0));
  }
  return Buffer.concat(pages);
}

/** MPEG-1 Layer III, 128 kbps, 44.1 kHz: `frames` frames of 1152 samples (26.12 ms each), after an ID3v2 tag. */
export function mp3Bytes(frames: number): Buffer {
  const id3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0, 0, 0, 0, 10]), Buffer.alloc(10)]);
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  return Buffer.concat([id3, ...Array.from({ length: frames }, () => frame)]);
}

/** A multipart body with one file (and optional text fields), as a browser's FormData sends it. */
export function multipart(file: { bytes: Buffer; filename: string; type: string }, fields: Record<string, string> = {}) {
  const boundary = `----flywheel${crypto.randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
