import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { createTestContext, testDbKind, type TestContext } from '../../../../test/harness.ts';
import { createSmtpEmail } from '../email/smtp.ts';
import type { NotificationMessage, NotifierPort } from './port.ts';
import { NotifierError } from './port.ts';
import { createTelegramNotifier } from './telegram.ts';
import { createWebhookNotifier, signWebhook } from './webhook.ts';
import { createEmailNotifier } from './email.ts';

/**
 * One contract for every outside notification channel: the same message through email (a real SMTP
 * exchange with a local server), the Telegram Bot API (a local stub that checks the request the way
 * Telegram documents it) and an outgoing webhook (a local receiver that checks the signature).
 */
const PUBLIC = 'https://flywheel.example.test';
const MESSAGE: NotificationMessage = {
  kind: 'weekly_brief.ready', title: 'Weekly brief · Nov 16–22', body: 'Calls 412 (+12%) · connects 96 · talk 6 h 10 min\nSold 3 · meetings 9 <best week>',
  link: '/brief/abc', data: { calls: 412 },
};

interface Seen { title: string; body: string; link: string | null }
interface Channel { port: NotifierPort; seen(): Seen[]; broken(): NotifierPort; brokenMessage: RegExp; close(): Promise<void> }

async function listen(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return { base: `http://127.0.0.1:${addr.port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
const readBody = (req: http.IncomingMessage) => new Promise<string>((resolve) => {
  let s = '';
  req.on('data', (c) => (s += c));
  req.on('end', () => resolve(s));
});

async function telegram(): Promise<Channel> {
  const seen: Seen[] = [];
  const stub = await listen(async (req, res) => {
    const body = await readBody(req);
    const m = /^\/bot([^/]+)\/sendMessage$/.exec(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    if (!m || req.method !== 'POST' || m[1] !== '123456:ABC-token') {
      res.statusCode = 401;
      return res.end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
    }
    const json = JSON.parse(body) as { chat_id: string; text: string; parse_mode: string };
    // the request as Telegram documents it: JSON, a chat id, HTML text within 4,096 characters
    expect(req.headers['content-type']).toBe('application/json');
    expect(json.chat_id).toBe('-100200300');
    expect(json.parse_mode).toBe('HTML');
    expect(json.text.length).toBeLessThanOrEqual(4096);
    const link = /<a href="([^"]+)">/.exec(json.text)?.[1] ?? null;
    const [, title = '', rest = ''] = /^<b>(.*?)<\/b>\n\n([\s\S]*?)(?:\n\n<a href|$)/.exec(json.text) ?? [];
    seen.push({ title, body: rest.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'), link });
    res.end(JSON.stringify({ ok: true, result: { message_id: 77 } }));
  });
  const make = (token: string) => createTelegramNotifier({ botToken: token, chatId: '-100200300', apiBase: stub.base, publicUrl: PUBLIC });
  return { port: make('123456:ABC-token'), seen: () => seen, broken: () => make('wrong'), brokenMessage: /refused the bot token/, close: stub.close };
}

async function webhook(): Promise<Channel> {
  const seen: Seen[] = [];
  const secret = 'whsec_contract';
  const stub = await listen(async (req, res) => {
    const body = await readBody(req);
    if (req.url === '/fail') {
      res.statusCode = 500;
      return res.end('boom');
    }
    const ts = String(req.headers['x-flywheel-timestamp']);
    expect(req.headers['x-flywheel-signature']).toBe(signWebhook(secret, ts, body));
    expect(req.headers['x-flywheel-event']).toBe('weekly_brief.ready');
    const json = JSON.parse(body) as { title: string; body: string; link: string | null; data: unknown; workspaceId: string };
    expect(json.data).toEqual({ calls: 412 });
    seen.push({ title: json.title, body: json.body, link: json.link });
    res.statusCode = 204;
    res.end();
  });
  const make = (path: string) => createWebhookNotifier({ url: `${stub.base}${path}`, secret, publicUrl: PUBLIC });
  return { port: make('/hook'), seen: () => seen, broken: () => make('/fail'), brokenMessage: /answered HTTP 500/, close: stub.close };
}

async function email(): Promise<Channel> {
  const seen: Seen[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _s, cb) {
      simpleParser(stream).then((m) => {
        const text = (m.text ?? '').trim();
        const link = /Open in Flywheel: (\S+)/.exec(text)?.[1] ?? null;
        seen.push({ title: m.subject ?? '', body: text.replace(/\n\nOpen in Flywheel: \S+$/, ''), link });
        cb();
      }).catch((e: Error) => cb(e));
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  const smtp = createSmtpEmail(t.db, `smtp://127.0.0.1:${addr.port}`, 'Flywheel <no-reply@flywheel.local>');
  return {
    port: createEmailNotifier({ email: smtp, recipients: ['manager@example.test'], publicUrl: PUBLIC }),
    seen: () => seen,
    broken: () => createEmailNotifier({ email: smtp, recipients: [], publicUrl: PUBLIC }),
    brokenMessage: /no recipients/,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let t: TestContext;
let workspaceId: string;
beforeAll(async () => {
  t = await createTestContext();
  workspaceId = (await t.newWorkspace('Notifier contract')).workspaceId;
});
afterAll(async () => t?.close());

describe.each([['email (SMTP)', email], ['telegram', telegram], ['webhook', webhook]] as const)(`notifier contract: %s (${testDbKind})`, (_name, make) => {
  let ch: Channel;
  beforeAll(async () => { ch = await make(); });
  afterAll(async () => ch?.close());

  it('delivers the title, the body and an absolute link to the view', async () => {
    const r = await ch.port.notify({ workspaceId, minRole: 'manager' }, MESSAGE);
    expect(r.delivered).toBe(1);
    const [got] = ch.seen();
    expect(got.title).toBe(MESSAGE.title);
    expect(got.body).toBe(MESSAGE.body);
    expect(got.link).toBe(`${PUBLIC}/brief/abc`);
  });

  it('a refused delivery is a NotifierError that says what to fix', async () => {
    const err = await ch.broken().notify({ workspaceId, minRole: 'manager' }, MESSAGE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifierError);
    expect((err as Error).message).toMatch(ch.brokenMessage);
  });
});

describe('telegram text', () => {
  it('stays within 4,096 characters and keeps the link', async () => {
    const { telegramText } = await import('./telegram.ts');
    const long = telegramText({ ...MESSAGE, body: 'x & y '.repeat(2000) }, PUBLIC);
    expect(long.length).toBeLessThanOrEqual(4096);
    expect(long).toContain(`<a href="${PUBLIC}/brief/abc">Open in Flywheel</a>`);
    expect(long).not.toMatch(/&[a-z]*…/);
  });
});
