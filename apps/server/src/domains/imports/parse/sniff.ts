import { ImportFileError } from './source.ts';

export type TableFormat = 'csv' | 'xlsx';

const EXPORT_HINT = 'Export your data as CSV or Excel (.xlsx) and upload that file.';

// Magic numbers of files people upload by mistake, so the message can say what they uploaded.
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x52, 0x49, 0x46, 0x46], what: 'a media file' },
  { bytes: [0x1f, 0x8b], what: 'a compressed (gzip) archive' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program' },
  { bytes: [0x4d, 0x5a], what: 'a program' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive' },
];

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/**
 * Decides from the first bytes (not the file name, which lies often enough) whether this is a
 * zip-based workbook or delimited text, and refuses everything else with a message saying why.
 */
export function detectFormat(head: Buffer, filename: string): TableFormat {
  if (head.length === 0) throw new ImportFileError('The file is empty.');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    if (/\.(ods|numbers)$/i.test(filename)) throw new ImportFileError(`This is a ${/\.ods$/i.test(filename) ? 'LibreOffice' : 'Numbers'} spreadsheet. ${EXPORT_HINT}`);
    return 'xlsx';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new ImportFileError('This is an old Excel (.xls) or Office file. Open it in Excel and save it as .xlsx or CSV, then upload that file.');
  }
  for (const s of SIGNATURES) {
    if (startsWith(head, s.bytes)) throw new ImportFileError(`This file is ${s.what}, not a table. ${EXPORT_HINT}`);
  }
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16) {
    // Text has hardly any NUL or other C0 control bytes (a stray one in a broken export is
    // cleaned later); binary formats are full of them.
    let control = 0;
    const n = Math.min(head.length, 8192);
    for (let i = 0; i < n; i++) {
      const b = head[i];
      if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
    }
    if (control > n * 0.01) throw new ImportFileError(`This file contains binary data, not a table. ${EXPORT_HINT}`);
  }
  return 'csv';
}
