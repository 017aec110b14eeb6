import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';
import { FLYWHEEL_BIN, REPO_ROOT } from '../../../test/platform/processes.ts';
import { TEMPLATE_PATH } from '../../../test/paths.ts';
import { openDb } from '../../db/client.ts';
import { normalizePhone } from '../../platform/normalize/phone.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { DEFAULT_STAGES } from '../identity/index.ts';
import { seedDemo, type SeedDemoResult } from './index.ts';
import { STAGE_COUNTS } from './outcomes.ts';
import { planDemo } from './generate.ts';
import type { DemoUser } from './model.ts';
import { listDispositions } from '../calls/index.ts';

const NOW = new Date('2026-03-18T15:30:00Z'); // a Wednesday afternoon in New York
const DAY = 86_400_000;

let t: TestContext;
let seeded: SeedDemoResult;
let seedMs = 0;
const q = async <T,>(sql: string) => withWorkspace(t.db, seeded.workspaceId, async (tx) => (await tx.query<T>(sql.replaceAll(':ws', `'${seeded.workspaceId}'`))).rows);

beforeAll(async () => {
  t = await createTestContext();
  const started = Date.now();
  seeded = await seedDemo(t.deps, { ifEmpty: true, now: NOW });
  seedMs = Date.now() - started;
}, 120_000);
afterAll(async () => t?.close());

