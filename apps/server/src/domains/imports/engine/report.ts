import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';

export interface RejectedRow {
  row: number;
  cells: string[];
  reason: string;
}

/**
 * rejected.csv: the file's own columns (so it can be fixed and imported again) plus `row` and
 * `reason`. UTF-8 with a BOM and CRLF, which Excel opens correctly on every platform.
 */
export class RejectedReport {
  private constructor(readonly file: string, private headers: string[]) {}

  /**
   * Starts the report, or — when an interrupted run resumes — keeps exactly the rows of batches
   * that were committed (the import row's `rejected` count), dropping any written after that.
   */
  static async open(file: string, headers: string[], keepRows: number): Promise<RejectedReport> {
    const report = new RejectedReport(file, headers);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    let kept: string[][] = [];
    if (keepRows > 0 && fs.existsSync(file)) {
      const text = (await fs.promises.readFile(file, 'utf8')).replace(/^\ufeff/, '');
      kept = Papa.parse<string[]>(text, { skipEmptyLines: true }).data.slice(1, keepRows + 1);
    }
    await fs.promises.writeFile(file, '\ufeff' + report.lines([[...headers, 'row', 'reason'], ...kept]));
    return report;
  }

  async append(rows: RejectedRow[]) {
    if (rows.length === 0) return;
    const width = this.headers.length;
    const records = rows.map((r) => {
      // extra values of a misaligned row stay visible in the last column instead of shifting row/reason
      const cells = r.cells.length > width && width > 0 ? [...r.cells.slice(0, width - 1), r.cells.slice(width - 1).join(',')] : r.cells;
      return [...this.headers.map((_, i) => cells[i] ?? ''), String(r.row), r.reason];
    });
    await fs.promises.appendFile(this.file, this.lines(records));
  }

  /** Bytes written so far: a mark to rewind to when the batch that follows is rolled back. */
  async size(): Promise<number> {
    return (await fs.promises.stat(this.file)).size;
  }

  async rewind(size: number) {
    await fs.promises.truncate(this.file, size);
  }

  async remove() {
    await fs.promises.rm(this.file, { force: true });
  }

  private lines(records: string[][]) {
    return records.length === 0 ? '' : Papa.unparse(records, { newline: '\r\n' }) + '\r\n';
  }
}
