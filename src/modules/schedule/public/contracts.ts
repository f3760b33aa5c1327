import { z } from 'zod';
import { isoInstant } from '../../../platform/http/contracts.ts';
import { isLocalDate } from '../../../kernel/time.ts';
import { eventKindSchema, localDateSchema } from '../contracts.ts';
import { bookabilities } from './domain/bookability.ts';

/**
 * Shapes of the public schedule (no login; the studio comes from its slug). Each response
 * schema is the allow-list of what the public may see: never a teacher's email, a share
 * token, a video link, who booked, or a staff-only field. The tests assert the exact keys.
 */

const idSchema = z.string().min(1).max(64);

export const bookabilitySchema = z.enum(bookabilities);
export type BookabilityDto = z.infer<typeof bookabilitySchema>;

export const publicScheduleParamsSchema = z.object({ slug: z.string().min(1).max(64) });
export const publicClassParamsSchema = z.object({ slug: z.string().min(1).max(64), id: idSchema });

/** `from`: the first calendar day shown (in each class's own zone); `days`: how many days. */
export const publicScheduleQuerySchema = z.object({
  from: localDateSchema.refine(isLocalDate, 'Not a calendar date').optional(),
  days: z.coerce.number().int().min(1).max(31).default(7),
  locationId: idSchema.optional(),
  teacherId: idSchema.optional(),
  templateId: idSchema.optional(),
});
export type PublicScheduleQuery = z.input<typeof publicScheduleQuerySchema>;

/** A private (link-only) class needs its series' share token. */
export const publicClassQuerySchema = z.object({ key: z.string().min(1).max(128).optional() });

const namedSchema = z.object({ id: z.string(), name: z.string() });
export type NamedDto = z.infer<typeof namedSchema>;

export const publicClassSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  color: z.string(),
  kind: eventKindSchema,
  /** The series the class belongs to (a semester or course is registered for as a whole through it). */
  seriesId: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  /** The class's calendar date and wall times in `timeZone`, its location's zone. */
  localDate: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  timeZone: z.string(),
  teacher: namedSchema.nullable(),
  location: namedSchema.nullable(),
  roomName: z.string().nullable(),
  online: z.boolean(),
  capacity: z.number().int(),
  spotsLeft: z.number().int(),
  bookability: bookabilitySchema,
  /** When booking opens (a booking window), or null. */
  opensAt: isoInstant.nullable(),
  priceMinor: z.number().int(),
  currency: z.string(),
});
export type PublicClassDto = z.infer<typeof publicClassSchema>;

export const publicScheduleSchema = z.object({
  /** The studio's zone (the schedule's default when a class has no location). */
  timeZone: z.string(),
  from: z.string(),
  days: z.number().int(),
  items: z.array(publicClassSchema),
  /** What the filters offer: places, teachers and class types of public classes. */
  filters: z.object({
    locations: z.array(namedSchema),
    teachers: z.array(namedSchema),
    templates: z.array(namedSchema),
  }),
});
export type PublicScheduleDto = z.infer<typeof publicScheduleSchema>;

export const spotMapSchema = z.object({
  rows: z.number().int(),
  columns: z.number().int(),
  cells: z.array(z.object({ row: z.number().int(), column: z.number().int(), kind: z.enum(['spot', 'landmark']), label: z.string() })),
});
export type PublicSpotMapDto = z.infer<typeof spotMapSchema>;

export const publicClassDetailSchema = publicClassSchema.extend({
  /** Plain text; blank lines separate paragraphs. */
  description: z.string(),
  /** The public banner image, or null. */
  bannerUrl: z.string().nullable(),
  teacher: z.object({ id: z.string(), name: z.string(), bio: z.string(), photoUrl: z.string().nullable() }).nullable(),
  location: z
    .object({
      id: z.string(),
      name: z.string(),
      addressLine1: z.string(),
      addressLine2: z.string(),
      city: z.string(),
      postalCode: z.string(),
      region: z.string(),
      country: z.string(),
    })
    .nullable(),
  /** The note staff left for customers when they cancelled it. */
  cancelNote: z.string().nullable(),
  allowChildren: z.boolean(),
  spotSelection: z.boolean(),
  /** The room's spot map, shown when spot selection is on and the room has one. */
  spotMap: spotMapSchema.nullable(),
  salesCutoffMin: z.number().int(),
  bookingWindowDays: z.number().int().nullable(),
  closesAt: isoInstant,
});
export type PublicClassDetailDto = z.infer<typeof publicClassDetailSchema>;

/** A series' page (the share link of a private class): its classes that have not ended. */
export const publicSeriesSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  items: z.array(publicClassSchema),
});
export type PublicSeriesDto = z.infer<typeof publicSeriesSchema>;

/** Settings › Add to website: the public address of the schedule and the two snippets. */
export const embedSnippetsSchema = z.object({
  scheduleUrl: z.string(),
  iframe: z.string(),
  script: z.string(),
});
export type EmbedSnippetsDto = z.infer<typeof embedSnippetsSchema>;
