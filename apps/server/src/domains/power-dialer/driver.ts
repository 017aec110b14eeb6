import type { PowerConfigValue } from '@flywheel/contracts';
import { POWER_EVENTS } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { isTerminalCallStatus, resolveTelephony, TelephonyError, type CallStatus, type ResolvedTelephony } from '../../platform/providers/telephony/index.ts';
import { recordActivity } from '../activities/index.ts';
import { flagPhone, insertAttempts, insertCallSessions } from '../calls/index.ts';
import { assignExperimentVariants } from '../experiments/index.ts';
import { checkDial } from '../compliance/index.ts';
import { pickCallerId } from '../numbers/index.ts';
import { voicemailDropUrlIn } from '../scripts/index.ts';
import { decidePacing, nextForItem, DEFAULT_POWER_CONFIG, type CallOutcome, type PowerConfig } from './engine/index.ts';
import { abandonCounts, activeReps, configOf, lockPowerSession, nextWake, openLines, orderKey, pickItems, type LineRow, type PowerSessionRow, type RepRow } from './power.repo.ts';

/**
 * The power dialer's driver: one `advancePowerSession` call reads a campaign's lines, reps and
 * queue from the database (row-locked, so two processes never act on the same campaign at once),
 * folds in what the provider reported on each call, applies the engine's rules (first human wins,
 * abandoned → safe-harbor, machine → voicemail drop, redial state machine, adaptive pacing) and
 * commits; the provider commands it decided are sent after the commit. Webhooks, the runner's
 * timer and every rep action call it; nothing lives in memory between calls (SPEC §3.3).
 */

export type Command =
  | { kind: 'place'; callSessionId: string; itemId: string; leadId: string; from: string; to: string; record: boolean; amd: 'detect' | 'detect_message_end'; ringTimeoutSeconds: number }
  | { kind: 'redirect'; callSessionId: string; providerCallId: string | null; path: 'bridge' | 'safe-harbor' | 'voicemail' }
  | { kind: 'hangup'; callSessionId: string; providerCallId: string | null };

export interface AdvanceResult { placed: number; commands: Command[]; exhausted: { leadId: string; phone: string }[]; reason: string | null }

export interface AdvanceOptions {
  /** The engine's "now" (a virtual clock in tests); defaults to the wall clock. */
  now?: Date;
  /** Resolved once by callers that advance many campaigns. */
  telephony?: ResolvedTelephony;
  /** Auto-SMS after exhausted attempts (messaging domain); skipped when absent. */
  onExhausted?: (deps: Deps, input: { workspaceId: string; leadId: string; phone: string }) => Promise<unknown>;
  /** How long a call may sit unplaced before it is given up (default UNPLACED_GRACE_MS). */
  unplacedGraceMs?: number;
}

/** Calls that die unplaced (a process killed between commit and the REST call) are given up after this. */
export const UNPLACED_GRACE_MS = 20_000;
/** After the ring timeout, a call the provider never finished is given up (lost webhooks). */
const RING_GRACE_MS = 20_000;

export function engineConfig(c: PowerConfigValue): PowerConfig {
  return { ...DEFAULT_POWER_CONFIG, linesPerRep: c.linesPerRep, pacing: c.pacing, maxAttempts: c.maxAttempts, redialDelay: c.redialDelay, voicemail: c.voicemail, ringTimeoutSeconds: c.ringTimeoutSeconds, amdTimeoutMs: c.amdTimeoutMs };
}

const UNDECIDED = new Set<LineRow['state']>(['dialing', 'ringing', 'amd']);
const isMachine = (amd: string | null) => !!amd && amd.startsWith('machine');

interface Work {
  deps: Deps;
  tx: Sql;
  ws: string;
  s: PowerSessionRow;
  cfg: PowerConfigValue;
  ecfg: PowerConfig;
  now: Date;
  reps: RepRow[];
  commands: Command[];
  exhausted: { leadId: string; phone: string }[];
  hasDrop: boolean;
  unplacedGraceMs: number;
}

