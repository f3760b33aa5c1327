import { z } from 'zod';
import { optionalText, requiredText } from '../../../platform/http/contracts.ts';
import { birthDateSchema, customerSchema } from '../contracts.ts';

/** A child is a profile of its own without an email: the parent books and signs for them. */
export const addChildSchema = z
  .object({
    firstName: requiredText(80),
    /** Empty or absent: the parent's last name. */
    lastName: optionalText(80).optional(),
    birthDate: z.union([birthDateSchema, z.literal('')]).optional(),
  })
  .strict();
export type AddChild = z.infer<typeof addChildSchema>;

export const updateChildSchema = addChildSchema.partial().strict();
export type UpdateChild = z.infer<typeof updateChildSchema>;

/** Staff link an existing profile to a parent (`parentId`), or unlink it (null). */
export const setParentSchema = z.object({ parentId: z.string().min(1).max(64).nullable() }).strict();
export type SetParent = z.infer<typeof setParentSchema>;

export const childListSchema = z.object({ items: z.array(customerSchema) });
export type ChildList = z.infer<typeof childListSchema>;
