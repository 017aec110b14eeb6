import { useState } from 'react';
import { ArrowLeft, Play } from 'lucide-react';
import { Alert, Badge, Button, Card, CardHeader, cn, Table, Td, Th } from '../../ui/index.ts';
import { fmt } from './format.ts';
import type { Dedupe, PreviewResult, PreviewRow } from './types.ts';

type Status = PreviewRow['status'];
const STATUS: Record<Status, { chip: string; badge: string; tone: 'green' | 'brand' | 'neutral' | 'red' }> = {
  create: { chip: 'Will create', badge: 'New', tone: 'green' },
  update: { chip: 'Will update', badge: 'Update', tone: 'brand' },
  skip: { chip: 'Will skip', badge: 'Skip', tone: 'neutral' },
  reject: { chip: 'Will reject', badge: 'Reject', tone: 'red' },
};
const chipTone: Record<Status, string> = {
  create: 'text-green-700 dark:text-green-400',
  update: 'text-brand-700 dark:text-brand-100',
  skip: 'text-[var(--text)]',
  reject: 'text-red-700 dark:text-red-400',
};

export function StatusChip({ status }: { status: Status }) {
  const s = STATUS[status] ?? STATUS.skip;
  return <Badge tone={s.tone}>{s.badge}</Badge>;
}

/** Step 3: the dry run — what would happen to every row, without writing anything. */
export function PreviewStep({ preview, totalRows, dedupe, onBack, onStart, busy, error }: { preview: PreviewResult; totalRows: number; dedupe: Dedupe; onBack: () => void; onStart: () => void; busy: boolean; error: string | null }) {
  const [filter, setFilter] = useState<Status | null>(null);
  const rows = filter ? preview.rows.filter((r) => r.status === filter) : preview.rows;
  const c = preview.counts;
  const importable = c.create + c.update;
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="Preview" subtitle={`A dry run over all ${fmt(totalRows)} rows: nothing has been written yet.`} />
        <div className="flex flex-wrap gap-2 p-4" role="group" aria-label="Filter preview rows by outcome">
          {(Object.keys(STATUS) as Status[]).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={filter === s}
              aria-label={`${fmt(c[s])} ${STATUS[s].chip}`}
              onClick={() => setFilter(filter === s ? null : s)}
              className={cn('flex items-baseline gap-2 rounded-lg border px-3 py-2 text-left transition-colors hover:bg-panel-2', filter === s ? 'border-brand-500 ring-2 ring-brand-500/30' : 'border-default')}
            >
              <span className={cn('text-xl font-semibold tabular-nums', c[s] > 0 ? chipTone[s] : 'text-muted')}>{fmt(c[s])}</span>
              <span className="text-sm text-muted">{STATUS[s].chip}</span>
            </button>
          ))}
        </div>
        {c.skip > 0 && dedupe === 'skip' && (
          <p className="px-4 pb-3 text-xs text-muted">Skipped rows match a lead you already have (or an earlier row of this file). Go back and choose “Update it” to merge them instead.</p>
        )}
        <div className="max-h-[28rem] overflow-auto">
          <Table aria-label="Preview rows">
            <thead>
              <tr><Th className="w-16">Row</Th><Th className="w-24">Outcome</Th><Th>Name</Th><Th>Email</Th><Th>Phone</Th><Th>Notes</Th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.row} data-status={r.status}>
                  <Td className="tabular-nums text-muted">{r.row}</Td>
                  <Td><StatusChip status={r.status} /></Td>
                  <Td className="max-w-48 truncate" title={r.name ?? ''}>{r.name || <span className="text-muted">—</span>}</Td>
                  <Td className="max-w-56 truncate" title={r.email ?? ''}>{r.email || <span className="text-muted">—</span>}</Td>
                  <Td className="whitespace-nowrap tabular-nums">{r.phone || <span className="text-muted">—</span>}</Td>
                  <Td className="text-xs">
                    {r.reason && <p className={r.status === 'reject' ? 'text-red-700 dark:text-red-400' : 'text-muted'}>{r.reason}</p>}
                    {r.warnings?.map((w, i) => <p key={i} className="text-amber-700 dark:text-amber-400">{w}</p>)}
                  </Td>
                </tr>
              ))}
              {rows.length === 0 && (
                <tr><Td colSpan={6} className="py-6 text-center text-sm text-muted">{filter ? 'None of the first rows have this outcome.' : 'The file has no data rows.'}</Td></tr>
              )}
            </tbody>
          </Table>
        </div>
        {preview.rows.length < totalRows && (
          <p className="border-t border-default px-4 py-2 text-xs text-muted">Showing the first {fmt(preview.rows.length)} rows; the counts above cover the whole file. Rejected rows are listed with their reason in the report after the import.</p>
        )}
      </Card>
      <Card className="space-y-3 p-4">
        {importable === 0 && <Alert tone="warning" title="Nothing would be imported">Check the column mapping: every row would be skipped or rejected.</Alert>}
        {error && <Alert tone="error">{error}</Alert>}
        <div className="flex items-center justify-between gap-2">
          <Button onClick={onBack}><ArrowLeft aria-hidden className="h-4 w-4" /> Back to mapping</Button>
          <Button variant="primary" onClick={onStart} loading={busy} disabled={importable === 0}>
            <Play aria-hidden className="h-4 w-4" /> Start import
          </Button>
        </div>
      </Card>
    </div>
  );
}