export async function advancePowerSession(deps: Deps, workspaceId: string, sessionId: string, opts: AdvanceOptions = {}): Promise<AdvanceResult> {
  // resolved before the transaction: provider accounts are read over the pool (PGlite has one connection)
  const telephony = opts.telephony ?? (await resolveTelephony(deps, workspaceId).catch(() => null));
  const result = await withWorkspace(deps.db, workspaceId, async (tx): Promise<AdvanceResult> => {
    const now = opts.now ?? new Date();
    const s = await lockPowerSession(tx, workspaceId, sessionId);
    if (!s) return { placed: 0, commands: [], exhausted: [], reason: null };
    const cfg = configOf(s);
    const w: Work = { deps, tx, ws: workspaceId, s, cfg, ecfg: engineConfig(cfg), now, reps: await activeReps(tx, workspaceId, sessionId), commands: [], exhausted: [], unplacedGraceMs: opts.unplacedGraceMs ?? UNPLACED_GRACE_MS, hasDrop: cfg.voicemail === 'drop' && (await voicemailDropUrlIn(tx, deps.config.publicUrl, workspaceId, cfg.voicemailTemplateId)) !== null };
    const lines = await openLines(tx, workspaceId, sessionId);
    for (const line of lines) await reconcile(w, line);
    await releaseWrappedUp(w);

    let placed = 0;
    let reason: string | null = s.pacing_reason;
    let level = s.dial_level ?? 1;
    if (s.status === 'active' && s.power_state === 'running' && telephony) {
      const open = await openLines(tx, workspaceId, sessionId);
      const undecided = open.filter((l) => UNDECIDED.has(l.state));
      const present = w.reps.filter((r) => r.state !== 'paused');
      const decision = decidePacing({
        now: now.getTime(), config: w.ecfg, shared: s.shared, repsTotal: present.length,
        repsAvailable: present.filter((r) => r.state === 'available').length,
        repsBusy: present.filter((r) => r.state === 'talking' || r.state === 'wrap_up').map((r) => ({ phase: r.state === 'talking' ? 'talking' as const : 'wrap_up' as const, sinceMs: now.getTime() - r.state_since.getTime() })),
        inFlight: undecided.map((l) => ({ phase: l.state as 'dialing' | 'ringing' | 'amd', ageMs: now.getTime() - l.placed_at.getTime() })),
        abandon: await abandonCounts(tx, workspaceId, sessionId, now), dialLevel: level,
      });
      level = decision.dialLevel;
      reason = decision.reason;
      if (decision.place > 0) placed = await placeLines(w, telephony, decision.place);
    } else if (s.status === 'ended') {
      // an ended campaign lets nothing ring on: calls still ringing are released
      for (const l of await openLines(tx, workspaceId, sessionId)) if (l.state === 'dialing' || l.state === 'ringing') await endLine(w, l, 'canceled_before_answer', { hangup: true });
    }
    const pending = await openLines(tx, workspaceId, sessionId);
    const redialAt = await nextWake(tx, workspaceId, sessionId);
    // undecided lines need a look even without a webhook (AMD timeout, a lost callback): poll them
    const poll = pending.some((l) => UNDECIDED.has(l.state)) ? new Date(now.getTime() + 2000) : null;
    const wake = [redialAt, poll].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    await tx.query(`UPDATE dial_sessions SET dial_level = $3, pacing_reason = $4, wake_at = $5, updated_at = now() WHERE workspace_id = $1 AND id = $2`, [workspaceId, sessionId, level, reason, wake]);
    await deps.events.publish({ type: POWER_EVENTS.updated, workspaceId, payload: { sessionId } }, tx);
    return { placed, commands: w.commands, exhausted: w.exhausted, reason };
  });
  if (result.commands.length && telephony) {
    const failedPlacements = await execute(deps, workspaceId, telephony, result.commands);
    // a refused placement frees its line at once: look again
    if (failedPlacements > 0) await advancePowerSession(deps, workspaceId, sessionId, { ...opts, telephony });
  }
  if (opts.onExhausted) for (const e of result.exhausted) await opts.onExhausted(deps, { workspaceId, ...e }).catch((err) => deps.log.warn({ err, workspaceId }, 'auto-SMS after exhausted attempts failed'));
  return result;
}

