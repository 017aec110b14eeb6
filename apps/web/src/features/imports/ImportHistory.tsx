import { Link } from 'react-router';
import { Download } from 'lucide-react';
import { Badge, Card, CardHeader, Table, Td, Th } from '../../ui/index.ts';
import { fmt, formatWhen, sourceLabel } from './format.ts';
import { rejectedCsvUrl, useImportHistory } from './useImports.ts';
import type { ImportRecord } from './types.ts';

export function StatusBadge({ r }: { r: Pick<ImportRecord, 'status' | 'processedRows' | 'totalRows'> }) {
  switch (r.status) {
    case 'done': return <Badge tone="green">Done</Badge>;
    case 'failed': return <Badge tone="red">Failed</Badge>;
    case 'running': return <Badge tone="brand">Running {r.totalRows ? `${Math.floor((r.processedRows / r.totalRows) * 100)}%` : ''}</Badge>;
    case 'queued': return <Badge tone="brand">Queued</Badge>;
    case 'uploaded': return <Badge>Not started</Badge>;
    default: return <Badge>{String(r.status)}</Badge>;
  }
}

/** Recent imports with their counts and links to each result and rejected-rows report. */
export function ImportHistory() {
  const q = useImportHistory();
  const rows = (q.data?.data ?? []).filter((r) => r.status !== 'uploaded');
  return (
    <Card>
      <CardHeader title="Recent imports" subtitle="Open one to see its result, or download the rows it rejected." />
      {q.isLoading ? (
        <p className="px-4 py-6 text-sm text-muted">Loading…</p>
      ) : q.isError ? (
        <p className="px-4 py-6 text-sm text-muted">Could not load past imports ({q.error.message}).</p>
      ) : rows.length === 0 ? (
        <p className="px-4 py-6 text-sm text-muted">No imports yet. Files you import show up here with what happened to every row.</p>
      ) : (
        <div className="overflow-x-auto">
          <Table aria-label="Recent imports">
            <thead>
              <tr>
                <Th>File</Th><Th>When</Th><Th>Status</Th>
                <Th className="text-right">Imported</Th><Th className="text-right">Updated</Th><Th className="text-right">Skipped</Th><Th className="text-right">Rejected</Th>
                <Th><span className="sr-only">Report</span></Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <Td className="max-w-64">
                    <Link to={`/import/${r.id}`} className="block truncate font-medium text-brand-700 hover:underline dark:text-brand-100" title={r.filename}>{r.filename}</Link>
                    {r.source && <span className="text-xs text-muted">{sourceLabel(r.source)}</span>}
                  </Td>
                  <Td className="whitespace-nowrap text-muted">{formatWhen(r.createdAt)}</Td>
                  <Td><StatusBadge r={r} /></Td>
                  <Td className="text-right tabular-nums">{fmt(r.imported)}</Td>
                  <Td className="text-right tabular-nums">{fmt(r.updated)}</Td>
                  <Td className="text-right tabular-nums">{fmt(r.skipped)}</Td>
                  <Td className="text-right tabular-nums">{r.rejected ? <span className="text-red-700 dark:text-red-400">{fmt(r.rejected)}</span> : '0'}</Td>
                  <Td className="whitespace-nowrap">
                    {r.rejected > 0 && r.hasReport && (
                      <a href={rejectedCsvUrl(r.id)} download className="inline-flex items-center gap-1 text-xs text-brand-700 hover:underline dark:text-brand-100" aria-label={`Download rejected rows of ${r.filename}`}>
                        <Download aria-hidden className="h-3.5 w-3.5" /> Rejected rows
                      </a>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </Card>
  );
}
