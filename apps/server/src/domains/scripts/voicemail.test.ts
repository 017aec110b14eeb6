import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { createApiKey } from '../identity/index.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { multipart, mp3Bytes, oggOpusBytes, wavBytes, webmBytes } from './audio.test-helpers.ts';
import { voicemailDropTwiml, voicemailDropUrl } from './voicemail.service.ts';

let t: TestContext;
let w: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Voicemail');
});
afterAll(async () => t?.close());

type Vm = { id: string; name: string; durationMs: number; mimeType: string; sizeBytes: number; isDefault: boolean; audioUrl: string };

async function upload(cookie: string, file: { bytes: Buffer; filename: string; type: string }, fields: Record<string, string> = {}) {
  return t.as({ cookie })({ method: 'POST', url: '/api/v1/voicemail-templates', ...multipart(file, fields) });
}

/** The path of the public URL the provider would fetch. */
const publicPath = (url: string) => new URL(url).pathname;

describe('voicemail-drop templates', () => {
  it('accepts each audio type, measures it, and makes the first one the default', async () => {
    const x = await t.newWorkspace('VM types');
    const cases = [
      { bytes: webmBytes(12_000), filename: 'blob', type: 'audio/webm;codecs=opus', mime: 'audio/webm', ms: 12_000 },
      { bytes: oggOpusBytes(5), filename: 'firefox.ogg', type: 'audio/ogg; codecs=opus', mime: 'audio/ogg', ms: 5000 },
      { bytes: wavBytes(3), filename: 'intro.wav', type: 'audio/x-wav', mime: 'audio/wav', ms: 3000 },
      { bytes: mp3Bytes(100), filename: 'callback.mp3', type: 'audio/mpeg', mime: 'audio/mpeg', ms: 2612 },
    ];
    for (const c of cases) {
      const res = await upload(x.cookie, c, c.filename === 'blob' ? { name: 'Intro voicemail' } : {});
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ mimeType: c.mime, durationMs: c.ms, sizeBytes: c.bytes.length });
    }
    const list = (await t.as({ cookie: x.cookie })({ method: 'GET', url: '/api/v1/voicemail-templates' })).json().data as Vm[];
    expect(list.map((v) => [v.name, v.isDefault])).toEqual([['Intro voicemail', true], ['firefox', false], ['intro', false], ['callback', false]]);
    // the browser never sees the public token
    expect(JSON.stringify(list)).not.toMatch(/vm_/);
  });

  it.each([
    ['too large (over 5 MB)', { bytes: wavBytes(80, 44100), filename: 'big.wav', type: 'audio/wav' }, /larger than 5 MB/],
    ['too long (over 90 s)', { bytes: wavBytes(91), filename: 'long.wav', type: 'audio/wav' }, /91 seconds.*at most 90/],
    ['too long WebM', { bytes: webmBytes(95_000), filename: 'long.webm', type: 'audio/webm' }, /95 seconds/],
    ['an image', { bytes: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), filename: 'x.png', type: 'image/png' }, /image\/png are not accepted/],
    ['text calling itself audio', { bytes: Buffer.from('not audio at all'), filename: 'x.webm', type: 'audio/webm' }, /not a WebM, OGG, WAV or MP3/],
    ['WAV calling itself MP3', { bytes: wavBytes(1), filename: 'x.mp3', type: 'audio/mpeg' }, /says it is audio\/mpeg but contains audio\/wav/],
    ['an empty file', { bytes: Buffer.alloc(0), filename: 'x.wav', type: 'audio/wav' }, /empty/],
  ])('refuses %s with a clear 400 and stores nothing', async (_what, file, message) => {
    const x = await t.newWorkspace('VM refused');
    const res = await upload(x.cookie, file);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(message);
    expect((await t.as({ cookie: x.cookie })({ method: 'GET', url: '/api/v1/voicemail-templates' })).json().data).toEqual([]);
    expect(fs.existsSync(path.join(t.dataDir, 'voicemail', x.workspaceId)) ? fs.readdirSync(path.join(t.dataDir, 'voicemail', x.workspaceId)) : []).toEqual([]);
  });

  it('refuses a non-multipart body and a missing file with 400', async () => {
    const api = t.as({ cookie: w.cookie });
    expect((await api({ method: 'POST', url: '/api/v1/voicemail-templates', payload: { file: 'x' } })).statusCode).toBe(400);
    const noFile = await api({
      method: 'POST', url: '/api/v1/voicemail-templates', headers: { 'content-type': 'multipart/form-data; boundary=b1' },
      payload: '--b1\r\nContent-Disposition: form-data; name="name"\r\n\r\nHello\r\n--b1--\r\n',
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toMatch(/field "file"/);
  });

  it('serves the bytes publicly by token with the right type, and 404s otherwise', async () => {
    const x = await t.newWorkspace('VM public');
    const bytes = wavBytes(2);
    const vm = (await upload(x.cookie, { bytes, filename: 'hello.wav', type: 'audio/wav' })).json() as Vm;
    const url = await voicemailDropUrl(t.deps, x.workspaceId, vm.id);
    expect(url).toMatch(/^http:\/\/localhost:3000\/voicemail\/vm_[A-Za-z0-9_-]{43}$/);
    // the default when no template is named
    expect(await voicemailDropUrl(t.deps, x.workspaceId, null)).toBe(url);
    const res = await t.app.inject({ method: 'GET', url: publicPath(url!) }); // no cookie: the provider
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.rawPayload.equals(bytes)).toBe(true);

    const twiml = voicemailDropTwiml(url!);
    expect(twiml).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Play>${url}</Play><Hangup/></Response>`);

    for (const bad of ['/voicemail/vm_' + 'A'.repeat(43), '/voicemail/nope', `/voicemail/${vm.id}`]) {
      expect((await t.app.inject({ method: 'GET', url: bad })).statusCode).toBe(404);
    }
    // the browser's player: authenticated
    expect((await t.app.inject({ method: 'GET', url: vm.audioUrl })).statusCode).toBe(401);
    const mine = await t.as({ cookie: x.cookie })({ method: 'GET', url: vm.audioUrl });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('audio/wav');
    expect(mine.rawPayload.equals(bytes)).toBe(true);

    // deleted: the public URL and the file are gone, and there is nothing to drop (the engine hangs up)
    expect((await t.as({ cookie: x.cookie })({ method: 'DELETE', url: `/api/v1/voicemail-templates/${vm.id}` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: publicPath(url!) })).statusCode).toBe(404);
    expect(await voicemailDropUrl(t.deps, x.workspaceId, vm.id)).toBeNull();
    expect(await voicemailDropUrl(t.deps, x.workspaceId, null)).toBeNull();
    expect(fs.readdirSync(path.join(t.dataDir, 'voicemail', x.workspaceId))).toEqual([]);
  });

  it('renames and moves the default (one at a time)', async () => {
    const x = await t.newWorkspace('VM default');
    const api = t.as({ cookie: x.cookie });
    const a = (await upload(x.cookie, { bytes: wavBytes(1), filename: 'a.wav', type: 'audio/wav' })).json() as Vm;
    const b = (await upload(x.cookie, { bytes: wavBytes(1), filename: 'b.wav', type: 'audio/wav' })).json() as Vm;
    expect([a.isDefault, b.isDefault]).toEqual([true, false]);
    const res = await api({ method: 'PATCH', url: `/api/v1/voicemail-templates/${b.id}`, payload: { isDefault: true, name: 'Follow-up' } });
    expect(res.json()).toMatchObject({ name: 'Follow-up', isDefault: true });
    const list = (await api({ method: 'GET', url: '/api/v1/voicemail-templates' })).json().data as Vm[];
    expect(list.map((v) => [v.id, v.isDefault])).toEqual([[b.id, true], [a.id, false]]);
    const bUrl = await voicemailDropUrl(t.deps, x.workspaceId, b.id);
    expect(await voicemailDropUrl(t.deps, x.workspaceId, null)).toBe(bUrl);
    expect((await api({ method: 'PATCH', url: `/api/v1/voicemail-templates/${a.id}`, payload: { name: '' } })).statusCode).toBe(400);
    expect((await api({ method: 'PATCH', url: `/api/v1/voicemail-templates/${a.id}`, payload: {} })).statusCode).toBe(400);
  });

  it('re-records a template: new audio, same name, default and public URL; bad audio keeps the old one', async () => {
    const x = await t.newWorkspace('VM re-record');
    const api = t.as({ cookie: x.cookie });
    const vm = (await upload(x.cookie, { bytes: wavBytes(2), filename: 'intro.wav', type: 'audio/wav' })).json() as Vm;
    const url = await voicemailDropUrl(t.deps, x.workspaceId, vm.id);
    const fresh = webmBytes(7000);
    const res = await api({ method: 'PUT', url: `/api/v1/voicemail-templates/${vm.id}/audio`, ...multipart({ bytes: fresh, filename: 'blob', type: 'audio/webm' }) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: vm.id, name: 'intro', isDefault: true, durationMs: 7000, mimeType: 'audio/webm', sizeBytes: fresh.length });
    expect(await voicemailDropUrl(t.deps, x.workspaceId, vm.id)).toBe(url);
    const served = await t.app.inject({ method: 'GET', url: publicPath(url!) });
    expect(served.headers['content-type']).toBe('audio/webm');
    expect(served.rawPayload.equals(fresh)).toBe(true);
    // the old file is gone, only the new one is kept
    expect(fs.readdirSync(path.join(t.dataDir, 'voicemail', x.workspaceId))).toHaveLength(1);
    const bad = await api({ method: 'PUT', url: `/api/v1/voicemail-templates/${vm.id}/audio`, ...multipart({ bytes: wavBytes(91), filename: 'x.wav', type: 'audio/wav' }) });
    expect(bad.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: publicPath(url!) })).rawPayload.equals(fresh)).toBe(true);
    expect(fs.readdirSync(path.join(t.dataDir, 'voicemail', x.workspaceId))).toHaveLength(1);
    const other = await t.newWorkspace('VM re-record other');
    const theirs = await t.as({ cookie: other.cookie })({ method: 'PUT', url: `/api/v1/voicemail-templates/${vm.id}/audio`, ...multipart({ bytes: wavBytes(1), filename: 'x.wav', type: 'audio/wav' }) });
    expect(theirs.statusCode).toBe(404);
  });

  it('lets a rep record their own but not change the default or others’ templates', async () => {
    const x = await t.newWorkspace('VM roles');
    const owners = (await upload(x.cookie, { bytes: wavBytes(1), filename: 'owner.wav', type: 'audio/wav' })).json() as Vm;
    const rep = t.as({ apiKey: (await createApiKey(t.db, x.workspaceId, { name: 'rep', role: 'rep' })).key });
    const mine = await rep({ method: 'POST', url: '/api/v1/voicemail-templates', ...multipart({ bytes: wavBytes(1), filename: 'rep.wav', type: 'audio/wav' }) });
    expect(mine.statusCode).toBe(201);
    expect((await rep({ method: 'GET', url: '/api/v1/voicemail-templates' })).json().data).toHaveLength(2);
    expect((await rep({ method: 'PATCH', url: `/api/v1/voicemail-templates/${owners.id}`, payload: { name: 'mine now' } })).statusCode).toBe(403);
    expect((await rep({ method: 'PATCH', url: `/api/v1/voicemail-templates/${mine.json().id}`, payload: { isDefault: true } })).statusCode).toBe(403);
    expect((await rep({ method: 'DELETE', url: `/api/v1/voicemail-templates/${owners.id}` })).statusCode).toBe(403);
    expect((await rep({ method: 'PUT', url: `/api/v1/voicemail-templates/${owners.id}/audio`, ...multipart({ bytes: wavBytes(1), filename: 'x.wav', type: 'audio/wav' }) })).statusCode).toBe(403);
  });

  it("keeps workspaces apart: another workspace's template is not found, listed, played or picked", async () => {
    const vm = (await upload(w.cookie, { bytes: wavBytes(1), filename: 'Secret pitch.wav', type: 'audio/wav' }, { name: 'Secret pitch' })).json() as Vm;
    const o = await t.newWorkspace('VM other');
    const other = t.as({ cookie: o.cookie });
    expect((await other({ method: 'GET', url: '/api/v1/voicemail-templates' })).body).not.toContain('Secret pitch');
    expect((await other({ method: 'GET', url: vm.audioUrl })).statusCode).toBe(404);
    expect((await other({ method: 'PATCH', url: `/api/v1/voicemail-templates/${vm.id}`, payload: { isDefault: true } })).statusCode).toBe(404);
    expect((await other({ method: 'DELETE', url: `/api/v1/voicemail-templates/${vm.id}` })).statusCode).toBe(404);
    expect(await voicemailDropUrl(t.deps, o.workspaceId, vm.id)).toBeNull();
    expect(await voicemailDropUrl(t.deps, o.workspaceId, 'not-a-uuid')).toBeNull();
    // under row-level security the other tenant's row does not exist at all
    const seen = await withWorkspace(t.db, o.workspaceId, (tx) => tx.query('SELECT id FROM voicemail_templates WHERE id = $1', [vm.id]));
    expect(seen.rows).toEqual([]);
  });
});
