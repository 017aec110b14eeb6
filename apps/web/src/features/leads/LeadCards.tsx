import { useState, type FormEvent } from 'react';
import { ExternalLink, PhoneCall, Plus, Trash2 } from 'lucide-react';
import { Button, ButtonLink, Card, CardHeader, Chip, Input, Table, Td, Th, cn, exactTime, relativeTime } from '../../ui/index.ts';
import { useFacets } from './api.ts';
import { facetValues, isOverdue, plural } from './format.ts';
import { InlineInput, InlineTextarea, SaveHint, useSaveState } from './inline.tsx';
import type { LeadDetail } from './types.ts';

type Save = (body: Record<string, unknown>) => Promise<unknown>;

export function AccountCard({ lead, save }: { lead: LeadDetail; save: Save }) {
  return (
    <Card>
      <CardHeader title="Account" subtitle="What we know, what we still need to ask, and what we are going for. Saves when you leave a box." />
      <div className="space-y-3 p-4">
        <InlineTextarea label="Facts" value={lead.facts ?? ''} placeholder="Size, current provider, decision process, pains…" onSave={(facts) => save({ facts })} />
        <InlineTextarea label="Questions" value={lead.questions ?? ''} placeholder="What do we still need to find out?" onSave={(questions) => save({ questions })} />
        <InlineTextarea label="Objective" value={lead.objective ?? ''} placeholder="The next concrete outcome, e.g. book a demo with the owner" onSave={(objective) => save({ objective })} />
      </div>
    </Card>
  );
}

function displayValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function CustomFieldsCard({ lead, save }: { lead: LeadDetail; save: Save }) {
  const entries = Object.entries(lead.customFields ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const adding = useSaveState();
  const removing = useSaveState();
  function add(e: FormEvent) {
    e.preventDefault();
    const k = key.trim();
    if (!k) return setError('Give the field a name.');
    if (entries.some(([x]) => x.toLowerCase() === k.toLowerCase())) return setError(`"${k}" already exists — edit it above.`);
    setError(null);
    void adding.run(() => save({ customFields: { [k]: value.trim() } })).then((ok) => {
      if (ok) {
        setKey('');
        setValue('');
      }
    });
  }
  return (
    <Card>
      <CardHeader title="Custom fields" actions={<SaveHint status={removing.status === 'idle' ? adding.status : removing.status} error={adding.error ?? removing.error} />} />
      {entries.length > 0 ? (
        <Table aria-label="Custom fields">
          <thead>
            <tr><Th className="w-2/5">Field</Th><Th>Value</Th><Th className="w-10"><span className="sr-only">Remove</span></Th></tr>
          </thead>
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k}>
                <Td className="font-medium">{k}</Td>
                <Td>
                  <CustomValue name={k} value={displayValue(v)} onSave={(nv) => save({ customFields: { [k]: nv } })} />
                </Td>
                <Td>
                  <Button size="sm" variant="ghost" aria-label={`Remove field ${k}`} title="Remove field" onClick={() => void removing.run(() => save({ customFields: { [k]: null } }))}>
                    <Trash2 aria-hidden className="h-3.5 w-3.5" />
                  </Button>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="px-4 pt-3 text-sm text-muted">No custom fields yet. Add anything your team tracks: policy renewal date, current carrier, fleet size…</p>
      )}
      <form onSubmit={add} className="flex flex-wrap items-start gap-2 p-4" aria-label="Add a custom field">
        <div className="flex-1">
          <label htmlFor="cf-key" className="sr-only">New field name</label>
          <Input id="cf-key" value={key} onChange={(e) => setKey(e.target.value)} placeholder="Field name" aria-invalid={error ? true : undefined} aria-describedby={error ? 'cf-err' : undefined} />
        </div>
        <div className="flex-1">
          <label htmlFor="cf-value" className="sr-only">New field value</label>
          <Input id="cf-value" value={value} onChange={(e) => setValue(e.target.value)} placeholder="Value" />
        </div>
        <Button type="submit" loading={adding.status === 'saving'}><Plus aria-hidden className="h-3.5 w-3.5" /> Add field</Button>
        {error && <p id="cf-err" className="w-full text-xs text-red-600 dark:text-red-400">{error}</p>}
      </form>
    </Card>
  );
}

function CustomValue({ name, value, onSave }: { name: string; value: string; onSave: (v: string) => Promise<unknown> }) {
  const [draft, setDraft] = useState(value);
  const [prev, setPrev] = useState(value);
  const s = useSaveState();
  if (prev !== value) {
    setPrev(value);
    setDraft(value);
  }
  return (
    <div className="flex items-center gap-2">
      <Input
        aria-label={`Value of ${name}`}
        value={draft}
        className="!h-7"
        onChange={(e) => {
          setDraft(e.target.value);
          s.reset();
        }}
        onBlur={() => {
          if (draft !== value) void s.run(() => onSave(draft));
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') setDraft(value);
        }}
      />
      <SaveHint status={s.status} error={s.error} />
    </div>
  );
}

