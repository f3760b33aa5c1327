import { api } from '../../lib/api.ts';
import type { ConnectStripe, PaymentSettingsDto, UpdateCardFees } from '../../../../src/modules/commerce/contracts.ts';

export type { ConnectStripe, PaymentSettingsDto, UpdateCardFees } from '../../../../src/modules/commerce/contracts.ts';

export const paymentSettingsKey = ['commerce', 'settings'] as const;

/** The studio's payment settings: read by anyone who sells (commerce:read), changed by admins (payments:settings). */
export const paymentSettingsApi = {
  get: () => api.get<PaymentSettingsDto>('/api/v1/commerce/settings'),
  updateCardFees: (body: UpdateCardFees) => api.put<PaymentSettingsDto>('/api/v1/commerce/settings/card-fees', body),
  connectStripe: (body: ConnectStripe) => api.put<PaymentSettingsDto>('/api/v1/commerce/settings/stripe', body),
  disconnectStripe: () => api.del<PaymentSettingsDto>('/api/v1/commerce/settings/stripe'),
};
