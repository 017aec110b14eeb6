import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { VoiceToken } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { loadTwilioDevice, VoiceController, type VoiceSnapshot } from './controller.ts';

interface VoiceApi extends VoiceSnapshot {
  toggleMute(): void;
  hangup(): void;
}

const Ctx = createContext<VoiceController | null>(null);

/** One browser audio device for the signed-in rep, on every page (the floating dialer panel needs it too). */
export function VoiceProvider({ children, workspaceId }: { children: ReactNode; workspaceId: string | null }) {
  const [controller, setController] = useState<VoiceController | null>(null);
  useEffect(() => {
    if (!workspaceId) return;
    const c = new VoiceController(() => api.get<VoiceToken>('/api/v1/voice/token'), loadTwilioDevice);
    setController(c);
    void c.start();
    return () => c.stop();
  }, [workspaceId]);
  return <Ctx.Provider value={controller}>{children}</Ctx.Provider>;
}

const LOADING: VoiceSnapshot = { state: 'loading', message: null, muted: false, since: null, identity: null };
const noop = () => () => undefined;

export function useVoice(): VoiceApi {
  const c = useContext(Ctx);
  const snap = useSyncExternalStore(c?.subscribe ?? noop, c?.getSnapshot ?? (() => LOADING));
  return { ...snap, toggleMute: () => c?.toggleMute(), hangup: () => c?.hangup() };
}
