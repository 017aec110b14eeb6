import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, qs } from '../../app/api.ts';
import { useRealtime } from '../../app/realtime.ts';
import type {
  CallSession,
  DialerHome,
  DialerSettings,
  DialFilters,
  DialModeCount,
  DialSession,
  DispositionOut,
  ItemContext,
  LogDisposition,
  LogDispositionResponse,
  PlaceCall,
  PlaceCallResponse,
  SessionSummary,
  Snooze,
  StartSession,
  TaskBulk,
  TaskCreate,
  TaskItem,
  TaskListResponse,
  TaskUpdate,
} from './types.ts';
import { DIALER_EVENT } from './types.ts';

// Every Dialer URL lives here, so the screens never spell one out.
const V1 = '/api/v1';
export const urls = {
  tasks: `${V1}/tasks`,
  task: (id: string) => `${V1}/tasks/${id}`,
  home: `${V1}/dialer/home`,
  target: `${V1}/dialer/target`,
  modes: `${V1}/dialer/modes`,
  sessions: `${V1}/dialer/sessions`,
  session: (id: string) => `${V1}/dialer/sessions/${id}`,
  item: (sid: string, iid: string) => `${V1}/dialer/sessions/${sid}/items/${iid}`,
  settings: `${V1}/dialer/settings`,
  dispositions: `${V1}/dispositions`,
  calls: `${V1}/calls`,
  call: (id: string) => `${V1}/calls/${id}`,
};

export const dialerKeys = {
  all: ['dialer'] as const,
  home: ['dialer', 'home'] as const,
  tasks: (p: Record<string, unknown>) => ['dialer', 'tasks', p] as const,
  modes: (p: Record<string, unknown>) => ['dialer', 'modes', p] as const,
  session: (id: string) => ['dialer', 'session', id] as const,
  item: (sid: string, iid: string) => ['dialer', 'item', sid, iid] as const,
  summary: (id: string) => ['dialer', 'summary', id] as const,
  settings: ['dialer', 'settings'] as const,
  dispositions: ['dispositions'] as const,
  call: (id: string) => ['calls', 'detail', id] as const,
};

/** Tasks moved: the home figures, the queue and the lead views' task summaries are all stale. */
export function invalidateTasks(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ['dialer', 'tasks'] });
  void qc.invalidateQueries({ queryKey: dialerKeys.home });
  void qc.invalidateQueries({ queryKey: ['dialer', 'modes'] });
  void qc.invalidateQueries({ queryKey: ['leads'] });
}

// ───────────── home and tasks ─────────────

export function useDialerHome() {
  const qc = useQueryClient();
  // other tabs, teammates and the callback timer change tasks; the server says so
  useRealtime(DIALER_EVENT.tasksChanged, useCallback(() => invalidateTasks(qc), [qc]));
  return useQuery({ queryKey: dialerKeys.home, queryFn: () => api.get<DialerHome>(urls.home), refetchInterval: 60_000 });
}

export function useTasks(params: { bucket?: string; owner?: string; leadId?: string | null }) {
  const p = { bucket: params.bucket ?? 'open', owner: params.owner ?? 'me', leadId: params.leadId ?? undefined };
  return useQuery({ queryKey: dialerKeys.tasks(p), queryFn: () => api.get<TaskListResponse>(`${urls.tasks}${qs(p)}`), placeholderData: keepPreviousData });
}

export const taskApi = {
  create: (body: TaskCreate) => api.post<TaskItem>(urls.tasks, body),
  update: (id: string, body: TaskUpdate) => api.patch<TaskItem>(urls.task(id), body),
  complete: (id: string) => api.post<TaskItem>(`${urls.task(id)}/complete`),
  reopen: (id: string) => api.post<TaskItem>(`${urls.task(id)}/reopen`),
  snooze: (id: string, body: Snooze) => api.post<TaskItem>(`${urls.task(id)}/snooze`, body),
  bulk: (body: TaskBulk) => api.post<{ updated: number; notFound: string[] }>(`${urls.tasks}/bulk`, body),
};

export function setDailyTarget(dailyAttemptTarget: number) {
  return api.patch<unknown>(urls.target, { dailyAttemptTarget });
}

// ───────────── session setup and run ─────────────

