import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ArrowDownRight, ArrowUpRight, CheckCircle2, Newspaper, Send, XCircle } from 'lucide-react';
import { toast } from 'sonner';
import type { WeeklyBrief } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Alert, Badge, Button, ButtonLink, Card, CardHeader, EmptyState, PageHeader, Skeleton, Table, Td, Th, cn } from '../../ui/index.ts';
import { briefKeys, useBrief, useBriefs } from './api.ts';
import { formatFigure, hourRange, signedPercent, weekLabel, WEEKDAYS } from './format.ts';

/** Weekly briefs: the list of weeks, and one brief with every figure linked to where it came from. */
export function BriefPage() {
  const { id } = useParams();
  const me = useMe();
  const manager = hasRole(me.data, 'manager');
  const list = useBriefs();
  const selected = id ?? list.data?.data[0]?.id ?? null;
  const brief = useBrief(selected);
  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader
        title="Weekly brief"
        subtitle="Last week in numbers, beside the week before: every figure opens the view it came from."
        actions={<>{manager && <GenerateButton />}{hasRole(me.data, 'admin') && <ButtonLink to="/settings/notifications" size="sm">Schedule & channels</ButtonLink>}</>}
      />
      <div className="flex min-h-0 flex-1">
        <nav aria-label="Weeks" className="w-56 shrink-0 overflow-y-auto border-r border-default bg-panel p-2">
          {list.isLoading && <Skeleton className="h-40 w-full" />}
          {list.data?.data.length === 0 && <p className="p-2 text-xs text-muted">No brief yet. The first goes out on the schedule (Monday 07:00 by default){manager ? ', or generate one now.' : '.'}</p>}
          {list.data?.data.map((b) => (
            <Link key={b.id} to={`/brief/${b.id}`} className={cn('block rounded-md px-2.5 py-2 text-sm', b.id === selected ? 'bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'hover:bg-panel-2')}>
              <span className="block">{weekLabel(b.weekStart)}</span>
              <span className="block text-xs text-muted">{b.calls} calls · {b.connects} connects · {b.sold} sold</span>
            </Link>
          ))}
        </nav>
        <main className="min-w-0 flex-1 overflow-y-auto p-5">
          {list.isError && <Alert tone="error">{list.error.message}</Alert>}
          {list.data?.data.length === 0 && <EmptyState icon={<Newspaper className="h-8 w-8" />} title="No weekly brief yet">Each week Flywheel sums up the last one — calls, connects, talk time, sold, number performance, best call windows and what changed — in the app and by email, Telegram or webhook.</EmptyState>}
          {brief.isLoading && selected && <Skeleton className="h-96 w-full" />}
          {brief.isError && <Alert tone="error">{brief.error.message}</Alert>}
          {brief.data && <BriefView b={brief.data} />}
        </main>
      </div>
    </div>
  );
}

function GenerateButton() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    try {
      const b = await api.post<WeeklyBrief>('/api/v1/briefs/generate', {});
      await qc.invalidateQueries({ queryKey: briefKeys.list });
      qc.setQueryData(briefKeys.one(b.id), b);
      toast.success(`Brief for ${weekLabel(b.weekStart)} generated and sent`);
      navigate(`/brief/${b.id}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not generated');
    } finally {
      setBusy(false);
    }
  }
  return <Button size="sm" variant="primary" loading={busy} onClick={() => void run()} title="Generate last week's brief now and send it through the channels"><Send aria-hidden className="h-3.5 w-3.5" /> Generate last week</Button>;
}

function BriefView({ b }: { b: WeeklyBrief }) {
  const c = b.content;
  return (
    <article className="mx-auto max-w-5xl space-y-4" aria-label={`Brief for ${weekLabel(b.weekStart)}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-xl font-semibold">{weekLabel(b.weekStart)}</h2>
        <span className="text-xs text-muted">{c.timezone} · generated {new Date(b.generatedAt).toLocaleString()} · {b.trigger === 'manual' ? 'on demand' : 'on schedule'}</span>
      </div>
      <section aria-label="Headline" className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
        {c.headline.map((f) => (
          <Link key={f.key} to={f.link} className="rounded-lg border border-default bg-panel px-3 py-2.5 hover:border-brand-500" data-testid={`figure-${f.key}`}>
            <span className="block text-xs font-medium uppercase tracking-wide text-muted">{f.label}</span>
            <span className="block text-xl font-semibold tabular-nums">{formatFigure(f.unit, f.value)}</span>
            <span className="block text-xs text-muted">
              {f.previous === null ? 'no prior week' : <>{f.delta !== null && <Delta d={f.delta} />} was {formatFigure(f.unit, f.previous)}</>}
            </span>
          </Link>
        ))}
      </section>
      {c.changes.length > 0 && (
        <Card>
          <CardHeader title="Biggest changes" subtitle="Against the week before" />
          <ul className="divide-y divide-default">
            {c.changes.map((x) => (
              <li key={x.label} className="flex items-center justify-between px-4 py-2 text-sm">
                <Link to={x.link} className="font-medium hover:underline">{x.label}</Link>
                <span className="tabular-nums">{formatFigure(x.unit, x.from)} → {formatFigure(x.unit, x.to)} <Delta d={x.delta} /></span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader title="Caller-id numbers" subtitle="Calls placed and connects per number" actions={<Link className="text-xs text-brand-700 hover:underline dark:text-brand-300" to="/settings/numbers">Number pool</Link>} />
          {c.numbers.length === 0 ? <p className="px-4 pb-4 text-sm text-muted">No calls placed this week.</p> : (
            <Table aria-label="Numbers">
              <thead><tr><Th>Number</Th><Th className="text-right">Calls</Th><Th className="text-right">Connects</Th><Th className="text-right">Rate</Th></tr></thead>
              <tbody>{c.numbers.map((n) => <tr key={n.number}><Td className="font-mono">{n.number}</Td><Td className="text-right tabular-nums">{n.calls}</Td><Td className="text-right tabular-nums">{n.connects}</Td><Td className="text-right tabular-nums">{n.connectRate === null ? '–' : formatFigure('ratio', n.connectRate)}</Td></tr>)}</tbody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader title="By lead type" actions={<Link className="text-xs text-brand-700 hover:underline dark:text-brand-300" to="/dashboard?view=cohorts&by=lead_type">Cohorts</Link>} />
          {c.leadTypes.length === 0 ? <p className="px-4 pb-4 text-sm text-muted">No outcomes logged this week.</p> : (
            <Table aria-label="Lead types">
              <thead><tr><Th>Lead type</Th><Th className="text-right">Attempts</Th><Th className="text-right">Connects</Th><Th className="text-right">Sold</Th></tr></thead>
              <tbody>{c.leadTypes.map((l) => <tr key={l.leadType}><Td>{l.leadType}</Td><Td className="text-right tabular-nums">{l.attempts}</Td><Td className="text-right tabular-nums">{l.connects}</Td><Td className="text-right tabular-nums">{l.sold}</Td></tr>)}</tbody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader title="Best call windows" subtitle={`The lead's local time, last ${c.windows.weeks} weeks`} actions={<Link className="text-xs text-brand-700 hover:underline dark:text-brand-300" to={c.windows.link}>Best time to call</Link>} />
          {c.windows.items.length === 0 ? <p className="px-4 pb-4 text-sm text-muted">{c.windows.note}</p> : (
            <ul className="divide-y divide-default">
              {c.windows.items.map((w) => (
                <li key={`${w.weekday}-${w.hour}`} className="flex justify-between px-4 py-2 text-sm">
                  <span className="font-medium">{WEEKDAYS[w.weekday]} {hourRange(w.hour)}</span>
                  <span className="tabular-nums text-muted">{formatFigure('ratio', w.rate)} connect · {w.attempts} attempts · at least {formatFigure('ratio', w.lower)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <CardHeader title="Playbook rules used most" subtitle="Shown in call prep this week" />
          {c.rules.length === 0 ? <p className="px-4 pb-4 text-sm text-muted">No playbook rule was shown in call prep this week.</p> : (
            <ul className="divide-y divide-default">
              {c.rules.map((r) => <li key={r.ruleId} className="flex justify-between px-4 py-2 text-sm"><Link to={r.link} className="hover:underline">{r.title}</Link><span className="tabular-nums text-muted">{r.uses}×</span></li>)}
            </ul>
          )}
        </Card>
      </div>
      <Card>
        <CardHeader title="Delivery" />
        <ul className="flex flex-wrap gap-2 px-4 pb-4">
          {b.deliveries.length === 0 && <li className="text-sm text-muted">Not sent.</li>}
          {b.deliveries.map((d, i) => (
            <li key={i} title={d.detail ?? undefined}>
              <Badge tone={d.status === 'sent' ? 'green' : 'red'}>
                {d.status === 'sent' ? <CheckCircle2 aria-hidden className="h-3 w-3" /> : <XCircle aria-hidden className="h-3 w-3" />} {d.name}{d.detail && d.status === 'failed' ? `: ${d.detail}` : ''}
              </Badge>
            </li>
          ))}
        </ul>
      </Card>
    </article>
  );
}

function Delta({ d }: { d: number }) {
  const up = d >= 0;
  return <span className={cn('inline-flex items-center tabular-nums', up ? 'text-green-700 dark:text-green-400' : 'text-red-700 dark:text-red-400')}>{up ? <ArrowUpRight aria-hidden className="h-3 w-3" /> : <ArrowDownRight aria-hidden className="h-3 w-3" />}{signedPercent(d)}</span>;
}
