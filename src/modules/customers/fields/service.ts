import type { Ctx } from '../../../kernel/ctx.ts';
import type { FieldError } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import { computeBadges, studioToday, type Badge, type BadgeTag, type FieldBadgeMode } from '../domain/badges.ts';
import {
  fromColumns,
  missingRequired,
  parseFieldValue,
  sameValue,
  toColumns,
  type FieldKind,
  type FieldValue,
} from '../domain/field-values.ts';
import { CustomersError } from '../errors.ts';
import { customerEvent } from '../events.ts';
import {
  createFieldSchema,
  reorderFieldsSchema,
  setFieldValuesSchema,
  updateFieldSchema,
  type CreateField,
  type FieldAnswerDto,
  type FieldDto,
  type ReorderFields,
  type SetFieldValues,
  type UpdateField,
} from './contracts.ts';
import * as repo from './repo.ts';
import { ownProfileOrThrow, profileOrThrow } from '../self.ts';

export interface FieldsDeps {
  database: Database;
  studios: StudiosService;
  /** The tags service's batch read of badge tags (kept as an interface so the two stay independent). */
  tags: { badgeTagsOf(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<Map<string, BadgeTag[]>> };
}

/** Answers by field id, as given by a form: each is checked against its field's kind. */
export type Answers = Readonly<Record<string, unknown>>;

const toFieldDto = (f: repo.FieldRow): FieldDto => ({
  id: f.id,
  label: f.label,
  kind: f.kind as FieldKind,
  options: f.options,
  required: f.required,
  askAtCheckout: f.askAtCheckout,
  customerEditable: f.customerEditable,
  badge: f.badge as FieldBadgeMode,
  badgeLabel: f.badgeLabel,
  position: f.position,
  archived: f.archivedAt !== null,
});

const shapeOf = (f: repo.FieldRow) => ({ kind: f.kind as FieldKind, options: f.options, required: f.required });

export const fieldNotFound = () => new CustomersError('field_not_found', 'This custom field does not exist.');

const invalidValues = (fields: FieldError[]) =>
  new CustomersError('invalid_field_value', `Some answers are not valid: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);

/** The rules between a field's settings: options for choice kinds only, unique; on_date badges on date fields. */
function checkSettings(kind: FieldKind, options: readonly string[], badge: FieldBadgeMode): FieldError[] {
  const errors: FieldError[] = [];
  const choice = kind === 'choice' || kind === 'multi_choice';
  if (choice && options.length === 0) errors.push({ path: 'options', message: 'A choice field needs at least one option.' });
  if (!choice && options.length > 0) errors.push({ path: 'options', message: 'Only choice fields have options.' });
  if (new Set(options).size !== options.length) errors.push({ path: 'options', message: 'Each option appears once.' });
  if (badge === 'on_date' && kind !== 'date') errors.push({ path: 'badge', message: 'A badge on the date needs a date field.' });
  return errors;
}

export function createFieldsService({ database, studios, tags }: FieldsDeps) {
  async function getFieldOrThrow(tx: Tx, ctx: Ctx, id: string) {
    const field = await repo.findField(tx, ctx, id);
    if (!field) throw fieldNotFound();
    return field;
  }

  async function answersOf(tx: Tx, ctx: Ctx, customerId: string, fields: readonly repo.FieldRow[]): Promise<FieldAnswerDto[]> {
    const values = new Map((await repo.listValues(tx, ctx, [customerId])).map((v) => [v.fieldId, v]));
    return fields.map((f) => ({
      fieldId: f.id,
      label: f.label,
      kind: f.kind as FieldKind,
      options: f.options,
      required: f.required,
      customerEditable: f.customerEditable,
      value: fromColumns(f.kind as FieldKind, values.get(f.id)),
    }));
  }

  /**
   * Checks every answer against its field (all errors at once, path `<prefix><fieldId>`), then writes
   * those that change and publishes `customer.custom_field_changed.v1` for each.
   */
  async function writeAnswers(
    tx: Tx,
    ctx: Ctx,
    customerId: string,
    answers: Answers,
    allowed: readonly repo.FieldRow[],
    options: { prefix: string; requireAll: boolean },
  ): Promise<number> {
    const byId = new Map(allowed.map((f) => [f.id, f]));
    const current = new Map((await repo.listValues(tx, ctx, [customerId])).map((v) => [v.fieldId, v]));
    const errors: FieldError[] = [];
    const parsed: { field: repo.FieldRow; value: FieldValue }[] = [];
    for (const [fieldId, raw] of Object.entries(answers)) {
      const field = byId.get(fieldId);
      if (!field) {
        errors.push({ path: `${options.prefix}${fieldId}`, message: 'Unknown field.' });
        continue;
      }
      const result = parseFieldValue(shapeOf(field), raw);
      if (!result.ok) errors.push({ path: `${options.prefix}${fieldId}`, message: result.message });
      else if (missingRequired(shapeOf(field), result.value)) errors.push({ path: `${options.prefix}${fieldId}`, message: 'An answer is required.' });
      else parsed.push({ field, value: result.value });
    }
    if (options.requireAll) {
      for (const field of allowed) {
        if (!(field.id in answers) && missingRequired(shapeOf(field), fromColumns(field.kind as FieldKind, current.get(field.id)))) {
          errors.push({ path: `${options.prefix}${field.id}`, message: 'An answer is required.' });
        }
      }
    }
    if (errors.length > 0) throw invalidValues(errors);
    let changed = 0;
    for (const { field, value } of parsed) {
      const kind = field.kind as FieldKind;
      if (sameValue(fromColumns(kind, current.get(field.id)), value)) continue;
      if (value === null) await repo.deleteValue(tx, ctx, customerId, field.id);
      else await repo.upsertValue(tx, ctx, customerId, field.id, toColumns(kind, value));
      await publish(tx, ctx, customerEvent('customer.custom_field_changed.v1', customerId, { fieldId: field.id, label: field.label }));
      changed += 1;
    }
    return changed;
  }

  const editableByCustomer = async (tx: Tx, ctx: Ctx) =>
    (await repo.listFields(tx, ctx, { includeArchived: false })).filter((f) => f.customerEditable);

  /** Badges of many customers at once (list page, profile header), computed for the studio's today. */
  async function badgesFor(tx: Tx, ctx: Ctx, customerIds: readonly string[]): Promise<Map<string, Badge[]>> {
    const ids = [...new Set(customerIds)];
    const result = new Map<string, Badge[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return result;
    const { timeZone } = await studios.getStudio(ctx, tx);
    const today = studioToday(ctx.clock.now(), timeZone);
    const fields = (await repo.listFields(tx, ctx, { includeArchived: false })).filter((f) => f.badge !== 'none');
    const tagBadges = await tags.badgeTagsOf(tx, ctx, ids);
    const values = new Map<string, Map<string, FieldValue>>();
    if (fields.length > 0) {
      const kinds = new Map(fields.map((f) => [f.id, f.kind as FieldKind]));
      for (const row of await repo.listValues(tx, ctx, ids)) {
        const kind = kinds.get(row.fieldId);
        if (!kind) continue;
        const map = values.get(row.customerId) ?? new Map<string, FieldValue>();
        map.set(row.fieldId, fromColumns(kind, row));
        values.set(row.customerId, map);
      }
    }
    const badgeFields = fields.map((f) => ({ ...toFieldDto(f), badgeLabel: f.badgeLabel }));
    for (const id of ids) {
      const badges = computeBadges({ tags: tagBadges.get(id) ?? [], fields: badgeFields, values: values.get(id) ?? new Map(), today });
      result.set(id, badges);
    }
    return result;
  }

  return {
    badgesFor,

    /** The studio's fields in display order; archived ones only when asked. */
    async listFields(ctx: Ctx, options: { includeArchived?: boolean } = {}): Promise<FieldDto[]> {
      return withStudio(database, ctx.studioId, async (tx) =>
        (await repo.listFields(tx, ctx, { includeArchived: options.includeArchived ?? false })).map(toFieldDto),
      );
    },

    /** A new field, placed last. */
    async createField(ctx: Ctx, input: CreateField): Promise<FieldDto> {
      const values = parseOrThrow(createFieldSchema, input);
      const options = values.options ?? [];
      const badge = values.badge ?? 'none';
      const errors = checkSettings(values.kind, options, badge);
      if (errors.length > 0) throw new CustomersError('invalid_field_value', errors.map((e) => e.message).join(' '), errors);
      return withStudio(database, ctx.studioId, async (tx) => {
        const now = ctx.clock.now();
        const id = newId('customField');
        await repo.insertField(tx, {
          studioId: ctx.studioId,
          id,
          label: values.label,
          kind: values.kind,
          options,
          required: values.required ?? false,
          askAtCheckout: values.askAtCheckout ?? false,
          customerEditable: values.customerEditable ?? true,
          badge,
          badgeLabel: values.badgeLabel ?? '',
          position: await repo.nextPosition(tx, ctx),
          createdAt: now,
          updatedAt: now,
        });
        return toFieldDto(await getFieldOrThrow(tx, ctx, id));
      });
    },

    /** Edits a field's settings, or archives it (answers are kept; it disappears from forms and badges). */
    async updateField(ctx: Ctx, id: string, input: UpdateField): Promise<FieldDto> {
      const values = parseOrThrow(updateFieldSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const before = await getFieldOrThrow(tx, ctx, id);
        const { archived, ...settings } = values;
        const errors = checkSettings(before.kind as FieldKind, settings.options ?? before.options, settings.badge ?? (before.badge as FieldBadgeMode));
        if (errors.length > 0) throw new CustomersError('invalid_field_value', errors.map((e) => e.message).join(' '), errors);
        const archivedAt = archived === undefined ? before.archivedAt : archived ? (before.archivedAt ?? ctx.clock.now()) : null;
        await repo.updateField(tx, ctx, id, { ...settings, archivedAt });
        return toFieldDto(await getFieldOrThrow(tx, ctx, id));
      });
    },

    /** Puts the given fields in this order, before any field left out. */
    async reorderFields(ctx: Ctx, input: ReorderFields): Promise<FieldDto[]> {
      const { ids } = parseOrThrow(reorderFieldsSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const all = await repo.listFields(tx, ctx, { includeArchived: true });
        const known = new Set(all.map((f) => f.id));
        if (ids.some((id) => !known.has(id))) throw fieldNotFound();
        const order = [...new Set(ids), ...all.map((f) => f.id).filter((id) => !ids.includes(id))];
        for (const [position, id] of order.entries()) await repo.updateField(tx, ctx, id, { position });
        return (await repo.listFields(tx, ctx, { includeArchived: true })).map(toFieldDto);
      });
    },

    /** A customer's answers to the studio's active fields, in field order. */
    async getCustomerAnswers(ctx: Ctx, customerId: string): Promise<FieldAnswerDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        await profileOrThrow(tx, ctx, customerId);
        return answersOf(tx, ctx, customerId, await repo.listFields(tx, ctx, { includeArchived: false }));
      });
    },

    /** Staff set answers (any active field); errors name `values.<fieldId>`. Staff may clear a required answer. */
    async setCustomerAnswers(ctx: Ctx, customerId: string, input: SetFieldValues): Promise<FieldAnswerDto[]> {
      const { values } = parseOrThrow(setFieldValuesSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        // The row lock orders concurrent edits of one customer, so "did it change?" is decided on the latest answers.
        await profileOrThrow(tx, ctx, customerId, { lock: true });
        const fields = await repo.listFields(tx, ctx, { includeArchived: false });
        const relaxed = fields.map((f) => ({ ...f, required: false }));
        await writeAnswers(tx, ctx, customerId, values, relaxed, { prefix: 'values.', requireAll: false });
        return answersOf(tx, ctx, customerId, fields);
      });
    },

    /** The signed-in customer's answers to the fields they may edit. */
    async getOwnAnswers(ctx: Ctx): Promise<FieldAnswerDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await ownProfileOrThrow(tx, ctx, { lock: true });
        return answersOf(tx, ctx, customer.id, await editableByCustomer(tx, ctx));
      });
    },

    /** The customer edits their own answers: customer-editable fields only; a required answer can't be cleared. */
    async setOwnAnswers(ctx: Ctx, input: SetFieldValues): Promise<FieldAnswerDto[]> {
      const { values } = parseOrThrow(setFieldValuesSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const customer = await ownProfileOrThrow(tx, ctx, { lock: true });
        const fields = await editableByCustomer(tx, ctx);
        await writeAnswers(tx, ctx, customer.id, values, fields, { prefix: 'values.', requireAll: false });
        return answersOf(tx, ctx, customer.id, fields);
      });
    },

    /** The custom questions a checkout asks (active fields with askAtCheckout), in field order. */
    async listCheckoutQuestions(ctx: Ctx, tx?: Tx): Promise<FieldDto[]> {
      return inStudioTx(database, ctx.studioId, tx, async (t) =>
        (await repo.listFields(t, ctx, { includeArchived: false })).filter((f) => f.askAtCheckout).map(toFieldDto),
      );
    },

    /**
     * Saves checkout answers in the checkout's transaction. Every required question must end up
     * answered (by these answers or an earlier one); errors name `answers.<fieldId>`.
     */
    async saveAnswers(tx: Tx, ctx: Ctx, customerId: string, answers: Answers): Promise<{ changed: number }> {
      await profileOrThrow(tx, ctx, customerId, { lock: true });
      const questions = (await repo.listFields(tx, ctx, { includeArchived: false })).filter((f) => f.askAtCheckout);
      return { changed: await writeAnswers(tx, ctx, customerId, answers, questions, { prefix: 'answers.', requireAll: true }) };
    },

    /** One customer's badges (profile header). */
    async getBadges(ctx: Ctx, customerId: string): Promise<Badge[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        await profileOrThrow(tx, ctx, customerId);
        return (await badgesFor(tx, ctx, [customerId])).get(customerId) ?? [];
      });
    },
  };
}

export type FieldsService = ReturnType<typeof createFieldsService>;
