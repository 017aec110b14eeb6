import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import type { Db } from '../../../db/client.ts';
import type { EmailPort } from './port.ts';
import { createCaptureEmail } from './capture.ts';
import { createSmtpEmail } from './smtp.ts';
import { createHealthRecorder, readHealth, withEmailHealth } from '../health.ts';
import { withWorkspace } from '../../tenancy/with-workspace.ts';

/** What the recipient's side saw, however the adapter delivers. */
interface Delivered {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string | null;
}

interface Adapter {
  port: EmailPort;
  /** The message as it arrived at its destination (the in-app mailbox, or an SMTP server). */
  delivered(to: string): Promise<Delivered | null>;
  close(): Promise<void>;
}

const FROM = 'Flywheel <no-reply@flywheel.local>';

let t: TestContext;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  ws = await t.newWorkspace('Email contract');
});
afterAll(async () => t?.close());

async function mailboxRow(db: Db, to: string) {
  const { rows } = await db.query<{ to_address: string; from_address: string; subject: string; text_body: string; html_body: string | null; transport: string; workspace_id: string | null; provider_message_id: string | null }>(
    'SELECT * FROM mail_messages WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1',
    [to],
  );
  return rows[0] ?? null;
}

/** A real SMTP server on an ephemeral port; refuses recipients starting with "reject". */
async function startSmtpPeer() {
  const received: Delivered[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('reject')) cb(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          const to = Array.isArray(m.to) ? m.to.flatMap((x) => x.value) : (m.to?.value ?? []);
          received.push({
            to: to.map((a) => a.address ?? '').join(','),
            from: m.from?.text ?? '',
            subject: m.subject ?? '',
            text: (m.text ?? '').trim(),
            html: typeof m.html === 'string' ? m.html : null,
          });
          cb();
        })
        .catch((err: Error) => cb(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const addr = server.server.address();
  if (!addr || typeof addr === 'string') throw new Error('smtp peer has no port');
  return { url: `smtp://127.0.0.1:${addr.port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const adapters: [string, () => Promise<Adapter>][] = [
  [
    'capture (sandbox)',
    async () => ({
      port: createCaptureEmail(t.db, FROM),
      async delivered(to) {
        const r = await mailboxRow(t.db, to);
        return r && { to: r.to_address, from: r.from_address, subject: r.subject, text: r.text_body, html: r.html_body };
      },
      close: async () => undefined,
    }),
  ],
  [
    'smtp (live, against a local smtp-server)',
    async () => {
      const peer = await startSmtpPeer();
      return {
        port: createSmtpEmail(t.db, peer.url, FROM),
        async delivered(to) {
          return peer.received.find((m) => m.to === to) ?? null;
        },
        close: peer.close,
      };
    },
  ],
];

describe.each(adapters)(`email port contract: %s on ${testDbKind}`, (_name, make) => {
  let adapter: Adapter;
  beforeAll(async () => {
    adapter = await make();
  });
  afterAll(async () => adapter?.close());

  it('delivers to, from, subject and body, and reports a mode', async () => {
    const to = `lead-${Date.now()}@example.test`;
    const sent = await adapter.port.send({ workspaceId: ws.workspaceId, to, subject: 'Quote for Acme', text: 'Hi Dana,\n\nYour quote is attached.' });
    expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(['sandbox', 'live']).toContain(adapter.port.mode);
    const got = await adapter.delivered(to);
    expect(got).toMatchObject({ to, subject: 'Quote for Acme', text: 'Hi Dana,\n\nYour quote is attached.' });
    expect(got?.from).toContain('no-reply@flywheel.local');
  });

  it('keeps non-ASCII subjects and bodies intact, and the HTML part', async () => {
    const to = `intl-${Date.now()}@example.test`;
    await adapter.port.send({ workspaceId: ws.workspaceId, to, subject: 'Café — réunion à 15 h ✅', text: 'Grüße aus São Paulo', html: '<p>Grüße aus <b>São Paulo</b></p>' });
    const got = await adapter.delivered(to);
    expect(got?.subject).toBe('Café — réunion à 15 h ✅');
    expect(got?.text).toBe('Grüße aus São Paulo');
    expect(got?.html).toContain('<b>São Paulo</b>');
  });

  it('keeps a copy in the in-app mailbox of the workspace, with the transport that carried it', async () => {
    const to = `copy-${Date.now()}@example.test`;
    const sent = await adapter.port.send({ workspaceId: ws.workspaceId, to, subject: 'Copy', text: 'kept' });
    const row = await mailboxRow(t.db, to);
    expect(row).toMatchObject({ workspace_id: ws.workspaceId, subject: 'Copy', transport: adapter.port.provider });
    if (adapter.port.mode === 'live') expect(row?.provider_message_id).toBe(sent.providerMessageId);
  });
});

describe(`smtp adapter failures on ${testDbKind}`, () => {
  it('a recipient the server refuses makes send fail, is not recorded as sent, and shows in provider health', async () => {
    const peer = await startSmtpPeer();
    try {
      const port = withEmailHealth(createSmtpEmail(t.db, peer.url, FROM), createHealthRecorder(t.db, t.deps.log));
      const to = `reject-${Date.now()}@example.test`;
      await expect(port.send({ workspaceId: ws.workspaceId, to, subject: 'x', text: 'x' })).rejects.toThrow(/No such user/);
      expect(await mailboxRow(t.db, to)).toBeNull();
      const health = await withWorkspace(t.db, ws.workspaceId, (tx) => readHealth(tx, ws.workspaceId, 'email', 'smtp'));
      expect(health?.lastError).toMatch(/No such user/);
      expect(health?.lastErrorAt).toBeTruthy();
    } finally {
      await peer.close();
    }
  });

  it('an unreachable server makes send fail instead of pretending', async () => {
    const port = createSmtpEmail(t.db, 'smtp://127.0.0.1:1', FROM);
    await expect(port.send({ workspaceId: ws.workspaceId, to: 'x@example.test', subject: 'x', text: 'x' })).rejects.toThrow();
  });
});
