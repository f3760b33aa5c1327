import type { Clock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import { newId, type StudioId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import { createTemplateSchema, updateTemplateSchema, type CreateTemplate, type TemplateDto, type UpdateTemplate } from '../contracts.ts';
import { ScheduleError, templateNotFound } from '../errors.ts';
import { scheduleEvent } from '../events.ts';
import { checkImage, type ServedImage } from '../domain/image.ts';
import * as repo from './repo.ts';

export interface TemplatesDeps {
  database: Database;
  storage: Storage;
  studios: StudiosService;
  clock: Clock;
}

/** Where a template's banner lives: one object per template, replaced by each upload. */
export const bannerKey = (studioId: string, templateId: string) => `studios/${studioId}/class-templates/${templateId}/banner`;

/** The public address of a banner (class pages); `?v=` changes with each upload so it can be cached for a day. */
export const publicBannerUrl = (studioSlug: string, templateId: string, bannerUpdatedAt: Date | null) =>
  bannerUpdatedAt ? `/api/public/v1/studios/${studioSlug}/class-templates/${templateId}/banner?v=${bannerUpdatedAt.getTime()}` : null;

const staffBannerUrl = (t: repo.TemplateRow) =>
  t.bannerUpdatedAt ? `/api/v1/class-templates/${t.id}/banner?v=${t.bannerUpdatedAt.getTime()}` : null;

const toTemplateDto = (t: repo.TemplateRow, currency: string): TemplateDto => ({
  id: t.id,
  name: t.name,
  description: t.description,
  welcomeMessage: t.welcomeMessage,
  category: t.category,
  defaultDurationMin: t.defaultDurationMin,
  defaultCapacity: t.defaultCapacity,
  priceMinor: t.priceMinor,
  currency,
  color: t.color,
  bannerUrl: staffBannerUrl(t),
  archived: t.archivedAt !== null,
  activeSeriesCount: t.activeSeriesCount,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

const invalidImage = (field: string, message: string) => new ScheduleError('invalid_image', message, [{ path: field, message }]);

export function createTemplatesService({ database, storage, studios, clock }: TemplatesDeps) {
  async function templateOrThrow(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}) {
    const template = await repo.findTemplate(tx, ctx, id, options);
    if (!template) throw templateNotFound();
    return template;
  }

  async function dtoOf(tx: Tx, ctx: Ctx, id: string): Promise<TemplateDto> {
    const template = await templateOrThrow(tx, ctx, id);
    const { currency } = await studios.getStudioSettings(ctx, tx);
    return toTemplateDto(template, currency);
  }

  return {
    /** Active templates by name, or the archived ones; prices are in the studio's currency. */
    async listTemplates(ctx: Ctx, options: { archived: boolean } = { archived: false }): Promise<TemplateDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const { currency } = await studios.getStudioSettings(ctx, tx);
        return (await repo.listTemplates(tx, ctx, options.archived)).map((t) => toTemplateDto(t, currency));
      });
    },

    async getTemplate(ctx: Ctx, id: string, tx?: Tx): Promise<TemplateDto> {
      return inStudioTx(database, ctx.studioId, tx, (t) => dtoOf(t, ctx, id));
    },

    /** A new class template; omitted texts are empty, the price free, the colour Enso's blue. */
    async createTemplate(ctx: Ctx, input: CreateTemplate, tx?: Tx): Promise<TemplateDto> {
      const values = parseOrThrow(createTemplateSchema, input);
      return inStudioTx(database, ctx.studioId, tx, async (t) => {
        const id = newId('classTemplate');
        await repo.insertTemplate(t, { studioId: ctx.studioId, id, ...values, createdAt: ctx.clock.now(), updatedAt: ctx.clock.now() });
        await publish(t, ctx, scheduleEvent('class_template.created.v1', id, { templateId: id, name: values.name }));
        return dtoOf(t, ctx, id);
      });
    },

    /**
     * Changes a template. Series and classes read its name, description and welcome message
     * at read time, so the change shows on every class made from it; the other fields are
     * defaults for new series and leave existing ones as they are. Only real changes are
     * named in the event (and none is published when nothing changed).
     */
    async updateTemplate(ctx: Ctx, id: string, input: UpdateTemplate): Promise<TemplateDto> {
      const values = parseOrThrow(updateTemplateSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const before = await templateOrThrow(tx, ctx, id, { lock: true });
        const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => values[k] !== undefined && values[k] !== before[k]);
        if (changed.length > 0) {
          await repo.updateTemplate(tx, ctx, id, Object.fromEntries(changed.map((k) => [k, values[k]])));
          await publish(tx, ctx, scheduleEvent('class_template.updated.v1', id, { templateId: id, changed }));
        }
        return dtoOf(tx, ctx, id);
      });
    },

    /** Archived templates leave the pickers; the series already made from them carry on. */
    async setTemplateArchived(ctx: Ctx, id: string, archived: boolean): Promise<TemplateDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const template = await templateOrThrow(tx, ctx, id, { lock: true });
        if ((template.archivedAt !== null) !== archived) {
          await repo.updateTemplate(tx, ctx, id, { archivedAt: archived ? ctx.clock.now() : null });
          const type = archived ? 'class_template.archived.v1' : 'class_template.unarchived.v1';
          await publish(tx, ctx, scheduleEvent(type, id, { templateId: id }));
        }
        return dtoOf(tx, ctx, id);
      });
    },

    /**
     * Stores a banner (PNG, JPEG or WebP up to 2 MB, checked by its bytes). The bytes are written
     * before the row, outside the transaction (storage may be a remote bucket); the template is
     * looked up first (404 before 400) so no file is written for a template this studio doesn't have.
     */
    async setBanner(ctx: Ctx, id: string, contentType: string, bytes: Buffer): Promise<TemplateDto> {
      await withStudio(database, ctx.studioId, (tx) => templateOrThrow(tx, ctx, id));
      const problem = checkImage(contentType, bytes);
      if (problem) throw invalidImage('banner', problem);
      const key = bannerKey(ctx.studioId, id);
      await storage.put(key, bytes, contentType);
      return withStudio(database, ctx.studioId, async (tx) => {
        await templateOrThrow(tx, ctx, id, { lock: true });
        await repo.updateTemplate(tx, ctx, id, { bannerFileKey: key, bannerContentType: contentType, bannerUpdatedAt: ctx.clock.now() });
        await publish(tx, ctx, scheduleEvent('class_template.updated.v1', id, { templateId: id, changed: ['banner'] }));
        return dtoOf(tx, ctx, id);
      });
    },

    /** Removes the banner; the file goes once the change has committed. */
    async removeBanner(ctx: Ctx, id: string): Promise<TemplateDto> {
      const { dto, key } = await withStudio(database, ctx.studioId, async (tx) => {
        const template = await templateOrThrow(tx, ctx, id, { lock: true });
        if (template.bannerFileKey) {
          await repo.updateTemplate(tx, ctx, id, { bannerFileKey: null, bannerContentType: null, bannerUpdatedAt: null });
          await publish(tx, ctx, scheduleEvent('class_template.updated.v1', id, { templateId: id, changed: ['banner'] }));
        }
        return { dto: await dtoOf(tx, ctx, id), key: template.bannerFileKey };
      });
      if (key) await storage.delete(key);
      return dto;
    },

    async getBanner(ctx: Ctx, id: string): Promise<ServedImage> {
      const template = await withStudio(database, ctx.studioId, (tx) => templateOrThrow(tx, ctx, id));
      return readBanner(template);
    },

    /** The banner for public class pages, looked up by the studio's address. */
    async getPublicBanner(slug: string, id: string): Promise<ServedImage> {
      const studio = await studios.getPublicStudio(slug);
      const ctx: Ctx = { studioId: studio.id as StudioId, actor: { kind: 'anonymous' }, clock, requestId: 'public-banner' };
      const template = await withStudio(database, ctx.studioId, (tx) => templateOrThrow(tx, ctx, id));
      return readBanner(template);
    },
  };

  async function readBanner(template: repo.TemplateRow): Promise<ServedImage> {
    if (!template.bannerFileKey || !template.bannerContentType) throw noBanner();
    const stored = await storage.get(template.bannerFileKey);
    if (!stored) throw noBanner();
    return { body: stored.body, contentType: template.bannerContentType };
  }
}

const noBanner = () => new ScheduleError('template_not_found', 'This class template has no banner.');

export type TemplatesService = ReturnType<typeof createTemplatesService>;
