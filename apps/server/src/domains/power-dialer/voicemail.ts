import type { Deps } from '../../platform/deps.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { voicemailDropUrl } from '../scripts/index.ts';
import { configOf, selectPowerSession } from './power.repo.ts';

/** The public URL of the message a campaign drops on machines (its template, else the workspace default), or null. */
export async function voicemailAudioUrl(deps: Deps, workspaceId: string, dialSessionId: string): Promise<string | null> {
  const s = await withWorkspace(deps.db, workspaceId, (tx) => selectPowerSession(tx, workspaceId, dialSessionId));
  if (!s) return null;
  return voicemailDropUrl(deps, workspaceId, configOf(s).voicemailTemplateId);
}
