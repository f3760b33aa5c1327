import type { Ctx } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import { publishForSubjects } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { normalizeForSearch } from '../domain/search.ts';
import { CustomersError } from '../errors.ts';
import type { CustomerEventPayload } from '../events.ts';
import {
  addCustomerTagSchema,
  createTagSchema,
  updateTagSchema,
  type AddCustomerTag,
  type CreateTag,
  type TagColor,
  type TagDto,
  type TagWithCountDto,
  type UpdateTag,
} from './contracts.ts';
import * as repo from './repo.ts';
import { profileOrThrow } from '../self.ts';

export interface TagsDeps {
  database: Database;
}

/** Ids per statement of a bulk (un)tag: one JSON parameter each, so the size is bounded by memory, not by parameters. */
const linkChunk = 10_000;

/** The event of a tag put on or taken off customers; the subjects are the customers. */
const tagEvent = (type: 'customer.tag_added.v1' | 'customer.tag_removed.v1', tag: repo.TagRow) => ({
  type,
  payload: { tagId: tag.id, tagName: tag.name } satisfies CustomerEventPayload<typeof type>,
});

export const toTagDto = (t: repo.TagRow): TagDto => ({ id: t.id, name: t.name, color: t.color as TagColor, badge: t.badge });

export const tagNotFound = () => new CustomersError('tag_not_found', 'This tag does not exist.');
const tagNameTaken = () =>
  new CustomersError('tag_name_taken', 'The studio already has a tag by this name.', [
    { path: 'name', message: 'A tag by this name already exists (names ignore case and accents).' },
  ]);

