export { createSmsService, type SmsService, type SmsServiceDeps, type SendSms, type SmsOutcome } from './service.ts';
export { smsSettingsRoutes } from './routes.ts';
export { smsTiers, smsTierOf, nextSmsTier, fitsInTier, defaultSmsTier, type SmsTier, type SmsTierKey } from './tiers.ts';
export { smsMonthOf, type SmsMonth } from './settings.ts';
export type * from './contracts.ts';
export { normalizeE164 } from './phone-number.ts';
export { readSettings as readMessagingSettings } from './settings.ts';
