import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { AlertTriangle } from 'lucide-react';
import { ApiError } from '../../app/api.ts';
import { Alert, Button, Checkbox, Input, Kbd, Textarea, cn } from '../../ui/index.ts';
import { useStages } from '../leads/api.ts';
import { sessionApi } from './api.ts';
import { DuePicker } from './DuePicker.tsx';
import { fromZonedInput } from './format.ts';
import { NOT_INTERESTED_LABELS, type DispositionOut, type DialItem, type LogDispositionResponse } from './types.ts';

type Reason = keyof typeof NOT_INTERESTED_LABELS;
const REASONS = Object.keys(NOT_INTERESTED_LABELS).filter((k): k is Reason => k in NOT_INTERESTED_LABELS);

export interface DispositionCommands {
  choose?: (hotkey: string) => boolean;
  focusNotes?: () => void;
}

/** What a disposition still needs before it can be logged (none = one click logs it). */
function needs(d: DispositionOut) {
  return {
    reason: d.key === 'not_interested',
    due: !!d.effects.create_task?.ask_due,
    sale: !!d.effects.open_sale_form,
    // flagging a number is forever: show the consequence and confirm
    confirm: !!d.effects.flag_dnc || !!d.effects.flag_bad_number,
  };
}
const needsMore = (d: DispositionOut) => Object.values(needs(d)).some(Boolean);

/**
 * The inline disposition panel (never a modal, SPEC §3.3): one tile per outcome, notes,
 * decision-maker reached, and whatever the chosen outcome asks for. Logging creates the attempt.
 */
