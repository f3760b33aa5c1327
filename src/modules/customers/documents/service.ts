import { createHash } from 'node:crypto';
import type { Ctx } from '../../../kernel/ctx.ts';
import { actorUserId } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import { CustomersError } from '../errors.ts';
import { customerEvent } from '../events.ts';
import { maxDocumentBytes, type CustomerDocumentDto } from './contracts.ts';
import * as repo from './repo.ts';
import { isRetired, profileOrThrow } from '../self.ts';

export interface DocumentsDeps {
  database: Database;
  storage: Storage;
}

export interface UploadDocument {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface DocumentDownload {
  fileName: string;
  contentType: string;
  body: Buffer;
}

/** Where a document's bytes live; the key never changes, even when a merge moves the document. */
export const documentKey = (studioId: string, customerId: string, documentId: string) =>
  `studios/${studioId}/customers/${customerId}/${documentId}`;

/** `type/subtype` with RFC 7230 token characters, parameters dropped; anything else is stored as a plain byte stream. */
export function normalizeContentType(header: string | undefined): string {
  const base = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(base) && base.length <= 100 ? base : 'application/octet-stream';
}

export const documentNotFound = () => new CustomersError('document_not_found', 'This document does not exist.');

const toDocumentDto = (d: repo.DocumentWithUploader): CustomerDocumentDto => ({
  id: d.id,
  customerId: d.customerId,
  fileName: d.fileName,
  contentType: d.contentType,
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
  uploadedByName: d.uploadedByName,
  createdAt: d.createdAt.toISOString(),
});

export function createDocumentsService({ database, storage }: DocumentsDeps) {
  /** A profile that can take documents: it exists here and is neither merged nor anonymised. */
  async function activeCustomerOrThrow(tx: Tx, ctx: Ctx, customerId: string, lock = false) {
    const customer = await profileOrThrow(tx, ctx, customerId, { lock });
    if (isRetired(customer)) {
      throw new CustomersError('customer_retired', 'This profile was merged or deleted: it takes no new documents.');
    }
    return customer;
  }

  return {
    /**
     * Keeps a file on the profile (at most 20 MB, not empty). The bytes are stored before the row
     * is written, outside the transaction (storage may be a remote bucket): a failure leaves at
     * worst an unreferenced file, which is then removed, never a row without its file.
     */
    async uploadDocument(ctx: Ctx, customerId: string, input: UploadDocument): Promise<CustomerDocumentDto> {
      if (input.bytes.length === 0) throw new CustomersError('empty_file', 'The file is empty.');
      if (input.bytes.length > maxDocumentBytes) {
        throw new CustomersError('file_too_large', `A document is at most ${maxDocumentBytes / 1024 / 1024} MB.`);
      }
      await withStudio(database, ctx.studioId, (tx) => activeCustomerOrThrow(tx, ctx, customerId));
      const id = newId('document');
      const key = documentKey(ctx.studioId, customerId, id);
      const contentType = normalizeContentType(input.contentType);
      await storage.put(key, input.bytes, contentType);
      try {
        return await withStudio(database, ctx.studioId, async (tx) => {
          // Locked so a merge or delete running now either sees this document or runs after it.
          await activeCustomerOrThrow(tx, ctx, customerId, true);
          await repo.insertDocument(tx, {
            studioId: ctx.studioId,
            id,
            customerId,
            fileName: input.fileName,
            contentType,
            sizeBytes: input.bytes.length,
            sha256: createHash('sha256').update(input.bytes).digest('hex'),
            storageKey: key,
            uploadedBy: actorUserId(ctx.actor),
            createdAt: ctx.clock.now(),
          });
          await publish(tx, ctx, customerEvent('customer.document_added.v1', customerId, { documentId: id, fileName: input.fileName }));
          const saved = await repo.findDocument(tx, ctx, customerId, id);
          if (!saved) throw new Error('the new document could not be read back');
          return toDocumentDto(saved);
        });
      } catch (err) {
        await storage.delete(key);
        throw err;
      }
    },

    /** The profile's documents, newest first (merged-in documents included, as they moved here). */
    async listDocuments(ctx: Ctx, customerId: string): Promise<CustomerDocumentDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        await profileOrThrow(tx, ctx, customerId);
        return (await repo.listDocuments(tx, ctx, customerId)).map(toDocumentDto);
      });
    },

    /** The document's bytes with the name and type it was uploaded with. */
    async downloadDocument(ctx: Ctx, customerId: string, documentId: string): Promise<DocumentDownload> {
      const doc = await withStudio(database, ctx.studioId, async (tx) => {
        await profileOrThrow(tx, ctx, customerId);
        const found = await repo.findDocument(tx, ctx, customerId, documentId);
        if (!found) throw documentNotFound();
        return found;
      });
      const stored = await storage.get(doc.storageKey);
      if (!stored) throw new Error(`document ${doc.id} has no stored file at ${doc.storageKey}`);
      return { fileName: doc.fileName, contentType: doc.contentType, body: stored.body };
    },

    /** Removes a document; its file is deleted once the removal has committed. */
    async deleteDocument(ctx: Ctx, customerId: string, documentId: string): Promise<void> {
      const doc = await withStudio(database, ctx.studioId, async (tx) => {
        await profileOrThrow(tx, ctx, customerId);
        const found = await repo.findDocument(tx, ctx, customerId, documentId);
        if (!found) throw documentNotFound();
        await repo.deleteDocument(tx, ctx, found.id);
        await publish(tx, ctx, customerEvent('customer.document_removed.v1', customerId, { documentId: found.id, fileName: found.fileName }));
        return found;
      });
      await storage.delete(doc.storageKey);
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
