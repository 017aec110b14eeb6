import { ComplianceSettingsSchema, type ComplianceSettings } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest } from '../../platform/http/errors.ts';
import type { WorkCtx } from '../tasks/index.ts';

/**
 * Federal calling hours (TCPA: 8:00–21:00 in the called party's local time) plus examples of
 * stricter state laws a US workspace starts with. They are examples, not legal advice: an admin
 * edits them in Settings → Compliance (docs/decisions/0011-compliance-gate.md).
 * - FL (Florida Telephone Solicitation Act, 2021): 8:00–20:00, at most 3 calls per person per 24 h.
 * - OK (Oklahoma Telephone Solicitation Act, 2022): 8:00–20:00, at most 3 calls per person per 24 h.
 * - WA (RCW 80.36.390): 8:00–20:00.
 * The minimum gap between two calls to one lead is off by default: a rep's immediate double-dial
 * and the power dialer's short redial delays are legitimate; a workspace that wants spacing sets it.
 */
export const DEFAULT_COMPLIANCE: ComplianceSettings = {
  callingHours: { start: 8, end: 21 },
  stateRules: {
    FL: { start: 8, end: 20, maxCallsPer24h: 3 },
    OK: { start: 8, end: 20, maxCallsPer24h: 3 },
    WA: { start: 8, end: 20 },
  },
  minGapMinutes: 0,
  tenDlcStatus: 'none',
  recordingConsent: 'all_party_states',
};

/** workspaces.settings.compliance over the defaults; a stored field that no longer parses falls back to its default. */
export async function readComplianceSettings(tx: Sql, workspaceId: string): Promise<ComplianceSettings> {
  const { rows } = await tx.query<{ compliance: unknown }>(`SELECT settings -> 'compliance' AS compliance FROM workspaces WHERE id = $1`, [workspaceId]);
  const stored = rows[0]?.compliance;
  const out: ComplianceSettings = structuredClone(DEFAULT_COMPLIANCE);
  if (typeof stored !== 'object' || stored === null) return out;
  for (const [k, v] of Object.entries(stored)) {
    const one = ComplianceSettingsSchema.safeParse({ ...out, [k]: v });
    if (one.success) Object.assign(out, one.data);
  }
  return out;
}

export function getComplianceSettings(ctx: WorkCtx): Promise<ComplianceSettings> {
  return ctx.tx((tx) => readComplianceSettings(tx, ctx.workspaceId));
}

export function putComplianceSettings(ctx: WorkCtx, body: ComplianceSettings): Promise<ComplianceSettings> {
  // a state rule narrows the base window; one outside it would read as a loosening that never applies
  for (const [state, r] of Object.entries(body.stateRules)) {
    const start = r.start ?? body.callingHours.start;
    const end = r.end ?? body.callingHours.end;
    if (start < body.callingHours.start || end > body.callingHours.end) {
      throw badRequest(`${state}'s window (${start}:00–${end}:00) must lie inside the calling hours (${body.callingHours.start}:00–${body.callingHours.end}:00); state rules can only be stricter.`, { [`stateRules.${state}`]: 'Inside the calling hours.' });
    }
    if (end <= start) throw badRequest(`${state}'s window must end after it starts.`, { [`stateRules.${state}`]: 'End after start.' });
  }
  return ctx.tx(async (tx) => {
    await tx.query(`UPDATE workspaces SET settings = jsonb_set(settings, '{compliance}', $2::jsonb) WHERE id = $1`, [ctx.workspaceId, JSON.stringify(body)]);
    return readComplianceSettings(tx, ctx.workspaceId);
  });
}
