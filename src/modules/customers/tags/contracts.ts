import { z } from 'zod';
import { requiredText } from '../../../platform/http/contracts.ts';

/** Mantine's palette names: the web app shows a tag in that colour, whatever the theme. */
export const tagColors = [
  'gray',
  'dark',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
] as const;
export const tagColorSchema = z.enum(tagColors);
export type TagColor = z.infer<typeof tagColorSchema>;

export const tagSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: tagColorSchema,
  /** Shown as a badge next to the customer's name. */
  badge: z.boolean(),
});
export type TagDto = z.infer<typeof tagSchema>;

/** A studio's tag with how many customers carry it (settings list). */
export const tagWithCountSchema = tagSchema.extend({ customerCount: z.number().int() });
export type TagWithCountDto = z.infer<typeof tagWithCountSchema>;

const tagName = requiredText(60);

export const createTagSchema = z
  .object({ name: tagName, color: tagColorSchema.default('gray'), badge: z.boolean().default(false) })
  .strict();
export type CreateTag = z.input<typeof createTagSchema>;

export const updateTagSchema = z.object({ name: tagName, color: tagColorSchema, badge: z.boolean() }).partial().strict();
export type UpdateTag = z.infer<typeof updateTagSchema>;

/** Put a tag on a customer: an existing one by id, or by name (created when the studio has none by that name). */
export const addCustomerTagSchema = z.union([
  z.object({ tagId: z.string().min(1).max(64) }).strict(),
  z.object({ name: tagName }).strict(),
]);
export type AddCustomerTag = z.infer<typeof addCustomerTagSchema>;

export const tagListSchema = z.object({ items: z.array(tagWithCountSchema) });
export const customerTagListSchema = z.object({ items: z.array(tagSchema) });
export type CustomerTagList = z.infer<typeof customerTagListSchema>;

export const tagParamsSchema = z.object({ id: z.string().min(1).max(64), tagId: z.string().min(1).max(64) });
