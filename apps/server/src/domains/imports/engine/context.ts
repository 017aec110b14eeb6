import type { ImportOptions } from '@flywheel/contracts';
import type { Sql } from '../../../db/client.ts';
import { badRequest } from '../../../platform/http/errors.ts';
import { squash } from './values.ts';

export interface WorkspaceImportContext {
  defaultCountry: string;
  stages: { key: string; label: string; kind: string }[];
  members: { id: string; email: string; name: string }[];
}

export async function loadWorkspaceContext(tx: Sql, workspaceId: string): Promise<WorkspaceImportContext> {
  const ws = await tx.query<{ default_country: string }>('SELECT default_country FROM workspaces WHERE id = $1', [workspaceId]);
  const stages = await tx.query<{ key: string; label: string; kind: string }>(
    'SELECT key, label, kind FROM pipeline_stages WHERE workspace_id = $1 ORDER BY position, key', [workspaceId]);
  const members = await tx.query<{ id: string; email: string; name: string }>(
    'SELECT u.id, u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1', [workspaceId]);
  return { defaultCountry: ws.rows[0]?.default_country ?? 'US', stages: stages.rows, members: members.rows };
}

// Closed stages as other CRMs name them ("Closed Won", HubSpot's "customer", Salesforce's
// "Closed - Converted" / "Closed - Not Converted", "Unqualified").
const WON = ['won', 'closedwon', 'customer', 'sold', 'dealwon', 'client', 'closedconverted', 'converted'];
const LOST = ['lost', 'closedlost', 'unqualified', 'disqualified', 'dead', 'deallost', 'badfit', 'closednotconverted'];

// Open lifecycle/lead statuses as HubSpot and Salesforce export them, mapped to the workspace's
// stage with that meaning when it has one (default pipeline keys), else to its first open stage.
const OPEN: { names: string[]; prefer: string[] }[] = [
  { names: ['lead', 'newlead', 'subscriber', 'mql', 'marketingqualifiedlead', 'opennotcontacted', 'notcontacted', 'open'], prefer: ['new'] },
  { names: ['workingcontacted', 'attemptedtocontact', 'inprogress', 'working'], prefer: ['contacted'] },
  { names: ['opportunity', 'sql', 'salesqualifiedlead'], prefer: ['interested'] }, // not bare "Qualified": it means different things per CRM
];

/** Stage as typed in the file → the workspace's stage key, by key or label in any case/spacing. */
export function stageResolver(stages: WorkspaceImportContext['stages']): (raw: string) => string | null {
  const index = new Map<string, string>();
  for (const s of stages) {
    index.set(squash(s.key), s.key);
    if (!index.has(squash(s.label))) index.set(squash(s.label), s.key);
  }
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');
  for (const w of WON) if (won && !index.has(w)) index.set(w, won.key);
  for (const l of LOST) if (lost && !index.has(l)) index.set(l, lost.key);
  const firstOpen = stages.find((s) => s.kind === 'open');
  for (const group of OPEN) {
    const target = stages.find((s) => s.kind === 'open' && group.prefer.includes(s.key)) ?? firstOpen;
    for (const n of group.names) if (target && !index.has(n)) index.set(n, target.key);
  }
  return (raw) => index.get(squash(raw)) ?? null;
}

/** HubSpot exports the owner's name, Salesforce often the email: accept both (a name only when unambiguous). */
export function ownerResolver(members: WorkspaceImportContext['members']): (raw: string) => string | null {
  const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), m.id]));
  const byName = new Map<string, string | null>();
  for (const m of members) {
    const k = squash(m.name);
    if (k) byName.set(k, byName.has(k) ? null : m.id);
  }
  return (raw) => byEmail.get(raw.trim().toLowerCase()) ?? byName.get(squash(raw)) ?? null;
}

export interface ResolvedOptions {
  dedupe: ImportOptions['dedupe'];
  defaultStage: string;
  defaultStageLabel: string;
  defaultOwnerId: string | null;
  extraTags: string[];
}

/** Options checked against the workspace: a 400 naming the option, never a failed import later. */
export function resolveOptions(ctx: WorkspaceImportContext, options: ImportOptions): ResolvedOptions {
  const stage = options.defaultStage
    ? ctx.stages.find((s) => s.key === options.defaultStage) ?? ctx.stages.find((s) => squash(s.label) === squash(options.defaultStage ?? ''))
    : ctx.stages.find((s) => s.kind === 'open') ?? ctx.stages[0];
  if (!stage) {
    throw badRequest(
      options.defaultStage ? `Unknown stage "${options.defaultStage}". Use one of: ${ctx.stages.map((s) => s.key).join(', ')}.` : 'This workspace has no pipeline stages.',
      { 'options.defaultStage': 'Unknown stage.' },
    );
  }
  if (options.ownerId && !ctx.members.some((m) => m.id === options.ownerId)) {
    throw badRequest('The default owner is not a member of this workspace.', { 'options.ownerId': 'Not a member of this workspace.' });
  }
  return { dedupe: options.dedupe, defaultStage: stage.key, defaultStageLabel: stage.label, defaultOwnerId: options.ownerId ?? null, extraTags: options.tags };
}
