import { z } from 'zod';
import { optionalText, requiredText } from '../../../platform/http/contracts.ts';
import { fieldBadgeModes } from '../domain/badges.ts';
import { fieldKinds } from '../domain/field-values.ts';

export const fieldKindSchema = z.enum(fieldKinds);
export const fieldBadgeSchema = z.enum(fieldBadgeModes);

export const fieldSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: fieldKindSchema,
  /** The answers a choice or multi_choice field offers, in display order. */
  options: z.array(z.string()),
  required: z.boolean(),
  /** Asked at checkout (Questions personnalisées). */
  askAtCheckout: z.boolean(),
  /** The customer sees and edits their answer on their account page. */
  customerEditable: z.boolean(),
  badge: fieldBadgeSchema,
  /** The badge's text; empty means the field's label. */
  badgeLabel: z.string(),
  position: z.number().int(),
  archived: z.boolean(),
});
export type FieldDto = z.infer<typeof fieldSchema>;

const fieldSettings = {
  label: requiredText(80),
  options: z.array(requiredText(80)).max(50),
  required: z.boolean(),
  askAtCheckout: z.boolean(),
  customerEditable: z.boolean(),
  badge: fieldBadgeSchema,
  badgeLabel: optionalText(40),
};

export const createFieldSchema = z
  .object({ ...fieldSettings, kind: fieldKindSchema })
  .partial({ options: true, required: true, askAtCheckout: true, customerEditable: true, badge: true, badgeLabel: true })
  .strict();
export type CreateField = z.infer<typeof createFieldSchema>;

/** A field's kind is fixed once created: its answers are stored by kind. */
export const updateFieldSchema = z
  .object({ ...fieldSettings, archived: z.boolean() })
  .partial()
  .strict();
export type UpdateField = z.infer<typeof updateFieldSchema>;

export const reorderFieldsSchema = z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(500) }).strict();
export type ReorderFields = z.infer<typeof reorderFieldsSchema>;

export const fieldListSchema = z.object({ items: z.array(fieldSchema) });

/**
 * An answer on the wire: text, choice → string; number → exact decimal string ("38.5");
 * date → 'YYYY-MM-DD'; multi_choice → list; checkbox → boolean; null clears it.
 */
export const fieldValueSchema = z.union([z.string().max(2_000), z.array(z.string().max(80)).max(50), z.boolean(), z.null()]);
export type FieldValueDto = z.infer<typeof fieldValueSchema>;

/** A field with one customer's answer. */
export const fieldAnswerSchema = z.object({
  fieldId: z.string(),
  label: z.string(),
  kind: fieldKindSchema,
  options: z.array(z.string()),
  required: z.boolean(),
  customerEditable: z.boolean(),
  value: fieldValueSchema,
});
export type FieldAnswerDto = z.infer<typeof fieldAnswerSchema>;
export const fieldAnswerListSchema = z.object({ items: z.array(fieldAnswerSchema) });
export type FieldAnswerList = z.infer<typeof fieldAnswerListSchema>;

/** Answers by field id; fields left out keep their answer. */
export const setFieldValuesSchema = z.object({ values: z.record(z.string().max(64), fieldValueSchema) }).strict();
export type SetFieldValues = z.infer<typeof setFieldValuesSchema>;

export const badgeSchema = z.object({
  source: z.enum(['tag', 'field', 'date']),
  sourceId: z.string(),
  label: z.string(),
  detail: z.string().nullable(),
  color: z.string().nullable(),
});
export type BadgeDto = z.infer<typeof badgeSchema>;
export const badgeListSchema = z.object({ items: z.array(badgeSchema) });
export type BadgeList = z.infer<typeof badgeListSchema>;
