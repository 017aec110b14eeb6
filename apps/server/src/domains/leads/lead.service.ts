import type { z } from 'zod';
import type { LeadCreateBodySchema, LeadDetail, LeadUpdateBodySchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { diffFields, recordActivity } from '../activities/index.ts';
import { actorOf, type LeadsCtx } from './leads-ctx.ts';
import { toLeadDetail, type LeadDetailRow } from './lead.mapper.ts';
import {
  findLeadRow, findUserLabel, getTaskSummary, getWorkspaceSettings, insertLead, listContactRows, listStageRows, softDeleteLead,
  updateLeadFields, type LeadField,
} from './lead.repo.ts';
import { insertContact } from './contact.repo.ts';
import { refreshLeadPrimaryContact } from './lead-summary.ts';
import { fieldLabel, firstOpenStage, normalizeEmails, normalizePhones, normalizeTags, requireMember, requireStage, roundValue } from './lead-rules.ts';

type CreateBody = z.output<typeof LeadCreateBodySchema>;
type UpdateBody = z.output<typeof LeadUpdateBodySchema>;

export async function loadLeadDetail(tx: Sql, workspaceId: string, leadId: string): Promise<LeadDetail | null> {
  const row = await findLeadRow(tx, workspaceId, leadId);
  if (!row) return null;
  return toLeadDetail(row, await listContactRows(tx, workspaceId, leadId), await getTaskSummary(tx, workspaceId, leadId));
}

async function requireLeadDetail(tx: Sql, workspaceId: string, leadId: string): Promise<LeadDetail> {
  const d = await loadLeadDetail(tx, workspaceId, leadId);
  if (!d) throw notFound('Lead');
  return d;
}

export function getLead(ctx: LeadsCtx, leadId: string): Promise<LeadDetail> {
  return ctx.tx((tx) => requireLeadDetail(tx, ctx.workspaceId, leadId));
}

export function createLead(ctx: LeadsCtx, body: CreateBody): Promise<LeadDetail> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const { defaultCountry } = await getWorkspaceSettings(tx, ws);
    const c = body.contact;
    const contact = c
      ? {
          firstName: c.firstName,
          lastName: c.lastName,
          title: c.title ?? null,
          emails: normalizeEmails(c.email ? [c.email] : [], 'contact.email'),
          phones: normalizePhones(c.phone ? [c.phone] : [], defaultCountry, 'contact.phone'),
        }
      : null;
    if (contact && !contact.firstName && !contact.lastName && !contact.emails.length && !contact.phones.length) {
      throw badRequest('Give the contact a name, an email or a phone.', { 'contact.firstName': 'Give the contact a name, an email or a phone.' });
    }
    const stages = await listStageRows(tx, ws);
    const stage = body.stage ? requireStage(stages, body.stage, 'stage') : firstOpenStage(stages);
    // the creator owns what they create unless they say otherwise; an API key creates unassigned leads
    const ownerId = body.ownerId === undefined ? ctx.userId : body.ownerId;
    if (ownerId) await requireMember(tx, ws, ownerId, 'ownerId');
    const values = {
      name: body.name, stage: stage.key, ownerId, source: body.source ?? null, segment: body.segment ?? null,
      tags: normalizeTags(body.tags ?? []), value: roundValue(body.value ?? null), website: body.website ?? null,
      city: body.city ?? null, region: body.region ?? null, country: body.country ?? null,
    } satisfies Partial<Record<LeadField, unknown>>;
    const leadId = await insertLead(tx, ws, values);
    if (contact) {
      await insertContact(tx, ws, leadId, { ...contact, isPrimary: true, isDecisionMaker: false, notes: '' });
      await refreshLeadPrimaryContact(tx, ws, leadId);
    }
    const after: Record<string, unknown> = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && !(Array.isArray(v) && !v.length)));
    if (contact) after.contact = contact;
    await recordActivity(tx, { ...actorOf(ctx), leadId, kind: 'lead.created', summary: `Created lead ${body.name} in ${stage.label}`, after });
    return requireLeadDetail(tx, ws, leadId);
  });
}