// ───────────── folding the provider's reports into line states ─────────────

async function reconcile(w: Work, line: LineRow): Promise<void> {
  const status = line.cs_status as CallStatus;
  const terminal = isTerminalCallStatus(status);
  const nowMs = w.now.getTime();
  if (!UNDECIDED.has(line.state)) {
    // bridged / voicemail / safe-harbor: the outcome is known; the line ends with the call
    if (terminal) {
      await w.tx.query(`UPDATE power_lines SET state = 'ended', ended_at = $3 WHERE workspace_id = $1 AND call_session_id = $2`, [w.ws, line.call_session_id, w.now]);
      if (line.state === 'bridged') {
        await w.tx.query(`UPDATE power_reps SET state = 'wrap_up', state_since = $4 WHERE workspace_id = $1 AND dial_session_id = $2 AND call_session_id = $3 AND state = 'talking'`, [w.ws, w.s.id, line.call_session_id, w.now]);
        const rep = w.reps.find((r) => r.call_session_id === line.call_session_id && r.state === 'talking');
        if (rep) Object.assign(rep, { state: 'wrap_up', state_since: w.now });
      }
    }
    return;
  }
  if (line.cs_amd && (status === 'in_progress' || status === 'completed')) {
    if (line.cs_amd === 'human') return terminal ? endLine(w, line, 'abandoned', { live: true }) : onHuman(w, line);
    if (isMachine(line.cs_amd)) {
      if (!terminal && w.hasDrop && w.cfg.voicemail === 'drop') return decide(w, line, 'voicemail', 'voicemail_dropped', 'voicemail');
      return endLine(w, line, 'machine', { hangup: !terminal });
    }
    return endLine(w, line, 'amd_unknown', { hangup: !terminal });
  }
  if (terminal) {
    const outcome: CallOutcome = status === 'busy' ? 'busy' : status === 'no_answer' ? 'no_answer' : status === 'canceled' ? 'canceled_before_answer'
      : status === 'failed' ? ((await isBadNumber(w, line.to_number)) ? 'bad_number' : 'failed') : line.cs_answered_at ? 'amd_unknown' : 'no_answer';
    return endLine(w, line, outcome);
  }
  if (status === 'in_progress') {
    const answeredAt = line.cs_answered_at ?? line.answered_at ?? w.now;
    if (line.state !== 'amd') await w.tx.query(`UPDATE power_lines SET state = 'amd', answered_at = $3 WHERE workspace_id = $1 AND call_session_id = $2`, [w.ws, line.call_session_id, answeredAt]);
    // the decision is bounded: no verdict in time → treated as unclear and released
    if (nowMs - answeredAt.getTime() > w.cfg.amdTimeoutMs + 3000) return endLine(w, line, 'amd_unknown', { hangup: true });
    return;
  }
  if (status === 'ringing' && line.state === 'dialing') {
    await w.tx.query(`UPDATE power_lines SET state = 'ringing' WHERE workspace_id = $1 AND call_session_id = $2`, [w.ws, line.call_session_id]);
  }
  const age = nowMs - line.placed_at.getTime();
  if (!line.provider_call_id && status === 'initiated' && age > w.unplacedGraceMs) {
    // never reached the provider (the placing process died): not an attempt, back to the front
    await w.tx.query(`UPDATE call_sessions SET status = 'failed', ended_at = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 AND status = 'initiated'`, [w.ws, line.call_session_id, w.now]);
    return endLine(w, line, 'canceled_before_answer');
  }
  if (age > w.cfg.ringTimeoutSeconds * 1000 + RING_GRACE_MS) return endLine(w, line, 'no_answer', { hangup: true });
}

