import { z } from 'zod';
import { optionalText, requiredText } from '../../../platform/http/contracts.ts';

/** Request and response shapes of the product routes; the web app imports their types. */

const priceMinorSchema = z.number().int().min(0).max(100_000_000);
const taxRateBpSchema = z.number().int().min(0).max(10_000);
const skuSchema = z
  .string()
  .trim()
  .max(64)
  .regex(/^[A-Za-z0-9._\-/]*$/, 'Letters, digits and . _ - / only')
  .nullable();

export const productSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  sku: z.string().nullable(),
  priceMinor: z.number().int(),
  taxRateBp: z.number().int(),
  currency: z.string(),
  trackStock: z.boolean(),
  onHand: z.number().int(),
  lowStockThreshold: z.number().int().nullable(),
  lowStock: z.boolean(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductDto = z.infer<typeof productSchema>;
export const productListSchema = z.object({ items: z.array(productSchema) });

export const listProductsQuerySchema = z.object({
  archived: z.enum(['true', 'false']).optional(),
  lowStock: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(100).refine((v) => !v.includes(String.fromCharCode(0)), 'No control characters').optional(),
});
export type ListProductsQuery = z.infer<typeof listProductsQuerySchema>;

export const createProductSchema = z.object({
  name: requiredText(120),
  description: optionalText(2_000).default(''),
  sku: skuSchema.optional(),
  priceMinor: priceMinorSchema,
  taxRateBp: taxRateBpSchema.default(0),
  trackStock: z.boolean().default(false),
  /** The count on the shelf when tracking starts (recorded as a restock). */
  initialStock: z.number().int().min(0).max(1_000_000).default(0),
  lowStockThreshold: z.number().int().min(0).max(1_000_000).nullable().default(null),
});
export type CreateProduct = z.input<typeof createProductSchema>;

export const updateProductSchema = z.object({
  name: requiredText(120).optional(),
  description: optionalText(2_000).optional(),
  sku: skuSchema.optional(),
  priceMinor: priceMinorSchema.optional(),
  taxRateBp: taxRateBpSchema.optional(),
  trackStock: z.boolean().optional(),
  lowStockThreshold: z.number().int().min(0).max(1_000_000).nullable().optional(),
});
export type UpdateProduct = z.input<typeof updateProductSchema>;

export const stockMovementKindSchema = z.enum(['sale', 'return', 'restock', 'adjustment']);
export type StockMovementKind = z.infer<typeof stockMovementKindSchema>;

export const stockMovementSchema = z.object({
  id: z.string(),
  kind: stockMovementKindSchema,
  quantityDelta: z.number().int(),
  onHandAfter: z.number().int(),
  orderId: z.string().nullable(),
  refundId: z.string().nullable(),
  note: z.string(),
  createdAt: z.string(),
});
export type StockMovementDto = z.infer<typeof stockMovementSchema>;
export const stockMovementListSchema = z.object({ items: z.array(stockMovementSchema), nextCursor: z.string().nullable() });

/** Staff stock changes: a delivery (restock, > 0) or a correction (adjustment, either sign, with a note). */
export const moveStockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('restock'), quantity: z.number().int().min(1).max(1_000_000), note: optionalText(500).default('') }),
  z.object({
    kind: z.literal('adjustment'),
    quantity: z
      .number()
      .int()
      .min(-1_000_000)
      .max(1_000_000)
      .refine((v) => v !== 0, 'The quantity cannot be zero'),
    note: optionalText(500).pipe(z.string().min(1, 'Say why the count changes')),
  }),
]);
export type MoveStock = z.input<typeof moveStockSchema>;
