import { toast } from 'sonner';
import { getImport } from './useImports.ts';
import { fmt } from './format.ts';
import type { ImportRecord } from './types.ts';

// Follows a started import after the user leaves its page and says when it is finished, wherever
// they are. The page showing an import does its own live updates, so the watcher stays quiet for it.
type Navigate = (to: string) => void;
let navigate: Navigate | null = null;
let visibleId: string | null = null;
const watched = new Map<string, ReturnType<typeof setInterval>>();

export function setImportNavigator(fn: Navigate) {
  navigate = fn;
}

/** Marks the import whose progress is on screen (null when none); returns the cleanup. */
export function showingImport(id: string) {
  visibleId = id;
  return () => {
    if (visibleId === id) visibleId = null;
  };
}

export function summary(r: Pick<ImportRecord, 'imported' | 'updated' | 'skipped' | 'rejected'>) {
  const parts = [`${fmt(r.imported)} imported`];
  if (r.updated) parts.push(`${fmt(r.updated)} updated`);
  if (r.skipped) parts.push(`${fmt(r.skipped)} skipped`);
  if (r.rejected) parts.push(`${fmt(r.rejected)} rejected`);
  return parts.join(', ');
}

export function watchImport(id: string, filename: string) {
  if (watched.has(id)) return;
  let busy = false;
  const timer = setInterval(() => {
    if (busy || visibleId === id) return;
    busy = true;
    getImport(id)
      .then((r) => {
        if (r.status !== 'done' && r.status !== 'failed') return;
        unwatchImport(id);
        if (visibleId === id) return;
        const action = { label: 'View', onClick: () => navigate?.(`/import/${id}`) };
        if (r.status === 'done') toast.success(`Import of ${filename} finished`, { description: summary(r), action, duration: 10_000 });
        else toast.error(`Import of ${filename} failed`, { description: r.error ?? undefined, action, duration: 10_000 });
      })
      .catch(() => unwatchImport(id)) // signed out or gone: nothing to report
      .finally(() => (busy = false));
  }, 2000);
  watched.set(id, timer);
}

/** The page took over (it shows the outcome itself). */
export function unwatchImport(id: string) {
  clearInterval(watched.get(id));
  watched.delete(id);
}
