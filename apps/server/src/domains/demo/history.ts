import crypto from 'node:crypto';
import type { Disposition, NewAttempt, NewCallSession } from '../calls/index.ts';
import type { ActivityRecord, ContactRecord, DemoUser, LeadRecord, TaskRecord } from './model.ts';
import type { Rng } from './prng.ts';
import type { Industry } from './industries.ts';
import { OBJECTIONS } from './industries.ts';
import { describeCall, playCall } from './calls.ts';
import { gapDaysAfter, lastCallDaysAgo, NOTES, type PlannedCall } from './outcomes.ts';
import { DAY, HOUR, duringBusinessHours, localDate, zonedInstant } from './time.ts';

export interface HistoryInput {
  rng: Rng;
  now: Date;
  workspaceTimezone: string;
  lead: LeadRecord;
  contacts: ContactRecord[];
  caller: DemoUser;
  industry: Industry;
  dispositions: Map<string, Disposition>;
  stageLabel: (key: string) => string;
  planned: PlannedCall[];
  /** Add a call that was hung up before anyone answered (a session without an attempt). */
  withCanceledCall: boolean;
}

export interface HistoryOutput {
  calls: NewCallSession[];
  attempts: NewAttempt[];
  tasks: TaskRecord[];
  activities: ActivityRecord[];
  finalStage: string;
  firstTouchAt: Date | null;
  lastTouchAt: Date | null;
  connected: number;
  objections: string[];
}

const fullName = (c: ContactRecord) => `${c.firstName} ${c.lastName}`;

/** Call times: spaced by outcome, ending recently for open conversations, all within 90 days. */
function callTimes(h: HistoryInput): Date[] {
  const { rng, now, planned, lead } = h;
  const gaps = planned.slice(1).map((_p, i) => gapDaysAfter(planned[i].disposition, rng));
  const lastAgo = lastCallDaysAgo(lead.stage, rng);
  const total = gaps.reduce((s, g) => s + g, 0);
  const scale = total > 85 - lastAgo ? (85 - lastAgo) / total : 1;
  const latest = now.getTime() - HOUR;
  const times: Date[] = [];
  let day = now.getTime() - lastAgo * DAY;
  for (let i = planned.length - 1; i >= 0; i--) {
    let at = duringBusinessHours(new Date(day), lead.timezone, rng.int(9, 16), rng.int(0, 59));
    while (at.getTime() > latest || (times.length && at.getTime() > times[0].getTime() - HOUR)) at = duringBusinessHours(new Date(at.getTime() - DAY), lead.timezone, rng.int(9, 16), rng.int(0, 59));
    times.unshift(at);
    if (i > 0) day = at.getTime() - Math.max(1, Math.round(gaps[i - 1] * scale)) * DAY;
  }
  return times;
}

/** When an open task is due: some overdue, some today, most upcoming (the Dialer's three buckets). */
function openTaskDue(h: HistoryInput, createdAt: Date, dueInDays: number | undefined, kind: string): Date {
  const { rng, now } = h;
  if (kind === 'nurture' && dueInDays) return new Date(createdAt.getTime() + dueInDays * DAY);
  const bucket = rng.weighted([['overdue', 30], ['today', 25], ['upcoming', 45]] as const);
  if (bucket === 'overdue' && now.getTime() - createdAt.getTime() > 3 * HOUR) {
    return new Date(createdAt.getTime() + HOUR + rng.next() * (now.getTime() - createdAt.getTime() - 2 * HOUR));
  }
  if (bucket !== 'upcoming') {
    const today = localDate(now, h.workspaceTimezone);
    return zonedInstant(today.y, today.m, today.d, rng.int(10, 17), rng.pick([0, 15, 30, 45]), h.workspaceTimezone);
  }
  const at = new Date(now.getTime() + rng.int(1, 14) * DAY);
  return duringBusinessHours(at, h.lead.timezone, rng.int(9, 16), rng.pick([0, 30]));
}

