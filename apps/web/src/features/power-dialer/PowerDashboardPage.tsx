import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, CardHeader, PageHeader, Skeleton, Stat, Table, Td, Th, cn } from '../../ui/index.ts';
import { formatDuration, percent } from '../dialer/format.ts';
import { formatPhone } from '../leads/format.ts';
import { usePowerDashboard, usePowerEvents } from './api.ts';

/** Live call dashboard (F8): today or this week — calls, connects, talk vs idle, outcomes, numbers, abandonment by campaign. */
export function PowerDashboardPage() {
  const [range, setRange] = useState<'today' | 'week'>('today');
  usePowerEvents();
  const q = usePowerDashboard(range);
  const d = q.data;
  const maxHour = Math.max(1, ...(d?.hourly.map((h) => h.calls) ?? [1]));
  const maxDisp = Math.max(1, ...(d?.dispositions.map((x) => x.count) ?? [1]));
  const talkShare = d && d.talkSeconds + d.idleSeconds > 0 ? d.talkSeconds / (d.talkSeconds + d.idleSeconds) : 0;
  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader
        title="Live calls"
        subtitle="Updates as calls happen."
        actions={
          <div role="tablist" aria-label="Range" className="flex rounded-md border border-default p-0.5 text-sm">
            {(['today', 'week'] as const).map((r) => (
              <button key={r} role="tab" aria-selected={range === r} type="button" onClick={() => setRange(r)} className={cn('rounded px-3 py-1', range === r ? 'bg-brand-600 text-white' : 'text-muted hover:bg-panel-2')}>{r === 'today' ? 'Today' : 'This week'}</button>
            ))}
          </div>
        }
      />
      <div className="flex-1 overflow-auto p-5">
        <div className="mx-auto max-w-6xl space-y-4">
          {q.isError && <Alert tone="error">{q.error.message}</Alert>}
          {!d ? <Skeleton className="h-24 w-full" /> : (
            <>
              <div className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="dashboard-stats">
                <Stat label="Calls" value={d.calls} />
                <Stat label="Connects" value={d.connects} />
                <Stat label="Connect rate" value={percent(d.connectRate)} />
                <Stat label="Talk time" value={formatDuration(d.talkSeconds)} hint={`${percent(talkShare)} of dialing time`} />
                <Stat label="Idle" value={formatDuration(d.idleSeconds)} hint="In power sessions, not talking" />
              </div>
              <div className="grid gap-4 lg:grid-cols-2">
                <Card>
                  <CardHeader title="Calls by hour" />
                  {d.hourly.length === 0 ? <p className="px-4 pb-4 text-sm text-muted">No calls yet {range === 'today' ? 'today' : 'this week'}.</p> : (
                    <div className="flex h-40 items-end gap-1 px-4 pb-4" role="img" aria-label="Calls by hour">
                      {d.hourly.map((h) => (
                        <div key={h.hour} className="flex flex-1 flex-col items-center gap-1" title={`${h.hour}:00 — ${h.calls} calls, ${h.connects} connects`}>
                          <div className="relative w-full rounded-t bg-brand-200 dark:bg-brand-700/50" style={{ height: `${(h.calls / maxHour) * 120}px` }}>
                            <div className="absolute bottom-0 w-full rounded-t bg-brand-600" style={{ height: `${h.calls ? (h.connects / h.calls) * 100 : 0}%` }} />
                          </div>
                          <span className="text-[10px] text-muted">{h.hour}</span>
                        </div>
                      ))}
                    </div>
                  )}
                </Card>
                <Card>
                  <CardHeader title="Outcomes" />
                  {d.dispositions.length === 0 ? <p className="px-4 pb-4 text-sm text-muted">Nothing logged yet.</p> : (
                    <ul className="space-y-1.5 px-4 pb-4 text-sm">
                      {d.dispositions.map((x) => (
                        <li key={x.key} className="flex items-center gap-2">
                          <span className="w-32 shrink-0 truncate">{x.label}</span>
                          <span className="h-2 rounded bg-brand-500" style={{ width: `${(x.count / maxDisp) * 60}%` }} />
                          <span className="tabular-nums text-muted">{x.count}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </Card>
              </div>
              <div className="grid gap-4 lg:grid-cols-2">
                <Card>
                  <CardHeader title="Numbers" subtitle="Caller ids used, with their connect rate" />
                  <Table>
                    <thead><tr><Th>Number</Th><Th className="text-right">Calls</Th><Th className="text-right">Connect rate</Th></tr></thead>
                    <tbody>
                      {d.numbers.map((n) => <tr key={n.number}><Td>{formatPhone(n.number)}</Td><Td className="text-right tabular-nums">{n.calls}</Td><Td className="text-right tabular-nums">{percent(n.connectRate)}</Td></tr>)}
                      {d.numbers.length === 0 && <tr><Td colSpan={3} className="text-muted">No calls yet.</Td></tr>}
                    </tbody>
                  </Table>
                </Card>
                <Card>
                  <CardHeader title="Abandonment by campaign" subtitle="Rolling 30 days; the legal cap is 3% of answered calls" />
                  <Table>
                    <thead><tr><Th>Campaign</Th><Th className="text-right">Answered</Th><Th className="text-right">Abandoned</Th></tr></thead>
                    <tbody>
                      {d.campaigns.map((c) => (
                        <tr key={c.id}>
                          <Td><Link className="hover:underline" to={`/dialer/power/${c.id}`}>{c.name}</Link></Td>
                          <Td className="text-right tabular-nums">{c.liveAnswered}</Td>
                          <Td className={cn('text-right tabular-nums', c.abandonRate > 0.03 && 'font-semibold text-red-600')}>{c.abandoned} ({percent(c.abandonRate)})</Td>
                        </tr>
                      ))}
                      {d.campaigns.length === 0 && <tr><Td colSpan={3} className="text-muted">No power sessions in this range.</Td></tr>}
                    </tbody>
                  </Table>
                </Card>
              </div>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
