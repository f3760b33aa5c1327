import { z } from 'zod';
import { isoInstant, optionalText, requiredText } from '../../platform/http/contracts.ts';

/**
 * Request and response shapes of the schedule routes; the web app imports their types.
 * Wall times travel as `HH:MM` in the zone named beside them; instants as ISO strings (UTC).
 */

export const eventKindSchema = z.enum(['class', 'workshop', 'course', 'semester', 'retreat', 'private']);
export type EventKind = z.infer<typeof eventKindSchema>;
/** public: on the public schedule · link: only through its link (every private class) · hidden: staff only. */
export const visibilitySchema = z.enum(['public', 'link', 'hidden']);
export type Visibility = z.infer<typeof visibilitySchema>;
export const patternSchema = z.enum(['weekly', 'dates']);
export type Pattern = z.infer<typeof patternSchema>;
export const occurrenceStatusSchema = z.enum(['scheduled', 'cancelled', 'deleted']);
export type OccurrenceStatus = z.infer<typeof occurrenceStatusSchema>;
export const videoProviderSchema = z.enum(['none', 'zoom']);
export type VideoProvider = z.infer<typeof videoProviderSchema>;
export const videoStatusSchema = z.enum(['none', 'pending', 'ready', 'failed']);

const idSchema = z.string().min(1).max(64);
const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is #rrggbb');
/** `18:00`, `07:05`: a local wall time. */
export const wallTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time is HH:MM, 00:00 to 23:59');
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date is YYYY-MM-DD');
const durationSchema = z.number().int().min(1).max(20_160);
const capacitySchema = z.number().int().min(1).max(10_000);
const priceMinorSchema = z.number().int().min(0).max(100_000_000);
const httpsUrlSchema = z.string().trim().max(2_000).pipe(z.url({ protocol: /^https?$/ }));

// ---------------------------------------------------------------- templates

export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  welcomeMessage: z.string(),
  category: z.string(),
  defaultDurationMin: z.number().int(),
  defaultCapacity: z.number().int(),
  priceMinor: z.number().int(),
  currency: z.string(),
  color: z.string(),
  /** Staff URL of the banner image, or null. */
  bannerUrl: z.string().nullable(),
  archived: z.boolean(),
  /** Series made from this template that still have classes ahead. */
  activeSeriesCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TemplateDto = z.infer<typeof templateSchema>;
export const templateListSchema = z.object({ items: z.array(templateSchema) });
export const listTemplatesQuerySchema = z.object({ archived: z.enum(['true', 'false']).default('false') });

export const createTemplateSchema = z
  .object({
    name: requiredText(120),
    description: optionalText(10_000).default(''),
    welcomeMessage: optionalText(5_000).default(''),
    category: optionalText(80).default(''),
    defaultDurationMin: durationSchema,
    defaultCapacity: capacitySchema,
    priceMinor: priceMinorSchema.default(0),
    color: colorSchema.default('#4c6ef5'),
  })
  .strict();
export type CreateTemplate = z.input<typeof createTemplateSchema>;
// Written out rather than `createTemplateSchema.partial()`: zod 4 applies a default even inside
// an optional, so a partial of the create schema would reset every omitted text to ''.
export const updateTemplateSchema = z
  .object({
    name: requiredText(120),
    description: optionalText(10_000),
    welcomeMessage: optionalText(5_000),
    category: optionalText(80),
    defaultDurationMin: durationSchema,
    defaultCapacity: capacitySchema,
    priceMinor: priceMinorSchema,
    color: colorSchema,
  })
  .partial()
  .strict();
export type UpdateTemplate = z.input<typeof updateTemplateSchema>;

// ---------------------------------------------------------------- teachers

export const teacherSchema = z.object({
  userId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.string(),
  active: z.boolean(),
  bio: z.string(),
  /** Staff URL of the host photo, or null. */
  photoUrl: z.string().nullable(),
});
export type TeacherDto = z.infer<typeof teacherSchema>;
export const teacherListSchema = z.object({ items: z.array(teacherSchema) });
export const updateTeacherSchema = z.object({ bio: optionalText(5_000) }).strict();

// ---------------------------------------------------------------- series

/** One date of an irregular schedule (course/challenge, workshop, retreat, single class). */
export const scheduleDateSchema = z
  .object({
    date: localDateSchema,
    startTime: wallTimeSchema,
    /** A retreat spans days: it ends on `endDate` at `endTime`. Otherwise the series' duration applies. */
    endDate: localDateSchema.optional(),
    endTime: wallTimeSchema.optional(),
  })
  .strict();
export type ScheduleDate = z.infer<typeof scheduleDateSchema>;