export function playHistory(h: HistoryInput): HistoryOutput {
  const { rng, lead, caller, contacts } = h;
  const out: HistoryOutput = { calls: [], attempts: [], tasks: [], activities: [], finalStage: 'new', firstTouchAt: null, lastTouchAt: null, connected: 0, objections: [] };
  const primary = contacts.find((c) => c.isPrimary) ?? contacts[0];
  const dm = contacts.find((c) => c.isDecisionMaker) ?? primary;
  const actor = { actorUserId: caller.id, actorLabel: caller.name };
  const activity = (a: Omit<ActivityRecord, 'leadId' | 'actorUserId' | 'actorLabel'>) => out.activities.push({ leadId: lead.id, ...actor, ...a });
  let stage = 'new';
  const moveStage = (to: string, at: Date, why: string) => {
    if (to === stage) return;
    activity({ contactId: null, kind: 'stage.changed', summary: `Stage: ${h.stageLabel(stage)} → ${h.stageLabel(to)} (${why})`, before: { stage }, after: { stage: to }, refType: null, refId: null, occurredAt: at });
    stage = to;
  };
  const openTasks: TaskRecord[] = [];
  const closeOpenTasks = (at: Date) => {
    for (const t of openTasks.splice(0)) {
      t.status = 'done';
      t.completedAt = at;
      activity({ contactId: t.contactId, kind: 'task.completed', summary: `Completed task: ${t.title}`, before: null, after: null, refType: 'task', refId: t.id, occurredAt: at });
    }
  };
  const addTask = (t: Omit<TaskRecord, 'id' | 'leadId' | 'ownerId' | 'createdBy' | 'status' | 'completedAt'>) => {
    const task: TaskRecord = { id: crypto.randomUUID(), leadId: lead.id, ownerId: caller.id, createdBy: caller.id, status: 'open', completedAt: null, ...t };
    out.tasks.push(task);
    openTasks.push(task);
    activity({ contactId: t.contactId, kind: 'task.created', summary: `Task: ${t.title}, due ${t.dueAt.toISOString().slice(0, 10)}`, before: null, after: { kind: t.kind, dueAt: t.dueAt.toISOString() }, refType: 'task', refId: task.id, occurredAt: t.createdAt });
  };

  const times = h.planned.length ? callTimes(h) : [];
  const canceledBefore = h.withCanceledCall ? (times.length ? rng.int(0, times.length - 1) : -1) : null;
  if (canceledBefore === -1) {
    const at = duringBusinessHours(new Date(h.now.getTime() - rng.int(1, 20) * DAY), lead.timezone, rng.int(9, 16), rng.int(0, 59));
    times.unshift(at);
  }
  const plan: (PlannedCall | null)[] = canceledBefore === -1 ? [null] : [...h.planned];
  if (canceledBefore !== null && canceledBefore >= 0) {
    plan.splice(canceledBefore, 0, null);
    times.splice(canceledBefore, 0, new Date(times[canceledBefore].getTime() - rng.int(3, 40) * 60_000));
  }

  plan.forEach((p, i) => {
    const disposition = p ? h.dispositions.get(p.disposition) : undefined;
    if (p && !disposition) throw new Error(`demo plan uses unknown disposition ${p.disposition}`);
    const talkTo = p && ['no_answer', 'left_voicemail', 'gatekeeper', 'bad_number'].includes(p.disposition) ? primary : dm;
    const objection = rng.pick(OBJECTIONS);
    const played = playCall({
      rng,
      startedAt: times[i],
      disposition: p?.disposition ?? 'canceled',
      from: caller.phone,
      to: talkTo.phones[0],
      leadId: lead.id,
      contactId: talkTo.id,
      userId: caller.id,
      talk: { rep: caller.name.split(' ')[0], prospect: talkTo.firstName, company: lead.name, setup: rng.pick(h.industry.currentSetup), pain: rng.pick(h.industry.pains), objection, callbackDay: rng.pick(['Tuesday', 'Wednesday', 'Thursday', 'Friday']) },
    });
    out.calls.push(played.session);
    out.firstTouchAt ??= times[i];
    out.lastTouchAt = played.endedAt;
    activity({ contactId: talkTo.id, kind: 'call.ended', summary: describeCall(played.session, fullName(talkTo)), before: null, after: { status: played.session.status, providerDurationSeconds: played.session.providerDurationSeconds ?? 0 }, refType: 'call_session', refId: played.session.id, occurredAt: played.endedAt });
    if (!p || !disposition) return; // a canceled call has no known outcome: no attempt (SPEC §1.1)

    if (played.connected) out.connected++;
    const loggedAt = new Date(played.endedAt.getTime() + rng.int(15, 90) * 1000);
    const tags = ['not_interested', 'some_interest', 'meeting_set', 'sold'].includes(p.disposition) && (p.disposition === 'not_interested' || rng.chance(0.6)) ? [objection] : [];
    out.objections.push(...tags);
    const attemptId = crypto.randomUUID();
    const notes = rng.pick(NOTES[p.disposition] ?? ['']);
    out.attempts.push({ id: attemptId, callSessionId: played.session.id, leadId: lead.id, contactId: talkTo.id, userId: caller.id, dispositionKey: p.disposition, dmReached: disposition.countsAsDm, notes, objectionTags: tags, notInterestedReason: p.notInterestedReason ?? null, createdAt: loggedAt });
    out.lastTouchAt = loggedAt;
    activity({ contactId: talkTo.id, kind: 'attempt.logged', summary: `Logged ${disposition.label}${disposition.countsAsDm ? ' · DM reached' : ''}${notes ? `: ${notes}` : ''}`, before: null, after: { disposition: p.disposition, dmReached: disposition.countsAsDm, objectionTags: tags }, refType: 'attempt', refId: attemptId, occurredAt: loggedAt });

    closeOpenTasks(loggedAt); // the call was the follow-up the last task asked for
    if (stage === 'new') moveStage('contacted', loggedAt, 'first call logged');
    if (disposition.effects.move_stage) moveStage(disposition.effects.move_stage, loggedAt, `logged ${disposition.label}`);
    const effect = disposition.effects.create_task;
    const isLast = i === plan.length - 1;
    if (effect && !(isLast && p.thenStage)) {
      const dueAt = isLast
        ? openTaskDue(h, loggedAt, effect.due_in_days, effect.kind)
        : new Date(effect.ask_due ? times[i + 1].getTime() : loggedAt.getTime() + (effect.due_in_days ?? 1) * DAY);
      const title = effect.kind === 'follow_up' && p.disposition === 'meeting_set' ? `Meeting with ${talkTo.firstName}` : effect.title;
      addTask({ contactId: talkTo.id, kind: effect.kind, title, dueAt, createdAt: loggedAt });
    }
    if (p.thenStage) moveStage(p.thenStage, new Date(loggedAt.getTime() + rng.int(5, 90) * 60_000), 'closed by rep');
  });
  // a few tasks reps add by hand: another try after a string of no-answers, onboarding after a sale
  const last = out.lastTouchAt;
  if (last && openTasks.length === 0 && stage === 'contacted' && rng.chance(0.3)) {
    addTask({ contactId: primary.id, kind: 'follow_up', title: 'Try again next week', dueAt: openTaskDue(h, last, undefined, 'follow_up'), createdAt: last });
  }
  if (last && stage === 'won' && rng.chance(0.4)) {
    addTask({ contactId: dm.id, kind: 'other', title: 'Onboarding kickoff', dueAt: openTaskDue(h, last, undefined, 'other'), createdAt: last });
  }
  out.finalStage = stage;
  return out;
}
