import { z } from 'zod';
import { cursorQuerySchema, pageSchema, requiredText } from '../../../platform/http/contracts.ts';

export const noteSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  body: z.string(),
  pinned: z.boolean(),
  /** The staff member who wrote it; null when written with an API key or when their account is gone. */
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  /** True when the caller wrote it: only the author edits the text. */
  mine: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NoteDto = z.infer<typeof noteSchema>;

export const notePageSchema = pageSchema(noteSchema);
export type NotePage = z.infer<typeof notePageSchema>;

const noteBody = requiredText(5_000);

export const createNoteSchema = z.object({ body: noteBody, pinned: z.boolean().default(false) }).strict();
export type CreateNote = z.input<typeof createNoteSchema>;

export const updateNoteSchema = z.object({ body: noteBody, pinned: z.boolean() }).partial().strict();
export type UpdateNote = z.infer<typeof updateNoteSchema>;

export const listNotesSchema = cursorQuerySchema;

export const noteParamsSchema = z.object({ id: z.string().min(1).max(64), noteId: z.string().min(1).max(64) });
