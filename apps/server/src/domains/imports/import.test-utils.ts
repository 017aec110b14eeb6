import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from '../../db/client.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../../../test/fixtures/imports');
export const fixture = (name: string) => path.join(FIXTURES, name);
export const readFixture = (name: string) => fs.readFileSync(fixture(name));

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Eva', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas'];
const LAST = ['Smith', 'Müller', 'García', "O'Brien", 'Nguyen', 'Kowalski', 'Rossi', 'Dubois', 'Tanaka', 'Okafor'];
const AREAS = ['212', '310', '415', '617', '702', '206', '303', '512', '646', '718'];

export interface GeneratedFile {
  csv: string;
  rows: number;
  expected: { imported: number; rejected: number; leads: number; reasons: Record<string, number> };
}

/**
 * A realistic CRM export of `n` rows, ~2% of them bad in the ways real files are bad: nobody to
 * identify, a broken email as the only identifier, a person listed twice. Three people per
 * company, quoted commas and the odd quoted newline. The expected outcome is computed alongside.
 */
export function generateLeadsCsv(n: number): GeneratedFile {
  const lines = ['Company,First Name,Last Name,Email,Phone,City,Country,Tags,Deal Value,Notes'];
  const reasons: Record<string, number> = {};
  const companies = new Set<number>();
  let imported = 0;
  for (let i = 0; i < n; i++) {
    const co = Math.floor(i / 3);
    const phone = `+1 ${AREAS[Math.floor(i / 10000) % AREAS.length]} 555 ${String(i % 10000).padStart(4, '0')}`;
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const notes = i % 97 === 0 ? '"Met at the fair,\nfollow up in Q3"' : i % 13 === 0 ? '"Prefers email, not calls"' : '';
    if (i % 50 === 7) {
      lines.push(`,,,,,Springfield,US,"lost, cold",,${notes}`);
      reasons['No name, email or phone'] = (reasons['No name, email or phone'] ?? 0) + 1;
    } else if (i % 50 === 23) {
      lines.push(`,,,user${i}@@broken,,,US,,,`);
      reasons['Invalid email'] = (reasons['Invalid email'] ?? 0) + 1;
    } else if (i % 100 === 41) {
      lines.push(`"Company ${co}, Inc.",${first},${last},p${i - 1}@co${Math.floor((i - 1) / 3)}.example,,Austin,US,,,`);
      reasons.Duplicate = (reasons.Duplicate ?? 0) + 1;
    } else {
      lines.push(`"Company ${co}, Inc.",${first},${last},p${i}@co${co}.example,${phone},Austin,US,"vip; q${(i % 4) + 1}",${(i % 9) * 1250}.50,${notes}`);
      imported++;
      companies.add(co);
    }
  }
  const rejected = Object.values(reasons).reduce((a, b) => a + b, 0);
  return { csv: lines.join('\r\n') + '\r\n', rows: n, expected: { imported, rejected, leads: companies.size, reasons } };
}

export async function countLeads(db: Sql, workspaceId: string) {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE workspace_id = $1', [workspaceId]);
  return rows[0].n;
}
