import { z } from 'zod';

const localized = z.object({ en: z.string(), fr: z.string() });

export const smsTierSchema = z.object({ key: z.string(), monthlySegments: z.number().int(), label: localized });
export type SmsTierDto = z.infer<typeof smsTierSchema>;

export const smsUsageSchema = z.object({
  /** `YYYY-MM`, the calendar month in the studio's time zone. */
  month: z.string(),
  segmentsUsed: z.number().int(),
  segmentsAllowed: z.number().int(),
  messages: z.number().int(),
  /** True once this month's segments are used up: SMS go out as emails. */
  exhausted: z.boolean(),
  byDay: z.array(z.object({ date: z.string(), segments: z.number().int(), messages: z.number().int() })),
});
export type SmsUsageDto = z.infer<typeof smsUsageSchema>;

export const messagingSettingsSchema = z.object({
  smsTier: z.string(),
  tiers: z.array(smsTierSchema),
  /** Where inbound calls are forwarded (E.164); null: callers leave a voicemail. */
  forwardingPhone: z.string().nullable(),
  /** The studio's Enso number (the Twilio sender), to show on a website; null when none is configured. */
  studioPhone: z.string().nullable(),
  /** What to set as the number's voice webhook in Twilio; null when Twilio is not configured. */
  voiceWebhookUrl: z.string().nullable(),
  usage: smsUsageSchema,
  /** How many hours before a booked class its reminder goes (`class.reminder`); 0 = no reminders. */
  classReminderHours: z.number().int(),
});
export type MessagingSettingsDto = z.infer<typeof messagingSettingsSchema>;

export const updateMessagingSettingsSchema = z.object({
  smsTier: z.string().max(40).optional(),
  /** An international number such as +33 6 12 34 56 78; null or empty clears it. */
  forwardingPhone: z.string().max(40).nullable().optional(),
  /** Hours before a booked class its reminder goes, a whole number from 0 (no reminders) to 168. */
  classReminderHours: z.number().optional(),
});
export type UpdateMessagingSettings = z.infer<typeof updateMessagingSettingsSchema>;
