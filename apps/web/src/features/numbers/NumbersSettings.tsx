import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { ArrowDownRight, ArrowUpRight, MoreHorizontal, Pencil, Phone, Trash2 } from 'lucide-react';
import type { PhoneNumber } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Badge, Button, Card, CardHeader, EmptyState, Menu, RelativeTime, Skeleton, Table, Td, Th } from '../../ui/index.ts';
import { NumberForm } from './NumberForm.tsx';

const KEY = ['numbers'];
const STATUS_TONE = { healthy: 'green', monitor: 'amber', flagged: 'red' } as const;
const STATUS_LABEL = { healthy: 'Healthy', monitor: 'Monitor', flagged: 'Flagged' } as const;
const CNAM_TONE = { pending: 'amber', registered: 'green', rejected: 'red' } as const;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "+14155550144" → "(415) 555-0144"; other countries as stored. */
export function formatNumber(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

function ConnectRate({ n }: { n: PhoneNumber }) {
  if (n.connectRate7d === null) return <span className="text-muted">{n.lastCheckedAt ? 'no calls' : '—'}</span>;
  const wow = n.connectRateWoW;
  return (
    <span className="inline-flex items-center gap-1 tabular-nums" title={`${n.connects7d ?? 0} connects of ${n.calls7d ?? 0} calls in 7 days`}>
      {pct(n.connectRate7d)}
      {wow !== null && wow !== 0 && (
        <span className={wow < 0 ? 'inline-flex items-center text-red-600 dark:text-red-400' : 'inline-flex items-center text-green-700 dark:text-green-400'} aria-label={`${wow < 0 ? 'down' : 'up'} ${pct(Math.abs(wow))} week over week`}>
          {wow < 0 ? <ArrowDownRight size={14} aria-hidden /> : <ArrowUpRight size={14} aria-hidden />}
          {pct(Math.abs(wow))}
        </span>
      )}
    </span>
  );
}

/** Settings → Numbers: the caller-id pool, each number's health and CNAM. */
export function NumbersSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const admin = hasRole(me.data, 'admin');
  const [editing, setEditing] = useState<PhoneNumber | 'new' | null>(null);
  const numbers = useQuery({ queryKey: KEY, queryFn: () => api.get<{ data: PhoneNumber[] }>('/api/v1/numbers'), enabled: admin });
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });
  const checkOne = useMutation({
    mutationFn: (id: string) => api.post<PhoneNumber>(`/api/v1/numbers/${id}/check`),
    onSuccess: (n) => { toast.success(`${formatNumber(n.e164)}: ${STATUS_LABEL[n.status]}`); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });
  const checkAll = useMutation({
    mutationFn: () => api.post<{ checked: number }>('/api/v1/numbers/check'),
    onSuccess: (r) => { toast.success(`Checked ${r.checked} number${r.checked === 1 ? '' : 's'}`); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/api/v1/numbers/${id}`),
    onSuccess: () => { toast.success('Number removed'); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });

  if (!admin) return <p className="text-sm text-muted">Only admins can manage the number pool.</p>;
  const list = numbers.data?.data ?? [];
  return (
    <Card>
      <CardHeader
        title="Numbers"
        subtitle="Calls go out from the number nearest the lead: same area code, then same state, then the healthiest. Flagged numbers are skipped. Health is checked every 12 hours."
        actions={<>
          {list.length > 0 && <Button size="sm" onClick={() => checkAll.mutate()} loading={checkAll.isPending}>Check all now</Button>}
          <Button size="sm" variant="primary" onClick={() => setEditing('new')}>Add number</Button>
        </>}
      />
      {numbers.isPending ? (
        <div className="space-y-2 p-4"><Skeleton className="h-6" /><Skeleton className="h-6" /><Skeleton className="h-6" /></div>
      ) : list.length === 0 ? (
        <EmptyState icon={<Phone aria-hidden />} title="No numbers in the pool" action={<Button variant="primary" onClick={() => setEditing('new')}>Add number</Button>}>
          Add your provider's numbers so calls show a local caller id. Without any, calls use the caller id from Settings → Telephony.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <thead>
              <tr><Th>Number</Th><Th>Region</Th><Th>Health</Th><Th>Connect 7d</Th><Th title="Reported as spam by reps">Reports</Th><Th>CNAM</Th><Th><span className="sr-only">Actions</span></Th></tr>
            </thead>
            <tbody>
              {list.map((n) => (
                <tr key={n.id} data-testid="number-row">
                  <Td className="whitespace-nowrap">
                    <div className="font-medium tabular-nums">{formatNumber(n.e164)}</div>
                    <div className="text-xs text-muted">{n.label}{n.isDefault && <Badge tone="brand" className="ml-1">Default</Badge>}</div>
                  </Td>
                  <Td className="whitespace-nowrap">{n.region ?? '—'}</Td>
                  <Td>
                    <span title={n.healthReasons.join('\n') || undefined}>
                      <Badge tone={STATUS_TONE[n.status]}>{STATUS_LABEL[n.status]}</Badge>
                    </span>
                    {n.spamScore !== null && <div className="text-xs text-muted">spam score {n.spamScore}</div>}
                    <div className="whitespace-nowrap text-xs text-muted">checked <RelativeTime date={n.lastCheckedAt} empty="never" /></div>
                  </Td>
                  <Td><ConnectRate n={n} /></Td>
                  <Td className="tabular-nums">{n.spamReportsByReps}</Td>
                  <Td>{n.cnam ? <div><div>{n.cnam}</div>{n.cnamStatus && <Badge tone={CNAM_TONE[n.cnamStatus]}>{n.cnamStatus}</Badge>}</div> : <span className="text-muted">—</span>}</Td>
                  <Td>
                    <div className="flex justify-end">
                      <Button size="sm" variant="ghost" onClick={() => checkOne.mutate(n.id)} loading={checkOne.isPending && checkOne.variables === n.id}>Check now</Button>
                      <Menu
                        label={`Actions for ${n.e164}`}
                        align="end"
                        trigger={(p) => <Button {...p} size="sm" variant="ghost" aria-label={`More actions for ${n.e164}`}><MoreHorizontal aria-hidden className="h-4 w-4" /></Button>}
                        items={[
                          { label: 'Edit', icon: <Pencil aria-hidden className="h-3.5 w-3.5" />, onSelect: () => setEditing(n) },
                          { label: 'Remove from pool', icon: <Trash2 aria-hidden className="h-3.5 w-3.5" />, danger: true, onSelect: () => { if (confirm(`Remove ${formatNumber(n.e164)} from the pool? Calls already made from it keep it.`)) remove.mutate(n.id); } },
                        ]}
                      />
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      {editing && <NumberForm number={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); refresh(); }} />}
    </Card>
  );
}
