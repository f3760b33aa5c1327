import { api } from '../../../lib/api.ts';
import type { MessagingSettingsDto, SmsUsageDto, SmsTierDto, UpdateMessagingSettings } from '../../../../../src/modules/messaging/sms/contracts.ts';

export type { MessagingSettingsDto, SmsUsageDto, SmsTierDto };

export const messagingSettingsKey = ['messaging-settings'] as const;

/** Settings › SMS & phone (messages:settings). */
export const messagingSettingsApi = {
  get: () => api.get<MessagingSettingsDto>('/api/v1/messaging/settings'),
  update: (body: UpdateMessagingSettings) => api.put<MessagingSettingsDto>('/api/v1/messaging/settings', body),
};
