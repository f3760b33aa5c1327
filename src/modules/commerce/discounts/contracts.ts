import { z } from 'zod';
import { isoInstant, optionalText } from '../../../platform/http/contracts.ts';

/** Request and response shapes of the discount-code routes; the web app imports their types. */

export const discountKindSchema = z.enum(['percent', 'amount']);
export type DiscountKind = z.infer<typeof discountKindSchema>;
export const discountStatusSchema = z.enum(['active', 'scheduled', 'expired', 'exhausted', 'archived']);
export type DiscountStatus = z.infer<typeof discountStatusSchema>;

const codeSchema = z
  .string()
  .trim()
  .min(3, 'At least 3 characters')
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, - and _ only')
  .transform((v) => v.toUpperCase());
const idListSchema = z.array(z.string().min(1).max(64)).max(200);

export const discountCodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  description: z.string(),
  kind: discountKindSchema,
  percentBp: z.number().int().nullable(),
  amountMinor: z.number().int().nullable(),
  currency: z.string(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  maxUses: z.number().int().nullable(),
  maxUsesPerCustomer: z.number().int().nullable(),
  usesCount: z.number().int(),
  planIds: z.array(z.string()),
  templateIds: z.array(z.string()),
  productIds: z.array(z.string()),
  status: discountStatusSchema,
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DiscountCodeDto = z.infer<typeof discountCodeSchema>;
export const discountCodeListSchema = z.object({ items: z.array(discountCodeSchema) });
export const listDiscountCodesQuerySchema = z.object({ archived: z.enum(['true', 'false']).optional() });

const discountFields = {
  description: optionalText(500),
  percentBp: z.number().int().min(1).max(10_000).nullable(),
  amountMinor: z.number().int().min(1).max(100_000_000).nullable(),
  /** First instant the code works (the UI sends the start of the chosen day in the studio's zone). */
  validFrom: isoInstant.nullable(),
  /** First instant it no longer works (the UI sends the start of the day after the chosen last day). */
  validUntil: isoInstant.nullable(),
  maxUses: z.number().int().min(1).max(1_000_000).nullable(),
  maxUsesPerCustomer: z.number().int().min(1).max(1_000).nullable(),
  planIds: idListSchema,
  templateIds: idListSchema,
  productIds: idListSchema,
};

function checkValue(v: { kind?: DiscountKind | undefined; percentBp?: number | null | undefined; amountMinor?: number | null | undefined; validFrom?: string | null | undefined; validUntil?: string | null | undefined }, ctx: z.RefinementCtx) {
  if (v.kind === 'percent' && !v.percentBp) ctx.addIssue({ code: 'custom', path: ['percentBp'], message: 'A percent code needs its percentage' });
  if (v.kind === 'amount' && !v.amountMinor) ctx.addIssue({ code: 'custom', path: ['amountMinor'], message: 'An amount code needs its amount' });
  if (v.validFrom && v.validUntil && new Date(v.validFrom).getTime() >= new Date(v.validUntil).getTime()) {
    ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'The end comes after the start' });
  }
}

export const createDiscountCodeSchema = z
  .object({
    code: codeSchema,
    kind: discountKindSchema,
    description: discountFields.description.default(''),
    percentBp: discountFields.percentBp.default(null),
    amountMinor: discountFields.amountMinor.default(null),
    validFrom: discountFields.validFrom.default(null),
    validUntil: discountFields.validUntil.default(null),
    maxUses: discountFields.maxUses.default(null),
    maxUsesPerCustomer: discountFields.maxUsesPerCustomer.default(null),
    planIds: idListSchema.default([]),
    templateIds: idListSchema.default([]),
    productIds: idListSchema.default([]),
  })
  .superRefine(checkValue);
export type CreateDiscountCode = z.input<typeof createDiscountCodeSchema>;

/** Everything but the code itself can change; the kind and its value change together. */
export const updateDiscountCodeSchema = z
  .object({
    kind: discountKindSchema.optional(),
    description: discountFields.description.optional(),
    percentBp: discountFields.percentBp.optional(),
    amountMinor: discountFields.amountMinor.optional(),
    validFrom: discountFields.validFrom.optional(),
    validUntil: discountFields.validUntil.optional(),
    maxUses: discountFields.maxUses.optional(),
    maxUsesPerCustomer: discountFields.maxUsesPerCustomer.optional(),
    planIds: idListSchema.optional(),
    templateIds: idListSchema.optional(),
    productIds: idListSchema.optional(),
  })
  .superRefine(checkValue);
export type UpdateDiscountCode = z.input<typeof updateDiscountCodeSchema>;

/** A code tried against a basket (the point of sale shows the discount before taking payment). */
export const previewDiscountSchema = z.object({
  code: z.string().trim().min(1).max(64),
  customerId: z.string().min(1).max(64).nullable().default(null),
  lines: z
    .array(z.object({ lineKey: z.string().min(1).max(64), discountKeys: z.array(z.string().max(100)).max(20), netMinor: z.number().int().min(0).max(1_000_000_000) }))
    .min(1)
    .max(100),
});
export type PreviewDiscount = z.input<typeof previewDiscountSchema>;

export const discountEvaluationSchema = z.object({
  discountCodeId: z.string(),
  code: z.string(),
  totalMinor: z.number().int(),
  lines: z.array(z.object({ lineKey: z.string(), discountMinor: z.number().int() })),
});
export type DiscountEvaluation = z.infer<typeof discountEvaluationSchema>;