async function isBadNumber(w: Work, phone: string): Promise<boolean> {
  const { rows } = await w.tx.query('SELECT 1 FROM phone_flags WHERE workspace_id = $1 AND phone = $2 AND kind = $3', [w.ws, phone, 'bad_number']);
  return rows.length > 0;
}

/** A person answered: bridge them to a free rep (first human wins), else the safe-harbor message. */
async function onHuman(w: Work, line: LineRow): Promise<void> {
  const free = w.reps.filter((r) => r.state === 'available' && (!line.user_id || !w.s.shared ? true : r.user_id === line.user_id));
  const rep = w.s.shared ? free.sort((a, b) => a.state_since.getTime() - b.state_since.getTime())[0] : free.find((r) => r.user_id === (line.user_id ?? w.s.user_id));
  if (!rep) return decide(w, line, 'safe_harbor', 'abandoned', 'safe-harbor', { live: true });
  await decide(w, line, 'bridged', 'bridged', 'bridge', { live: true, userId: rep.user_id });
  await w.tx.query(`UPDATE power_reps SET state = 'talking', state_since = $4, call_session_id = $3 WHERE workspace_id = $1 AND dial_session_id = $2 AND user_id = $5`, [w.ws, w.s.id, line.call_session_id, w.now, rep.user_id]);
  await w.tx.query(`UPDATE call_sessions SET user_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2`, [w.ws, line.call_session_id, rep.user_id]);
  // running experiments (opener A vs B …) assign their variant to the conversation the rep now has
  await assignExperimentVariants(w.tx, w.ws, { callSessionId: line.call_session_id, leadId: line.lead_id, userId: rep.user_id });
  Object.assign(rep, { state: 'talking', state_since: w.now, call_session_id: line.call_session_id });
  // the rep's other lines still ringing are released (no attempt burned, back to the front)
  if (!w.s.shared) {
    for (const other of await openLines(w.tx, w.ws, w.s.id)) {
      if (other.call_session_id !== line.call_session_id && (other.state === 'dialing' || other.state === 'ringing') && (other.user_id ?? w.s.user_id) === rep.user_id) {
        await endLine(w, other, 'canceled_before_answer', { hangup: true });
      }
    }
  }
}

/** Records a decision on a live call and redirects it (bridge / safe-harbor / voicemail drop). */
async function decide(w: Work, line: LineRow, state: 'bridged' | 'voicemail' | 'safe_harbor', outcome: CallOutcome, path: 'bridge' | 'safe-harbor' | 'voicemail', o: { live?: boolean; userId?: string } = {}): Promise<void> {
  await w.tx.query(
    `UPDATE power_lines SET state = $3, outcome = $4, decided_at = $5, answered_at = coalesce(answered_at, $6, $5), live_answered = $7, user_id = coalesce($8, user_id)
      WHERE workspace_id = $1 AND call_session_id = $2`,
    [w.ws, line.call_session_id, state, outcome, w.now, line.cs_answered_at, o.live ?? false, o.userId ?? null],
  );
  w.commands.push({ kind: 'redirect', callSessionId: line.call_session_id, providerCallId: line.provider_call_id, path });
  if (outcome !== 'bridged') await settleItem(w, line, outcome);
  else await w.tx.query(`UPDATE dial_session_items SET power_state = 'done', last_outcome = 'bridged' WHERE workspace_id = $1 AND id = $2`, [w.ws, line.item_id]);
}

/** Ends an undecided line with its outcome and moves its lead through the redial state machine. */
async function endLine(w: Work, line: LineRow, outcome: CallOutcome, o: { hangup?: boolean; live?: boolean } = {}): Promise<void> {
  await w.tx.query(
    `UPDATE power_lines SET state = 'ended', outcome = $3, decided_at = coalesce(decided_at, $4), ended_at = $4, answered_at = coalesce(answered_at, $5), live_answered = $6
      WHERE workspace_id = $1 AND call_session_id = $2`,
    [w.ws, line.call_session_id, outcome, w.now, line.cs_answered_at, o.live ?? false],
  );
  if (o.hangup) w.commands.push({ kind: 'hangup', callSessionId: line.call_session_id, providerCallId: line.provider_call_id });
  await settleItem(w, line, outcome);
}

