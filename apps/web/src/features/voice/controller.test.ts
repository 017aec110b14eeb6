import { describe, expect, it } from 'vitest';
import type { VoiceToken } from '@flywheel/contracts';
import { describeVoiceError, VoiceController, type CallLike, type DeviceLike } from './controller.ts';

// The Twilio Voice SDK cannot reach Twilio from here; these stand-ins emit the events the SDK
// documents (Device: registered, incoming, tokenWillExpire, error; Call: accept, disconnect, cancel)
// so the controller's decisions are tested. The token route itself is tested on the server.
type Handler = (arg?: unknown) => void;
class Emitter {
  handlers = new Map<string, Handler[]>();
  on(event: string, fn: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  emit(event: string, arg?: unknown) {
    for (const fn of this.handlers.get(event) ?? []) fn(arg);
  }
}
class FakeCall extends Emitter implements CallLike {
  accepted = false;
  disconnected = false;
  muted = false;
  accept() { this.accepted = true; this.emit('accept'); }
  disconnect() { this.disconnected = true; this.emit('disconnect'); }
  mute(m = true) { this.muted = m; }
  isMuted() { return this.muted; }
}
class FakeDevice extends Emitter implements DeviceLike {
  tokens: string[] = [];
  destroyed = false;
  constructor(token: string) { super(); this.tokens.push(token); }
  async register() { this.emit('registered'); }
  destroy() { this.destroyed = true; }
  updateToken(t: string) { this.tokens.push(t); }
}

const live = (n: number): VoiceToken => ({ mode: 'live', token: `jwt-${n}`, identity: 'user-1', expiresAt: new Date().toISOString(), edge: null });

function setup(tokens: VoiceToken[]) {
  let i = 0;
  const devices: FakeDevice[] = [];
  const c = new VoiceController(async () => tokens[Math.min(i++, tokens.length - 1)], async (token) => {
    const d = new FakeDevice(token);
    devices.push(d);
    return d;
  }, () => 1_000);
  return { c, devices };
}

describe('browser audio controller', () => {
  it('sandbox: no device is loaded; the simulated device is used', async () => {
    const { c, devices } = setup([{ mode: 'sandbox' }]);
    await c.start();
    expect(c.getSnapshot().state).toBe('sandbox');
    expect(devices).toHaveLength(0);
  });

  it('unavailable: says why, loads nothing', async () => {
    const { c, devices } = setup([{ mode: 'unavailable', reason: 'Browser calling needs a Twilio API key' }]);
    await c.start();
    expect(c.getSnapshot()).toMatchObject({ state: 'unavailable', message: 'Browser calling needs a Twilio API key' });
    expect(devices).toHaveLength(0);
  });

  it('live: registers, answers the bridged call, mutes, ends, and is ready for the next', async () => {
    const { c, devices } = setup([live(1)]);
    const seen: string[] = [];
    c.subscribe(() => seen.push(c.getSnapshot().state));
    await c.start();
    expect(c.getSnapshot()).toMatchObject({ state: 'ready', identity: 'user-1' });
    const call = new FakeCall();
    devices[0].emit('incoming', call);
    expect(call.accepted).toBe(true);
    expect(c.getSnapshot()).toMatchObject({ state: 'on-call', since: 1_000 });
    c.toggleMute();
    expect(call.muted).toBe(true);
    expect(c.getSnapshot().muted).toBe(true);
    c.hangup();
    expect(call.disconnected).toBe(true);
    expect(c.getSnapshot()).toMatchObject({ state: 'ready', since: null, muted: false });
    expect(seen).toEqual(['registering', 'ready', 'on-call', 'on-call', 'ready']);
  });

  it('a second ring during a conversation is declined, the first call stays', async () => {
    const { c, devices } = setup([live(1)]);
    await c.start();
    const first = new FakeCall();
    const second = new FakeCall();
    devices[0].emit('incoming', first);
    devices[0].emit('incoming', second);
    expect(second.disconnected).toBe(true);
    expect(first.disconnected).toBe(false);
    expect(c.getSnapshot().state).toBe('on-call');
  });

  it('a caller who hangs up while ringing (cancel) leaves the device ready', async () => {
    const { c, devices } = setup([live(1)]);
    await c.start();
    const call = new FakeCall();
    call.accept = () => undefined; // still ringing
    devices[0].emit('incoming', call);
    call.emit('cancel');
    expect(c.getSnapshot().state).toBe('ready');
  });

  it('refreshes the token before it expires', async () => {
    const { c, devices } = setup([live(1), live(2)]);
    await c.start();
    devices[0].emit('tokenWillExpire');
    await new Promise((r) => setTimeout(r, 0));
    expect(devices[0].tokens).toEqual(['jwt-1', 'jwt-2']);
  });

  it('errors become words a rep can act on', async () => {
    const { c, devices } = setup([live(1)]);
    await c.start();
    devices[0].emit('error', { code: 31208, message: 'Permission denied' });
    expect(c.getSnapshot()).toMatchObject({ state: 'error', message: expect.stringMatching(/microphone/) });
    expect(describeVoiceError({ code: 31005, message: 'x' })).toMatch(/network/);
    expect(describeVoiceError({ code: 1, message: 'Odd' })).toBe('Browser audio error 1: Odd');
  });

  it('a failed token request is an error, not a crash; stop destroys the device', async () => {
    const failing = new VoiceController(async () => { throw new Error('Sign in again'); }, async () => new FakeDevice('x'));
    await failing.start();
    expect(failing.getSnapshot()).toMatchObject({ state: 'error', message: 'Sign in again' });
    const { c, devices } = setup([live(1)]);
    await c.start();
    c.stop();
    expect(devices[0].destroyed).toBe(true);
  });
});
