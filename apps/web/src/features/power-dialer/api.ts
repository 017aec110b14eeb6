import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, qs } from '../../app/api.ts';
import { useRealtime } from '../../app/realtime.ts';
import type { PowerConfigInput, PowerDashboard, PowerSessionListItem, PowerSessionState, StartPowerSession } from '@flywheel/contracts';
import { POWER_EVENTS } from '@flywheel/contracts/power-dialer-constants';

const V1 = '/api/v1';
export const powerUrls = {
  sessions: `${V1}/power-sessions`,
  session: (id: string) => `${V1}/power-sessions/${id}`,
  dashboard: `${V1}/power-dashboard`,
};

export const powerKeys = {
  all: ['power'] as const,
  list: ['power', 'list'] as const,
  session: (id: string) => ['power', 'session', id] as const,
  dashboard: (range: string) => ['power', 'dashboard', range] as const,
};

/** Every power event refreshes what is on screen (the payload only names the session). */
export function usePowerEvents() {
  const qc = useQueryClient();
  useRealtime(
    POWER_EVENTS.updated,
    useCallback(
      (p: unknown) => {
        const id = p && typeof p === 'object' && 'sessionId' in p && typeof p.sessionId === 'string' ? p.sessionId : null;
        void qc.invalidateQueries({ queryKey: id ? powerKeys.session(id) : powerKeys.all });
        void qc.invalidateQueries({ queryKey: powerKeys.list });
      },
      [qc],
    ),
  );
}

export function usePowerSession(id: string | null) {
  usePowerEvents();
  return useQuery({
    queryKey: powerKeys.session(id ?? ''),
    queryFn: () => api.get<PowerSessionState>(powerUrls.session(id ?? '')),
    enabled: !!id,
    // events drive it; the poll covers a dropped socket and keeps the timers honest
    refetchInterval: 3000,
  });
}

export function usePowerSessions() {
  return useQuery({ queryKey: powerKeys.list, queryFn: () => api.get<{ items: PowerSessionListItem[] }>(powerUrls.sessions), refetchInterval: 15_000 });
}

export function usePowerDashboard(range: 'today' | 'week') {
  return useQuery({ queryKey: powerKeys.dashboard(range), queryFn: () => api.get<PowerDashboard>(`${powerUrls.dashboard}${qs({ range })}`), refetchInterval: 10_000 });
}

export const powerApi = {
  start: (body: StartPowerSession) => api.post<PowerSessionState>(powerUrls.sessions, body),
  pause: (id: string) => api.post<PowerSessionState>(`${powerUrls.session(id)}/pause`),
  resume: (id: string) => api.post<PowerSessionState>(`${powerUrls.session(id)}/resume`),
  end: (id: string) => api.post<PowerSessionState>(`${powerUrls.session(id)}/end`),
  ready: (id: string) => api.post<PowerSessionState>(`${powerUrls.session(id)}/ready`),
  takeBreak: (id: string) => api.post<PowerSessionState>(`${powerUrls.session(id)}/break`),
  join: (id: string) => api.post<PowerSessionState>(`${powerUrls.session(id)}/join`),
  leave: (id: string) => api.post<PowerSessionState>(`${powerUrls.session(id)}/leave`),
  config: (id: string, patch: Partial<PowerConfigInput>) => api.patch<PowerSessionState>(`${powerUrls.session(id)}/config`, patch),
};