export function createTagsService({ database }: TagsDeps) {
  async function getTagOrThrow(tx: Tx, ctx: Ctx, id: string) {
    const tag = await repo.findTag(tx, ctx, id);
    if (!tag) throw tagNotFound();
    return tag;
  }

  async function assertCustomer(tx: Tx, ctx: Ctx, customerId: string) {
    await profileOrThrow(tx, ctx, customerId);
  }

  async function insertTag(tx: Tx, ctx: Ctx, input: { name: string; color: TagColor; badge: boolean }) {
    const nameKey = normalizeForSearch(input.name);
    if (await repo.findTagByKey(tx, ctx, nameKey)) throw tagNameTaken();
    const now = ctx.clock.now();
    const row: repo.NewTagRow = { studioId: ctx.studioId, id: newId('tag'), ...input, nameKey, createdAt: now, updatedAt: now };
    try {
      await repo.insertTag(tx, row);
    } catch (err) {
      if (repo.isTagNameViolation(err)) throw tagNameTaken();
      throw err;
    }
    return getTagOrThrow(tx, ctx, row.id);
  }

  /**
   * Links the tag to the customers and publishes `customer.tag_added.v1` for each link really
   * added; ids that are unknown, of another studio, or already tagged change nothing.
   */
  async function tagCustomers(tx: Tx, ctx: Ctx, customerIds: readonly string[], tagId: string): Promise<{ added: number }> {
    const tag = await getTagOrThrow(tx, ctx, tagId);
    const ids = [...new Set(customerIds)];
    let added = 0;
    for (let start = 0; start < ids.length; start += linkChunk) {
      const linked = await repo.linkCustomers(tx, ctx, tag.id, ids.slice(start, start + linkChunk));
      await publishForSubjects(tx, ctx, tagEvent('customer.tag_added.v1', tag), linked);
      added += linked.length;
    }
    return { added };
  }

  /** Removes the tag from the customers; `customer.tag_removed.v1` for each link that existed. */
  async function untagCustomers(tx: Tx, ctx: Ctx, customerIds: readonly string[], tagId: string): Promise<{ removed: number }> {
    const tag = await getTagOrThrow(tx, ctx, tagId);
    const ids = [...new Set(customerIds)];
    let removed = 0;
    for (let start = 0; start < ids.length; start += linkChunk) {
      const unlinked = await repo.unlinkCustomers(tx, ctx, tag.id, ids.slice(start, start + linkChunk));
      await publishForSubjects(tx, ctx, tagEvent('customer.tag_removed.v1', tag), unlinked);
      removed += unlinked.length;
    }
    return { removed };
  }

  return {
    tagCustomers,
    untagCustomers,

    /** The studio's tags by name, each with how many customers carry it. */
    async listTags(ctx: Ctx): Promise<TagWithCountDto[]> {
      return withStudio(database, ctx.studioId, async (tx) =>
        (await repo.listTags(tx, ctx)).map((t) => ({ ...toTagDto(t), customerCount: t.customerCount })),
      );
    },

    /** A new tag; names are unique per studio ignoring case and accents (409 tag_name_taken). */
    async createTag(ctx: Ctx, input: CreateTag): Promise<TagDto> {
      const values = parseOrThrow(createTagSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => toTagDto(await insertTag(tx, ctx, values)));
    },

    /** Renames, recolours or (un)badges a tag; the new name must stay unique. */
    async updateTag(ctx: Ctx, id: string, input: UpdateTag): Promise<TagDto> {
      const values = parseOrThrow(updateTagSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const before = await getTagOrThrow(tx, ctx, id);
        const patch: Partial<repo.NewTagRow> = { ...values };
        if (values.name !== undefined) {
          const nameKey = normalizeForSearch(values.name);
          const other = await repo.findTagByKey(tx, ctx, nameKey);
          if (other && other.id !== before.id) throw tagNameTaken();
          patch.nameKey = nameKey;
        }
        try {
          await repo.updateTag(tx, ctx, id, patch);
        } catch (err) {
          if (repo.isTagNameViolation(err)) throw tagNameTaken();
          throw err;
        }
        return toTagDto(await getTagOrThrow(tx, ctx, id));
      });
    },

    /** Deletes a tag and takes it off every customer (no per-customer events: the tag itself is gone). */
    async deleteTag(ctx: Ctx, id: string): Promise<void> {
      await withStudio(database, ctx.studioId, async (tx) => {
        if (!(await repo.deleteTag(tx, ctx, id))) throw tagNotFound();
      });
    },

    async listCustomerTags(ctx: Ctx, customerId: string, tx?: Tx): Promise<TagDto[]> {
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        await assertCustomer(t, ctx, customerId);
        return (await repo.listCustomerTags(t, ctx, customerId)).map(toTagDto);
      });
    },

    /** Puts a tag on one customer; by name, the tag is created when the studio has none by that name. */
    async addCustomerTag(ctx: Ctx, customerId: string, input: AddCustomerTag): Promise<TagDto[]> {
      const values = parseOrThrow(addCustomerTagSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        await assertCustomer(tx, ctx, customerId);
        const tag =
          'tagId' in values
            ? await getTagOrThrow(tx, ctx, values.tagId)
            : ((await repo.findTagByKey(tx, ctx, normalizeForSearch(values.name))) ??
              (await insertTag(tx, ctx, { name: values.name, color: 'gray', badge: false })));
        await tagCustomers(tx, ctx, [customerId], tag.id);
        return (await repo.listCustomerTags(tx, ctx, customerId)).map(toTagDto);
      });
    },

    async removeCustomerTag(ctx: Ctx, customerId: string, tagId: string): Promise<TagDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        await assertCustomer(tx, ctx, customerId);
        await untagCustomers(tx, ctx, [customerId], tagId);
        return (await repo.listCustomerTags(tx, ctx, customerId)).map(toTagDto);
      });
    },

    /** The badge tags of many customers (the badges row and the customer list). */
    async badgeTagsOf(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<Map<string, TagDto[]>> {
      const map = new Map<string, TagDto[]>();
      for (const { customerId, tag } of await repo.listBadgeTags(tx, ctx, customerIds)) {
        const list = map.get(customerId) ?? [];
        list.push(toTagDto(tag));
        map.set(customerId, list);
      }
      return map;
    },
  };
}

export type TagsService = ReturnType<typeof createTagsService>;
