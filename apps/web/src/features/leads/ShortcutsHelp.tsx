import { Button, Kbd, Modal } from '../../ui/index.ts';

const GROUPS: { title: string; keys: [string[], string][] }[] = [
  {
    title: 'Lead list',
    keys: [
      [['j', '↓'], 'Next row'],
      [['k', '↑'], 'Previous row'],
      [['Enter'], 'Open the focused lead'],
      [['x'], 'Select / unselect the focused row'],
      [['Esc'], 'Clear the selection'],
      [['['], 'Previous page'],
      [[']'], 'Next page'],
    ],
  },
  {
    title: 'Anywhere in Leads',
    keys: [
      [['/'], 'Search'],
      [['n'], 'Add a lead'],
      [['?'], 'This help'],
      [['g', 'l'], 'Go to Leads (g i: Import, g s: Settings)'],
    ],
  },
];

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Keyboard shortcuts" footer={<Button onClick={onClose}>Close</Button>}>
      <div className="grid gap-4 sm:grid-cols-2">
        {GROUPS.map((g) => (
          <section key={g.title}>
            <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-muted">{g.title}</h3>
            <dl className="space-y-1 text-sm">
              {g.keys.map(([keys, what]) => (
                <div key={what} className="flex items-center justify-between gap-3">
                  <dt className="flex gap-1">{keys.map((k) => <Kbd key={k}>{k}</Kbd>)}</dt>
                  <dd className="text-right text-muted">{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Modal>
  );
}
