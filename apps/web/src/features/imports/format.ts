import type { ImportSource, UploadResult } from './types.ts';

const nf = new Intl.NumberFormat();
export const fmt = (n: number) => nf.format(n);
export const plural = (n: number, one: string, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;

export const SOURCE_LABEL: Record<ImportSource, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  close: 'Close',
  pipedrive: 'Pipedrive',
  generic: 'Spreadsheet',
};

export function sourceLabel(s: string | null | undefined): string {
  return (s && SOURCE_LABEL[s as ImportSource]) || 'Spreadsheet';
}

export function encodingLabel(e: string | null | undefined): string {
  if (!e) return '';
  const k = e.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (k === 'utf8bom' || k === 'utf8withbom' || k === 'utf8sig') return 'UTF-8 with BOM';
  if (k === 'utf8') return 'UTF-8';
  if (k === 'utf16le' || k === 'utf16lebom') return 'UTF-16 LE';
  if (k === 'utf16be' || k === 'utf16bebom') return 'UTF-16 BE';
  if (k === 'windows1252' || k === 'cp1252') return 'Windows-1252';
  if (k === 'latin1' || k === 'iso88591') return 'Latin-1';
  return e;
}

export function delimiterLabel(d: string | null | undefined): string {
  switch (d) {
    case ',': return 'comma';
    case ';': return 'semicolon';
    case '\t': return 'tab';
    case '|': return 'pipe';
    case null: case undefined: case '': return '';
    default: return `“${d}”`;
  }
}

/** "HubSpot export · UTF-8 with BOM · comma · 1,204 rows" */
export function detectionSummary(u: Pick<UploadResult, 'detectedSource' | 'format' | 'encoding' | 'delimiter' | 'totalRows'>): string {
  const parts = [u.detectedSource === 'generic' ? `${(u.format || 'CSV').toUpperCase()} file` : `${sourceLabel(u.detectedSource)} export`];
  if (u.format?.toLowerCase() !== 'xlsx') {
    const enc = encodingLabel(u.encoding);
    if (enc) parts.push(enc);
    const d = delimiterLabel(u.delimiter);
    if (d) parts.push(d);
  } else parts.push('Excel workbook');
  parts.push(plural(u.totalRows, 'row'));
  return parts.join(' · ');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return s ? `${m} min ${s} s` : `${m} min`;
}

export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? `Today ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : d.toLocaleDateString([], { month: 'short', day: 'numeric', year: 'numeric' });
}
