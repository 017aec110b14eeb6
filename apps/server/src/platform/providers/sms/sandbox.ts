import crypto from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { ensureSandboxAccount, findAccount, type ProviderAccount } from '../accounts.ts';
import { inProcessDelivery, rfc2822, sameSecret, type Deliver } from '../sandbox-carrier/index.ts';
import { parseBasic, twilioError } from '../sandbox-carrier/twilio-rest.ts';
import { signTwilioRequest } from '../telephony/webhook/twilio.ts';
import { inProcessRequestClient, type InProcessRequest, type InProcessResponse } from '../telephony/twilio/request-client.ts';
import type { SmsPort } from './port.ts';
import { createTwilioSms } from './twilio.ts';

const API = '/2010-04-01/Accounts/';
const E164 = /^\+[1-9][0-9]{7,14}$/;

/**
 * Magic numbers of the sandbox (by the To number's last four digits), like the voice carrier's:
 * 0005 is accepted and then fails at the carrier (30003 unreachable), 0006 is refused as an
 * invalid number (21211), 0007 is refused as unsubscribed (21610: opted out at the carrier).
 */
export const SMS_MAGIC = { failsAfterSend: '0005', invalid: '0006', unsubscribed: '0007' } as const;

export interface SandboxSmsRecord {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  status: string;
  /** Status callbacks sent for it: the status posted and the HTTP status the app answered. */
  callbacks: { status: string; httpStatus: number }[];
}

/** GSM-7-ish estimate; the app counts segments exactly itself (contracts smsSegments). */
const segmentsOf = (body: string) => {
  // eslint-disable-next-line no-control-regex
  const ucs = /[^\u0000-\u007f£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€]/.test(body);
  const per = ucs ? [70, 67] : [160, 153];
  return body.length <= per[0] ? 1 : Math.ceil(body.length / per[1]);
};

export interface SmsSandboxOptions {
  deliver: Deliver;
  checkAccount: (accountSid: string, authToken: string) => Promise<boolean>;
  /** 1 = real time (sent after 0.3 s, delivered after 1.5 s); 0 = at once. */
  timeScale: number;
  log?: { warn(obj: unknown, msg?: string): void };
}

/**
 * A stand-in for Twilio's Messages API inside this process: accepts `messages.create` (Basic auth
 * with the workspace's sandbox account), then posts Twilio-signed status callbacks (sent →
 * delivered, or failed 30003) to the StatusCallback it was given, and delivers simulated inbound
 * texts to /webhooks/twilio/sms signed the same way — the app cannot tell it from Twilio.
 */
export class SmsSandbox {
  private opts: SmsSandboxOptions;
  private readonly messages = new Map<string, SandboxSmsRecord>();
  private pending = new Set<Promise<void>>();

  constructor(opts: SmsSandboxOptions) {
    this.opts = opts;
  }

  configure(patch: Partial<Pick<SmsSandboxOptions, 'timeScale'>>) {
    this.opts = { ...this.opts, ...patch };
  }

