import { sql } from 'drizzle-orm';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { columnsOf, rowOf } from '../../../platform/db/statements.ts';
import { rowsOf, withStudio } from '../../../platform/db/tx.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import { updateBookingSettingsSchema, type BookingSettingsDto } from '../contracts.ts';
import { settings } from '../schema.ts';

export interface BookingSettingsDeps {
  database: Database;
}

/** What a studio that never saved its booking settings gets (the table's defaults). */
export const defaultBookingSettings: BookingSettingsDto = {
  classRefundMode: 'all',
  classCreditCutoffMin: 720,
  classLateCancelMin: 60,
  appointmentRefundMode: 'all',
  appointmentCreditCutoffMin: 1440,
  appointmentLateCancelMin: 60,
  waitlistEnabled: true,
  waitlistMode: 'auto',
  waitlistResponseMin: 60,
  customersMayCancel: true,
};

type Row = typeof settings.$inferSelect;

const dtoOf = (row: Row): BookingSettingsDto => ({
  classRefundMode: row.classRefundMode as BookingSettingsDto['classRefundMode'],
  classCreditCutoffMin: row.classCreditCutoffMin,
  classLateCancelMin: row.classLateCancelMin,
  appointmentRefundMode: row.appointmentRefundMode as BookingSettingsDto['appointmentRefundMode'],
  appointmentCreditCutoffMin: row.appointmentCreditCutoffMin,
  appointmentLateCancelMin: row.appointmentLateCancelMin,
  waitlistEnabled: row.waitlistEnabled,
  waitlistMode: row.waitlistMode as BookingSettingsDto['waitlistMode'],
  waitlistResponseMin: row.waitlistResponseMin,
  customersMayCancel: row.customersMayCancel,
});

/** The studio's booking rules: cancellation policy (classes, appointments) and waitlist. */
export function createBookingSettingsService(deps: BookingSettingsDeps) {
  const { database } = deps;

  /** The settings inside the caller's transaction; the defaults when the studio never saved any. */
  async function get(tx: Tx, ctx: Ctx): Promise<BookingSettingsDto> {
    // A statement template, not the builder: a full class's waitlist reads it on every request (platform/db/statements.ts).
    const [row] = rowsOf<Record<string, unknown>>(await tx.execute(sql`select ${columnsOf(settings)} from ${settings} where studio_id = ${ctx.studioId}`));
    return row ? dtoOf(rowOf(settings, row)) : { ...defaultBookingSettings };
  }

  return {
    get,

    /** The settings in their own transaction (Settings › Cancellation policy & waitlist). */
    async read(ctx: Ctx): Promise<BookingSettingsDto> {
      return withStudio(database, ctx.studioId, (tx) => get(tx, ctx));
    },

    /** Changes the fields given; the others keep their value (or default). */
    async update(ctx: Ctx, input: unknown): Promise<BookingSettingsDto> {
      const values = parseOrThrow(updateBookingSettingsSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const now = ctx.clock.now();
        const current = await get(tx, ctx);
        const next = { ...current, ...values };
        const [row] = await tx
          .insert(settings)
          .values({ ...next, studioId: ctx.studioId, updatedAt: now })
          .onConflictDoUpdate({ target: settings.studioId, set: { ...next, updatedAt: now } })
          .returning();
        return dtoOf(row!);
      });
    },
  };
}

export type BookingSettingsService = ReturnType<typeof createBookingSettingsService>;
