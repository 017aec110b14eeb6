import type { z } from 'zod';
import type { ComplianceCheckSchema, ComplianceDecision } from '@flywheel/contracts';
import { badRequest } from '../../platform/http/errors.ts';
import { normalizePhone } from '../../platform/normalize/phone.ts';
import type { WorkCtx } from '../tasks/index.ts';
import { checkDial, type GateDecision } from './gate.ts';

/** The API shape of a gate decision. */
export const toDecision = (d: GateDecision): ComplianceDecision => ({
  allowed: d.allowed, code: d.code, reason: d.reason, nextAllowedAt: d.nextAllowedAt?.toISOString() ?? null, phone: d.phone,
});

/** "Can I call (or text) this lead now, and if not, when?" — a logged preview (source 'check'); nothing is locked. */
export function previewDial(ctx: WorkCtx, body: z.output<typeof ComplianceCheckSchema>): Promise<ComplianceDecision> {
  return ctx.tx(async (tx) => {
    let phone: string | undefined;
    if (body.phone) {
      const { rows } = await tx.query<{ default_country: string }>('SELECT default_country FROM workspaces WHERE id = $1', [ctx.workspaceId]);
      const n = normalizePhone(body.phone, rows[0]?.default_country ?? 'US');
      if (!n.ok) throw badRequest(`That phone number is not valid: ${n.reason}.`, { phone: 'Not a valid phone number.' });
      phone = n.e164;
    }
    return toDecision(await checkDial(tx, ctx, { leadId: body.leadId, phone, kind: body.kind, source: 'check' }));
  });
}
