import type { ScriptCategory, ScriptMode } from '@flywheel/contracts';
import { DIAL_MODE_LABELS, DIAL_MODES, SCRIPT_VARIABLES } from '@flywheel/contracts/dialer-constants';
import { cn } from '../../ui/index.ts';

// Zod-free companions of packages/contracts/src/scripts.ts for the browser bundle; the
// `satisfies` clauses make the compiler catch a drift from the contract's lists.

export const SCRIPT_MODE_ORDER = [...DIAL_MODES, 'power'] as const satisfies readonly ScriptMode[];
export const SCRIPT_MODE_LABELS = { ...DIAL_MODE_LABELS, power: 'Power dialer' } satisfies Record<ScriptMode, string>;

export const CATEGORY_LABELS = {
  opening: 'Opening', discovery: 'Discovery', objection: 'Objection handling', voicemail: 'Voicemail', closing: 'Closing', other: 'Other',
} satisfies Record<ScriptCategory, string>;
export const categoryLabel = (c: string) => (c in CATEGORY_LABELS ? CATEGORY_LABELS[c as ScriptCategory] : c.charAt(0).toUpperCase() + c.slice(1));

const KNOWN = new Set<string>(SCRIPT_VARIABLES);
export const isKnownVariable = (name: string) => KNOWN.has(name);

/** `{Name}` tokens, in order of first appearance. */
export function variablesIn(body: string): string[] {
  return [...new Set([...body.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]))];
}
export const unknownVariables = (body: string) => variablesIn(body).filter((v) => !KNOWN.has(v));

/**
 * A script body with its `{Variables}` highlighted: known ones in the brand colour, unknown ones
 * in red. With `values` (a lead's), known variables show the lead's value, and the ones the lead
 * has no value for stay visible in amber.
 */
export function HighlightedScript({ body, values, className }: { body: string; values?: Record<string, string | null> | null; className?: string }) {
  const parts = body.split(/(\{[A-Za-z]+\})/g);
  return (
    <div className={cn('whitespace-pre-wrap break-words text-sm leading-relaxed', className)} data-testid="script-preview">
      {parts.map((p, i) => {
        const m = /^\{([A-Za-z]+)\}$/.exec(p);
        if (!m) return <span key={i}>{p}</span>;
        const name = m[1];
        if (!KNOWN.has(name)) {
          return <mark key={i} data-var="unknown" title={`Unknown variable: the Dialer cannot fill {${name}}`} className="rounded bg-red-100 px-0.5 text-red-800 ring-1 ring-red-300 dark:bg-red-900/40 dark:text-red-300">{p}</mark>;
        }
        const v = values ? values[name] : undefined;
        if (values && v) return <mark key={i} data-var="filled" title={`{${name}}`} className="rounded bg-green-100 px-0.5 text-green-900 dark:bg-green-900/40 dark:text-green-200">{v}</mark>;
        if (values) return <mark key={i} data-var="missing" title={`This lead has no value for {${name}}`} className="rounded bg-amber-100 px-0.5 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">{p}</mark>;
        return <mark key={i} data-var="known" className="rounded bg-brand-100 px-0.5 text-brand-700 dark:bg-brand-700/30 dark:text-brand-100">{p}</mark>;
      })}
    </div>
  );
}
