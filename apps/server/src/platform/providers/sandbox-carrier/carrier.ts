import crypto from 'node:crypto';
import twilio from 'twilio';
import type { InProcessRequest, InProcessResponse } from '../telephony/twilio/request-client.ts';
import { DEFAULT_STATS, callRng, magicSuffix, planCall, type AmdMode, type CallPlan, type CarrierStats, type PlannedEvent } from './planner.ts';
import { sampleTranscript } from './transcripts.ts';
import { twimlPlayout } from './twiml-playout.ts';
import { parseBasic, twilioError } from './twilio-rest.ts';

/** One signed webhook, ready to send: the URL, the form fields, and their X-Twilio-Signature. */
export interface WebhookDelivery {
  url: string;
  params: Record<string, string>;
  signature: string;
}

/** What the app answered: its HTTP status, and the body when the carrier needs it (TwiML). */
export interface DeliveryResult {
  status: number;
  body?: string;
}

/** Sends a webhook and answers the HTTP status the app replied with (and, for TwiML, the document). */
export type Deliver = (d: WebhookDelivery) => Promise<number | DeliveryResult>;

/** True when the AccountSid/auth token pair may place calls. */
export type CheckAccount = (accountSid: string, authToken: string) => Promise<boolean>;

export interface CarrierLog {
  warn(obj: unknown, msg?: string): void;
}

export interface CarrierOptions {
  seed: number;
  /** 1 = real time; 0.01 plays a 2-minute call in 1.2 s. */
  timeScale: number;
  stats?: CarrierStats;
  deliver: Deliver;
  checkAccount: CheckAccount;
  /** Absolute URL the carrier is reachable at (recording URLs point here). */
  publicBase: string;
  log?: CarrierLog;
  /** Time source and timers (a virtual clock in tests and simulations); default: the wall clock and Node's timers. */
  clock?: CarrierClock;
}

/** What the carrier needs of a clock; `VirtualClock` (power-dialer engine) fits. */
export interface CarrierClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: CarrierClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // a sandbox call in flight never keeps the process alive
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface DeliveredWebhook {
  kind: PlannedEvent['kind'] | 'hangup';
  url: string;
  params: Record<string, string>;
  signature: string;
  /** HTTP status the app answered, or 0 when it could not be reached. */
  status: number;
}

type TwilioStatus = 'queued' | 'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
const TERMINAL: ReadonlySet<TwilioStatus> = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

interface Call {
  sid: string;
  accountSid: string;
  authToken: string;
  from: string;
  to: string;
  url: string | null;
  statusCallback: string | null;
  statusEvents: Set<string>;
  recordingCallback: string | null;
  recordingEvents: Set<string>;
  amdCallback: string | null;
  record: boolean;
  amd: AmdMode;
  timeout: number;
  plan: CallPlan;
  status: TwilioStatus;
  statusSeq: number;
  recordingSid: string | null;
  createdAt: Date;
  answeredAtMs: number | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  timers: Set<unknown>;
  /** The end the current TwiML document brings (a voicemail drop, the safe-harbor message); replaced by the next document. */
  twimlEnd: unknown;
  /** Deliveries go out one after another per call, in the order they fired. */
  chain: Promise<void>;
  inflight: number;
  delivered: DeliveredWebhook[];
  done: Promise<void>;
  resolveDone: () => void;
  waiters: { status: TwilioStatus; resolve: () => void }[];
}

const E164 = /^\+[1-9][0-9]{7,14}$/;
const API = '/2010-04-01/Accounts/';

/** RFC 2822, as Twilio writes its Timestamp and date fields. */
export const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

/**
 * The sandbox carrier: accepts Twilio's call REST requests (create, fetch, update) and plays each
 * call out by sending Twilio-signed webhooks at the planned (time-scaled) moments. Timers live in
 * this process only; see docs/decisions for what a restart does to calls in flight.
 */
export class SandboxCarrier {
  private readonly calls = new Map<string, Call>();
  private placed = 0;
  private opts: CarrierOptions;

  constructor(opts: CarrierOptions) {
    this.opts = opts;
  }

