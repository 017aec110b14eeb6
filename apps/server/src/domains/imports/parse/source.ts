import fs from 'node:fs';
import { Readable } from 'node:stream';

/** Where the bytes of an uploaded table are: in memory (tests, small uploads) or a stored file. */
export type TableSource = { buffer: Buffer } | { path: string };

export function openByteStream(src: TableSource): Readable {
  // 256 KiB chunks: fewer callbacks through the decoder and the CSV parser on large files
  return 'buffer' in src ? Readable.from([src.buffer]) : fs.createReadStream(src.path, { highWaterMark: 256 * 1024 });
}

/** The first `n` bytes (fewer when the file is shorter). */
export async function readHead(src: TableSource, n: number): Promise<Buffer> {
  if ('buffer' in src) return src.buffer.subarray(0, n);
  const fh = await fs.promises.open(src.path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A problem with the uploaded file itself, worded for the person who uploaded it. */
export class ImportFileError extends Error {}
