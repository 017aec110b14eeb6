import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway Radicale CalDAV server for tests: Debian's `radicale` package (installed here when
 * missing, like scripts/e2e.mjs installs Chromium), on a free port, with a temp storage folder and
 * plain htpasswd users. Nothing is mocked: the sync talks HTTP to a real CalDAV server.
 */

const RADICALE = process.env.RADICALE_PATH ?? '/usr/bin/radicale';
const INSTALL_LOCK = path.join(os.tmpdir(), 'flywheel-radicale-install.lock');

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Installs Debian's radicale once (a lock keeps parallel test files from racing apt). Returns why not, or null. */
export async function ensureRadicale(): Promise<string | null> {
  if (fs.existsSync(RADICALE)) return null;
  for (let i = 0; i < 600; i++) {
    try {
      fs.mkdirSync(INSTALL_LOCK);
      break;
    } catch {
      if (fs.existsSync(RADICALE)) return null;
      await sleep(1000); // another test file is installing it
    }
  }
  try {
    if (fs.existsSync(RADICALE)) return null;
    console.log("Radicale is missing: installing Debian's radicale package…");
    const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
    const run = (args: string[]) =>
      spawnSync(sudo.length ? sudo[0] : args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout: 300_000,
      });
    run(['apt-get', 'update', '-qq']);
    const r = run(['apt-get', 'install', '-y', '-qq', 'radicale']);
    if (r.status !== 0 || !fs.existsSync(RADICALE)) return `could not install radicale (apt-get exit ${r.status}); install it with: sudo apt-get install -y radicale`;
    return null;
  } finally {
    fs.rmSync(INSTALL_LOCK, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Radicale {
  url: string;
  /** Rewrites the htpasswd file (Radicale reads it on every request). */
  setUsers(users: Record<string, string>): void;
  /** MKCALENDAR for a user; returns the calendar's URL. */
  makeCalendar(user: string, password: string, name: string, displayName?: string): Promise<string>;
  /** Raw request as a user (for assertions). */
  request(user: string, password: string, url: string, init?: RequestInit): Promise<Response>;
  /** The calendar's objects (href → iCalendar text), read straight from the server. */
  objects(user: string, password: string, calendarUrl: string): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

export async function startRadicale(users: Record<string, string>): Promise<Radicale> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-radicale-'));
  const port = await freePort();
  const htpasswd = path.join(dir, 'users');
  const setUsers = (u: Record<string, string>) => fs.writeFileSync(htpasswd, Object.entries(u).map(([n, p]) => `${n}:${p}\n`).join(''));
  setUsers(users);
  fs.writeFileSync(
    path.join(dir, 'config'),
    [
      '[server]', `hosts = 127.0.0.1:${port}`,
      '[auth]', 'type = htpasswd', `htpasswd_filename = ${htpasswd}`, 'htpasswd_encryption = plain', 'delay = 0',
      '[storage]', `filesystem_folder = ${path.join(dir, 'collections')}`,
      '[rights]', 'type = owner_only',
      '[web]', 'type = none',
      '[logging]', 'level = warning',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(RADICALE, ['--config', path.join(dir, 'config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`radicale exited (${child.exitCode}): ${stderr}`);
    const ok = await fetch(url, { method: 'OPTIONS' }).then(() => true, () => false);
    if (ok) break;
    if (i > 100) throw new Error(`radicale did not start on ${url}: ${stderr}`);
    await sleep(100);
  }
  const auth = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
  const request = (u: string, p: string, target: string, init: RequestInit = {}) =>
    fetch(new URL(target, url), { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: auth(u, p) } });
  return {
    url,
    setUsers,
    request,
    async makeCalendar(user, password, name, displayName) {
      const target = new URL(`/${user}/${name}/`, url).toString();
      const body = `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${displayName ?? name}</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>`;
      const res = await request(user, password, target, { method: 'MKCALENDAR', headers: { 'content-type': 'application/xml' }, body });
      if (res.status !== 201) throw new Error(`MKCALENDAR ${target}: ${res.status} ${await res.text()}`);
      return target;
    },
    async objects(user, password, calendarUrl) {
      const res = await request(user, password, calendarUrl, {
        method: 'REPORT',
        headers: { depth: '1', 'content-type': 'application/xml' },
        body: '<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>',
      });
      const xml = await res.text();
      if (res.status !== 207) throw new Error(`REPORT ${calendarUrl}: ${res.status} ${xml}`);
      const out = new Map<string, string>();
      for (const m of xml.matchAll(/<(?:\w+:)?response>([\s\S]*?)<\/(?:\w+:)?response>/g)) {
        const href = /<(?:\w+:)?href>([^<]+)</.exec(m[1])?.[1];
        const data = /<(?:\w+:)?calendar-data[^>]*>([\s\S]*?)<\/(?:\w+:)?calendar-data>/.exec(m[1])?.[1];
        if (href && data) out.set(new URL(href, url).toString(), data.replace(/&#13;/g, '\r').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
      }
      return out;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(3000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file's beforeAll: Radicale running, or a reason to skip. Under CI=true a missing
 * Radicale is an error (the test must not pass silently); locally the reason is printed.
 */
export async function radicaleOrSkip(users: Record<string, string>): Promise<{ radicale: Radicale | null; skipReason: string | null }> {
  const why = await ensureRadicale();
  if (why) {
    if (process.env.CI === 'true') throw new Error(`Radicale is required in CI: ${why}`);
    console.warn(`SKIPPING CalDAV tests against Radicale: ${why}`);
    return { radicale: null, skipReason: why };
  }
  return { radicale: await startRadicale(users), skipReason: null };
}
