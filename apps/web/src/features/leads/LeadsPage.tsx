import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRealtime } from '../../app/realtime.ts';
import { Outlet, useOutletContext } from 'react-router';
import { Download, HelpCircle, Plus } from 'lucide-react';
import { Button, ButtonLink, PageHeader, Tabs } from '../../ui/index.ts';
import { AddLeadModal } from './AddLeadModal.tsx';
import { exportHref, invalidateLeads } from './api.ts';
import { FilterBar } from './FilterBar.tsx';
import { useLeadFilters } from './filters.ts';
import { SavedViews } from './SavedViews.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';

export interface LeadsOutletContext {
  openAddLead: (stage?: string) => void;
}

export function useLeadsPage() {
  return useOutletContext<LeadsOutletContext>();
}

function typingIn(e: KeyboardEvent) {
  const t = e.target as HTMLElement;
  return !!t.closest('input, textarea, select, [contenteditable], dialog[open], [role="menu"], [role="dialog"]') || e.metaKey || e.ctrlKey || e.altKey;
}

/** The Leads workspace: List and Pipeline tabs over one filter bar and the saved views. */
export function LeadsPage() {
  const { filters, sort, filterSearch } = useLeadFilters();
  const [adding, setAdding] = useState<{ stage?: string } | null>(null);
  const [help, setHelp] = useState(false);
  const qc = useQueryClient();

  // an import finishing (in this tab or another) brings new leads: refresh what is on screen
  const onImport = useCallback(
    (p: unknown) => {
      if ((p as { status?: string } | null)?.status === 'done') invalidateLeads(qc);
    },
    [qc],
  );
  useRealtime('import.progress', onImport);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e)) return;
      if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === 'n') {
        e.preventDefault();
        setAdding({});
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="flex h-full flex-col overflow-hidden dark:[color-scheme:dark]">
      <PageHeader
        title="Leads"
        actions={
          <>
            <SavedViews />
            <ButtonLink to={exportHref(filters, sort)} external download variant="secondary" title="Download the leads matching the current filters as CSV">
              <Download aria-hidden className="h-4 w-4" /> Export CSV
            </ButtonLink>
            <Button variant="ghost" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelp(true)}>
              <HelpCircle aria-hidden className="h-4 w-4" />
            </Button>
            <Button variant="primary" onClick={() => setAdding({})} title="Add a lead (n)">
              <Plus aria-hidden className="h-4 w-4" /> Add lead
            </Button>
          </>
        }
      >
        <div className="w-full">
          <Tabs
            tabs={[
              { to: `/leads${filterSearch}`, label: 'List', end: true },
              { to: `/leads/pipeline${filterSearch}`, label: 'Pipeline' },
            ]}
          />
        </div>
      </PageHeader>
      <FilterBar />
      <div className="flex min-h-0 flex-1 flex-col">
        <Outlet context={{ openAddLead: (stage?: string) => setAdding({ stage }) } satisfies LeadsOutletContext} />
      </div>
      <AddLeadModal open={!!adding} defaultStage={adding?.stage} onClose={() => setAdding(null)} />
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
