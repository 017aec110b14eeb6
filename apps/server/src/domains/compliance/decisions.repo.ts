import type { ComplianceCode, ComplianceDecisionRow } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { DecisionSource, DialKind, Facts } from './gate.ts';

export interface NewDecision {
  leadId: string;
  phone: string | null;
  kind: DialKind;
  source: DecisionSource;
  allowed: boolean;
  code: ComplianceCode | null;
  reason: string;
  nextAllowedAt: Date | null;
  details: Facts;
  userId: string | null;
}

/** SPEC §6: every enforcement decision is logged, with its reason and the facts it used. */
export async function insertDecision(tx: Sql, workspaceId: string, d: NewDecision): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO compliance_decisions (workspace_id, lead_id, phone, kind, source, allowed, code, reason, next_allowed_at, details, user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11) RETURNING id`,
    [workspaceId, d.leadId, d.phone, d.kind, d.source, d.allowed, d.code, d.reason, d.nextAllowedAt, JSON.stringify(d.details), d.userId],
  );
  return rows[0].id;
}

interface DecisionDbRow {
  id: string;
  lead_id: string | null;
  phone: string | null;
  kind: 'call' | 'sms';
  source: DecisionSource;
  allowed: boolean;
  code: ComplianceCode | null;
  reason: string;
  next_allowed_at: Date | null;
  details: Record<string, unknown>;
  user_id: string | null;
  decided_at: Date;
}

export async function listDecisions(tx: Sql, workspaceId: string, q: { leadId?: string; limit: number }): Promise<ComplianceDecisionRow[]> {
  const params: unknown[] = [workspaceId, q.limit];
  if (q.leadId) params.push(q.leadId);
  const { rows } = await tx.query<DecisionDbRow>(
    `SELECT id, lead_id, phone, kind, source, allowed, code, reason, next_allowed_at, details, user_id, decided_at
       FROM compliance_decisions WHERE workspace_id = $1${q.leadId ? ' AND lead_id = $3' : ''}
      ORDER BY decided_at DESC, id DESC LIMIT $2`,
    params,
  );
  return rows.map((r) => ({
    id: r.id, leadId: r.lead_id, phone: r.phone, kind: r.kind, source: r.source, allowed: r.allowed, code: r.code, reason: r.reason,
    nextAllowedAt: r.next_allowed_at?.toISOString() ?? null, details: r.details, userId: r.user_id, decidedAt: r.decided_at.toISOString(),
  }));
}
