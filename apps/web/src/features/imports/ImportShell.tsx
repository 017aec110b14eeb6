import type { ReactNode } from 'react';
import { PageHeader, Steps } from '../../ui/index.ts';

export const STEPS = ['Upload', 'Map columns', 'Preview', 'Import'];

/** The import pages' frame: title, step indicator, scrolling body. */
export function ImportShell({ step, actions, children }: { step: number; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader title="Import leads" subtitle="Bring in leads from another CRM or a spreadsheet." actions={actions}>
        <div className="w-full">
          <Steps steps={STEPS} current={step} label="Import steps" />
        </div>
      </PageHeader>
      <div className="flex-1 overflow-auto p-5">
        <div className="mx-auto max-w-5xl space-y-4">{children}</div>
      </div>
    </div>
  );
}
