import { z } from 'zod';
import { customerSchema } from '../contracts.ts';

const profileFieldSchema = z.enum(['firstName', 'lastName', 'email', 'phone', 'birthDate', 'locale']);
const mergeSideSchema = z.enum(['survivor', 'duplicate']);

export const mergePreviewQuerySchema = z.object({ from: z.string().min(1).max(64) });

/** Which side's value each profile field keeps; a field left out keeps the survivor's unless it is empty. */
export const mergeChoicesSchema = z.partialRecord(profileFieldSchema, mergeSideSchema);

export const mergeCustomersSchema = z.object({ fromId: z.string().min(1).max(64), keep: mergeChoicesSchema.optional() }).strict();
export type MergeCustomers = z.infer<typeof mergeCustomersSchema>;

export const mergedFieldSchema = z.object({
  field: profileFieldSchema,
  survivor: z.string().nullable(),
  duplicate: z.string().nullable(),
  kept: mergeSideSchema,
});

export const mergeCountsSchema = z.object({
  notes: z.number().int(),
  documents: z.number().int(),
  tags: z.number().int(),
  customFieldValues: z.number().int(),
  children: z.number().int(),
  referrals: z.number().int(),
  activityEvents: z.number().int(),
});

/**
 * What merging the duplicate into the survivor will do. `login`: `none` (neither can sign in),
 * `survivor` (the survivor's login stays), `duplicate_moves` (the duplicate's login becomes the
 * survivor's), `duplicate_ended` (both had one: the duplicate's stops working).
 */
export const mergePreviewSchema = z.object({
  survivor: customerSchema,
  duplicate: customerSchema,
  fields: z.array(mergedFieldSchema),
  moves: mergeCountsSchema,
  /** Each registered data owner's counts of rows that move, by module: `{ waivers: { signatures: 2 } }`. */
  owners: z.record(z.string(), z.record(z.string(), z.number().int())),
  login: z.enum(['none', 'survivor', 'duplicate_moves', 'duplicate_ended']),
});
export type MergePreviewDto = z.infer<typeof mergePreviewSchema>;

export const mergeResultSchema = z.object({ customer: customerSchema, fromId: z.string() });
export type MergeResultDto = z.infer<typeof mergeResultSchema>;

/**
 * What deleting the customer will do: `anonymize` when history must outlive them (`reasons`:
 * `children`, `referrals`, or `history:<module>` per data owner), else `erase`.
 */
export const deletePreviewSchema = z.object({
  outcome: z.enum(['anonymize', 'erase']),
  reasons: z.array(z.string()),
});
export type DeletePreviewDto = z.infer<typeof deletePreviewSchema>;

export const deleteResultSchema = z.object({ outcome: z.enum(['anonymized', 'deleted']) });
export type DeleteResultDto = z.infer<typeof deleteResultSchema>;

const row = z.record(z.string(), z.unknown());

/** Everything Enso holds about a customer (right of access): JSON, one section per kind of data. */
export const privacyExportSchema = z.object({
  format: z.literal('enso.customer-export.v1'),
  exportedAt: z.string(),
  studio: z.object({ id: z.string(), name: z.string() }),
  profile: row,
  login: row.nullable(),
  tags: z.array(row),
  customFields: z.array(row),
  notes: z.array(row),
  documents: z.array(row),
  children: z.array(row),
  referrals: z.array(row),
  mergedProfiles: z.array(row),
  activity: z.array(row),
  /** Each data owner's section, by module name (`waivers`…). */
  modules: z.record(z.string(), z.unknown()),
});
export type PrivacyExportDto = z.infer<typeof privacyExportSchema>;