export function TagsCard({ lead, save }: { lead: LeadDetail; save: Save }) {
  const facets = useFacets();
  const [tag, setTag] = useState('');
  const s = useSaveState();
  const tags = lead.tags ?? [];
  function add(e: FormEvent) {
    e.preventDefault();
    const t = tag.trim();
    if (!t) return;
    if (tags.includes(t)) return setTag('');
    void s.run(() => save({ tags: [...tags, t] })).then((ok) => ok && setTag(''));
  }
  return (
    <Card>
      <CardHeader title="Tags" actions={<SaveHint status={s.status} error={s.error} />} />
      <div className="space-y-3 p-4">
        <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
          {tags.length === 0 && <li className="text-sm text-muted">No tags yet.</li>}
          {tags.map((t) => (
            <li key={t}>
              <Chip onRemove={() => void s.run(() => save({ tags: tags.filter((x) => x !== t) }))} removeLabel={`Remove tag ${t}`}>{t}</Chip>
            </li>
          ))}
        </ul>
        <form onSubmit={add} className="flex gap-2">
          <label htmlFor="add-tag" className="sr-only">Add a tag</label>
          <Input id="add-tag" list="lead-tag-options" value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Add a tag…" />
          <datalist id="lead-tag-options">
            {facetValues(facets.data?.tags).filter((t) => !tags.includes(t.value)).map((t) => <option key={t.value} value={t.value} />)}
          </datalist>
          <Button type="submit" disabled={!tag.trim()}>Add</Button>
        </form>
      </div>
    </Card>
  );
}

const DETAILS: { key: keyof LeadDetail; label: string; placeholder?: string; wide?: boolean }[] = [
  { key: 'website', label: 'Website', placeholder: 'example.com', wide: true },
  { key: 'address', label: 'Address', placeholder: 'Street and number', wide: true },
  { key: 'city', label: 'City' },
  { key: 'region', label: 'Region / state' },
  { key: 'postalCode', label: 'Postal code' },
  { key: 'country', label: 'Country', placeholder: 'US' },
  { key: 'timezone', label: 'Time zone', placeholder: 'America/New_York' },
  { key: 'source', label: 'Source', placeholder: 'e.g. Referral' },
  { key: 'segment', label: 'Segment', placeholder: 'e.g. SMB' },
];

export function DetailsCard({ lead, save }: { lead: LeadDetail; save: Save }) {
  const site = lead.website ? (/^https?:\/\//i.test(lead.website) ? lead.website : `https://${lead.website}`) : null;
  return (
    <Card>
      <CardHeader
        title="Details"
        actions={site && (
          <a href={site} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-xs text-brand-600 hover:underline dark:text-brand-100">
            Open website <ExternalLink aria-hidden className="h-3 w-3" />
          </a>
        )}
      />
      <div className="grid gap-3 p-4 sm:grid-cols-2">
        {DETAILS.map((d) => (
          <InlineInput
            key={d.key}
            label={d.label}
            placeholder={d.placeholder}
            className={cn(d.wide && 'sm:col-span-2')}
            value={String(lead[d.key] ?? '')}
            onSave={(v) => save({ [d.key]: v || null })}
          />
        ))}
      </div>
    </Card>
  );
}

/** "3 tasks pending · next: follow up in 2d" — tasks are worked in the Dialer, not here. */
export function TaskSummaryCard({ lead }: { lead: LeadDetail }) {
  const t = lead.taskSummary ?? { pendingCount: 0, overdueCount: 0, next: null };
  const nextOverdue = isOverdue(t.next?.dueAt);
  const nextTitle = t.next ? t.next.title || t.next.kind.replace(/_/g, ' ') : '';
  return (
    <Card>
      <CardHeader title="Tasks" />
      <div className="space-y-3 p-4">
        <p className="text-sm" data-testid="task-summary">
          {t.pendingCount === 0 ? (
            <span className="text-muted">No pending tasks.</span>
          ) : (
            <>
              {plural(t.pendingCount, 'task')} pending
              {t.next && (
                <>
                  {' · next: '}
                  <span className={cn(nextOverdue && 'font-medium text-red-600 dark:text-red-400')} title={t.next.dueAt ? exactTime(t.next.dueAt) : undefined}>
                    {nextTitle}
                    {t.next.dueAt && ` ${nextOverdue ? `overdue ${relativeTime(t.next.dueAt).replace(' ago', '')}` : relativeTime(t.next.dueAt)}`}
                  </span>
                </>
              )}
              {t.overdueCount > 0 && !(t.overdueCount === 1 && nextOverdue) && (
                <span className="font-medium text-red-600 dark:text-red-400"> · {t.overdueCount} overdue</span>
              )}
            </>
          )}
        </p>
        <ButtonLink to={`/dialer?lead=${lead.id}`} aria-describedby="dialer-note">
          <PhoneCall aria-hidden className="h-4 w-4" /> Open in Dialer
        </ButtonLink>
        <p id="dialer-note" className="text-xs text-muted">Tasks are created, completed and rescheduled in the Dialer.</p>
      </div>
    </Card>
  );
}
