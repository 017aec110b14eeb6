import type { VoiceToken } from '@flywheel/contracts';

/**
 * The rep's browser audio, independent of React. In sandbox mode there is nothing to carry (the
 * simulated device shows the same states); when the workspace calls through Twilio it owns one
 * Twilio Voice SDK Device registered as client `user-<id>`, the identity the server's bridge TwiML
 * dials. The server only rings this client for a call the rep started or a power session bridged,
 * so an incoming call is answered at once. Tokens are refreshed before they expire.
 */

export type VoiceState = 'loading' | 'sandbox' | 'unavailable' | 'registering' | 'ready' | 'on-call' | 'error';

export interface VoiceSnapshot {
  state: VoiceState;
  /** Why browser audio is unavailable or failed, in words the rep can act on. */
  message: string | null;
  muted: boolean;
  /** When the current call was connected (ms since epoch). */
  since: number | null;
  identity: string | null;
}

/** The part of @twilio/voice-sdk's Call this controller uses. */
export interface CallLike {
  accept(): void;
  disconnect(): void;
  mute(shouldMute?: boolean): void;
  isMuted(): boolean;
  on(event: 'accept' | 'disconnect' | 'cancel' | 'reject' | 'error', fn: (arg?: unknown) => void): unknown;
}

/** The part of @twilio/voice-sdk's Device this controller uses. */
export interface DeviceLike {
  register(): Promise<void>;
  destroy(): void;
  updateToken(token: string): void;
  on(event: 'registered' | 'unregistered' | 'error' | 'incoming' | 'tokenWillExpire', fn: (arg?: unknown) => void): unknown;
}

export type LoadDevice = (token: string, edge: string | null) => Promise<DeviceLike>;

/** Twilio Voice SDK error codes a rep can do something about. */
export function describeVoiceError(err: unknown): string {
  const e = err as { code?: number; message?: string } | undefined;
  switch (e?.code) {
    case 31401: case 31402: case 31208: return 'The browser may not use the microphone. Allow it in the address bar, then reload.';
    case 20101: case 31204: case 31205: case 20104: return 'The calling token was refused or expired; reconnecting…';
    case 31005: case 31009: case 53000: case 53001: return 'The connection to Twilio dropped; check the network.';
    default: return e?.message ? `Browser audio error${e.code ? ` ${e.code}` : ''}: ${e.message}` : 'Browser audio error.';
  }
}

export class VoiceController {
  private snap: VoiceSnapshot = { state: 'loading', message: null, muted: false, since: null, identity: null };
  private listeners = new Set<() => void>();
  private device: DeviceLike | null = null;
  private call: CallLike | null = null;
  private stopped = false;

  constructor(private readonly fetchToken: () => Promise<VoiceToken>, private readonly loadDevice: LoadDevice, private readonly now: () => number = Date.now) {}

  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };

  getSnapshot = () => this.snap;

  private set(patch: Partial<VoiceSnapshot>) {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }

  async start(): Promise<void> {
    let token: VoiceToken;
    try {
      token = await this.fetchToken();
    } catch (e) {
      this.set({ state: 'error', message: e instanceof Error ? e.message : 'Could not get a calling token.' });
      return;
    }
    if (this.stopped) return;
    if (token.mode === 'sandbox') return this.set({ state: 'sandbox', message: null });
    if (token.mode === 'unavailable') return this.set({ state: 'unavailable', message: token.reason });
    this.set({ state: 'registering', identity: token.identity, message: null });
    try {
      const device = await this.loadDevice(token.token, token.edge);
      if (this.stopped) return device.destroy();
      this.device = device;
      device.on('registered', () => this.set({ state: this.call ? 'on-call' : 'ready', message: null }));
      device.on('unregistered', () => { if (!this.stopped) this.set({ state: 'registering' }); });
      device.on('error', (err) => this.set({ state: this.call ? 'on-call' : 'error', message: describeVoiceError(err) }));
      device.on('tokenWillExpire', () => void this.refresh());
      device.on('incoming', (c) => this.answer(c as CallLike));
      await device.register();
    } catch (e) {
      this.set({ state: 'error', message: describeVoiceError(e) });
    }
  }

  private async refresh() {
    try {
      const t = await this.fetchToken();
      if (t.mode === 'live') this.device?.updateToken(t.token);
    } catch {
      // the device reports the expiry itself if the refresh never lands
    }
  }

  private answer(call: CallLike) {
    if (this.call) {
      // one conversation at a time: a second ring while talking is not ours to take
      call.disconnect();
      return;
    }
    this.call = call;
    const end = () => {
      if (this.call !== call) return;
      this.call = null;
      this.set({ state: this.device ? 'ready' : 'error', since: null, muted: false });
    };
    call.on('accept', () => this.set({ state: 'on-call', since: this.now(), muted: call.isMuted() }));
    call.on('disconnect', end);
    call.on('cancel', end);
    call.on('reject', end);
    call.on('error', (err) => this.set({ message: describeVoiceError(err) }));
    call.accept();
  }

  toggleMute() {
    if (!this.call) return;
    const next = !this.call.isMuted();
    this.call.mute(next);
    this.set({ muted: next });
  }

  /** Ends the audio leg in the browser (the server ends the provider call). */
  hangup() {
    this.call?.disconnect();
  }

  stop() {
    this.stopped = true;
    this.call?.disconnect();
    this.device?.destroy();
    this.device = null;
    this.listeners.clear();
  }
}

/** The real Twilio Voice SDK, loaded only when a workspace calls live (it is large). */
export const loadTwilioDevice: LoadDevice = async (token, edge) => {
  const { Device } = await import('@twilio/voice-sdk');
  return new Device(token, {
    closeProtection: 'A call is in progress. Leave anyway?',
    codecPreferences: ['opus', 'pcmu'] as never,
    ...(edge ? { edge } : {}),
    logLevel: 'warn',
  }) as unknown as DeviceLike;
};
