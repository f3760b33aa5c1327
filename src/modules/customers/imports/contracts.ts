import { z } from 'zod';
import { cursorQuerySchema } from '../../../platform/http/contracts.ts';

/** HTTP shapes of customer imports (CSV); the web app imports these types. */

export const importTargetSchema = z.union([
  z.enum(['ignore', 'firstName', 'lastName', 'fullName', 'email', 'phone', 'birthDate', 'locale', 'tags']),
  z.string().regex(/^field:[A-Za-z0-9_]{1,64}$/, 'field:<custom field id>') as z.ZodType<`field:${string}`>,
]);
export type ImportTargetDto = z.infer<typeof importTargetSchema>;
export const dateFormatSchema = z.enum(['ymd', 'dmy', 'mdy']);
export const presetIdSchema = z.enum(['mindbody', 'momence', 'glofox']);

/** A file name as shown in the history; control characters (NUL above all) cannot be stored. */
const fileNameSchema = z.string().trim().min(1).max(200).regex(/^\P{Cc}*$/u, 'A file name has no control characters');

export const uploadQuerySchema = z.object({ fileName: fileNameSchema.default('customers.csv') });

/** A stored file, read once: what the mapping screen needs. */
export const importUploadSchema = z.object({
  /** The handle of the stored file, for preview and start. */
  fileId: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']),
  delimiter: z.enum([',', ';', '\t']),
  header: z.array(z.string()),
  /** Data rows (blank lines left out). */
  rowCount: z.number().int(),
  suggestion: z.object({ preset: presetIdSchema.nullable(), dateFormat: dateFormatSchema, columns: z.array(importTargetSchema) }),
  /** The mapping each platform preset gives this header, for a studio that picks another preset. */
  presets: z.array(z.object({ id: presetIdSchema, label: z.string(), dateFormat: dateFormatSchema, columns: z.array(importTargetSchema) })),
  /** The mapping from common header names only (no preset). */
  generic: z.object({ dateFormat: dateFormatSchema, columns: z.array(importTargetSchema) }),
  /** The studio's custom fields a column may go to. */
  fields: z.array(z.object({ id: z.string(), label: z.string(), kind: z.string() })),
});
export type ImportUploadDto = z.infer<typeof importUploadSchema>;

const mappingShape = {
  fileId: z.string().regex(/^fil_[0-9A-Z]{26}$/, 'a fileId returned by the upload'),
  columns: z.array(importTargetSchema).min(1).max(500),
  dateFormat: dateFormatSchema,
  /** The language row errors are written in. */
  locale: z.enum(['en', 'fr']).default('en'),
};

export const previewImportSchema = z.object(mappingShape).strict();
export type PreviewImport = z.input<typeof previewImportSchema>;

export const startImportSchema = z
  .object({
    ...mappingShape,
    fileName: fileNameSchema,
    preset: presetIdSchema.nullable().default(null),
    /** Checks every row and counts what would happen, without writing any customer. */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type StartImport = z.input<typeof startImportSchema>;

export const rowErrorSchema = z.object({ field: z.string(), message: z.string() });

export const previewRowSchema = z.object({
  /** Row number as a spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  values: z
    .object({
      firstName: z.string(),
      lastName: z.string().optional(),
      email: z.string().optional(),
      phone: z.string().optional(),
      birthDate: z.string().optional(),
      locale: z.enum(['en', 'fr']).optional(),
      tags: z.array(z.string()),
      fields: z.array(z.object({ fieldId: z.string(), value: z.union([z.string(), z.boolean(), z.array(z.string())]) })),
    })
    .nullable(),
  errors: z.array(rowErrorSchema),
});
export const importPreviewSchema = z.object({ rowCount: z.number().int(), rows: z.array(previewRowSchema) });
export type ImportPreviewDto = z.infer<typeof importPreviewSchema>;

export const importSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  dryRun: z.boolean(),
  preset: presetIdSchema.nullable(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  /** For a dry run: what the import would do. */
  createdCount: z.number().int(),
  updatedCount: z.number().int(),
  unchangedCount: z.number().int(),
  errorCount: z.number().int(),
  /** Why the import stopped (unreadable file, mapping no longer valid); null otherwise. */
  failure: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportDto = z.infer<typeof importSchema>;

export const importErrorSchema = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export type ImportErrorDto = z.infer<typeof importErrorSchema>;

export const importErrorsQuerySchema = cursorQuerySchema;
export const importListQuerySchema = cursorQuerySchema.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) });
