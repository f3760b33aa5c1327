import type { Ctx } from '../../../kernel/ctx.ts';
import type { Tx } from '../../../platform/db/client.ts';
import type { StoredEvent } from '../../../platform/events/publish.ts';
import { defineSubscriber } from '../../../platform/events/subscribers.ts';
import type { CustomersService } from '../../customers/index.ts';
import { MembershipsError, type MembershipDto, type MembershipsService } from '../../memberships/index.ts';
import type { StudioDto, StudiosService } from '../../studios/index.ts';
import type { Locale } from '../catalogue.ts';
import type { VariableValues } from '../render.ts';
import { accountUrl, emailRecipient, formatDay, formatInstantDay, formatLastDay, formatMoney, localeFor } from './common.ts';
import type { TemplateMailer } from './mailer.ts';

/** The membership events a customer hears about, and the template each one is answered with. */
export const membershipNoticeTemplates = {
  'membership.purchased.v1': 'membership.purchased',
  'membership.renewed.v1': 'membership.renewed',
  'membership.renewal_failed.v1': 'membership.payment_failed',
  'instalment.failed.v1': 'membership.payment_failed',
  'membership.frozen.v1': 'membership.frozen',
  'membership.unfrozen.v1': 'membership.unfrozen',
} as const satisfies Record<string, string>;

type MembershipNoticeEvent = keyof typeof membershipNoticeTemplates;
const isMembershipNoticeEvent = (type: string): type is MembershipNoticeEvent => Object.hasOwn(membershipNoticeTemplates, type);

export interface MembershipNoticesDeps {
  customers: Pick<CustomersService, 'getCustomer'>;
  studios: Pick<StudiosService, 'getStudio'>;
  memberships: Pick<MembershipsService, 'getMembership'>;
  mailer: TemplateMailer;
  publicUrl: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/**
 * The values of a membership event's template, in the recipient's language: dates are the
 * membership's local days (a period's or a freeze's exclusive end shown as its last day), amounts
 * in the membership's currency.
 */
export function membershipNoticeValues(type: MembershipNoticeEvent, payload: Record<string, unknown>, m: MembershipDto, locale: Locale): VariableValues {
  const money = (minor: number | null) => (minor === null ? '' : formatMoney(minor, m.currency, locale));
  switch (type) {
    case 'membership.purchased.v1':
      return { amount: money(int(payload.priceMinor) ?? m.priceMinor) };
    case 'membership.renewed.v1': {
      const start = str(payload.periodStart);
      const end = str(payload.periodEnd);
      return { amount: money(int(payload.amountMinor)), period_start: start ? formatDay(start, locale) : '', period_end: end ? formatLastDay(end, locale) : '' };
    }
    case 'membership.renewal_failed.v1': {
      const next = str(payload.nextAttemptAt);
      return {
        amount: money(m.renewalPriceMinor ?? m.priceMinor),
        failure_message: str(payload.failureMessage) ?? '',
        next_attempt_date: next ? formatInstantDay(next, m.timeZone, locale) : '',
      };
    }
    case 'instalment.failed.v1': {
      const instalment = m.instalments.find((i) => i.id === payload.instalmentId);
      return { amount: money(instalment?.amountMinor ?? null), failure_message: str(payload.failureMessage) ?? '', next_attempt_date: '' };
    }
    case 'membership.frozen.v1': {
      const starts = str(payload.startsAt);
      const ends = str(payload.endsAt);
      // `endsAt` is the start of the day benefits come back: the freeze's last day is the one before.
      return {
        freeze_start: starts ? formatInstantDay(starts, m.timeZone, locale) : '',
        freeze_end: ends ? formatInstantDay(new Date(new Date(ends).getTime() - 1), m.timeZone, locale) : '',
      };
    }
    case 'membership.unfrozen.v1': {
      const end = str(payload.periodEnd);
      return { period_end: end ? formatLastDay(end, locale) : '' };
    }
  }
}

async function membershipOrNull(deps: MembershipNoticesDeps, ctx: Ctx, id: string, tx: Tx): Promise<MembershipDto | null> {
  try {
    return await deps.memberships.getMembership(ctx, id, tx);
  } catch (err) {
    if (err instanceof MembershipsError && err.code === 'membership_not_found') return null;
    throw err;
  }
}

/**
 * Emails the customer about their membership: bought, renewed, a renewal or instalment that
 * could not be charged, frozen, unfrozen — the catalogue template (the studio's version if any)
 * in their language, once per event (the dispatcher's receipt commits with the message).
 */
export function membershipNoticesSubscriber(deps: MembershipNoticesDeps) {
  return defineSubscriber({
    name: 'messaging.membership-notices',
    events: Object.keys(membershipNoticeTemplates),
    async handle(tx: Tx, event: StoredEvent, ctx: Ctx) {
      if (!isMembershipNoticeEvent(event.type)) return;
      const payload = event.payload;
      const membershipId = str(payload.membershipId);
      const customerId = str(payload.customerId);
      if (!membershipId || !customerId) return;
      const recipient = await emailRecipient(deps.customers, ctx, tx, customerId);
      if (!recipient) return;
      const membership = await membershipOrNull(deps, ctx, membershipId, tx);
      if (!membership) return;
      const studio: StudioDto = await deps.studios.getStudio(ctx, tx);
      const locale = localeFor(recipient, studio);
      const values: VariableValues = {
        first_name: recipient.firstName,
        last_name: recipient.lastName,
        studio_name: studio.name,
        membership_name: membership.planName,
        account_url: accountUrl(deps.publicUrl, studio.slug),
        ...membershipNoticeValues(event.type, payload, membership, locale),
      };
      await deps.mailer.send(tx, ctx, { to: recipient.email, template: membershipNoticeTemplates[event.type], locale, values, customerId: recipient.id, recipientKind: 'customer' });
    },
  });
}
