import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { CallExperiments, Experiment, ExperimentCreate, ExperimentList, ExperimentStatus } from '@flywheel/contracts';
import { api, qs } from '../../app/api.ts';

// Every Experiments URL lives here, so the components never spell one out.
const V1 = '/api/v1/experiments';
export const experimentUrls = {
  list: V1,
  one: (id: string) => `${V1}/${id}`,
  forCall: (callSessionId: string) => `${V1}/for-call/${callSessionId}`,
  action: (id: string, a: 'start' | 'stop' | 'promote') => `${V1}/${id}/${a}`,
};

export const experimentKeys = {
  all: ['experiments'] as const,
  list: (status?: ExperimentStatus) => ['experiments', 'list', status ?? 'all'] as const,
  forCall: (id: string) => ['experiments', 'for-call', id] as const,
};

export const invalidateExperiments = (qc: QueryClient) => qc.invalidateQueries({ queryKey: experimentKeys.all });

export function useExperiments(status?: ExperimentStatus) {
  // progress moves as reps log calls: refresh while the panel is open
  return useQuery({ queryKey: experimentKeys.list(status), queryFn: () => api.get<ExperimentList>(`${experimentUrls.list}${qs({ status })}`), select: (r) => r.data, refetchInterval: 30_000 });
}

export function useCallExperiments(callSessionId: string | null) {
  return useQuery({
    queryKey: experimentKeys.forCall(callSessionId ?? 'none'),
    queryFn: () => api.get<CallExperiments>(experimentUrls.forCall(callSessionId!)),
    enabled: !!callSessionId,
    select: (r) => r.data,
    staleTime: 5 * 60_000, // a call's variant never changes
  });
}

export const experimentsApi = {
  create: (body: ExperimentCreate) => api.post<Experiment>(experimentUrls.list, body),
  start: (id: string) => api.post<Experiment>(experimentUrls.action(id, 'start')),
  stop: (id: string) => api.post<Experiment>(experimentUrls.action(id, 'stop')),
  promote: (id: string, variant: string) => api.post<Experiment>(experimentUrls.action(id, 'promote'), { variant }),
};
