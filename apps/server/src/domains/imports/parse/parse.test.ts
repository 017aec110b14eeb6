import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../import.test-utils.ts';
import { sniffDelimiter } from './csv.ts';
import { inspectTable, parseTable } from './table.ts';
import { xlsxRecords } from './xlsx.ts';

const rowsOf = async (text: string | Buffer, name = 'x.csv') => parseTable(typeof text === 'string' ? Buffer.from(text) : text, name);

describe('parseTable: encodings, delimiters, quoting', () => {
  it('reads a HubSpot export: UTF-8 BOM, CRLF, quoted commas and a quoted newline', async () => {
    const t = await rowsOf(readFixture('hubspot-contacts.csv'), 'hubspot-contacts.csv');
    expect(t).toMatchObject({ format: 'csv', encoding: 'utf-8-bom', delimiter: ',' });
    expect(t.headers[0]).toBe('Record ID'); // no BOM glued to the first header
    // the empty row 5 is skipped, the numbers of the rows after it are not shifted
    expect(t.rowNumbers).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 11]);
    expect(t.rows[0].slice(0, 7)).toEqual(['101', 'Ana', 'García', 'ana@acme.example', '(415) 555-2671', '', 'Acme, Inc.']);
    expect(t.rows.find((r) => r[0] === '107')?.[7]).toBe('VP Sales\r\n(EMEA)');
  });

  it('reads Windows-1252 bytes (Excel on Windows) with semicolons as Müller and Café', async () => {
    const t = await rowsOf(readFixture('salesforce-contacts-win1252.csv'));
    expect(t).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(t.rows[0].slice(0, 4)).toEqual(['Jürgen', 'Müller', 'Geschäftsführer', 'Café Müller GmbH']);
    expect(t.rows[0][14]).toBe('Kunde seit 2019; zahlt pünktlich'); // quoted delimiter stays in the value
    expect(t.rows[3][14]).toBe('Preis: 5.000 €');
  });

  it('reads tab-separated files, UTF-16 with BOM, and a sep= hint line', async () => {
    expect((await rowsOf(readFixture('close-leads.tsv'))).delimiter).toBe('\t');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Name\tEmail\r\nZoë\tzoe@x.example\r\n', 'utf16le')]);
    const t16 = await rowsOf(utf16);
    expect(t16).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', headers: ['Name', 'Email'], rows: [['Zoë', 'zoe@x.example']] });
    const sep = await rowsOf('sep=;\nName;Email\nAna;ana@x.example\n');
    expect(sep).toMatchObject({ delimiter: ';', headers: ['Name', 'Email'], rows: [['Ana', 'ana@x.example']] });
  });

  it('finds the header under a report title and keeps footer lines as rows (the engine rejects them)', async () => {
    const t = await rowsOf(readFixture('salesforce-report.csv'));
    expect(t).toMatchObject({ delimiter: ';', headers: ['First Name', 'Last Name', 'Company', 'Email', 'Lead Status'] });
    expect(t.rowNumbers).toEqual([5, 6, 8, 9]);
    expect(t.rows[2]).toEqual(['Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.']);
  });

  it('numbers rows as a spreadsheet does (header row 1), counting quoted newlines as one row', async () => {
    const t = await rowsOf('Name,Notes\n"Ana","a\nb\nc"\n\nBob,x\n');
    expect(t.rowNumbers).toEqual([2, 4]);
  });

  it('makes header names unique and names blank ones', async () => {
    const t = await rowsOf('Email,Email,,Phone\na@x.example,b@x.example,z,1\n');
    expect(t.headers).toEqual(['Email', 'Email (2)', 'Column 3', 'Phone']);
  });

  it('strips NUL characters that Postgres text cannot hold', async () => {
    const filler = Array.from({ length: 50 }, (_, i) => `Person ${i},p${i}@x.example`).join('\n');
    const t = await rowsOf(`Name,Email\nA\u0000na,ana@x.example\n${filler}\n`);
    expect(t.rows[0][0]).toBe('Ana');
  });
});

