/**
 * The recording every sandbox call "has": a real, playable 8 kHz 16-bit mono WAV of a soft
 * two-tone chime with silence between, so the player in the app has something to play.
 */
export function sandboxRecordingWav(seconds = 3): Buffer {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVE', 8);
  buf.write('fmt ', 12);
  buf.writeUInt32LE(16, 16); // PCM header size
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28); // bytes per second
  buf.writeUInt16LE(2, 32); // block align
  buf.writeUInt16LE(16, 34); // bits per sample
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const inSecond = t % 1;
    // 0.4 s of tone each second (440 Hz, then 660 Hz), with a short fade to avoid clicks
    const freq = Math.floor(t) % 2 === 0 ? 440 : 660;
    const env = inSecond < 0.4 ? Math.min(1, inSecond / 0.02, (0.4 - inSecond) / 0.02) : 0;
    buf.writeInt16LE(Math.round(Math.sin(2 * Math.PI * freq * t) * env * 0.3 * 32767), 44 + i * 2);
  }
  return buf;
}
