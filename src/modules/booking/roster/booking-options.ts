import type { Ctx } from '../../../kernel/ctx.ts';
import type { Database } from '../../../platform/db/client.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { MembershipsService } from '../../memberships/index.ts';
import { staffBookingOptionsQuerySchema, type StaffBookingOptionsDto, type StaffBookingOptionsQuery } from '../contracts.ts';
import { BookingError, classNotFound } from '../errors.ts';
import * as repo from '../repo.ts';

export interface StaffBookingOptionsDeps {
  database: Database;
  memberships: Pick<MembershipsService, 'eligibleFor' | 'listForCustomer'>;
}

/** Statuses of a membership the customer still holds (expired and cancelled ones are history). */
const current = new Set(['pending', 'active', 'frozen', 'past_due']);
/** Plans that never pay for a class (money or videos): not worth a line in the Book dialog. */
const notForClasses = new Set(['dollar_pack', 'on_demand']);

type NotUsable = StaffBookingOptionsDto['notUsable'][number];

/**
 * What staff may book a customer into one class with (the roster's Book dialog): the memberships
 * and packs that can pay for it, as `memberships.eligibleFor` decides for every booking (the same
 * answer the server gives when booking), and the customer's other current ones with a short why.
 */
export function createStaffBookingOptionsService(deps: StaffBookingOptionsDeps) {
  const { database, memberships } = deps;

  return {
    async forCustomer(ctx: Ctx, occurrenceId: string, query: StaffBookingOptionsQuery | unknown): Promise<StaffBookingOptionsDto> {
      const { customerId } = parseOrThrow(staffBookingOptionsQuerySchema, query);
      const eligible = await withStudio(database, ctx.studioId, async (tx) => {
        const cls = await repo.findClass(tx, ctx, occurrenceId);
        if (!cls || cls.status === 'deleted') throw classNotFound();
        const person = await repo.findPerson(tx, ctx, customerId);
        if (!person) throw new BookingError('customer_not_found', 'This customer does not exist.', [{ path: 'customerId', message: 'Unknown customer' }]);
        return memberships.eligibleFor(tx, ctx, { customerId, forCustomerId: null, templateId: cls.templateId, locationId: cls.locationId, startsAt: cls.startsAt });
      });
      const usable = new Set(eligible.map((m) => m.membershipId));
      const held = await memberships.listForCustomer(ctx, customerId);
      const notUsable: NotUsable[] = held
        .filter((m) => !usable.has(m.id) && current.has(m.status) && !notForClasses.has(m.kind))
        .map((m) => ({
          membershipId: m.id,
          planName: m.planName,
          reason: m.status === 'pending' || m.status === 'frozen' ? m.status : m.creditsRemaining !== null && m.creditsRemaining <= 0 ? 'no_credits_left' : 'not_for_this_class',
        }));
      return {
        occurrenceId,
        customerId,
        memberships: eligible.map((m) => ({ membershipId: m.membershipId, planName: m.planName, kind: m.kind, creditsRemaining: m.creditsRemaining, periodEnd: m.periodEnd })),
        notUsable,
      };
    },
  };
}

export type StaffBookingOptionsService = ReturnType<typeof createStaffBookingOptionsService>;
