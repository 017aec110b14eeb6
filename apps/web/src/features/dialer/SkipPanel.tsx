import { useState } from 'react';
import { Button, Input, Kbd, Modal, cn } from '../../ui/index.ts';

const REASONS = ['Outside calling hours', 'Already spoke today', 'Wrong or missing number', 'Not a fit', 'Asked not to be called now'];

/** Skip with a reason: a short list, or free text. */
export function SkipPanel({ onSkip, onCancel, busy }: { onSkip: (reason: string) => void; onCancel: () => void; busy: boolean }) {
  const [reason, setReason] = useState('');
  return (
    <form
      aria-label="Skip this lead"
      className="space-y-2 rounded-lg border border-default bg-panel p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim()) onSkip(reason.trim());
      }}
    >
      <h2 className="text-sm font-semibold">Why skip this lead?</h2>
      <div className="flex flex-wrap gap-1.5">
        {REASONS.map((r) => (
          <button key={r} type="button" onClick={() => setReason(r)} aria-pressed={reason === r} className={cn('rounded-full border px-2.5 py-0.5 text-sm', reason === r ? 'border-brand-600 bg-brand-600 text-white' : 'border-default hover:bg-panel-2')}>
            {r}
          </button>
        ))}
      </div>
      <label className="flex flex-col gap-1 text-xs font-medium text-muted">
        Reason
        <Input autoFocus value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} placeholder="Or say why in your words" onKeyDown={(e) => e.key === 'Escape' && onCancel()} />
      </label>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={!reason.trim()} loading={busy}>Skip</Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

const KEYS: [string[], string][] = [
  [['c'], 'Call the lead'],
  [['1', '…', '9', '0'], 'Log the outcome with that hotkey'],
  [['n'], 'Write notes'],
  [['s'], 'Skip (asks why)'],
  [['→', 'Enter'], 'Next lead (after logging)'],
  [['Esc'], 'Stop typing / close'],
  [['?'], 'This help'],
];

export function RunShortcuts({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Dialer shortcuts" footer={<Button onClick={onClose}>Close</Button>}>
      <p className="mb-2 text-xs text-muted">Shortcuts are off while you type in a field; any key stops the auto-advance countdown.</p>
      <dl className="space-y-1 text-sm">
        {KEYS.map(([keys, what]) => (
          <div key={what} className="flex items-center justify-between gap-3">
            <dt className="flex gap-1">{keys.map((k) => <Kbd key={k}>{k}</Kbd>)}</dt>
            <dd className="text-right text-muted">{what}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
