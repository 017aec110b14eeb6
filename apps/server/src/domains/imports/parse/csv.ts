import Papa from 'papaparse';
import type { Readable } from 'node:stream';

export type Delimiter = ',' | ';' | '\t' | '|';
const CANDIDATES: Delimiter[] = [',', ';', '\t', '|'];

/**
 * Picks the delimiter whose split of the first records is most consistent with the header
 * (same number of fields on every row), preferring more columns on a tie. Quotes are honoured,
 * so "Acme, Inc" inside quotes does not vote for the comma.
 */
export function sniffDelimiter(sample: string, complete: boolean): Delimiter {
  const sep = /^sep=(.)\r?\n/i.exec(sample);
  if (sep && (CANDIDATES as string[]).includes(sep[1])) return sep[1] as Delimiter;
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const parsed = Papa.parse<string[]>(sample, { delimiter: d, preview: 60, skipEmptyLines: 'greedy' });
    const all = complete ? parsed.data : parsed.data.slice(0, -1); // the last record may be cut off
    // a title line above the header has one field whatever the delimiter: judge from the header on
    const start = all.findIndex((r) => r.length >= 2);
    if (start < 0) continue;
    const rows = all.slice(start);
    const width = rows[0].length;
    const consistent = rows.filter((r) => r.length === width).length / rows.length;
    const score = consistent * 1000 + Math.min(width, 999);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/**
 * Records of delimited text, one string[] per record, streamed with backpressure (quoted fields
 * may span lines and chunks). Empty lines come through as [''] so record numbers stay true.
 */
export async function* csvRecords(text: Readable, delimiter: Delimiter): AsyncGenerator<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter, quoteChar: '"', escapeChar: '"' });
  text.on('error', (err) => parser.destroy(err));
  text.pipe(parser);
  let first = true;
  try {
    for await (const record of parser as AsyncIterable<unknown>) {
      if (!Array.isArray(record)) continue;
      const cells = record.map((c) => (typeof c === 'string' ? c : String(c ?? '')));
      // an Excel "sep=;" hint line is not data
      if (first && /^sep=.$/i.test(cells.join(delimiter))) {
        first = false;
        yield [''];
        continue;
      }
      first = false;
      yield cells;
    }
  } finally {
    // stopping early (an error, or the caller had enough) must release the file
    text.destroy();
  }
}
