import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Message, MessageThread, SmsTemplate } from '@flywheel/contracts';
import { api, qs } from '../../app/api.ts';
import { leadKeys } from '../leads/api.ts';

export interface MessagingSettingsView {
  helpText: string;
  autoExhausted: { enabled: boolean; templateId: string | null };
  autoMissedCall: { enabled: boolean; templateId: string | null };
  tenDlcStatus: string;
  provider: string | null;
}

export const messagingKeys = {
  thread: (leadId: string) => ['lead-messages', leadId] as const,
  templates: (includeArchived: boolean) => ['sms-templates', includeArchived] as const,
  settings: ['messaging-settings'] as const,
};

/** A lead's thread; polls while a text is on its way so sent → delivered shows without a reload. */
export function useLeadThread(leadId: string) {
  return useQuery({
    queryKey: messagingKeys.thread(leadId),
    queryFn: () => api.get<MessageThread>(`/api/v1/leads/${leadId}/messages${qs({ limit: 50 })}`),
    refetchInterval: (q) => (q.state.data?.data.some((m) => m.status === 'queued' || m.status === 'sending' || m.status === 'sent') ? 2000 : 15_000),
  });
}

export function useSendMessage(leadId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { body?: string; templateId?: string }) => api.post<Message>(`/api/v1/leads/${leadId}/messages`, body),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: messagingKeys.thread(leadId) });
      void qc.invalidateQueries({ queryKey: leadKeys.timeline(leadId) });
    },
  });
}

export function useSmsTemplates(includeArchived = false) {
  return useQuery({
    queryKey: messagingKeys.templates(includeArchived),
    queryFn: () => api.get<{ data: SmsTemplate[] }>(`/api/v1/sms-templates${qs({ includeArchived: includeArchived || undefined })}`),
    staleTime: 30_000,
  });
}

export function useMessagingSettings() {
  return useQuery({ queryKey: messagingKeys.settings, queryFn: () => api.get<MessagingSettingsView>('/api/v1/settings/messaging') });
}