/** Where and by whom a class is taught, and the rules customers book under. */
const classSettingsShape = {
  teacherId: idSchema.nullable().default(null),
  locationId: idSchema.nullable().default(null),
  roomId: idSchema.nullable().default(null),
  online: z.boolean().default(false),
  videoProvider: videoProviderSchema.default('none'),
  /** The join link pasted by staff (provider `none`); never shown to anyone not booked. */
  videoUrl: httpsUrlSchema.nullable().default(null),
  capacity: capacitySchema.optional(),
  /** Null: the template's price. */
  priceMinor: priceMinorSchema.nullable().default(null),
  /** Booking closes this many minutes before the start. */
  salesCutoffMin: z.number().int().min(0).max(43_200).default(0),
  /** How many days ahead customers may book; null: as far as the schedule goes. */
  bookingWindowDays: z.number().int().min(1).max(730).nullable().default(null),
  allowChildren: z.boolean().default(false),
  spotSelection: z.boolean().default(false),
  visibility: visibilitySchema.default('public'),
};

export const createSeriesSchema = z
  .object({
    templateId: idSchema,
    kind: eventKindSchema.default('class'),
    pattern: patternSchema,
    /** weekly: ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    /** weekly: one or more local start times. */
    startTimes: z.array(wallTimeSchema).max(12).default([]),
    /** Defaults to the template's duration. */
    durationMin: durationSchema.optional(),
    /** weekly: the first day the pattern applies. */
    startDate: localDateSchema.optional(),
    /** weekly: the last day (required for a semester); null: open-ended. */
    endDate: localDateSchema.nullable().default(null),
    /** weekly: how far ahead classes exist; a daily job keeps the horizon rolling. */
    weeksAhead: z.number().int().min(1).max(104).default(8),
    /** dates: the irregular dates. */
    dates: z.array(scheduleDateSchema).max(500).default([]),
    ...classSettingsShape,
    /** Saving over a teacher's or room's other class needs this set (after the 409 listed them). */
    confirmConflicts: z.boolean().default(false),
  })
  .strict();
export type CreateSeries = z.input<typeof createSeriesSchema>;

export const seriesSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  name: z.string(),
  kind: eventKindSchema,
  visibility: visibilitySchema,
  pattern: patternSchema,
  weekdays: z.array(z.number().int()),
  startTimes: z.array(z.string()),
  durationMin: z.number().int(),
  timeZone: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  weeksAhead: z.number().int(),
  materialisedUntil: z.string().nullable(),
  teacherId: z.string().nullable(),
  locationId: z.string().nullable(),
  roomId: z.string().nullable(),
  online: z.boolean(),
  videoProvider: videoProviderSchema,
  videoUrl: z.string().nullable(),
  capacity: z.number().int(),
  priceMinor: z.number().int().nullable(),
  salesCutoffMin: z.number().int(),
  bookingWindowDays: z.number().int().nullable(),
  allowChildren: z.boolean(),
  spotSelection: z.boolean(),
  /** The public link of the series (needed to book a private class). */
  shareUrl: z.string(),
  splitFromSeriesId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SeriesDto = z.infer<typeof seriesSchema>;
export const seriesListSchema = z.object({ items: z.array(seriesSchema) });
/** Series of the studio, newest start first; `templateId` narrows to one class type. */
export const listSeriesQuerySchema = z.object({ templateId: idSchema.optional() });
export type ListSeriesQuery = z.input<typeof listSeriesQuerySchema>;

