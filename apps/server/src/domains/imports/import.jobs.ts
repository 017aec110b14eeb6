import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { executeImport, IMPORT_JOB } from './import.service.ts';

const ImportJobSchema = z.object({ workspaceId: z.uuid(), importId: z.uuid() });

/** Worker side of `imports.run`: one job per import (singletonKey = the import id), resumable. */
export async function registerImportJobs(deps: Deps) {
  await deps.jobs.work(IMPORT_JOB, async (data) => {
    const job = ImportJobSchema.parse(data);
    await executeImport(deps, job.workspaceId, job.importId);
  });
}
