import { actorUserId, type Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { decodeCursor, encodeCursor } from '../domain/cursor.ts';
import { CustomersError, invalidCursor } from '../errors.ts';
import { customerEvent } from '../events.ts';
import { createNoteSchema, updateNoteSchema, type CreateNote, type NoteDto, type NotePage, type UpdateNote } from './contracts.ts';
import * as repo from './repo.ts';
import { profileOrThrow } from '../self.ts';

export interface NotesDeps {
  database: Database;
}

const defaultLimit = 50;

const noteNotFound = () => new CustomersError('note_not_found', 'This note does not exist.');

function noteCursorKey(cursor: string | undefined): repo.NoteKey | null {
  if (cursor === undefined || cursor === '') return null;
  const key = decodeCursor(cursor, 3);
  const createdAt = key ? new Date(key[1]!) : null;
  if (!key || (key[0] !== 'p' && key[0] !== 'u') || !createdAt || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== key[1]) {
    throw invalidCursor();
  }
  return { pinned: key[0] === 'p', createdAt, id: key[2]! };
}

/** Staff-only notes on a customer's profile (never shown to the customer). */
export function createNotesService({ database }: NotesDeps) {
  const toDto = (ctx: Ctx, n: repo.NoteWithAuthor): NoteDto => ({
    id: n.id,
    customerId: n.customerId,
    body: n.body,
    pinned: n.pinned,
    authorId: n.authorId,
    authorName: n.authorName,
    mine: n.authorId !== null && n.authorId === actorUserId(ctx.actor),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  });

  async function assertCustomer(tx: Tx, ctx: Ctx, customerId: string) {
    await profileOrThrow(tx, ctx, customerId);
  }

  async function getNoteOrThrow(tx: Tx, ctx: Ctx, customerId: string, id: string) {
    const note = await repo.findNote(tx, ctx, customerId, id);
    if (!note) throw noteNotFound();
    return note;
  }

  return {
    /** Pinned notes first, then newest first, with the author's name. */
    async listNotes(ctx: Ctx, customerId: string, query: { cursor?: string | undefined; limit?: number | undefined } = {}): Promise<NotePage> {
      const after = noteCursorKey(query.cursor);
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? defaultLimit), 1), 100);
      return withStudio(database, ctx.studioId, async (tx) => {
        await assertCustomer(tx, ctx, customerId);
        const rows = await repo.listNotes(tx, ctx, customerId, after, limit + 1);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        const nextCursor = rows.length > limit && last ? encodeCursor([last.pinned ? 'p' : 'u', last.createdAt.toISOString(), last.id]) : null;
        return { items: page.map((n) => toDto(ctx, n)), nextCursor };
      });
    },

    /** Writes a note; `customer.note_added.v1` carries its id, never its text. */
    async addNote(ctx: Ctx, customerId: string, input: CreateNote): Promise<NoteDto> {
      const values = parseOrThrow(createNoteSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await assertCustomer(tx, ctx, customerId);
        const now = ctx.clock.now();
        const id = newId('note');
        await repo.insertNote(tx, {
          studioId: ctx.studioId,
          id,
          customerId,
          authorId: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
          body: values.body,
          pinned: values.pinned,
          createdAt: now,
          updatedAt: now,
        });
        await publish(tx, ctx, customerEvent('customer.note_added.v1', customerId, { noteId: id }));
        return toDto(ctx, await getNoteOrThrow(tx, ctx, customerId, id));
      });
    },

    /** Pins or unpins any note; only its author may change its text (403 not_note_author). */
    async updateNote(ctx: Ctx, customerId: string, id: string, input: UpdateNote): Promise<NoteDto> {
      const values = parseOrThrow(updateNoteSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await assertCustomer(tx, ctx, customerId);
        const note = await getNoteOrThrow(tx, ctx, customerId, id);
        if (values.body !== undefined && values.body !== note.body && (note.authorId === null || note.authorId !== actorUserId(ctx.actor))) {
          throw new CustomersError('not_note_author', 'Only the author of a note can change its text.', [
            { path: 'body', message: 'Only the author can edit this note.' },
          ]);
        }
        await repo.updateNote(tx, ctx, customerId, id, values);
        return toDto(ctx, await getNoteOrThrow(tx, ctx, customerId, id));
      });
    },

    async deleteNote(ctx: Ctx, customerId: string, id: string): Promise<void> {
      await withStudio(database, ctx.studioId, async (tx) => {
        await assertCustomer(tx, ctx, customerId);
        if (!(await repo.deleteNote(tx, ctx, customerId, id))) throw noteNotFound();
      });
    },
  };
}

export type NotesService = ReturnType<typeof createNotesService>;
