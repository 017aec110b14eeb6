import { useCallback, useEffect, useRef, useState } from 'react';
import { ArrowRight } from 'lucide-react';
import { Button, Kbd } from '../../ui/index.ts';

type State = { kind: 'idle' } | { kind: 'counting'; left: number } | { kind: 'stopped' };

/**
 * "Next lead in 5…": a countdown to moving on after a logged outcome. Any click, key press or
 * typing anywhere cancels it (→ and Enter advance at once instead, handled by the run screen).
 */
export function useAutoAdvance(seconds: number, advance: () => void) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const advanceRef = useRef(advance);
  advanceRef.current = advance;

  const start = useCallback(() => setState(seconds > 0 ? { kind: 'counting', left: seconds } : { kind: 'stopped' }), [seconds]);
  const stop = useCallback(() => setState((s) => (s.kind === 'counting' ? { kind: 'stopped' } : s)), []);
  const reset = useCallback(() => setState({ kind: 'idle' }), []);

  const counting = state.kind === 'counting';
  const left = state.kind === 'counting' ? state.left : 0;
  useEffect(() => {
    if (!counting) return;
    if (left <= 0) {
      setState({ kind: 'idle' });
      advanceRef.current();
      return;
    }
    const t = setTimeout(() => setState((s) => (s.kind === 'counting' ? { kind: 'counting', left: s.left - 1 } : s)), 1000);
    return () => clearTimeout(t);
  }, [counting, left]);

  useEffect(() => {
    if (!counting) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight' || e.key === 'Enter') return; // "next now" — the run screen handles it
      stop();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', stop, true);
    window.addEventListener('input', stop, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', stop, true);
      window.removeEventListener('input', stop, true);
    };
  }, [counting, stop]);

  return { state, start, stop, reset };
}

export function AutoAdvanceBar({ state, onStay, onNext, hasNext }: { state: State; onStay: () => void; onNext: () => void; hasNext: boolean }) {
  if (state.kind === 'idle') return null;
  return (
    <div role="status" aria-live="polite" data-testid="auto-advance" className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-brand-500/40 bg-brand-50 px-4 py-2.5 text-sm dark:bg-brand-700/20">
      {state.kind === 'counting' ? (
        <span className="font-medium">{hasNext ? `Next lead in ${state.left}…` : `Finishing in ${state.left}…`}</span>
      ) : (
        <span>Auto-advance stopped. Take your time.</span>
      )}
      <div className="flex items-center gap-2">
        {state.kind === 'counting' && <Button size="sm" onClick={onStay}>Stay</Button>}
        <Button size="sm" variant="primary" onClick={onNext}>{hasNext ? 'Next lead' : 'Finish'} <ArrowRight aria-hidden className="h-3.5 w-3.5" /> <Kbd>→</Kbd></Button>
      </div>
    </div>
  );
}