export function DispositionPanel({ sessionId, item, dispositions, onLogged, commands, leadZone }: { sessionId: string; item: DialItem; dispositions: DispositionOut[]; onLogged: (r: LogDispositionResponse, d: DispositionOut) => void; commands: MutableRefObject<DispositionCommands>; leadZone?: string | null }) {
  const [chosen, setChosen] = useState<DispositionOut | null>(null);
  const [notes, setNotes] = useState('');
  const [dm, setDm] = useState<boolean | null>(null);
  const [reason, setReason] = useState<Reason | null>(null);
  const [due, setDue] = useState('');
  const [saleValue, setSaleValue] = useState('');
  const [saleNotes, setSaleNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const notesRef = useRef<HTMLTextAreaElement>(null);
  const stages = useStages();
  const dmReached = dm ?? chosen?.countsAsDm ?? false;

  async function log(d: DispositionOut) {
    const n = needs(d);
    if (n.reason && !reason) return setError('Say why they are not interested.');
    const taskDueAt = n.due ? fromZonedInput(due, leadZone) : null;
    if (n.due && !taskDueAt) return setError('Pick when to call back.');
    const value = saleValue.trim() === '' ? undefined : Number(saleValue.replace(/[$,\s]/g, ''));
    if (value !== undefined && !Number.isFinite(value)) return setError('The sale value is a number.');
    setBusy(true);
    setError(null);
    try {
      const r = await sessionApi.log(sessionId, item.id, {
        dispositionKey: d.key,
        notes,
        dmReached: dm ?? d.countsAsDm,
        notInterestedReason: n.reason && reason ? reason : undefined,
        taskDueAt: taskDueAt ?? undefined,
        saleValue: n.sale ? value : undefined,
        saleNotes: n.sale && saleNotes ? saleNotes : undefined,
      });
      onLogged(r, d);
    } catch (e) {
      setError(e instanceof ApiError && Object.keys(e.fields).length ? Object.values(e.fields).join(' ') : e instanceof Error ? e.message : 'Not logged.');
      setBusy(false);
    }
  }

  function pick(d: DispositionOut) {
    if (busy) return;
    setError(null);
    if (needsMore(d)) setChosen(d);
    else void log(d);
  }

  useEffect(() => {
    commands.current.choose = (hotkey) => {
      const d = dispositions.find((x) => x.hotkey === hotkey);
      if (!d) return false;
      pick(d);
      return true;
    };
    commands.current.focusNotes = () => notesRef.current?.focus();
  });

  const n = chosen ? needs(chosen) : null;
  return (
    <section aria-label="Log the outcome" className="rounded-lg border border-default bg-panel p-4">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-sm font-semibold">Outcome</h2>
        <span className="text-xs text-muted">Press the digit, or click</span>
      </div>
      {/* tiles keep their whole label: as many columns as fit, never a truncated "Not i…" */}
      <div className="grid grid-cols-[repeat(auto-fill,minmax(9.5rem,1fr))] gap-1.5">
        {dispositions.map((d) => (
          <button
            key={d.key}
            type="button"
            aria-pressed={chosen?.key === d.key}
            disabled={busy}
            onClick={() => pick(d)}
            className={cn('flex items-center justify-between gap-1 rounded-md border px-2.5 py-2 text-left text-sm font-medium transition-colors hover:bg-panel-2 disabled:opacity-60', chosen?.key === d.key ? 'border-brand-600 ring-2 ring-brand-500/40' : 'border-default')}
            style={{ borderLeft: `4px solid ${d.color ?? 'var(--border)'}` }}
          >
            <span className="min-w-0 leading-tight">{d.label}</span>
            {d.hotkey && <Kbd>{d.hotkey}</Kbd>}
          </button>
        ))}
      </div>

      <div className="mt-3 grid gap-3 md:grid-cols-[1fr_auto]">
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          <span>Notes <Kbd>n</Kbd></span>
          <Textarea ref={notesRef} value={notes} onChange={(e) => setNotes(e.target.value)} className="!min-h-16" placeholder="What did you learn?" />
        </label>
        <label className="flex items-center gap-2 self-end pb-1 text-sm">
          <Checkbox checked={dmReached} onChange={(e) => setDm(e.target.checked)} /> Decision-maker reached
        </label>
      </div>

      {chosen && n && (
        <form
          aria-label={`Log ${chosen.label}`}
          className="mt-3 space-y-3 rounded-md border border-brand-500/40 bg-brand-50/40 p-3 dark:bg-brand-700/10"
          onSubmit={(e) => {
            e.preventDefault();
            void log(chosen);
          }}
        >
          {n.reason && (
            <fieldset>
              <legend className="mb-1 text-xs font-medium text-muted">Why not interested? (required)</legend>
              <div className="flex flex-wrap gap-1.5" role="radiogroup" aria-label="Why not interested">
                {REASONS.map((r) => (
                  <button key={r} type="button" role="radio" aria-checked={reason === r} onClick={() => setReason(r)} className={cn('rounded-full border px-2.5 py-0.5 text-sm', reason === r ? 'border-brand-600 bg-brand-600 text-white' : 'border-default hover:bg-panel-2')}>
                    {NOT_INTERESTED_LABELS[r]}
                  </button>
                ))}
              </div>
            </fieldset>
          )}
          {n.due && <DuePicker label={chosen.effects.create_task?.kind === 'callback' ? 'Call back at' : 'Follow up at'} value={due} onChange={setDue} autoFocus zone={leadZone} />}
          {n.sale && (
            <div className="grid gap-2 sm:grid-cols-[10rem_1fr]">
              <label className="flex flex-col gap-1 text-xs font-medium text-muted">Sale value ($)<Input inputMode="decimal" value={saleValue} onChange={(e) => setSaleValue(e.target.value)} autoFocus /></label>
              <label className="flex flex-col gap-1 text-xs font-medium text-muted">Sale notes<Input value={saleNotes} onChange={(e) => setSaleNotes(e.target.value)} /></label>
            </div>
          )}
          {n.confirm && (
            <p className="flex items-center gap-2 text-sm font-medium text-red-700 dark:text-red-400">
              <AlertTriangle aria-hidden className="h-4 w-4" />
              {chosen.effects.flag_dnc ? 'This lead goes on the do-not-call list: it will never be called again.' : 'This number is flagged as bad: it will never be called again.'}
            </p>
          )}
          {chosen.effects.move_stage && <p className="text-xs text-muted">Moves the lead to stage “{stages.data?.find((st) => st.key === chosen.effects.move_stage)?.label ?? chosen.effects.move_stage}”.</p>}
          <div className="flex gap-2">
            <Button type="submit" variant={n.confirm ? 'danger' : 'primary'} loading={busy}>Log {chosen.label}</Button>
            <Button onClick={() => { setChosen(null); setError(null); }}>Cancel</Button>
          </div>
        </form>
      )}
      {error && <Alert tone="error" className="mt-3">{error}</Alert>}
    </section>
  );
}
