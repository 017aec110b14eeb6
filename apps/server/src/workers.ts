import type { Deps } from './platform/deps.ts';
import { registerImportJobs } from './domains/imports/index.ts';
import { startWebhookProcessor } from './domains/calls/index.ts';
import { registerDialerJobs } from './domains/dialer/index.ts';
import { registerNumberJobs } from './domains/numbers/index.ts';
import { registerCaldavJobs } from './domains/caldav/index.ts';
import { startPowerRunner } from './domains/power-dialer/index.ts';
import { autoSmsForMissedCalls } from './domains/messaging/index.ts';
import { registerBriefJobs } from './domains/weekly-brief/index.ts';
import { registerDashboardJobs } from './domains/dashboard/index.ts';

/** Registers every domain's job handlers and crons. Runs in processes with role worker/all. */
export async function startWorkers(deps: Deps) {
  await deps.jobs.start();
  await registerImportJobs(deps);
  // callbacks falling due: inserted into running sessions, announced once (every minute)
  await registerDialerJobs(deps);
  // number pool health: connect rates, spam labels, reps' reports (every 12 h)
  await registerNumberJobs(deps);
  // CalDAV calendar sync (queued per member on task changes) and callback reminders (every minute)
  await registerCaldavJobs(deps);
  // the weekly brief: each workspace's weekday and hour, in its zone (checked every 15 min)
  await registerBriefJobs(deps);
  // dashboard rollups: incremental fold every 5 min per workspace, nightly re-fold of the last 14 days
  await registerDashboardJobs(deps);
  // power dialer campaigns: advanced by their calls' webhooks, and by a lease-holding timer for
  // what no webhook announces (redial delays, AMD timeouts)
  const power = startPowerRunner(deps);
  // stored provider webhooks → call sessions (woken by NOTIFY, polls every 2 s for leftovers)
  await startWebhookProcessor(deps, {
    onProcessed: async (calls) => {
      await power.onCalls(calls);
      // a missed inbound call from a lead gets the missed-call text (when enabled)
      await autoSmsForMissedCalls(deps, calls);
    },
  });
}
