import { z } from 'zod';
import { isCurrencyCode } from '../../kernel/money.ts';
import { isValidTimeZone } from '../../kernel/time.ts';
import { localeSchema, optionalText, requiredText } from '../../platform/http/contracts.ts';

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isValidTimeZone, { message: 'Unknown time zone: use an IANA name such as Europe/Paris' });
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrencyCode, { message: 'Unknown currency: use an ISO 4217 code such as EUR' });
export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour is written #rrggbb');
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(48)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single dashes');

export const studioSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  currency: z.string(),
  timeZone: z.string(),
  defaultLocale: localeSchema,
  brandColor: z.string(),
  accentColor: z.string(),
  logoUrl: z.string().nullable(),
  /** The marketing suite: group sends to more than 75 customers (messaging). */
  marketingSuiteEnabled: z.boolean(),
});
export type StudioDto = z.infer<typeof studioSchema>;

export const updateStudioSchema = z
  .object({
    name: requiredText(120),
    slug: slugSchema,
    currency: currencySchema,
    timeZone: timeZoneSchema,
    defaultLocale: localeSchema,
    brandColor: colorSchema,
    accentColor: colorSchema,
    /** Admins only (403 `admin_only` for other roles). */
    marketingSuiteEnabled: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateStudio = z.infer<typeof updateStudioSchema>;

export const newStudioSchema = z
  .object({
    name: requiredText(120),
    slug: slugSchema,
    currency: currencySchema,
    timeZone: timeZoneSchema,
    defaultLocale: localeSchema,
  })
  .strict();
export type NewStudio = z.input<typeof newStudioSchema>;

export const publicStudioSchema = studioSchema.pick({
  name: true,
  slug: true,
  defaultLocale: true,
  brandColor: true,
  accentColor: true,
  logoUrl: true,
  timeZone: true,
});
export type PublicStudioDto = z.infer<typeof publicStudioSchema>;

const addressFields = {
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  postalCode: optionalText(20),
  region: optionalText(100),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, 'A country is a two-letter ISO code such as FR'),
};

export const locationSchema = z.object({
  id: z.string(),
  name: z.string(),
  addressLine1: z.string(),
  addressLine2: z.string(),
  city: z.string(),
  postalCode: z.string(),
  region: z.string(),
  country: z.string(),
  timeZone: z.string(),
  archived: z.boolean(),
  roomCount: z.number().int(),
});
export type LocationDto = z.infer<typeof locationSchema>;

export const createLocationSchema = z
  .object({ name: requiredText(120), timeZone: timeZoneSchema, ...addressFields })
  .partial(Object.fromEntries(Object.keys(addressFields).map((k) => [k, true])) as Record<keyof typeof addressFields, true>)
  .strict();
export type CreateLocation = z.infer<typeof createLocationSchema>;

export const updateLocationSchema = z
  .object({ name: requiredText(120), timeZone: timeZoneSchema, ...addressFields })
  .partial()
  .strict();
export type UpdateLocation = z.infer<typeof updateLocationSchema>;

/** A room's floor plan; the shape is checked here, the rules (grid, labels) in domain/spot-map.ts. */
export const spotMapSchema = z
  .object({
    rows: z.number().int(),
    columns: z.number().int(),
    // 30 × 30 cells at most: a longer list can't be a valid map and is refused before it is read.
    cells: z
      .array(
        z
          .object({
            row: z.number().int(),
            column: z.number().int(),
            kind: z.enum(['spot', 'landmark']),
            label: z.string().max(200),
          })
          .strict(),
      )
      .max(900),
  })
  .strict();
export type SpotMapInput = z.infer<typeof spotMapSchema>;

export const roomSchema = z.object({
  id: z.string(),
  locationId: z.string(),
  name: z.string(),
  capacity: z.number().int(),
  archived: z.boolean(),
  /** The floor plan for spot selection, or null when the room has none. */
  spotMap: spotMapSchema.nullable(),
  /** Spots on the plan (0 without one). */
  spotCount: z.number().int(),
});
export type RoomDto = z.infer<typeof roomSchema>;

export const createRoomSchema = z
  .object({ name: requiredText(120), capacity: z.number().int().min(1).max(10_000) })
  .strict();
export type CreateRoom = z.infer<typeof createRoomSchema>;
export const updateRoomSchema = createRoomSchema.partial().strict();
export type UpdateRoom = z.infer<typeof updateRoomSchema>;

export const timeZoneListSchema = z.object({ timeZones: z.array(z.string()) });
