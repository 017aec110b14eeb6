import { Fragment } from 'react';
import { Link } from 'react-router';
import { Ban, Clock, PhoneOff, Star } from 'lucide-react';
import { Badge, Card, CardHeader, RelativeTime } from '../../ui/index.ts';
import { formatMoney, formatPhone } from '../leads/format.ts';
import { formatDue } from './format.ts';
import type { ItemContext } from './types.ts';

/** Splits a filled script so `{Variables}` that could not be filled stand out. */
export function ScriptText({ body }: { body: string }) {
  const parts = body.split(/(\{[A-Za-z]+\})/g);
  return (
    <div className="whitespace-pre-wrap text-sm leading-relaxed" data-testid="script">
      {parts.map((p, i) =>
        /^\{[A-Za-z]+\}$/.test(p) ? (
          <mark key={i} title="Not filled: this lead has no value for it" className="rounded bg-amber-200 px-0.5 font-medium text-amber-900 dark:bg-amber-700/60 dark:text-amber-100">{p}</mark>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </div>
  );
}

export function LeadHeader({ ctx }: { ctx: ItemContext }) {
  const l = ctx.lead;
  return (
    <div className="flex flex-wrap items-start justify-between gap-2">
      <div className="min-w-0">
        <h1 className="truncate text-xl font-semibold"><Link to={`/leads/${l.id}`} className="hover:underline">{l.name}</Link></h1>
        <p className="text-sm text-muted" data-testid="item-reason">{ctx.item.reason}</p>
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        <Badge tone="brand">{l.stageLabel}</Badge>
        {l.segment && <Badge>{l.segment}</Badge>}
        {l.value !== null && <Badge>{formatMoney(l.value)}</Badge>}
        {l.localTime && <Badge><Clock aria-hidden className="h-3 w-3" /> {l.localTime} local</Badge>}
        {l.attemptCount > 0 && <Badge>{l.attemptCount} attempts</Badge>}
        {l.dnc && <Badge tone="red"><Ban aria-hidden className="h-3 w-3" /> Do not call</Badge>}
        {l.badNumber && <Badge tone="red"><PhoneOff aria-hidden className="h-3 w-3" /> Bad number</Badge>}
      </div>
    </div>
  );
}

export function ScriptCard({ ctx }: { ctx: ItemContext }) {
  return (
    <Card>
      <CardHeader title={ctx.script.title || 'Script'} subtitle={ctx.script.missing.length ? `Not filled for this lead: ${ctx.script.missing.join(', ')}` : undefined} />
      <div className="p-4">{ctx.script.body ? <ScriptText body={ctx.script.body} /> : <p className="text-sm text-muted">No script yet — an admin writes it in Settings → Dialer.</p>}</div>
    </Card>
  );
}

/** Who to talk to, what we know, what is open, and what happened lately. */
export function LeadSide({ ctx }: { ctx: ItemContext }) {
  const l = ctx.lead;
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="Contacts" />
        <ul className="divide-y divide-[var(--border)]">
          {ctx.contacts.length === 0 && <li className="px-4 py-3 text-sm text-muted">No contacts.</li>}
          {ctx.contacts.map((c) => (
            <li key={c.id} className="px-4 py-2 text-sm">
              <div className="flex items-center gap-1.5 font-medium">
                {c.name}
                {c.isDecisionMaker && <Star aria-label="Decision-maker" className="h-3.5 w-3.5 text-amber-500" />}
                {c.id === ctx.item.contactId && <Badge tone="brand">Calling</Badge>}
              </div>
              {c.title && <div className="text-xs text-muted">{c.title}</div>}
              <div className="text-xs tabular-nums text-muted break-all">{[...c.phones.map(formatPhone), ...c.emails].join(' · ')}</div>
            </li>
          ))}
        </ul>
      </Card>
      {(l.facts || l.questions || l.objective) && (
        <Card>
          <CardHeader title="Account notes" />
          <dl className="space-y-2 p-4 text-sm">
            {l.objective && <div><dt className="text-xs font-medium text-muted">Objective</dt><dd className="whitespace-pre-wrap">{l.objective}</dd></div>}
            {l.facts && <div><dt className="text-xs font-medium text-muted">Facts</dt><dd className="whitespace-pre-wrap">{l.facts}</dd></div>}
            {l.questions && <div><dt className="text-xs font-medium text-muted">Questions</dt><dd className="whitespace-pre-wrap">{l.questions}</dd></div>}
          </dl>
        </Card>
      )}
      <Card>
        <CardHeader title="Open tasks" />
        <ul className="divide-y divide-[var(--border)]">
          {ctx.openTasks.length === 0 && <li className="px-4 py-3 text-sm text-muted">None.</li>}
          {ctx.openTasks.map((t) => (
            <li key={t.id} className="flex justify-between gap-2 px-4 py-2 text-sm">
              <span className="truncate">{t.title}</span>
              <span className={t.bucket === 'overdue' ? 'shrink-0 text-xs font-medium text-red-600 dark:text-red-400' : 'shrink-0 text-xs text-muted'}>{formatDue(t.dueAt)}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card>
        <CardHeader title="Recent activity" />
        <ul className="divide-y divide-[var(--border)]">
          {ctx.recentActivity.length === 0 && <li className="px-4 py-3 text-sm text-muted">Nothing yet.</li>}
          {ctx.recentActivity.map((a) => (
            <li key={a.id} className="px-4 py-2 text-sm">
              <div>{a.summary}</div>
              <div className="text-xs text-muted">{a.actorLabel} · <RelativeTime date={a.occurredAt} /></div>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
