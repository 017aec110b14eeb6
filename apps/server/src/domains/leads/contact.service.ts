import type { z } from 'zod';
import type { Contact, ContactCreateBodySchema, ContactUpdateBodySchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { diffFields, recordActivity } from '../activities/index.ts';
import { actorOf, type LeadsCtx } from './leads-ctx.ts';
import { contactName, toContact, type ContactRow } from './lead.mapper.ts';
import { findLeadRow, getWorkspaceSettings } from './lead.repo.ts';
import {
  countContacts, deleteContact, findContactForUpdate, findOldestContact, findPrimaryContact, insertContact, setPrimaryContact,
  updateContactFields, type ContactValues,
} from './contact.repo.ts';
import { refreshLeadPrimaryContact } from './lead-summary.ts';
import { fieldLabel, normalizeEmails, normalizePhones } from './lead-rules.ts';

type CreateBody = z.output<typeof ContactCreateBodySchema>;
type UpdateBody = z.output<typeof ContactUpdateBodySchema>;

function snapshot(c: ContactRow): Omit<ContactValues, 'isPrimary'> {
  return { firstName: c.first_name, lastName: c.last_name, title: c.title, emails: c.emails, phones: c.phones, isDecisionMaker: c.is_decision_maker, notes: c.notes };
}

async function requireContact(tx: Sql, workspaceId: string, contactId: string): Promise<ContactRow> {
  const c = await findContactForUpdate(tx, workspaceId, contactId);
  if (!c) throw notFound('Contact');
  return c;
}

/** The first contact of a lead becomes its primary; isPrimary: true takes the role from the current one. */
export function addContact(ctx: LeadsCtx, leadId: string, body: CreateBody): Promise<Contact> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const lead = await findLeadRow(tx, ws, leadId, { forUpdate: true });
    if (!lead) throw notFound('Lead');
    const { defaultCountry } = await getWorkspaceSettings(tx, ws);
    const emails = normalizeEmails(body.emails, 'emails');
    const phones = normalizePhones(body.phones, defaultCountry, 'phones');
    if (!body.firstName && !body.lastName && !emails.length && !phones.length) {
      throw badRequest('Give the contact a name, an email or a phone.', { firstName: 'Give the contact a name, an email or a phone.' });
    }
    const isFirst = (await countContacts(tx, ws, leadId)) === 0;
    const makePrimary = isFirst || body.isPrimary === true;
    const values: ContactValues = {
      firstName: body.firstName, lastName: body.lastName, title: body.title ?? null, emails, phones,
      isPrimary: false, isDecisionMaker: body.isDecisionMaker, notes: body.notes,
    };
    let row = await insertContact(tx, ws, leadId, values);
    if (makePrimary) {
      await setPrimaryContact(tx, ws, leadId, row.id);
      row = { ...row, is_primary: true };
    }
    await refreshLeadPrimaryContact(tx, ws, leadId);
    await recordActivity(tx, {
      ...actorOf(ctx), leadId, contactId: row.id, kind: 'contact.added',
      summary: `Added contact ${contactName(row)}${makePrimary ? ' (primary)' : ''}`,
      after: { ...snapshot(row), isPrimary: makePrimary },
    });
    return toContact(row);
  });
}

export function updateContact(ctx: LeadsCtx, contactId: string, body: UpdateBody): Promise<Contact> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const current = await requireContact(tx, ws, contactId);
    const { defaultCountry } = await getWorkspaceSettings(tx, ws);
    const next: Partial<ContactValues> = {
      ...body,
      emails: body.emails ? normalizeEmails(body.emails, 'emails') : undefined,
      phones: body.phones ? normalizePhones(body.phones, defaultCountry, 'phones') : undefined,
    };
    const diff = diffFields(snapshot(current), next);
    if (!diff.changed.length) return toContact(current);
    const merged = { ...snapshot(current), ...Object.fromEntries(diff.changed.map((k) => [k, diff.after[k]])) };
    if (!merged.firstName && !merged.lastName && !merged.emails.length && !merged.phones.length) {
      throw badRequest('A contact needs a name, an email or a phone.', { firstName: 'A contact needs a name, an email or a phone.' });
    }
    const row = await updateContactFields(tx, ws, contactId, Object.fromEntries(diff.changed.map((k) => [k, diff.after[k]])));
    // the lead's list columns copy the primary contact's first email/phone
    if (row.is_primary || diff.changed.some((k) => k === 'emails' || k === 'phones')) await refreshLeadPrimaryContact(tx, ws, row.lead_id);
    await recordActivity(tx, {
      ...actorOf(ctx), leadId: row.lead_id, contactId, kind: 'contact.updated',
      summary: `Updated contact ${contactName(row)}: ${diff.changed.map(fieldLabel).join(', ')}`,
      before: diff.before, after: diff.after,
    });
    return toContact(row);
  });
}

/** Removing the primary contact promotes the oldest remaining one. */
export function removeContact(ctx: LeadsCtx, contactId: string): Promise<{ ok: true }> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const c = await requireContact(tx, ws, contactId);
    await deleteContact(tx, ws, contactId);
    let promoted: ContactRow | null = null;
    if (c.is_primary) {
      promoted = await findOldestContact(tx, ws, c.lead_id);
      if (promoted) await setPrimaryContact(tx, ws, c.lead_id, promoted.id);
    }
    await refreshLeadPrimaryContact(tx, ws, c.lead_id);
    await recordActivity(tx, {
      ...actorOf(ctx), leadId: c.lead_id, contactId, kind: 'contact.removed',
      summary: `Removed contact ${contactName(c)}${promoted ? `; ${contactName(promoted)} is now primary` : ''}`,
      before: { ...snapshot(c), isPrimary: c.is_primary },
      ...(promoted ? { after: { primaryContactId: promoted.id } } : {}),
    });
    return { ok: true as const };
  });
}

export function makePrimaryContact(ctx: LeadsCtx, contactId: string): Promise<Contact> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const c = await requireContact(tx, ws, contactId);
    if (c.is_primary) return toContact(c);
    const old = await findPrimaryContact(tx, ws, c.lead_id);
    await setPrimaryContact(tx, ws, c.lead_id, contactId);
    await refreshLeadPrimaryContact(tx, ws, c.lead_id);
    await recordActivity(tx, {
      ...actorOf(ctx), leadId: c.lead_id, contactId, kind: 'contact.primary_changed',
      summary: `Primary contact: ${old ? contactName(old) : 'none'} → ${contactName(c)}`,
      before: { primaryContactId: old?.id ?? null }, after: { primaryContactId: contactId },
    });
    return toContact({ ...c, is_primary: true });
  });
}
