import { csvRecords, sniffDelimiter, type Delimiter } from './csv.ts';
import { decodeStream, detectEncoding, readTextHead, type TextEncodingName } from './encoding.ts';
import { detectFormat, type TableFormat } from './sniff.ts';
import { ImportFileError, openByteStream, readHead, type TableSource } from './source.ts';
import { xlsxRecords } from './xlsx.ts';

export interface TableInfo {
  format: TableFormat;
  encoding: TextEncodingName | null;
  delimiter: Delimiter | null;
}

export interface TableRow {
  /** Row number as a spreadsheet shows it (the header is usually row 1). */
  row: number;
  /** Raw cell text; may be longer than the header when a row has extra values. */
  cells: string[];
}

export interface OpenedTable {
  info: TableInfo;
  /** Trimmed, unique header names ("Email", "Email (2)", "Column 4" for a blank one). */
  headers: string[];
  /** Cells in the header row, counting trailing empty ones (a CSV row wider than this is misaligned). */
  width: number;
  /** Non-empty data rows, streamed. */
  rows: AsyncGenerator<TableRow>;
  /** Stops reading early (releases the file). */
  close(): Promise<void>;
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

// Postgres text cannot hold NUL and jsonb refuses lone surrogates: clean them here so no cell can
// fail a database write later.
const SURROGATE = /[\ud800-\udfff]/;
function cleanCell(s: string): string {
  const hasNul = s.includes('\u0000');
  if (!hasNul && !SURROGATE.test(s)) return s;
  const t = hasNul ? s.replaceAll('\u0000', '') : s;
  return t.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

export function makeHeaders(cells: string[]): string[] {
  const raw = cells.map((c) => cleanCell(c).replace(/^\ufeff/, '').replace(/\s+/g, ' ').trim());
  while (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  const used = new Set<string>();
  return raw.map((h, i) => {
    const base = h || `Column ${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const PHONE_LIKE = /^\+?[\d\s().\-/]{7,}$/;
const NUMBER_LIKE = /^-?[\d.,\s]+$/;

/** A header row names columns; emails, phone numbers or mostly numbers mean the file starts with data. */
function assertHeaderRow(cells: string[]) {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  const dataLike = filled.find((c) => EMAIL_LIKE.test(c) || (PHONE_LIKE.test(c) && (c.match(/\d/g)?.length ?? 0) >= 7));
  const numeric = filled.filter((c) => NUMBER_LIKE.test(c)).length;
  if (dataLike || (filled.length > 0 && numeric * 2 >= filled.length)) {
    const example = dataLike ?? filled.find((c) => NUMBER_LIKE.test(c));
    throw new ImportFileError(`The first row looks like data ("${example}"), not column names. Add a header row that names each column (e.g. Name, Email, Phone) and upload the file again.`);
  }
}

async function* numbered(records: AsyncGenerator<string[]>): AsyncGenerator<TableRow> {
  let row = 0;
  for await (const cells of records) yield { row: ++row, cells };
}

/** Opens a CSV/TSV/XLSX table: detects format, encoding and delimiter, reads the header row. */
export async function openTable(src: TableSource, filename: string): Promise<OpenedTable> {
  const format = detectFormat(await readHead(src, 8192), filename);
  let info: TableInfo;
  let records: AsyncGenerator<TableRow>;
  if (format === 'xlsx') {
    info = { format, encoding: null, delimiter: null };
    records = xlsxRecords(() => openByteStream(src));
  } else {
    const encoding = await detectEncoding(src);
    const head = await readTextHead(src, encoding, 64 * 1024);
    const delimiter = sniffDelimiter(head.text, head.complete);
    info = { format, encoding, delimiter };
    records = numbered(csvRecords(decodeStream(openByteStream(src), encoding), delimiter));
  }
  // The header is the first row naming at least two columns: report exports put a title line
  // ("Leads by owner — exported 3/5/2024") above it, which is not a column name.
  const lookahead: TableRow[] = [];
  while (lookahead.length < 10) {
    const next = await records.next();
    if (next.done) break;
    if (!isBlank(next.value.cells)) lookahead.push(next.value);
  }
  if (lookahead.length === 0) throw new ImportFileError('The file is empty: it has no rows.');
  const filled = (r: TableRow) => r.cells.filter((c) => c.trim() !== '').length;
  const headerAt = Math.max(0, lookahead.findIndex((r) => filled(r) >= 2));
  const header = lookahead[headerAt];
  const headers = makeHeaders(header.cells);
  try {
    assertHeaderRow(header.cells);
  } catch (err) {
    await records.return(undefined);
    throw err;
  }
  async function* rows(): AsyncGenerator<TableRow> {
    for (const r of lookahead.slice(headerAt + 1)) yield { row: r.row, cells: r.cells.map(cleanCell) };
    for await (const r of records) {
      if (isBlank(r.cells)) continue;
      yield { row: r.row, cells: r.cells.map(cleanCell) };
    }
  }
  return {
    info,
    headers,
    width: header.cells.length,
    rows: rows(),
    async close() {
      await records.return(undefined);
    },
  };
}

export interface TableSummary extends TableInfo {
  headers: string[];
  sampleRows: string[][];
  totalRows: number;
}

/** One pass over the whole file: header, the first rows (aligned with the header) and the row count. */
export async function inspectTable(src: TableSource, filename: string, sampleSize = 20): Promise<TableSummary> {
  const table = await openTable(src, filename);
  const sampleRows: string[][] = [];
  let totalRows = 0;
  for await (const r of table.rows) {
    totalRows++;
    if (sampleRows.length < sampleSize) sampleRows.push(table.headers.map((_, i) => r.cells[i] ?? ''));
  }
  if (totalRows === 0) throw new ImportFileError('The file has a header row but no data rows.');
  return { ...table.info, headers: table.headers, sampleRows, totalRows };
}

/** The whole table in memory (tests, small files); imports stream through openTable instead. */
export async function parseTable(buffer: Buffer, filename: string) {
  const table = await openTable({ buffer }, filename);
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for await (const r of table.rows) {
    rows.push(r.cells);
    rowNumbers.push(r.row);
  }
  return { ...table.info, headers: table.headers, rows, rowNumbers };
}
