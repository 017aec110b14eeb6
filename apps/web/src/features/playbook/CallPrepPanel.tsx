import { useState } from 'react';
import { Link } from 'react-router';
import { ChevronDown, ChevronRight, Lightbulb } from 'lucide-react';
import type { PlaybookPrepItem } from '@flywheel/contracts';
import { Alert, Badge, Button, Card, CardHeader, Skeleton, cn } from '../../ui/index.ts';
import { playbookApi, usePrep, useRule } from './api.ts';
import { KIND_LABEL } from './constants.ts';
import { EvidenceView } from './EvidenceView.tsx';
import { KindIcon } from './KindIcon.tsx';
import { useSnippetPlayer } from './useSnippetPlayer.ts';

type Player = ReturnType<typeof useSnippetPlayer>;

/** Why a rule is shown for this lead, in words. */
export function whyShown(r: PlaybookPrepItem): string {
  const parts: string[] = [];
  if (r.matched.segment) parts.push(`segment ${r.matched.segment}`);
  if (r.matched.stage) parts.push(`stage ${r.matched.stage.replace(/_/g, ' ')}`);
  if (r.matched.tags.length) parts.push(`tag${r.matched.tags.length > 1 ? 's' : ''} ${r.matched.tags.join(', ')}`);
  const base = parts.length ? `Matches ${parts.join(' · ')}` : 'For every lead';
  return r.matchesKnownObjection && r.objectionTag ? `${base} · this lead raised “${r.objectionTag}” before` : base;
}

/**
 * Call prep (SPEC §3.5): the playbook rules that apply to this lead — stop signals and objection
 * handlers first where the lead has raised that objection — each with its evidence one click away.
 */
export function CallPrepPanel({ leadId, callSessionId = null, compact = false }: { leadId: string; callSessionId?: string | null; compact?: boolean }) {
  const prep = usePrep(leadId, callSessionId ?? null);
  const player = useSnippetPlayer();
  const [open, setOpen] = useState<string | null>(null);
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const rules = prep.data?.lead.id === leadId ? prep.data.data : null;

  function markOpened(ruleId: string) {
    if (opened.has(ruleId)) return;
    setOpened(new Set(opened).add(ruleId));
    void playbookApi.opened(ruleId, { leadId, callSessionId }).catch(() => undefined);
  }

  return (
    <Card data-testid="call-prep">
      <CardHeader
        title={<span className="inline-flex items-center gap-1.5"><Lightbulb aria-hidden className="h-4 w-4 text-amber-500" /> Call prep</span>}
        subtitle={rules ? (rules.length ? `${rules.length} playbook ${rules.length === 1 ? 'rule' : 'rules'} for this lead` : undefined) : undefined}
        actions={<Link to="/playbook" className="text-xs text-muted hover:text-[var(--text)] hover:underline">Playbook</Link>}
      />
      {prep.isError ? (
        <div className="p-3"><Alert tone="error">Call prep did not load: {prep.error.message}</Alert></div>
      ) : !rules ? (
        <div className="space-y-2 p-3" aria-busy="true" aria-label="Loading call prep">
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : rules.length === 0 ? (
        <p className="px-4 py-3 text-sm text-muted">
          No playbook rule applies to this lead yet. Rules come from reviewed calls: promote a moment in <Link to="/review" className="text-brand-700 hover:underline dark:text-brand-100">Review</Link>.
        </p>
      ) : (
        <ul className="divide-y divide-[var(--border)]">
          {rules.map((r) => (
            <PrepRule
              key={r.id}
              rule={r}
              compact={compact}
              expanded={open === r.id}
              player={player}
              onToggle={() => {
                const next = open === r.id ? null : r.id;
                setOpen(next);
                if (next) markOpened(r.id);
              }}
              onOpened={() => markOpened(r.id)}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}

function PrepRule({ rule: r, expanded, onToggle, onOpened, player, compact }: { rule: PlaybookPrepItem; expanded: boolean; onToggle: () => void; onOpened: () => void; player: Player; compact: boolean }) {
  const detail = useRule(expanded && r.evidenceCount > 1 ? r.id : null);
  const evidence = detail.data?.evidence ?? (r.firstEvidence ? [r.firstEvidence] : []);
  const Chevron = expanded ? ChevronDown : ChevronRight;
  return (
    <li data-testid="prep-rule" className={cn(r.kind === 'stop_signal' && 'bg-red-50/40 dark:bg-red-900/10')}>
      <button type="button" onClick={onToggle} aria-expanded={expanded} className="flex w-full items-start gap-2 px-3 py-2 text-left hover:bg-panel-2">
        <KindIcon kind={r.kind} className="mt-0.5" />
        <span className="min-w-0 flex-1">
          <span className="flex items-center gap-1.5">
            <span className={cn('text-sm font-medium', !expanded && 'truncate')}>{r.title}</span>
            {r.matchesKnownObjection && <Badge tone="amber">Raised before</Badge>}
          </span>
          {r.body && <span className={cn('block text-xs text-muted', expanded ? 'whitespace-pre-wrap' : 'truncate')}>{r.body}</span>}
          {!compact && !expanded && <span className="block truncate text-[11px] text-muted">{whyShown(r)}</span>}
        </span>
        <Chevron aria-hidden className="mt-0.5 h-4 w-4 shrink-0 text-muted" />
      </button>
      {expanded && (
        <div className="space-y-2 px-3 pb-3">
          <p className="text-[11px] text-muted" data-testid="prep-why">
            <span className="font-medium">{KIND_LABEL[r.kind]}</span> · {whyShown(r)} · {r.evidenceCount} {r.evidenceCount === 1 ? 'piece' : 'pieces'} of evidence
          </p>
          {evidence.map((ev) => <EvidenceView key={ev.id} ev={ev} player={player} onOpened={onOpened} compact />)}
          {detail.isLoading && <Skeleton className="h-10 w-full" />}
          <div className="flex justify-end">
            <Button size="sm" variant="ghost" onClick={onToggle}>Close</Button>
          </div>
        </div>
      )}
    </li>
  );
}
