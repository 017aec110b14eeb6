import crypto from 'node:crypto';
import type { Sql } from '../../db/client.ts';
import { insertJsonRows } from './batch.ts';

export interface NewAttempt {
  id?: string;
  callSessionId: string | null;
  leadId: string;
  contactId?: string | null;
  userId?: string | null;
  dispositionKey: string;
  dmReached: boolean;
  notes?: string;
  objectionTags?: string[];
  notInterestedReason?: string | null;
  createdAt: Date;
}

const INSERT_SQL = `
  INSERT INTO attempts (id, workspace_id, call_session_id, lead_id, contact_id, user_id, disposition_key, dm_reached, notes,
    objection_tags, not_interested_reason, created_at)
  SELECT r.id, $1::uuid, r.call_session_id, r.lead_id, r.contact_id, r.user_id, r.disposition_key, r.dm_reached, r.notes,
    coalesce(r.objection_tags, '{}'), r.not_interested_reason, r.created_at
  FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, call_session_id uuid, lead_id uuid, contact_id uuid, user_id uuid,
    disposition_key text, dm_reached boolean, notes text, objection_tags text[], not_interested_reason text, created_at timestamptz)`;

/**
 * Inserts logged outcomes in bulk (history backfills, the demo). Only known outcomes belong here
 * (SPEC §1.1). Returns ids in input order. Call inside withWorkspace.
 */
export async function insertAttempts(tx: Sql, workspaceId: string, attempts: NewAttempt[]): Promise<string[]> {
  const ids = attempts.map((a) => a.id ?? crypto.randomUUID());
  const rows = attempts.map((a, i) => ({
    id: ids[i],
    call_session_id: a.callSessionId,
    lead_id: a.leadId,
    contact_id: a.contactId ?? null,
    user_id: a.userId ?? null,
    disposition_key: a.dispositionKey,
    dm_reached: a.dmReached,
    notes: a.notes ?? '',
    objection_tags: a.objectionTags ?? [],
    not_interested_reason: a.notInterestedReason ?? null,
    created_at: a.createdAt.toISOString(),
  }));
  await insertJsonRows(tx, INSERT_SQL, workspaceId, rows);
  return ids;
}
