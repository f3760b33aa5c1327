import { z } from 'zod';

/** Shared shapes of the HTTP API: pagination, ids, problem documents. */

export const cursorQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const idParamSchema = z.object({ id: z.string().min(1).max(64) });

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });

/** RFC 9457 problem document, with Enso's stable `code` and per-field `errors`. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
  /** Structured facts for the caller, per error code (e.g. `schedule_conflict`: `{ conflicts }`). */
  details: z.record(z.string(), z.unknown()).optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

/** Trims, then requires at least one character. */
export const requiredText = (max: number) => z.string().trim().min(1).max(max);
export const optionalText = (max: number) => z.string().trim().max(max);
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());
export const localeSchema = z.enum(['en', 'fr']);
export type Locale = z.infer<typeof localeSchema>;
export const staffRoleSchema = z.enum(['admin', 'operator', 'front_desk', 'teacher']);
export const isoInstant = z.iso.datetime({ offset: true });
