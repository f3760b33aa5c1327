import { z } from 'zod';
import { cursorQuerySchema, requiredText } from '../../../platform/http/contracts.ts';
import { criteriaSchema } from '../domain/criteria.ts';

export { criteriaSchema, criteriaRuleSchema, type Criteria, type CriteriaRule } from '../domain/criteria.ts';

export const sortKeys = ['name', 'createdAt', 'lastVisitAt', 'visitCount'] as const;
export const sortOrders = ['asc', 'desc'] as const;

/** The list's filters, shared by the list, its count and the export: criteria arrive as JSON text. */
const filterQuery = {
  q: z.string().trim().max(100).default(''),
  /** A saved segment's id: its criteria apply (and `criteria`, when given too, narrows them). */
  segment: z.string().min(1).max(64).optional(),
  /** Criteria as JSON (`{"match":"all","rules":[…]}`), see domain/criteria.ts. */
  criteria: z.string().max(20_000).optional(),
};

export const listCustomersQuerySchema = cursorQuerySchema.extend({
  ...filterQuery,
  sort: z.enum(sortKeys).default('name'),
  order: z.enum(sortOrders).default('asc'),
});
export type ListCustomersQuery = z.input<typeof listCustomersQuerySchema>;

export const countCustomersQuerySchema = z.object(filterQuery);
export type CountCustomersQuery = z.input<typeof countCustomersQuerySchema>;

export const exportCustomersQuerySchema = z.object({
  ...filterQuery,
  sort: z.enum(sortKeys).default('name'),
  order: z.enum(sortOrders).default('asc'),
  /** An explicit selection, comma-separated (at most `maxExportIds`); the filters are then ignored. */
  ids: z.string().max(14_000).optional(),
});
export type ExportCustomersQuery = z.input<typeof exportCustomersQuerySchema>;

export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  criteria: criteriaSchema,
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SegmentDto = z.infer<typeof segmentSchema>;

export const createSegmentSchema = z.object({ name: requiredText(80), criteria: criteriaSchema }).strict();
export type CreateSegment = z.input<typeof createSegmentSchema>;

export const updateSegmentSchema = z.object({ name: requiredText(80), criteria: criteriaSchema }).partial().strict();
export type UpdateSegment = z.input<typeof updateSegmentSchema>;

/** Every segment of the studio, in the new tab order. */
export const reorderSegmentsSchema = z.object({ ids: z.array(z.string().min(1).max(64)).max(500) }).strict();
export type ReorderSegments = z.input<typeof reorderSegmentsSchema>;

export const countSchema = z.object({ count: z.number().int() });

/** The most customers a bulk action takes by id; "everyone matching" has no such limit. */
export const maxSelectedIds = 1_000;
/** Ids travel in the export's URL, which must fit Node's 16 KiB request head: 400 ids of ~30 characters. */
export const maxExportIds = 400;
export const exportIdsSchema = z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(maxExportIds) });

/** Who a bulk action applies to: ticked customers, or everyone the list's filters match. */
export const selectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ids'), ids: z.array(z.string().min(1).max(64)).min(1).max(maxSelectedIds) }).strict(),
  z
    .object({
      kind: z.literal('matching'),
      q: z.string().trim().max(100).optional(),
      segmentId: z.string().min(1).max(64).optional(),
      criteria: criteriaSchema.optional(),
    })
    .strict(),
]);
export type Selection = z.input<typeof selectionSchema>;
export type SelectionValues = z.infer<typeof selectionSchema>;

export const bulkTagSchema = z.object({ tagId: z.string().min(1).max(64), selection: selectionSchema }).strict();
export type BulkTag = z.input<typeof bulkTagSchema>;

/** `count`: the selection's customers (those that exist); `changed`: how many of them gained or lost the tag. */
export const bulkResultSchema = z.object({ count: z.number().int(), changed: z.number().int() });
export type BulkResult = z.infer<typeof bulkResultSchema>;
