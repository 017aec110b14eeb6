import { useQuery } from '@tanstack/react-query';
import type { NotificationChannel, WeeklyBrief, WeeklyBriefList, WeeklyBriefSettings } from '@flywheel/contracts';
import { api } from '../../app/api.ts';

export type BriefListItem = WeeklyBriefList['data'][number];

export const briefKeys = {
  list: ['briefs'] as const,
  one: (id: string) => ['briefs', id] as const,
  settings: ['settings', 'weekly-brief'] as const,
  channels: ['notification-channels'] as const,
};

export const useBriefs = () => useQuery({ queryKey: briefKeys.list, queryFn: () => api.get<{ data: BriefListItem[] }>('/api/v1/briefs') });
export const useBrief = (id: string | null) => useQuery({ queryKey: briefKeys.one(id ?? ''), queryFn: () => api.get<WeeklyBrief>(`/api/v1/briefs/${id}`), enabled: !!id });
export const useBriefSettings = (enabled: boolean) => useQuery({ queryKey: briefKeys.settings, queryFn: () => api.get<WeeklyBriefSettings>('/api/v1/settings/weekly-brief'), enabled });
export const useChannels = (enabled: boolean) => useQuery({ queryKey: briefKeys.channels, queryFn: () => api.get<{ data: NotificationChannel[] }>('/api/v1/notification-channels'), enabled });