describe('parseTable: not a table', () => {
  it.each([
    ['logo.png', /PNG image, not a table/],
    ['brochure.pdf', /PDF document, not a table/],
    ['empty.csv', /empty/],
    ['no-header.csv', /first row looks like data \("ana@acme\.example"\)/],
  ])('%s gets a clear message', async (name, message) => {
    await expect(rowsOf(readFixture(name), name)).rejects.toThrow(message);
  });

  it('refuses binary data, old .xls files, whitespace-only files and a header without rows', async () => {
    await expect(rowsOf(Buffer.from([0x41, 0x00, 0x42, 0x01, 0x02, 0x43, 0x44]))).rejects.toThrow(/binary data/);
    await expect(rowsOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls')).rejects.toThrow(/old Excel \(\.xls\)/);
    await expect(rowsOf(' \r\n\r\n  \n')).rejects.toThrow(/empty/);
    await expect(inspectTable({ buffer: readFixture('header-only.csv') }, 'h.csv')).rejects.toThrow(/header row but no data rows/);
  });

  it('refuses a broken zip with an Excel message', async () => {
    await expect(rowsOf(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]), 'x.xlsx')).rejects.toThrow(/could not be read as an Excel workbook/);
  });
});

describe('parseTable: xlsx', () => {
  it('reads the first non-empty sheet: formulas as values, dates as ISO, numbers as digits, rich text as text', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover');
    const ws = wb.addWorksheet('Contacts');
    ws.addRow(['Company', 'Phone', 'Created', 'Total', 'Note', 'Site', 'Ratio']);
    ws.addRow(['Acme', 4155552671, new Date(Date.UTC(2024, 2, 5)), { formula: 'B2*0+1200', result: 1200 }, { richText: [{ text: 'Hello ' }, { text: 'there' }] },
      { text: 'acme.example', hyperlink: 'https://acme.example' }, 0.1 + 0.2]);
    ws.addRow([]);
    ws.addRow(['Beta', '+44 20 7946 0958', new Date(Date.UTC(2024, 2, 5, 14, 30)), { formula: '1/0', result: { error: '#DIV/0!' } }]);
    const t = await rowsOf(Buffer.from(await wb.xlsx.writeBuffer()), 'contacts.xlsx');
    expect(t).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null, headers: ['Company', 'Phone', 'Created', 'Total', 'Note', 'Site', 'Ratio'] });
    expect(t.rows[0]).toEqual(['Acme', '4155552671', '2024-03-05', '1200', 'Hello there', 'acme.example', '0.3']);
    expect(t.rows[1].slice(0, 4)).toEqual(['Beta', '+44 20 7946 0958', '2024-03-05T14:30:00Z', '']);
    expect(t.rowNumbers).toEqual([2, 4]);
  });

  it('reads the file again when a pass ends before the workbook part (exceljs streaming race); a file cut short every time is reported', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Leads').addRow(['Company', 'Phone']);
    wb.getWorksheet('Leads')!.addRow(['Acme', '+14155552671']);
    const whole = Buffer.from(await wb.xlsx.writeBuffer());
    // exceljs writes worksheets before sharedStrings and workbook.xml: a pass stopped after the
    // worksheet entries is what the race looks like from the reader's side.
    const cut = whole.subarray(0, whole.indexOf(Buffer.from('xl/sharedStrings.xml')) - 30);
    let opens = 0;
    const flaky = () => Readable.from([++opens === 1 ? cut : whole]);
    const rows: string[][] = [];
    for await (const r of xlsxRecords(flaky)) rows.push(r.cells);
    expect(opens).toBe(2);
    expect(rows).toEqual([['Company', 'Phone'], ['Acme', '+14155552671']]);

    let cutOpens = 0;
    const alwaysCut = () => { cutOpens++; return Readable.from([cut]); };
    await expect((async () => { for await (const _ of xlsxRecords(alwaysCut)) void _; })()).rejects.toThrow(/could not be read as an Excel workbook/);
    expect(cutOpens).toBe(4);
  });
});

describe('sniffDelimiter', () => {
  it('is not fooled by delimiters inside quotes', () => {
    expect(sniffDelimiter('Name;Company\n"Doe, Jane";"Acme, Inc."\n"Roe, Ann";"Beta, LLC"\n', true)).toBe(';');
    expect(sniffDelimiter('Name,Notes\nAna,"a; b; c"\nBob,"d; e"\n', true)).toBe(',');
    expect(sniffDelimiter('Name|Email\nAna|a@x.example\n', true)).toBe('|');
  });
});