describe(`demo workspace on ${testDbKind}`, () => {
  it('creates Demo Co with ~300 leads, ~600 calls and their outcomes, quickly', () => {
    expect(seeded.created).toBe(true);
    expect(seeded.login).toEqual({ email: 'demo@flywheel.local', password: 'flywheel-demo' });
    const c = seeded.counts!;
    expect(c.leads).toBe(300);
    expect(c.callSessions).toBeGreaterThanOrEqual(550);
    expect(c.callSessions).toBeLessThanOrEqual(750);
    expect(c.attempts).toBeLessThan(c.callSessions); // canceled calls have no outcome
    expect(c.contacts).toBeGreaterThanOrEqual(400);
    console.log(`demo seed on ${testDbKind}: ${seedMs} ms`, c);
    // 5 s on an idle laptop; generous here because CI machines run suites in parallel
    expect(seedMs).toBeLessThan(20_000);
  });

  it('spreads leads over every stage of the pipeline', async () => {
    const rows = await q<{ stage: string; n: number }>(`SELECT stage, count(*)::int AS n FROM leads WHERE workspace_id = :ws GROUP BY stage`);
    expect(Object.fromEntries(rows.map((r) => [r.stage, r.n]))).toEqual(Object.fromEntries(STAGE_COUNTS));
    expect(new Set(rows.map((r) => r.stage))).toEqual(new Set(DEFAULT_STAGES.map((s) => s.key)));
    const segments = await q<{ n: number }>(`SELECT count(DISTINCT segment)::int AS n FROM leads WHERE workspace_id = :ws`);
    expect(segments[0].n).toBeGreaterThanOrEqual(5);
  });

  it('uses only valid US phone numbers (libphonenumber), across many states and area codes', async () => {
    const phones = await q<{ p: string }>(`
      SELECT primary_phone AS p FROM leads WHERE workspace_id = :ws
      UNION ALL SELECT unnest(phones) FROM contacts WHERE workspace_id = :ws
      UNION ALL SELECT from_number FROM call_sessions WHERE workspace_id = :ws
      UNION ALL SELECT to_number FROM call_sessions WHERE workspace_id = :ws`);
    expect(phones.length).toBeGreaterThan(1500);
    const invalid = phones.filter(({ p }) => {
      const r = normalizePhone(p, 'US');
      return !r.ok || r.e164 !== p || r.country !== 'US';
    });
    expect(invalid).toEqual([]);
    const spread = await q<{ states: number; areas: number }>(`SELECT count(DISTINCT region)::int AS states, count(DISTINCT substr(primary_phone, 3, 3))::int AS areas FROM leads WHERE workspace_id = :ws`);
    expect(spread[0].states).toBeGreaterThanOrEqual(25);
    expect(spread[0].areas).toBeGreaterThanOrEqual(40);
  });

  it('links every attempt to a call session of the same lead, and leaves only canceled calls without one', async () => {
    const orphans = await q<{ n: number }>(`SELECT count(*)::int AS n FROM attempts a LEFT JOIN call_sessions s ON s.id = a.call_session_id AND s.lead_id = a.lead_id WHERE a.workspace_id = :ws AND s.id IS NULL`);
    expect(orphans[0].n).toBe(0);
    const without = await q<{ status: string; n: number }>(`SELECT s.status, count(*)::int AS n FROM call_sessions s LEFT JOIN attempts a ON a.call_session_id = s.id WHERE s.workspace_id = :ws AND a.id IS NULL GROUP BY s.status`);
    expect(without.map((r) => r.status)).toEqual(['canceled']);
    const newWithAttempts = await q<{ n: number }>(`SELECT count(*)::int AS n FROM attempts a JOIN leads l ON l.id = a.lead_id WHERE a.workspace_id = :ws AND l.stage = 'new'`);
    expect(newWithAttempts[0].n).toBe(0);
  });

  it('has outcomes consistent with each stage', async () => {
    const rows = await q<{ stage: string; last: string; dispositions: string[] }>(`
      SELECT l.stage, (array_agg(a.disposition_key ORDER BY a.created_at DESC))[1] AS last, array_agg(a.disposition_key) AS dispositions
        FROM leads l JOIN attempts a ON a.lead_id = l.id WHERE l.workspace_id = :ws GROUP BY l.id, l.stage`);
    const lastBy: Record<string, string[]> = {
      contacted: ['no_answer', 'left_voicemail', 'gatekeeper'],
      interested: ['some_interest'],
      follow_up: ['follow_up'],
      meeting_set: ['meeting_set'],
      nurture: ['not_interested'],
      won: ['sold'],
      lost: ['not_interested', 'do_not_call', 'bad_number'],
    };
    for (const r of rows) expect(lastBy[r.stage], `${r.stage} ended with ${r.last}`).toContain(r.last);
    expect(rows.filter((r) => r.stage === 'won')).toHaveLength(25);
    for (const r of rows.filter((x) => x.stage === 'won')) expect(r.dispositions).toContain('meeting_set');
  });

  it('reports provider durations and transcripts that fit them, only for calls a person answered', async () => {
    const calls = await q<{ status: string; amd_result: string | null; d: number; started_at: Date; answered_at: Date | null; ended_at: Date; transcript: { speaker: string; start: number; end: number; text: string }[] | null }>(
      `SELECT status, amd_result, provider_duration_seconds AS d, started_at, answered_at, ended_at, transcript FROM call_sessions WHERE workspace_id = :ws`,
    );
    let withTranscript = 0;
    for (const c of calls) {
      expect(new Date(c.started_at).getTime()).toBeGreaterThan(NOW.getTime() - 90 * DAY);
      expect(new Date(c.ended_at).getTime()).toBeLessThan(NOW.getTime());
      if (c.status !== 'completed') {
        expect(c.d).toBe(0);
        expect(c.answered_at).toBeNull();
        continue;
      }
      expect(c.d).toBeGreaterThan(0);
      expect(Math.round((new Date(c.ended_at).getTime() - new Date(c.answered_at!).getTime()) / 1000)).toBe(c.d);
      if (c.amd_result !== 'human') {
        expect(c.transcript).toBeNull();
        continue;
      }
      withTranscript++;
      expect(c.transcript!.length).toBeGreaterThanOrEqual(3);
      expect(new Set(c.transcript!.map((x) => x.speaker))).toEqual(new Set(['rep', 'prospect']));
      for (const turn of c.transcript!) expect(turn.end).toBeLessThanOrEqual(c.d);
    }
    expect(withTranscript).toBeGreaterThan(150);
  });

  it('keeps lead summary fields consistent with contacts and tasks', async () => {
    const mismatched = await q<{ id: string }>(`
      SELECT l.id FROM leads l
        LEFT JOIN LATERAL (SELECT count(*)::int AS n, min(due_at) AS next FROM tasks t WHERE t.workspace_id = l.workspace_id AND t.lead_id = l.id AND t.status = 'open') o ON true
        LEFT JOIN LATERAL (SELECT title FROM tasks t WHERE t.workspace_id = l.workspace_id AND t.lead_id = l.id AND t.status = 'open' ORDER BY due_at, created_at, id LIMIT 1) nt ON true
        JOIN contacts p ON p.lead_id = l.id AND p.is_primary
       WHERE l.workspace_id = :ws
         AND (l.open_task_count <> o.n OR l.next_task_at IS DISTINCT FROM o.next OR l.next_task_title IS DISTINCT FROM nt.title
              OR l.primary_email <> p.emails[1] OR l.primary_phone <> p.phones[1])`);
    expect(mismatched).toEqual([]);
    const contacts = await q<{ min: number; max: number; primaries: number }>(`
      SELECT min(n)::int AS min, max(n)::int AS max, min(p)::int AS primaries FROM (
        SELECT count(*) AS n, count(*) FILTER (WHERE is_primary) AS p FROM contacts WHERE workspace_id = :ws GROUP BY lead_id) x`);
    expect(contacts[0]).toEqual({ min: 1, max: 3, primaries: 1 });
    const buckets = await q<{ overdue: number; today: number; upcoming: number }>(`
      SELECT count(*) FILTER (WHERE due_at < '${NOW.toISOString()}')::int AS overdue,
             count(*) FILTER (WHERE (due_at AT TIME ZONE 'America/New_York')::date = ('${NOW.toISOString()}'::timestamptz AT TIME ZONE 'America/New_York')::date)::int AS today,
             count(*) FILTER (WHERE due_at > '${NOW.toISOString()}'::timestamptz + interval '1 day')::int AS upcoming
        FROM tasks WHERE workspace_id = :ws AND status = 'open'`);
    expect(buckets[0].overdue).toBeGreaterThan(10);
    expect(buckets[0].today).toBeGreaterThan(5);
    expect(buckets[0].upcoming).toBeGreaterThan(10);
    const withNotes = await q<{ facts: number; custom: number }>(`SELECT count(*) FILTER (WHERE facts <> '')::int AS facts, count(*) FILTER (WHERE custom_fields <> '{}')::int AS custom FROM leads WHERE workspace_id = :ws`);
    expect(withNotes[0].facts).toBeGreaterThan(30);
    expect(withNotes[0].custom).toBe(300);
  });

  it('writes a timeline entry for every lead, contact, call, outcome and stage change', async () => {
    const missing = await q<{ what: string; n: number }>(`
      SELECT 'call' AS what, count(*)::int AS n FROM call_sessions s WHERE s.workspace_id = :ws AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.workspace_id = :ws AND a.ref_type = 'call_session' AND a.ref_id = s.id)
      UNION ALL SELECT 'attempt', count(*)::int FROM attempts x WHERE x.workspace_id = :ws AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.workspace_id = :ws AND a.ref_type = 'attempt' AND a.ref_id = x.id)
      UNION ALL SELECT 'lead', count(*)::int FROM leads l WHERE l.workspace_id = :ws AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.workspace_id = :ws AND a.lead_id = l.id AND a.kind = 'lead.created')
      UNION ALL SELECT 'stage', count(*)::int FROM leads l WHERE l.workspace_id = :ws AND l.stage <> 'new' AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.workspace_id = :ws AND a.lead_id = l.id AND a.kind = 'stage.changed' AND a.after->>'stage' = l.stage)`);
    expect(missing.filter((m) => m.n > 0)).toEqual([]);
  });

  it('is deterministic: the same seed and clock give the same workspace (ids aside)', async () => {
    const dispositions = await withWorkspace(t.db, seeded.workspaceId, (tx) => listDispositions(tx, seeded.workspaceId));
    const team = Object.fromEntries((['owner', 'manager', 'rep1', 'rep2'] as const).map((key, i) => [key, { id: `00000000-0000-4000-8000-00000000000${i}`, key, name: key, phone: '+12125550100' }])) as Record<'owner' | 'manager' | 'rep1' | 'rep2', DemoUser>;
    const input = { seed: 7, now: NOW, workspaceTimezone: 'America/New_York', team, dispositions, stageLabels: new Map<string, string>() };
    const strip = (p: ReturnType<typeof planDemo>) => ({
      leads: p.leads.map(({ id: _id, ...l }) => l),
      calls: p.calls.map(({ id: _id, leadId: _l, contactId: _c, ...c }) => c),
      attempts: p.attempts.map((a) => [a.dispositionKey, a.createdAt.toISOString(), a.notes]),
    });
    const first = strip(planDemo(input));
    expect(strip(planDemo(input))).toEqual(first);
    expect(strip(planDemo({ ...input, seed: 8 })).leads.map((l) => l.name)).not.toEqual(first.leads.map((l) => l.name));
  });

  it('does nothing the second time with ifEmpty, and signs in with the demo login', async () => {
    const again = await seedDemo(t.deps, { ifEmpty: true, now: NOW });
    expect(again).toMatchObject({ created: false, workspaceId: seeded.workspaceId, counts: null });
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM leads WHERE workspace_id = :ws`))[0].n).toBe(300);
    const cookie = await t.signIn('demo@flywheel.local', 'flywheel-demo');
    const me = (await t.as({ cookie })({ method: 'GET', url: '/api/v1/auth/me' })).json();
    expect(me.workspaces.find((w: { id: string }) => w.id === seeded.workspaceId)).toMatchObject({ name: 'Demo Co', role: 'owner' });
    const members = (await t.as({ cookie })({ method: 'GET', url: '/api/v1/members' })).json().data.map((m: { role: string }) => m.role).sort();
    expect(members).toEqual(['manager', 'owner', 'rep', 'rep']);
    // its realistic-looking numbers are pinned to the sandbox: never a live carrier
    const settings = (await t.db.query<{ settings: { providers: Record<string, { mode: string }> } }>('SELECT settings FROM workspaces WHERE id = $1', [seeded.workspaceId])).rows[0].settings;
    expect(settings.providers).toMatchObject({ telephony: { mode: 'sandbox' }, sms: { mode: 'sandbox' }, email: { mode: 'sandbox' } });
  });

  it('`flywheel seed-demo --json` prints the workspace id and the login', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-seed-'));
    try {
      if (testDbKind === 'pglite') {
        // start the CLI on a migrated data dir made from the test template (skips a slow initdb)
        const db = await openDb({ dataDir: path.join(dataDir, 'db'), loadDataDir: new Blob([fs.readFileSync(TEMPLATE_PATH)]) });
        await db.close();
      }
      const env: NodeJS.ProcessEnv = { ...process.env, FLYWHEEL_DATA_DIR: dataDir, DATABASE_URL: testDbKind === 'postgres' ? inject('pgTestUrl') : '' };
      const r = spawnSync(process.execPath, [FLYWHEEL_BIN, 'seed-demo', '--json'], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      expect(out.login).toEqual({ email: 'demo@flywheel.local', password: 'flywheel-demo' });
      expect(out.workspaceId).toMatch(/^[0-9a-f-]{36}$/);
      // on the shared Postgres test database the demo already exists: the CLI finds the same one
      if (testDbKind === 'postgres') expect(out).toMatchObject({ created: false, workspaceId: seeded.workspaceId });
      else expect(out).toMatchObject({ created: true, counts: { leads: 300 } });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