/** The editable fields of a stored lead, keyed like the API, for diffing. */
function editableSnapshot(r: LeadDetailRow): Record<LeadField, unknown> {
  return {
    name: r.name, stage: r.stage, ownerId: r.owner_id, source: r.source, segment: r.segment, tags: r.tags,
    value: r.value === null ? null : Number(r.value), facts: r.facts, questions: r.questions, objective: r.objective,
    website: r.website, address: r.address, city: r.city, region: r.region, postalCode: r.postal_code, country: r.country,
    timezone: r.timezone, customFields: r.custom_fields,
  };
}

export function updateLead(ctx: LeadsCtx, leadId: string, body: UpdateBody): Promise<LeadDetail> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const row = await findLeadRow(tx, ws, leadId, { forUpdate: true });
    if (!row) throw notFound('Lead');
    const stages = await listStageRows(tx, ws);
    if (body.stage !== undefined) requireStage(stages, body.stage, 'stage');
    if (body.ownerId) await requireMember(tx, ws, body.ownerId, 'ownerId');

    const { customFields: cfPatch, ...rest } = body;
    const next: Partial<Record<LeadField, unknown>> = { ...rest };
    if (rest.tags) next.tags = normalizeTags(rest.tags);
    if (rest.value !== undefined) next.value = roundValue(rest.value);
    if (cfPatch) {
      const merged = { ...row.custom_fields };
      for (const [k, v] of Object.entries(cfPatch)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      next.customFields = merged;
    }
    const current = editableSnapshot(row);
    const diff = diffFields(current, next);
    if (!diff.changed.length) return requireLeadDetail(tx, ws, leadId);
    if (cfPatch && diff.changed.includes('customFields')) {
      // only the custom field keys this request changed, not the whole object
      const cfDiff = diffFields<Record<string, unknown>>(row.custom_fields, cfPatch);
      diff.before.customFields = cfDiff.before;
      diff.after.customFields = cfDiff.after;
    }
    await updateLeadFields(tx, ws, leadId, Object.fromEntries(Object.entries(next).filter(([k]) => diff.changed.includes(k))));

    const parts: string[] = [];
    let kind = 'lead.updated';
    if (diff.changed.includes('stage')) {
      kind = 'stage.changed';
      const label = (k: unknown) => stages.find((s) => s.key === k)?.label ?? String(k);
      parts.push(`Stage: ${label(row.stage)} → ${label(next.stage)}`);
    }
    if (diff.changed.includes('ownerId')) {
      const from = (await findUserLabel(tx, row.owner_id)) ?? 'Unassigned';
      const to = (await findUserLabel(tx, typeof next.ownerId === 'string' ? next.ownerId : null)) ?? 'Unassigned';
      parts.push(`Owner: ${from} → ${to}`);
    }
    const others = diff.changed.filter((f) => f !== 'stage' && f !== 'ownerId');
    if (others.length) parts.push(`Updated ${others.map(fieldLabel).join(', ')}`);
    await recordActivity(tx, { ...actorOf(ctx), leadId, kind, summary: parts.join('; '), before: diff.before, after: diff.after });
    return requireLeadDetail(tx, ws, leadId);
  });
}

export function deleteLead(ctx: LeadsCtx, leadId: string): Promise<{ ok: true }> {
  return ctx.tx(async (tx) => {
    const gone = await softDeleteLead(tx, ctx.workspaceId, leadId);
    if (!gone) throw notFound('Lead');
    await recordActivity(tx, { ...actorOf(ctx), leadId, kind: 'lead.deleted', summary: `Deleted lead ${gone.name}`, before: { deleted: false }, after: { deleted: true } });
    return { ok: true as const };
  });
}
