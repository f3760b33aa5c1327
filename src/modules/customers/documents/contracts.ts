import { z } from 'zod';

/** Uploads are refused beyond this size (20 MB): scans, PDFs and photos, not videos. */
export const maxDocumentBytes = 20 * 1024 * 1024;

/**
 * A file name as shown and offered for download: no path, no control characters, no quotes or
 * characters that Windows refuses in a name. Letters of every script are kept.
 */
export const documentFileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex
  .refine((v) => !/[\u0000-\u001f\u007f/\\:*?"<>|]/.test(v), 'A file name cannot contain / \\ : * ? " < > | or control characters')
  .refine((v) => v !== '.' && v !== '..', 'Not a file name');

export const uploadDocumentQuerySchema = z.object({ fileName: documentFileNameSchema }).strict();
export type UploadDocumentQuery = z.infer<typeof uploadDocumentQuerySchema>;

export const documentParamsSchema = z.object({ id: z.string().min(1).max(64), documentId: z.string().min(1).max(64) });

export const customerDocumentSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** Hex SHA-256 of the bytes, so a copy can be checked against what was uploaded. */
  sha256: z.string(),
  /** Name of the staff member who uploaded it, when known. */
  uploadedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type CustomerDocumentDto = z.infer<typeof customerDocumentSchema>;

export const customerDocumentListSchema = z.object({ items: z.array(customerDocumentSchema) });
export type CustomerDocumentList = z.infer<typeof customerDocumentListSchema>;