export function useModes(filters: DialFilters) {
  const p = { owner: filters.owner, segment: filters.segment, source: filters.source, callableNow: filters.callableNow ? 'true' : undefined };
  return useQuery({ queryKey: dialerKeys.modes(p), queryFn: () => api.get<{ modes: DialModeCount[] }>(`${urls.modes}${qs(p)}`), placeholderData: keepPreviousData, select: (r) => r.modes });
}

export function useDialSession(id: string) {
  return useQuery({ queryKey: dialerKeys.session(id), queryFn: () => api.get<DialSession>(urls.session(id)) });
}

export function useItemContext(sessionId: string, itemId: string | null) {
  return useQuery({
    queryKey: dialerKeys.item(sessionId, itemId ?? ''),
    queryFn: () => api.get<ItemContext>(`${urls.item(sessionId, itemId ?? '')}/context`),
    enabled: !!itemId,
    placeholderData: keepPreviousData,
  });
}

export function useSummary(id: string) {
  return useQuery({ queryKey: dialerKeys.summary(id), queryFn: () => api.get<SessionSummary>(`${urls.session(id)}/summary`) });
}

export function useDispositions() {
  return useQuery({
    queryKey: dialerKeys.dispositions,
    queryFn: async () => {
      const r = await api.get<{ data: DispositionOut[] }>(urls.dispositions);
      return [...r.data].sort((a, b) => a.position - b.position);
    },
    staleTime: 5 * 60_000,
  });
}

export function useDialerSettings() {
  return useQuery({ queryKey: dialerKeys.settings, queryFn: () => api.get<DialerSettings>(urls.settings), staleTime: 5 * 60_000 });
}

export const sessionApi = {
  start: (body: StartSession) => api.post<DialSession>(urls.sessions, body),
  end: (id: string) => api.post<unknown>(`${urls.session(id)}/end`),
  call: (sid: string, iid: string, body: PlaceCall) => api.post<PlaceCallResponse>(`${urls.item(sid, iid)}/call`, body),
  log: (sid: string, iid: string, body: LogDisposition) => api.post<LogDispositionResponse>(`${urls.item(sid, iid)}/disposition`, body),
  skip: (sid: string, iid: string, reason: string) => api.post<{ nextItemId: string | null }>(`${urls.item(sid, iid)}/skip`, { reason }),
  hangup: (callSessionId: string) => api.post<CallSession>(`${V1}/dialer/calls/${callSessionId}/hangup`),
};

// ───────────── one call's provider-reported state ─────────────

const OPEN_STATUSES = new Set(['initiated', 'ringing', 'in_progress']);
export const isCallOpen = (c: Pick<CallSession, 'status'> | null | undefined) => !!c && OPEN_STATUSES.has(c.status);
/** Still waiting for something the provider delivers after the call (duration, recording, transcript). */
export const isCallSettling = (c: CallSession | null | undefined) =>
  !!c && (isCallOpen(c) || (c.durationSeconds === null && c.status === 'completed') || c.recordingStatus === 'pending' || c.recordingStatus === 'in_progress' || c.transcriptStatus === 'pending');

/**
 * A call session as the provider reports it. `call.updated` events trigger a refetch; while the call
 * is still open (or its recording/transcript pending) a 2 s poll covers a dropped WebSocket.
 */
export function useCall(id: string | null, initial?: CallSession) {
  const qc = useQueryClient();
  useRealtime(
    DIALER_EVENT.callUpdated,
    useCallback(
      (payload: unknown) => {
        const callId = payload && typeof payload === 'object' && 'callSessionId' in payload ? payload.callSessionId : payload && typeof payload === 'object' && 'id' in payload ? payload.id : null;
        if (!id || (typeof callId === 'string' && callId !== id)) return;
        void qc.invalidateQueries({ queryKey: dialerKeys.call(id) });
      },
      [qc, id],
    ),
  );
  return useQuery({
    queryKey: dialerKeys.call(id ?? ''),
    queryFn: () => api.get<CallSession>(urls.call(id ?? '')),
    enabled: !!id,
    initialData: initial && initial.id === id ? initial : undefined,
    refetchInterval: (q) => (isCallSettling(q.state.data) ? 2000 : false),
  });
}