  private get clock(): CarrierClock {
    return this.opts.clock ?? REAL_CLOCK;
  }

  private date(): Date {
    return new Date(this.clock.now());
  }

  get timeScale() {
    return this.opts.timeScale;
  }

  /** Changes statistics, seed or speed for calls placed from now on (tests, the CLI). */
  configure(patch: Partial<Pick<CarrierOptions, 'seed' | 'timeScale' | 'stats' | 'clock'>>) {
    this.opts = { ...this.opts, ...patch };
    if (patch.seed !== undefined) this.placed = 0;
  }

  /** The plan of the next call to `to` without placing it (tests). */
  get stats(): CarrierStats {
    return this.opts.stats ?? DEFAULT_STATS;
  }

  // ───────────── REST ─────────────

  async handleRest(req: InProcessRequest): Promise<InProcessResponse> {
    const path = req.path.split('?')[0];
    if (!path.startsWith(API)) return twilioError(404, 20404, `The requested resource ${path} was not found`);
    const [accountSid, collection, file, ...rest] = path.slice(API.length).split('/');
    const callsJson = collection === 'Calls.json' && file === undefined;
    const oneCall = collection === 'Calls' && file?.endsWith('.json') && rest.length === 0;
    if (!accountSid || (!callsJson && !oneCall)) return twilioError(404, 20404, `The requested resource ${path} was not found`);

    const creds = parseBasic(req.authorization);
    if (!creds || creds.user !== accountSid || !(await this.opts.checkAccount(creds.user, creds.pass))) {
      return twilioError(401, 20003, 'Authenticate');
    }
    const form = new URLSearchParams(req.body);
    if (callsJson) {
      if (req.method !== 'POST') return twilioError(405, 20004, 'Method not allowed');
      return this.create(accountSid, creds.pass, form);
    }
    const call = this.calls.get(file.slice(0, -'.json'.length));
    if (!call || call.accountSid !== accountSid) return twilioError(404, 20404, `The requested resource ${path} was not found`);
    if (req.method === 'GET') return { status: 200, body: this.resource(call) };
    if (req.method !== 'POST') return twilioError(405, 20004, 'Method not allowed');
    return this.update(call, form);
  }

  private create(accountSid: string, authToken: string, form: URLSearchParams): InProcessResponse {
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const url = form.get('Url');
    if (!to) return twilioError(400, 21201, "No 'To' number is specified");
    if (!from) return twilioError(400, 21213, "No 'From' number is specified");
    if (!url && !form.get('Twiml')) return twilioError(400, 21205, 'Url is not a valid URL');
    if (!E164.test(to) || magicSuffix(to) === '0006') return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!E164.test(from)) return twilioError(400, 21212, `Invalid 'From' Phone Number: ${from}`);
    const timeout = Math.min(600, Math.max(5, Number(form.get('Timeout') ?? 60) || 60));
    const md = form.get('MachineDetection');
    const amd: AmdMode = md === 'Enable' || md === 'DetectMessageEnd' ? md : 'off';
    const record = form.get('Record') === 'true';

