import { isUtf8 } from 'node:buffer';
import { Transform, type Readable } from 'node:stream';
import { openByteStream, readHead, type TableSource } from './source.ts';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * BOM first; otherwise the file is UTF-8 only if every byte sequence is valid UTF-8 — Excel on
 * Windows writes "CSV" as Windows-1252, where "Müller" is one byte 0xFC, invalid as UTF-8.
 */
export async function detectEncoding(src: TableSource): Promise<TextEncodingName> {
  const head = await readHead(src, 3);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if ('buffer' in src) return isUtf8(src.buffer) ? 'utf-8' : 'windows-1252';
  // streaming decode: a multi-byte character split across two chunks is still valid
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of openByteStream(src)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

const WHATWG_LABEL: Record<TextEncodingName, string> = {
  'utf-8': 'utf-8', 'utf-8-bom': 'utf-8', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be', 'windows-1252': 'windows-1252',
};

/** Bytes → text chunks in the given encoding; a leading BOM is dropped. */
export function decodeStream(bytes: Readable, encoding: TextEncodingName): Readable {
  const decoder = new TextDecoder(WHATWG_LABEL[encoding]);
  const transform = new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  transform.setEncoding('utf8');
  bytes.on('error', (err) => transform.destroy(err));
  transform.on('close', () => bytes.destroy());
  return bytes.pipe(transform);
}

/** The first `maxBytes` of the file as text (for delimiter sniffing). */
export async function readTextHead(src: TableSource, encoding: TextEncodingName, maxBytes: number): Promise<{ text: string; complete: boolean }> {
  const head = await readHead(src, maxBytes + 1);
  const complete = head.length <= maxBytes;
  // a multi-byte character cut at the end only loses that character (non-fatal decoder)
  return { text: new TextDecoder(WHATWG_LABEL[encoding]).decode(head.subarray(0, maxBytes)), complete };
}