export const conflictSchema = z.object({
  occurrenceId: z.string(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.enum(['teacher', 'room']),
});
export type ConflictDto = z.infer<typeof conflictSchema>;

export const createSeriesResultSchema = z.object({
  series: seriesSchema,
  occurrencesCreated: z.number().int(),
  /** Conflicts the caller confirmed (empty when there were none). */
  conflicts: z.array(conflictSchema),
});
export type CreateSeriesResult = z.infer<typeof createSeriesResultSchema>;

/** Adds one date to an irregular (dates) series, e.g. a course/challenge. */
export const addSeriesDateSchema = scheduleDateSchema.extend({ confirmConflicts: z.boolean().default(false) }).strict();
export type AddSeriesDate = z.input<typeof addSeriesDateSchema>;

// ---------------------------------------------------------------- occurrences

export const occurrenceSchema = z.object({
  id: z.string(),
  seriesId: z.string(),
  templateId: z.string(),
  name: z.string(),
  category: z.string(),
  color: z.string(),
  kind: eventKindSchema,
  visibility: visibilitySchema,
  status: occurrenceStatusSchema,
  startsAt: isoInstant,
  endsAt: isoInstant,
  /** The class's calendar date and start/end wall times in `timeZone` (the location's). */
  localDate: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  timeZone: z.string(),
  teacherId: z.string().nullable(),
  teacherName: z.string().nullable(),
  /** Set while a substitute teaches: the series' own teacher. */
  substitutedFor: z.string().nullable(),
  locationId: z.string().nullable(),
  locationName: z.string().nullable(),
  roomId: z.string().nullable(),
  roomName: z.string().nullable(),
  online: z.boolean(),
  capacity: z.number().int(),
  bookedCount: z.number().int(),
  cancelNote: z.string().nullable(),
});
export type OccurrenceDto = z.infer<typeof occurrenceSchema>;
export const occurrenceListSchema = z.object({ items: z.array(occurrenceSchema) });

/** The staff calendar: at most 62 days per call; a teacher always sees only their own classes. */
export const listOccurrencesQuerySchema = z.object({
  from: isoInstant,
  to: isoInstant,
  locationId: idSchema.optional(),
  roomId: idSchema.optional(),
  teacherId: idSchema.optional(),
  templateId: idSchema.optional(),
  includeCancelled: z.enum(['true', 'false']).default('true'),
});
export type ListOccurrencesQuery = z.input<typeof listOccurrencesQuerySchema>;

export const occurrenceDetailSchema = occurrenceSchema.extend({
  description: z.string(),
  welcomeMessage: z.string(),
  series: seriesSchema,
  videoStatus: videoStatusSchema,
  /** Staff see the join link; customers get it only when booked. */
  videoUrl: z.string().nullable(),
  videoError: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  /** Bookings block deletion (the booking module counts them); cancel instead. */
  canDelete: z.boolean(),
  /** May the caller edit it (a teacher edits only their own classes). */
  canEdit: z.boolean(),
  shareUrl: z.string(),
});
export type OccurrenceDetailDto = z.infer<typeof occurrenceDetailSchema>;

/** The class a new date made, and the conflicts the caller confirmed. */
export const addSeriesDateResultSchema = z.object({ occurrence: occurrenceSchema, conflicts: z.array(conflictSchema) });
export type AddSeriesDateResult = z.infer<typeof addSeriesDateResultSchema>;

/** Edit one occurrence. Times are in the occurrence's zone; omitted fields stay. */
export const updateOccurrenceSchema = z
  .object({
    date: localDateSchema.optional(),
    startTime: wallTimeSchema.optional(),
    durationMin: durationSchema.optional(),
    teacherId: idSchema.nullable().optional(),
    locationId: idSchema.nullable().optional(),
    roomId: idSchema.nullable().optional(),
    capacity: capacitySchema.optional(),
    online: z.boolean().optional(),
    videoUrl: httpsUrlSchema.nullable().optional(),
    confirmConflicts: z.boolean().default(false),
  })
  .strict();
export type UpdateOccurrence = z.input<typeof updateOccurrenceSchema>;

/**
 * "Edit recurring schedule" from this occurrence on: the series is split here. Omitted fields
 * keep their value; only the fields that change are applied to the classes ahead, so a
 * substitution on one date survives a capacity change.
 */
export const editFollowingSchema = z
  .object({
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    startTimes: z.array(wallTimeSchema).min(1).max(12).optional(),
    durationMin: durationSchema.optional(),
    endDate: localDateSchema.nullable().optional(),
    weeksAhead: z.number().int().min(1).max(104).optional(),
    teacherId: idSchema.nullable().optional(),
    locationId: idSchema.nullable().optional(),
    roomId: idSchema.nullable().optional(),
    online: z.boolean().optional(),
    videoProvider: videoProviderSchema.optional(),
    videoUrl: httpsUrlSchema.nullable().optional(),
    capacity: capacitySchema.optional(),
    priceMinor: priceMinorSchema.nullable().optional(),
    salesCutoffMin: z.number().int().min(0).max(43_200).optional(),
    bookingWindowDays: z.number().int().min(1).max(730).nullable().optional(),
    allowChildren: z.boolean().optional(),
    spotSelection: z.boolean().optional(),
    visibility: visibilitySchema.optional(),
    confirmConflicts: z.boolean().default(false),
  })
  .strict();
export type EditFollowing = z.input<typeof editFollowingSchema>;

export const editFollowingResultSchema = z.object({
  series: seriesSchema,
  /** Classes ahead moved to the new series and updated. */
  updated: z.number().int(),
  /** Classes with bookings on a weekday the new pattern drops: kept as they are, for staff to cancel or move. */
  kept: z.array(occurrenceSchema),
  conflicts: z.array(conflictSchema),
});
export type EditFollowingResult = z.infer<typeof editFollowingResultSchema>;

export const substituteSchema = z.object({ teacherId: idSchema, confirmConflicts: z.boolean().default(false) }).strict();
export type Substitute = z.input<typeof substituteSchema>;

export const cancelOccurrenceSchema = z.object({ note: optionalText(2_000).default('') }).strict();
export type CancelOccurrence = z.input<typeof cancelOccurrenceSchema>;