  async handleRest(req: InProcessRequest): Promise<InProcessResponse> {
    const path = req.path.split('?')[0];
    if (!path.startsWith(API)) return twilioError(404, 20404, `The requested resource ${path} was not found`);
    const [accountSid, collection, ...rest] = path.slice(API.length).split('/');
    if (!accountSid || collection !== 'Messages.json' || rest.length) return twilioError(404, 20404, `The requested resource ${path} was not found`);
    const creds = parseBasic(req.authorization);
    if (!creds || creds.user !== accountSid || !(await this.opts.checkAccount(creds.user, creds.pass))) return twilioError(401, 20003, 'Authenticate');
    if (req.method !== 'POST') return twilioError(405, 20004, 'Method not allowed');
    const form = new URLSearchParams(req.body);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    const body = form.get('Body') ?? '';
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!from) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if (body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (!E164.test(to) || to.endsWith(SMS_MAGIC.invalid)) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (to.endsWith(SMS_MAGIC.unsubscribed)) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
    const msg: SandboxSmsRecord = { sid: 'SM' + crypto.randomBytes(16).toString('hex'), accountSid, from, to, body, status: 'queued', callbacks: [] };
    this.messages.set(msg.sid, msg);
    if (this.messages.size > 5000) this.messages.delete(this.messages.keys().next().value as string);
    const callback = form.get('StatusCallback');
    if (callback) {
      const fails = to.endsWith(SMS_MAGIC.failsAfterSend);
      this.track(
        (async () => {
          await this.wait(300);
          await this.status(msg, creds.pass, callback, 'sent');
          await this.wait(1200);
          await this.status(msg, creds.pass, callback, fails ? 'failed' : 'delivered', fails ? { ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset' } : {});
        })(),
      );
    }
    return {
      status: 201,
      body: {
        sid: msg.sid, account_sid: accountSid, to, from, body, status: 'queued', num_segments: String(segmentsOf(body)), direction: 'outbound-api',
        date_created: rfc2822(new Date()), error_code: null, error_message: null, uri: `${API}${accountSid}/Messages/${msg.sid}.json`,
      },
    };
  }

  /** A text from `from` to the account's number, posted to the app's inbound webhook as Twilio would. Answers the app's HTTP status. */
  async inbound(input: { account: Pick<ProviderAccount, 'accountId' | 'secret'>; url: string; from: string; to: string; body: string }): Promise<{ sid: string; httpStatus: number }> {
    const sid = 'SM' + crypto.randomBytes(16).toString('hex');
    const params: Record<string, string> = {
      MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, AccountSid: input.account.accountId, From: input.from, To: input.to, Body: input.body,
      NumMedia: '0', NumSegments: String(segmentsOf(input.body)), SmsStatus: 'received', ApiVersion: '2010-04-01',
    };
    const httpStatus = await this.post(input.url, params, input.account.secret);
    return { sid, httpStatus };
  }

  /** Every message accepted for an account, oldest first (tests, the contract test). */
  sent(accountSid: string): SandboxSmsRecord[] {
    return [...this.messages.values()].filter((m) => m.accountSid === accountSid);
  }

  /** Resolves when no status callback is left to deliver. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private track(p: Promise<void>) {
    const q = p.catch((err: unknown) => this.opts.log?.warn({ err }, 'sandbox sms: delivery failed')).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  private wait(ms: number) {
    const scaled = ms * this.opts.timeScale;
    return new Promise<void>((r) => (scaled <= 0 ? setImmediate(r) : setTimeout(r, scaled).unref()));
  }

  private async status(msg: SandboxSmsRecord, token: string, url: string, status: string, extra: Record<string, string> = {}) {
    msg.status = status;
    const params: Record<string, string> = {
      MessageSid: msg.sid, SmsSid: msg.sid, AccountSid: msg.accountSid, From: msg.from, To: msg.to, MessageStatus: status, SmsStatus: status, ApiVersion: '2010-04-01', ...extra,
    };
    msg.callbacks.push({ status, httpStatus: await this.post(url, params, token) });
  }

  private async post(url: string, params: Record<string, string>, token: string): Promise<number> {
    try {
      const r = await this.opts.deliver({ url, params, signature: signTwilioRequest(token, url, params) });
      return typeof r === 'number' ? r : r.status;
    } catch (err) {
      this.opts.log?.warn({ err, url }, 'sandbox sms: webhook delivery failed');
      return 0;
    }
  }
}

const sandboxes = new WeakMap<Deps, SmsSandbox>();

/** The SMS sandbox of this process (per Deps: per test context in tests). */
export function getSmsSandbox(deps: Deps): SmsSandbox {
  let s = sandboxes.get(deps);
  if (!s) {
    s = new SmsSandbox({
      deliver: inProcessDelivery(deps),
      timeScale: deps.config.sandboxCarrier.timeScale,
      checkAccount: async (sid, token) => {
        const account = await findAccount(deps, 'sandbox', sid);
        return account !== null && sameSecret(account.secret, token);
      },
      log: deps.log,
    });
    sandboxes.set(deps, s);
  }
  return s;
}

/** The sandbox adapter: the Twilio SMS adapter with the workspace's sandbox account, talking to the in-process sandbox. */
export function createSandboxSms(deps: Deps, account: Pick<ProviderAccount, 'accountId' | 'secret'>): SmsPort {
  const requestClient = inProcessRequestClient((req) => getSmsSandbox(deps).handleRest(req));
  return createTwilioSms({ accountSid: account.accountId, authToken: account.secret, requestClient, provider: 'sandbox', mode: 'sandbox' });
}

export { ensureSandboxAccount };
