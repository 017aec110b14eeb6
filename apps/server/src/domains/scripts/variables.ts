import { SCRIPT_VARIABLES } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { notFound } from '../../platform/http/errors.ts';

export type ScriptVariable = (typeof SCRIPT_VARIABLES)[number];
export type ScriptValues = Record<ScriptVariable, string | null>;

export interface ScriptVarSource {
  contact: { first_name: string; last_name: string } | null | undefined;
  lead: { name: string; city: string | null; region: string | null; segment: string | null };
  repName: string;
}

/**
 * The values of the script variables for one lead, its contact and the rep: the one definition the
 * Dialer's run screen and the script preview share. Empty values are null (fillScript shows the gap).
 */
export function scriptValues({ contact, lead, repName }: ScriptVarSource): ScriptValues {
  const blank = (s: string | null | undefined) => (s && s.trim() !== '' ? s.trim() : null);
  const full = contact ? `${contact.first_name} ${contact.last_name}`.trim() : '';
  return {
    FirstName: blank(contact?.first_name), LastName: blank(contact?.last_name), FullName: blank(full),
    Company: blank(lead.name), City: blank(lead.city), State: blank(lead.region), Segment: blank(lead.segment),
    RepName: blank(repName), RepFirstName: blank(repName.trim().split(/\s+/)[0]),
  };
}

/** The rep's display name ('' for API keys). */
export async function repName(tx: Sql, userId: string | null): Promise<string> {
  if (!userId) return '';
  return (await tx.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [userId])).rows[0]?.name ?? '';
}

/** Loads a lead (its primary contact, or the given one) and fills the variables from it. */
export async function loadLeadScriptValues(tx: Sql, workspaceId: string, leadId: string, userId: string | null, contactId?: string | null): Promise<{ lead: { id: string; name: string }; values: ScriptValues }> {
  const lead = (await tx.query<{ id: string; name: string; city: string | null; region: string | null; segment: string | null }>(
    'SELECT id, name, city, region, segment FROM leads WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL',
    [workspaceId, leadId],
  )).rows[0];
  if (!lead) throw notFound('Lead');
  const contact = (await tx.query<{ first_name: string; last_name: string }>(
    `SELECT first_name, last_name FROM contacts WHERE workspace_id = $1 AND lead_id = $2
      ORDER BY (id = $3::uuid) DESC NULLS LAST, is_primary DESC, created_at, id LIMIT 1`,
    [workspaceId, leadId, contactId ?? null],
  )).rows[0];
  return { lead: { id: lead.id, name: lead.name }, values: scriptValues({ contact, lead, repName: await repName(tx, userId) }) };
}