    this.prune();
    const n = this.placed++;
    const plan = planCall(callRng(this.opts.seed, n), { to, timeoutSeconds: timeout, amd, record }, this.stats);
    let resolveDone = () => {};
    const done = new Promise<void>((r) => (resolveDone = r));
    const statusEvents = form.getAll('StatusCallbackEvent').flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
    const recordingEvents = form.getAll('RecordingStatusCallbackEvent').flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
    const call: Call = {
      sid: 'CA' + crypto.randomBytes(16).toString('hex'),
      accountSid, authToken, from, to, url, record, amd, timeout, plan,
      statusCallback: form.get('StatusCallback'),
      // Twilio sends only the final status unless asked for more
      statusEvents: new Set(statusEvents.length ? statusEvents : ['completed']),
      recordingCallback: form.get('RecordingStatusCallback'),
      recordingEvents: new Set(recordingEvents.length ? recordingEvents : ['completed']),
      amdCallback: form.get('AsyncAmd') === 'true' ? form.get('AsyncAmdStatusCallback') : null,
      status: 'queued', statusSeq: -1, recordingSid: null,
      createdAt: this.date(), answeredAtMs: null, endedAt: null, durationSeconds: null,
      timers: new Set(), twimlEnd: null, chain: Promise.resolve(), inflight: 0, delivered: [], done, resolveDone, waiters: [],
    };
    this.calls.set(call.sid, call);
    plan.events.forEach((e, i) => this.schedule(call, e.atMs, () => this.fire(call, e, i)));
    return { status: 201, body: this.resource(call) };
  }

  private update(call: Call, form: URLSearchParams): InProcessResponse {
    const status = form.get('Status');
    const url = form.get('Url');
    if (url) {
      call.url = url;
      if (call.status === 'in-progress') this.sendTwiml(call);
    }
    if (status === 'completed' || status === 'canceled') this.hangup(call, status);
    else if (status) return twilioError(400, 21220, `Invalid call state: ${status}`);
    return { status: 200, body: this.resource(call) };
  }

  private resource(call: Call) {
    const base = `${API}${call.accountSid}/Calls/${call.sid}`;
    return {
      sid: call.sid,
      account_sid: call.accountSid,
      api_version: '2010-04-01',
      to: call.to, to_formatted: call.to, from: call.from, from_formatted: call.from,
      status: call.status,
      direction: 'outbound-api',
      start_time: call.answeredAtMs ? rfc2822(new Date(call.answeredAtMs)) : null,
      end_time: call.endedAt ? rfc2822(call.endedAt) : null,
      duration: call.durationSeconds === null ? null : String(call.durationSeconds),
      date_created: rfc2822(call.createdAt),
      date_updated: rfc2822(this.date()),
      parent_call_sid: null, price: null, price_unit: 'USD', answered_by: null, caller_name: null, queue_time: '0',
      uri: `${base}.json`,
      subresource_uris: { recordings: `${base}/Recordings.json` },
    };
  }

  // ───────────── playout ─────────────

  private schedule(call: Call, atMs: number, fn: () => void) {
    const delay = Math.max(0, Math.round(atMs * this.opts.timeScale));
    const timer = this.clock.setTimeout(() => {
      call.timers.delete(timer);
      fn();
      this.maybeSettle(call);
    }, delay);
    call.timers.add(timer);
  }

  private fire(call: Call, e: PlannedEvent, index: number) {
    const dup = call.plan.duplicates.includes(index);
    switch (e.kind) {
      case 'status': {
        const seq = e.seq;
        if (e.status === 'in-progress') call.answeredAtMs = this.clock.now();
        this.setStatus(call, e.status, seq);
        if (TERMINAL.has(e.status)) {
          call.endedAt = this.date();
          call.durationSeconds = call.plan.talkSeconds;
        }
        const event = e.status === 'in-progress' ? 'answered' : TERMINAL.has(e.status) ? 'completed' : e.status;
        if (!call.statusCallback || !call.statusEvents.has(event)) return;
        const extra: Record<string, string> = {};
        if (TERMINAL.has(e.status)) {
          extra.CallDuration = String(call.plan.talkSeconds);
          // Duration: billable minutes, rounded up as Twilio bills
          extra.Duration = String(Math.ceil(call.plan.talkSeconds / 60));
          if (call.plan.answeredBy) extra.AnsweredBy = call.plan.answeredBy;
          if (call.plan.errorCode) extra.ErrorCode = call.plan.errorCode;
        }
        this.send(call, 'status', call.statusCallback, { ...this.callFields(call, e.status), SequenceNumber: String(seq), CallbackSource: 'call-progress-events', ...extra }, dup);
        return;
      }
      case 'twiml':
        this.sendTwiml(call, dup);
        return;
      case 'amd':
        if (!call.amdCallback || !call.plan.answeredBy) return;
        this.send(call, 'amd', call.amdCallback, { AccountSid: call.accountSid, CallSid: call.sid, AnsweredBy: call.plan.answeredBy, MachineDetectionDuration: String(call.plan.amdMs ?? 0) }, dup);
        return;
      case 'recording':
        this.sendRecording(call, e.status, call.plan.talkSeconds, dup);
        return;
      case 'transcription':
        this.sendTranscription(call, dup);
        return;
    }
  }

  private setStatus(call: Call, status: TwilioStatus, seq: number) {
    if (seq > call.statusSeq) {
      call.statusSeq = seq;
      call.status = status;
    }
    call.waiters = call.waiters.filter((w) => {
      if (w.status !== status) return true;
      w.resolve();
      return false;
    });
  }

  private callFields(call: Call, status: string): Record<string, string> {
    return {
      AccountSid: call.accountSid, ApiVersion: '2010-04-01', CallSid: call.sid, CallStatus: status,
      Called: call.to, Caller: call.from, Direction: 'outbound-api', From: call.from, To: call.to,
      Timestamp: rfc2822(this.date()),
    };
  }

  private sendTwiml(call: Call, dup = false) {
    if (!call.url) return;
    const fields: Record<string, string> = { ...this.callFields(call, 'in-progress') };
    delete fields.Timestamp;
    this.send(call, 'twiml', call.url, fields, dup);
  }

  private sendRecording(call: Call, status: 'in-progress' | 'completed', durationSeconds: number, dup = false) {
    if (!call.record || !call.recordingCallback || !call.recordingEvents.has(status)) return;
    call.recordingSid ??= 'RE' + crypto.randomBytes(16).toString('hex');
    const fields: Record<string, string> = {
      AccountSid: call.accountSid, CallSid: call.sid, RecordingSid: call.recordingSid,
      RecordingUrl: `${this.opts.publicBase}/recordings/${call.recordingSid}`,
      RecordingStatus: status, RecordingChannels: '1', RecordingSource: 'OutboundAPI',
      RecordingStartTime: rfc2822(new Date(call.answeredAtMs ?? this.clock.now())),
    };
    if (status === 'completed') Object.assign(fields, { RecordingDuration: String(durationSeconds), ErrorCode: '0' });
    else fields.RecordingDuration = '-1';
    this.send(call, 'recording', call.recordingCallback, fields, dup);
  }

  private sendTranscription(call: Call, dup = false) {
    if (!call.recordingCallback) return;
    const machine = call.plan.outcome === 'machine';
    const fields: Record<string, string> = {
      ...this.callFields(call, 'completed'),
      TranscriptionSid: 'TR' + crypto.createHash('sha256').update(call.sid).digest('hex').slice(0, 32),
      TranscriptionText: sampleTranscript(call.plan.transcript, machine ? 'machine' : 'human'),
      TranscriptionStatus: 'completed',
      TranscriptionType: 'fast',
    };
    if (call.recordingSid) Object.assign(fields, { RecordingSid: call.recordingSid, RecordingUrl: `${this.opts.publicBase}/recordings/${call.recordingSid}` });
    this.send(call, 'transcription', call.recordingCallback, fields, dup);
  }

  /** Signs and queues one webhook (and its duplicate) behind the call's earlier deliveries. */
  private send(call: Call, kind: DeliveredWebhook['kind'], url: string, params: Record<string, string>, duplicate = false) {
    const signature = twilio.getExpectedTwilioSignature(call.authToken, url, params);
    const once = () => {
      call.inflight++;
      call.chain = call.chain.then(async () => {
        let status = 0;
        try {
          const r = await this.opts.deliver({ url, params, signature });
          status = typeof r === 'number' ? r : r.status;
          if (kind === 'twiml' && typeof r !== 'number' && r.body !== undefined && status < 300) this.followTwiml(call, r.body);
        } catch (err) {
          this.opts.log?.warn({ err, url, callSid: call.sid }, 'sandbox carrier: webhook delivery failed');
        }
        if (status >= 300) this.opts.log?.warn({ status, url, callSid: call.sid }, 'sandbox carrier: webhook answered with an error');
        call.delivered.push({ kind, url, params, signature, status });
        call.inflight--;
        this.maybeSettle(call);
      });
    };
    once();
    if (duplicate) once();
  }

  /**
   * Plays the TwiML the app answered: a bridge keeps the call on its plan; a document that hangs
   * up (voicemail drop, safe-harbor message, the hold nobody redirected) ends the call once its
   * spoken and played parts are over.
   */
  private followTwiml(call: Call, xml: string) {
    if (call.status !== 'in-progress') return;
    if (call.twimlEnd !== null) {
      this.clock.clearTimeout(call.twimlEnd);
      call.timers.delete(call.twimlEnd);
      call.twimlEnd = null;
    }
    const p = twimlPlayout(xml);
    if (p.kind === 'continue') return;
    const delay = Math.max(0, Math.round(p.afterMs * this.opts.timeScale));
    const timer = this.clock.setTimeout(() => {
      call.timers.delete(timer);
      call.twimlEnd = null;
      this.hangup(call, 'completed');
      this.maybeSettle(call);
    }, delay);
    call.twimlEnd = timer;
    call.timers.add(timer);
  }

  /** Ends a call at the app's request: ringing → canceled, live → completed (Twilio's rules). */
  private hangup(call: Call, requested: 'completed' | 'canceled') {
    if (TERMINAL.has(call.status)) return;
    const live = call.status === 'in-progress';
    if (live && requested === 'canceled') return; // Twilio: canceled does not end a live call
    for (const t of call.timers) this.clock.clearTimeout(t);
    call.timers.clear();
    const talk = live && call.answeredAtMs ? Math.max(1, Math.round((this.clock.now() - call.answeredAtMs) / this.opts.timeScale / 1000)) : 0;
    call.plan = { ...call.plan, talkSeconds: talk, errorCode: null };
    this.fire(call, { atMs: 0, kind: 'status', status: live ? 'completed' : 'canceled', seq: call.statusSeq + 1 }, -1);
    if (live) {
      this.schedule(call, 1500, () => this.sendRecording(call, 'completed', talk));
      this.schedule(call, 4000, () => this.sendTranscription(call));
    }
    this.maybeSettle(call);
  }

  private maybeSettle(call: Call) {
    if (TERMINAL.has(call.status) && call.timers.size === 0 && call.inflight === 0) call.resolveDone();
  }

  private prune() {
    // keep finished calls for a while so tests and fetches can still read them
    const cutoff = this.clock.now() - 15 * 60_000;
    for (const [sid, c] of this.calls) if (c.endedAt && c.endedAt.getTime() < cutoff && c.timers.size === 0 && c.inflight === 0) this.calls.delete(sid);
  }

  // ───────────── for tests and tools ─────────────

  /** Resolves once every event of the call was delivered (immediately for an unknown sid). */
  settle(callSid: string): Promise<void> {
    return this.calls.get(callSid)?.done ?? Promise.resolve();
  }

  /** Resolves when every webhook that has fired so far was delivered (a virtual clock's step is then complete). */
  async flushed(): Promise<void> {
    await Promise.all([...this.calls.values()].map((c) => c.chain));
  }

  /** Resolves when no call has anything left to deliver. */
  async idle(): Promise<void> {
    for (;;) {
      const open = [...this.calls.values()].filter((c) => !(TERMINAL.has(c.status) && c.timers.size === 0 && c.inflight === 0));
      if (open.length === 0) return;
      await Promise.all(open.map((c) => c.done));
    }
  }

  /** Resolves when the call has reached `status` (Twilio's spelling: 'ringing', 'in-progress' …). */
  waitForStatus(callSid: string, status: TwilioStatus): Promise<void> {
    const call = this.calls.get(callSid);
    if (!call) return Promise.reject(new Error(`Unknown call ${callSid}`));
    if (call.status === status) return Promise.resolve();
    return new Promise((resolve) => call.waiters.push({ status, resolve }));
  }

  /** Every webhook sent for a call, in delivery order. */
  delivered(callSid: string): DeliveredWebhook[] {
    return [...(this.calls.get(callSid)?.delivered ?? [])];
  }

  plan(callSid: string): CallPlan | null {
    return this.calls.get(callSid)?.plan ?? null;
  }

  /** Drops every timer: in-flight calls stop where they are (process shutdown). */
  stop() {
    for (const c of this.calls.values()) {
      for (const t of c.timers) this.clock.clearTimeout(t);
      c.timers.clear();
      c.resolveDone();
    }
  }
}