const ATTEMPT_KEYS: Partial<Record<CallOutcome, string>> = { no_answer: 'no_answer', busy: 'no_answer', machine: 'no_answer', voicemail_dropped: 'left_voicemail' };
const OUTCOME_WORDS: Record<CallOutcome, string> = {
  bridged: 'connected', abandoned: 'answered while no rep was free — safe-harbor message played', machine: 'reached a machine, hung up', voicemail_dropped: 'voicemail dropped',
  no_answer: 'no answer', busy: 'busy', failed: 'the call failed', bad_number: 'bad number', canceled_before_answer: 'released before answer', amd_unknown: 'unclear answer, hung up',
};

async function settleItem(w: Work, line: LineRow, outcome: CallOutcome): Promise<void> {
  const { rows } = await w.tx.query<{ power_attempts: number; phone: string | null }>('SELECT power_attempts, phone FROM dial_session_items WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [w.ws, line.item_id]);
  const item = rows[0];
  if (!item) return;
  const r = nextForItem({ attempts: item.power_attempts }, outcome, w.ecfg, w.now.getTime());
  const attempts = item.power_attempts + (r.burnAttempt ? 1 : 0);
  const actor = { workspaceId: w.ws, actorUserId: null, actorLabel: 'Power dialer' };
  // an outcome the provider reported for certain is an attempt (SPEC §1.1); a conversation's is the rep's disposition
  const key = ATTEMPT_KEYS[outcome];
  if (key && r.burnAttempt) {
    const known = await w.tx.query('SELECT 1 FROM dispositions WHERE workspace_id = $1 AND key = $2', [w.ws, key]);
    if (known.rows.length) {
      await insertAttempts(w.tx, w.ws, [{ callSessionId: line.call_session_id, leadId: line.lead_id, contactId: line.contact_id, userId: line.user_id ?? w.s.user_id, dispositionKey: key, dmReached: false, notes: `Power dialer: ${OUTCOME_WORDS[outcome]}`, createdAt: w.now }]);
    }
  }
  const next = r.next;
  const words = `Power dialer (attempt ${line.attempt_no} of ${w.cfg.maxAttempts}): ${OUTCOME_WORDS[outcome]}`;
  switch (next.kind) {
    case 'done':
      await w.tx.query(`UPDATE dial_session_items SET power_state = 'done', power_attempts = $3, last_outcome = $4 WHERE workspace_id = $1 AND id = $2`, [w.ws, line.item_id, attempts, outcome]);
      break;
    case 'redial': {
      const order = await orderKey(w.tx, w.ws, w.s.id, next.where);
      await w.tx.query(
        `UPDATE dial_session_items SET power_state = 'redial', power_attempts = $3, last_outcome = $4, ready_at = $5, power_order = $6 WHERE workspace_id = $1 AND id = $2`,
        [w.ws, line.item_id, attempts, outcome, new Date(next.readyAt), order],
      );
      break;
    }
    case 'exhausted':
      await w.tx.query(
        `UPDATE dial_session_items SET power_state = 'exhausted', power_attempts = $3, last_outcome = $4, status = 'called', done_at = $5 WHERE workspace_id = $1 AND id = $2`,
        [w.ws, line.item_id, attempts, outcome, w.now],
      );
      if (w.cfg.autoSmsOnExhaust && item.phone) w.exhausted.push({ leadId: line.lead_id, phone: item.phone });
      break;
    case 'dead':
      await w.tx.query(
        `UPDATE dial_session_items SET power_state = 'dead', power_attempts = $3, last_outcome = $4, status = 'skipped', skip_reason = $5, done_at = $6 WHERE workspace_id = $1 AND id = $2`,
        [w.ws, line.item_id, attempts, outcome, outcome === 'bad_number' ? 'Bad number' : 'Not callable', w.now],
      );
      break;
  }
  if (outcome !== 'canceled_before_answer') {
    await recordActivity(w.tx, { ...actor, leadId: line.lead_id, contactId: line.contact_id, kind: 'call.power', summary: next.kind === 'exhausted' ? `${words} — no more attempts` : words, after: { outcome, attempt: line.attempt_no, next: next.kind }, refType: 'call_session', refId: line.call_session_id });
  }
}

/** Reps whose wrap-up ended with a logged outcome are ready for the next call. */
async function releaseWrappedUp(w: Work): Promise<void> {
  const { rows } = await w.tx.query<{ user_id: string }>(
    `UPDATE power_reps r SET state = 'available', state_since = $3, call_session_id = NULL
       FROM call_sessions cs WHERE r.workspace_id = $1 AND r.dial_session_id = $2 AND r.state = 'wrap_up' AND cs.id = r.call_session_id
        AND EXISTS (SELECT 1 FROM attempts a WHERE a.call_session_id = cs.id)
     RETURNING r.user_id`,
    [w.ws, w.s.id, w.now],
  );
  for (const r of rows) {
    const rep = w.reps.find((x) => x.user_id === r.user_id);
    if (rep) Object.assign(rep, { state: 'available', state_since: w.now, call_session_id: null });
  }
}

// ───────────── placing calls ─────────────

async function placeLines(w: Work, telephony: ResolvedTelephony, want: number): Promise<number> {
  let placed = 0;
  let looked = 0;
  while (placed < want && looked < want * 6) {
    const batch = await pickItems(w.tx, w.ws, w.s.id, want - placed, w.now);
    if (batch.length === 0) break;
    looked += batch.length;
    for (const item of batch) {
      if (!item.phone) {
        await w.tx.query(`UPDATE dial_session_items SET power_state = 'dead', status = 'skipped', skip_reason = 'No phone number', done_at = $3 WHERE workspace_id = $1 AND id = $2`, [w.ws, item.id, w.now]);
        continue;
      }
      const gate = await checkDial(w.tx, { workspaceId: w.ws, userId: w.s.user_id }, { leadId: item.lead_id, phone: item.phone, kind: 'call', source: 'engine', at: w.now });
      if (!gate.allowed) {
        if (gate.code === 'dnc' || gate.code === 'bad_number' || gate.code === 'no_phone') {
          await w.tx.query(`UPDATE dial_session_items SET power_state = 'dead', status = 'skipped', skip_reason = $3, last_outcome = $4, done_at = $5 WHERE workspace_id = $1 AND id = $2`, [w.ws, item.id, gate.reason.slice(0, 300), gate.code, w.now]);
        } else {
          // calling hours, state caps, minimum gap: the lead waits until it may be called
          const readyAt = gate.nextAllowedAt ?? new Date(w.now.getTime() + 30 * 60_000);
          await w.tx.query(`UPDATE dial_session_items SET power_state = 'redial', ready_at = $3, last_outcome = $4 WHERE workspace_id = $1 AND id = $2`, [w.ws, item.id, readyAt, gate.code]);
        }
        continue;
      }
      const pick = w.cfg.callerIdMode === 'fixed' && w.cfg.callerId ? { e164: w.cfg.callerId } : await pickCallerId(w.tx, w.ws, item.phone, { provider: telephony.adapter });
      const from = pick?.e164 ?? telephony.fromNumber;
      const repId = w.s.shared ? null : w.s.user_id;
      const [id] = await insertCallSessions(w.tx, w.ws, [{
        provider: telephony.adapter, providerCallId: null, direction: 'outbound', from, to: item.phone, status: 'initiated',
        statusHistory: [{ status: 'initiated', at: w.now.toISOString(), source: 'app' }], startedAt: w.now, leadId: item.lead_id, contactId: item.contact_id,
        userId: repId, dialSessionId: w.s.id, dialSessionItemId: item.id, record: w.cfg.record,
      }]);
      await w.tx.query(
        `INSERT INTO power_lines (call_session_id, workspace_id, dial_session_id, item_id, user_id, state, attempt_no, placed_at) VALUES ($1, $2, $3, $4, $5, 'dialing', $6, $7)`,
        [id, w.ws, w.s.id, item.id, repId, item.power_attempts + 1, w.now],
      );
      await w.tx.query(`UPDATE dial_session_items SET power_state = 'dialing', call_session_id = $3 WHERE workspace_id = $1 AND id = $2`, [w.ws, item.id, id]);
      w.commands.push({ kind: 'place', callSessionId: id, itemId: item.id, leadId: item.lead_id, from, to: item.phone, record: w.cfg.record, amd: w.hasDrop ? 'detect_message_end' : 'detect', ringTimeoutSeconds: w.cfg.ringTimeoutSeconds });
      placed++;
    }
  }
  return placed;
}

/** Sends the decided commands to the provider; returns how many placements were refused. */
async function execute(deps: Deps, ws: string, telephony: ResolvedTelephony, commands: Command[]): Promise<number> {
  const base = deps.config.publicUrl;
  let refused = 0;
  await Promise.all(commands.map(async (c) => {
    try {
      if (c.kind === 'place') {
        const r = await telephony.port.placeCall({
          workspaceId: ws, callSessionId: c.callSessionId, from: c.from, to: c.to,
          instructionsUrl: `${base}/webhooks/twilio/twiml/power/hold?cs=${c.callSessionId}`, statusCallbackUrl: `${base}/webhooks/twilio/voice?cs=${c.callSessionId}`,
          record: c.record, machineDetection: c.amd, ringTimeoutSeconds: c.ringTimeoutSeconds,
        });
        await withWorkspace(deps.db, ws, (tx) => tx.query('UPDATE call_sessions SET provider_call_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 AND provider_call_id IS NULL', [ws, c.callSessionId, r.providerCallId]));
        return;
      }
      const providerCallId = c.providerCallId ?? (await withWorkspace(deps.db, ws, (tx) => tx.query<{ p: string | null }>('SELECT provider_call_id AS p FROM call_sessions WHERE workspace_id = $1 AND id = $2', [ws, c.callSessionId]))).rows[0]?.p;
      if (!providerCallId) return;
      if (c.kind === 'hangup') await telephony.port.hangup(providerCallId);
      else await telephony.port.updateCall({ providerCallId, instructionsUrl: `${base}/webhooks/twilio/twiml/power/${c.path}?cs=${c.callSessionId}` });
    } catch (err) {
      if (c.kind !== 'place') {
        deps.log.warn({ workspaceId: ws, callSessionId: c.callSessionId, command: c.kind, err: err instanceof Error ? err.message : String(err) }, 'power dialer: provider command failed');
        return;
      }
      refused++;
      await withWorkspace(deps.db, ws, async (tx) => {
        await tx.query(
          `UPDATE call_sessions SET status = 'failed', ended_at = now(), updated_at = now(),
                  status_history = status_history || jsonb_build_array(jsonb_build_object('status', 'failed', 'at', now(), 'source', 'app'))
            WHERE workspace_id = $1 AND id = $2 AND status = 'initiated'`,
          [ws, c.callSessionId],
        );
        if (err instanceof TelephonyError && err.isBadNumber) {
          await flagPhone(tx, { workspaceId: ws, phone: c.to, kind: 'bad_number', reason: err.message, leadId: c.leadId, createdBy: null });
        }
      });
      deps.log.warn({ workspaceId: ws, callSessionId: c.callSessionId, err: err instanceof Error ? err.message : String(err) }, 'power dialer: the provider refused a call');
    }
  }));
  return refused;
}
