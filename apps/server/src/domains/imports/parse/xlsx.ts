import ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { ImportFileError } from './source.ts';

export interface SheetRecord {
  /** Row number as Excel shows it. */
  row: number;
  cells: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Excel keeps 15 significant digits; 0.1+0.2 must read as 0.3, a phone stored as a number as its digits. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(Number(n.toPrecision(15)));
}

/** A cell as the text a person sees: formulas → their cached result, dates → ISO, rich text → plain. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  if (isRecord(v)) {
    if ('result' in v) return cellText(v.result); // formula / shared formula
    if ('formula' in v || 'sharedFormula' in v) return ''; // never calculated: no value to import
    if (Array.isArray(v.richText)) return v.richText.map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : '')).join('');
    if ('text' in v) return cellText(v.text); // hyperlink
    if ('error' in v) return ''; // #N/A, #REF! …
  }
  return '';
}

function rowCells(values: unknown): string[] {
  // exceljs row.values is 1-based and sparse: index 0 is always empty
  if (!Array.isArray(values)) return [];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  return cells;
}

/** A pass that ended before the zip's workbook part was read (see xlsxRecords). */
class IncompleteRead extends Error {}

async function* readOnce(bytes: Readable): AsyncGenerator<SheetRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit',
  });
  const workbookSeen = () => (reader as unknown as { model?: unknown }).model !== undefined;
  let found = false;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const cells = rowCells(row.values);
        if (!cells.some((c) => c.trim() !== '')) continue;
        found = true;
        yield { row: row.number, cells };
      }
      if (found) return;
    }
    if (!workbookSeen()) throw new IncompleteRead();
  } catch (err) {
    if (err instanceof ImportFileError || err instanceof IncompleteRead) throw err;
    if (!workbookSeen()) throw new IncompleteRead();
    throw new ImportFileError(UNREADABLE);
  } finally {
    bytes.destroy();
  }
}

const UNREADABLE = 'This file could not be read as an Excel workbook (.xlsx). Open it in Excel, save it again as .xlsx or CSV, and upload that file.';

/**
 * Rows of the first worksheet that has any data, streamed (a 100k-row workbook is never built in
 * memory). Empty rows are skipped by the reader; row numbers stay Excel's.
 *
 * exceljs 4.4's streaming reader now and then (≈1 read in 400 on a file whose worksheets precede
 * its shared strings, as exceljs itself writes them) stops iterating the zip early and then fails
 * on the deferred worksheets without having read workbook.xml. Such a pass has yielded nothing, so
 * the file is simply read again from the start; only a file that fails every time is reported.
 */
export async function* xlsxRecords(open: () => Readable, attempts = 4): AsyncGenerator<SheetRecord> {
  for (let attempt = 1; ; attempt++) {
    let yielded = false;
    try {
      for await (const record of readOnce(open())) {
        yielded = true;
        yield record;
      }
      return;
    } catch (err) {
      if (!(err instanceof IncompleteRead)) throw err;
      if (yielded || attempt >= attempts) throw new ImportFileError(UNREADABLE);
    }
  }
}
