import { z } from 'zod';
import { optionalText, requiredText } from '../../platform/http/contracts.ts';

/** Request and response shapes of the waivers routes; the web app imports their types. */

export const waiverKindSchema = z.enum(['customer', 'membership', 'child', 'custom']);
export type WaiverKind = z.infer<typeof waiverKindSchema>;
export const signatureMethodSchema = z.enum(['checkbox', 'in_person', 'email_link']);
export type SignatureMethod = z.infer<typeof signatureMethodSchema>;
export const waiverStatusSchema = z.enum(['signed', 'outdated', 'unsigned']);

const titleSchema = requiredText(200);
/** Plain text, paragraphs separated by blank lines; never rendered as HTML. */
const bodySchema = z.string().max(50_000).refine((v) => v.trim() !== '', 'The text of a waiver cannot be empty');
const noteSchema = optionalText(2_000);
const versionSchema = z.number().int().min(1).max(1_000_000);
const idSchema = z.string().min(1).max(64);
const signerNameSchema = requiredText(160);

export const waiverVersionSchema = z.object({
  version: z.number().int(),
  title: z.string(),
  body: z.string(),
  bodySha256: z.string(),
  note: z.string(),
  createdAt: z.string(),
});
export type WaiverVersionDto = z.infer<typeof waiverVersionSchema>;

export const waiverSchema = z.object({
  id: z.string(),
  kind: waiverKindSchema,
  title: z.string(),
  body: z.string(),
  bodySha256: z.string(),
  currentVersion: z.number().int(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WaiverDto = z.infer<typeof waiverSchema>;

export const waiverDetailSchema = waiverSchema.extend({ versions: z.array(waiverVersionSchema) });
export type WaiverDetailDto = z.infer<typeof waiverDetailSchema>;

export const waiverListSchema = z.object({ items: z.array(waiverSchema) });

export const listWaiversQuerySchema = z.object({ archived: z.enum(['true', 'false']).default('false') });

export const createWaiverSchema = z.object({ kind: waiverKindSchema, title: titleSchema, body: bodySchema }).strict();
export type CreateWaiver = z.infer<typeof createWaiverSchema>;

/** Saving a changed text publishes a new version; `notifyCustomers` emails a re-sign request with `note`. */
export const updateWaiverSchema = z
  .object({ title: titleSchema.optional(), body: bodySchema.optional(), notifyCustomers: z.boolean().default(false), note: noteSchema.default('') })
  .strict();
export type UpdateWaiver = z.input<typeof updateWaiverSchema>;

export const updateWaiverResultSchema = z.object({
  waiver: waiverSchema,
  /** False when the text did not change (no new version). */
  newVersion: z.boolean(),
  /** How many customers are being asked to sign again (sent by jobs, one per customer). */
  notified: z.number().int(),
});
export type UpdateWaiverResult = z.infer<typeof updateWaiverResultSchema>;

export const signatureSummarySchema = z.object({
  id: z.string(),
  waiverId: z.string(),
  waiverTitle: z.string(),
  version: z.number().int(),
  customerId: z.string(),
  signerId: z.string(),
  signerName: z.string(),
  method: signatureMethodSchema,
  signedAt: z.string(),
});
export type SignatureSummaryDto = z.infer<typeof signatureSummarySchema>;

/** The full record: the exact text that was agreed to, and how. */
export const signatureSchema = signatureSummarySchema.extend({
  title: z.string(),
  body: z.string(),
  bodySha256: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  witnessId: z.string().nullable(),
  /** `/api/v1/waiver-signatures/:id/image` for a drawn signature. */
  imageUrl: z.string().nullable(),
  /** The current version of the waiver, to tell whether this one is out of date. */
  currentVersion: z.number().int(),
});
export type SignatureDto = z.infer<typeof signatureSchema>;

export const customerWaiverItemSchema = z.object({
  waiver: z.object({ id: z.string(), kind: waiverKindSchema, title: z.string(), currentVersion: z.number().int(), archived: z.boolean() }),
  status: waiverStatusSchema,
  lastSignature: signatureSummarySchema.nullable(),
  /** The newest emailed sign link still open, if any. */
  pendingRequest: z.object({ sentAt: z.string(), expiresAt: z.string() }).nullable(),
});
export type CustomerWaiverItemDto = z.infer<typeof customerWaiverItemSchema>;

export const customerWaiversSchema = z.object({
  customerId: z.string(),
  /** Set when the profile is a child's: the parent signs their child waiver. */
  parentId: z.string().nullable(),
  items: z.array(customerWaiverItemSchema),
  /** Every signature covering this customer, newest first. */
  signatures: z.array(signatureSummarySchema),
});
export type CustomerWaiversDto = z.infer<typeof customerWaiversSchema>;

/** A PNG, base64-encoded (a `data:image/png;base64,` prefix is accepted). Checked as a PNG by the service. */
const pngBase64Schema = z
  .string()
  .max(400_000)
  .regex(/^(data:image\/png;base64,)?[A-Za-z0-9+/]+={0,2}$/, 'A PNG image encoded in base64');

export const signInPersonSchema = z
  .object({ waiverId: idSchema, version: versionSchema, signerName: signerNameSchema, signaturePng: pngBase64Schema })
  .strict();
export type SignInPerson = z.infer<typeof signInPersonSchema>;

export const sendSignRequestSchema = z.object({ waiverId: idSchema, note: noteSchema.default('') }).strict();
export type SendSignRequest = z.input<typeof sendSignRequestSchema>;

export const sentRequestSchema = z.object({ id: z.string(), to: z.string(), expiresAt: z.string() });
export type SentRequestDto = z.infer<typeof sentRequestSchema>;

/** The text to sign on a public page. */
export const waiverToSignSchema = z.object({
  waiverId: z.string(),
  kind: waiverKindSchema,
  title: z.string(),
  body: z.string(),
  version: z.number().int(),
  /** Who the waiver covers (a child for a child waiver) and their name, for the page's heading. */
  customerId: z.string(),
  customerName: z.string(),
  status: waiverStatusSchema,
});
export type WaiverToSignDto = z.infer<typeof waiverToSignSchema>;

export const signLinkTokenSchema = z.object({ token: z.string().min(1).max(200) }).strict();

export const signLinkSchema = z.object({
  studioName: z.string(),
  waiver: waiverToSignSchema,
  note: z.string(),
  expiresAt: z.string(),
  /** The name to suggest in the signature field: the covered customer, or the parent for a child. */
  signerName: z.string(),
});
export type SignLinkDto = z.infer<typeof signLinkSchema>;

/** Signing is an explicit act: the box must be ticked and the full name typed. */
export const signByLinkSchema = z
  .object({ token: z.string().min(1).max(200), version: versionSchema, signerName: signerNameSchema, agree: z.literal(true) })
  .strict();
export type SignByLink = z.infer<typeof signByLinkSchema>;

export const signOwnSchema = z
  .object({ customerId: idSchema, waiverId: idSchema, version: versionSchema, signerName: signerNameSchema, agree: z.literal(true) })
  .strict();
export type SignOwn = z.infer<typeof signOwnSchema>;

export const ownWaiversSchema = z.object({
  pending: z.array(waiverToSignSchema),
  signed: z.array(signatureSummarySchema.extend({ customerName: z.string() })),
});
export type OwnWaiversDto = z.infer<typeof ownWaiversSchema>;

export const signedSchema = z.object({ signature: signatureSummarySchema });
