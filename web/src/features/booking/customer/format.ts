import type { TFunction } from 'i18next';
import { formatInZone, formatMoney } from '../../../lib/format.ts';
import type { BookingDto, BookingOptionsDto, CancelPreviewDto } from './api.ts';

const intlLocale = (locale: string) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** A span of minutes in words: "24 hours", "2 days", "90 minutes" / « 24 heures », « 2 jours » (a single day reads as 24 hours). */
export function formatDuration(minutes: number, locale: string): string {
  const [value, unit] = minutes >= 2880 && minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes > 0 && minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** The cancellation policy in a sentence or two, shown before booking. */
export function policySentence(policy: BookingOptionsDto['policy'], t: TFunction, locale: string): string {
  const cutoff = formatDuration(policy.creditCutoffMin, locale);
  const refund =
    policy.refundMode === 'none'
      ? t('bookingCustomer.policy.none')
      : policy.creditCutoffMin === 0
        ? t(`bookingCustomer.policy.${policy.refundMode}Anytime`)
        : t(`bookingCustomer.policy.${policy.refundMode}`, { cutoff });
  const late = policy.lateCancelMin > 0 ? ` ${t('bookingCustomer.policy.late', { window: formatDuration(policy.lateCancelMin, locale) })}` : '';
  return `${refund}${late}`;
}

/** What cancelling now gives back, from the server's preview. */
export function refundPreviewSentence(
  preview: CancelPreviewDto,
  booking: Pick<BookingDto, 'membershipName' | 'paymentMethod' | 'status' | 'class'>,
  now: Date,
  t: TFunction,
): string {
  const money = (minor: number) => formatMoney(minor, preview.currency ?? 'EUR');
  switch (preview.refundKind) {
    case 'class_credit':
      return booking.membershipName ? t('bookingCustomer.cancel.creditBackTo', { plan: booking.membershipName }) : t('bookingCustomer.cancel.creditBack');
    case 'dollar_credit':
      return t('bookingCustomer.cancel.dollarBack', { amount: money(preview.refundMinor) });
    case 'card':
      return t('bookingCustomer.cancel.cardBack', { amount: money(preview.refundMinor) });
    case 'cash':
      return t('bookingCustomer.cancel.cashBack', { amount: money(preview.refundMinor) });
    case 'none':
      if (booking.status === 'waitlisted' || booking.status === 'offered') return t('bookingCustomer.cancel.leaveWaitlist');
      if (booking.paymentMethod === 'free' || booking.paymentMethod === 'complimentary') return t('bookingCustomer.cancel.nothingToReturn');
      if (new Date(preview.refundableUntil).getTime() <= now.getTime()) {
        return t('bookingCustomer.cancel.nothingBackAfter', { date: formatInZone(preview.refundableUntil, booking.class.timeZone, { dateStyle: 'medium', timeStyle: 'short' }) });
      }
      return t('bookingCustomer.cancel.nothingBack');
  }
}

/** What a cancelled booking gave back: "1 class credit returned", "€15.00 returned as credit". */
export function refundDoneSentence(booking: Pick<BookingDto, 'refundKind' | 'refundMinor' | 'currency'>, t: TFunction): string | null {
  switch (booking.refundKind) {
    case 'class_credit':
      return t('bookingCustomer.refunded.class_credit');
    case 'dollar_credit':
      return t('bookingCustomer.refunded.dollar_credit', { amount: formatMoney(booking.refundMinor, booking.currency ?? 'EUR') });
    case 'card':
      return t('bookingCustomer.refunded.card', { amount: formatMoney(booking.refundMinor, booking.currency ?? 'EUR') });
    case 'cash':
      return t('bookingCustomer.refunded.cash', { amount: formatMoney(booking.refundMinor, booking.currency ?? 'EUR') });
    case 'none':
      return t('bookingCustomer.refunded.none');
    default:
      return null;
  }
}

/** How a booking was paid, in a few words. */
export function paidWith(booking: Pick<BookingDto, 'paymentMethod' | 'membershipName' | 'paidMinor' | 'currency'>, t: TFunction): string | null {
  switch (booking.paymentMethod) {
    case null:
      return null;
    case 'membership':
    case 'intro_offer':
      return booking.membershipName ? t('bookingCustomer.paidWith.plan', { plan: booking.membershipName }) : t(`bookingCustomer.paidWith.${booking.paymentMethod}`);
    case 'free':
    case 'complimentary':
    case 'registration':
      return t(`bookingCustomer.paidWith.${booking.paymentMethod}`);
    default:
      return booking.paidMinor > 0 && booking.currency
        ? t('bookingCustomer.paidWith.amount', { amount: formatMoney(booking.paidMinor, booking.currency), method: t(`bookingCustomer.paidWith.${booking.paymentMethod}`) })
        : t(`bookingCustomer.paidWith.${booking.paymentMethod}`);
  }
}

export const statusColor: Record<BookingDto['status'], string> = {
  pending: 'yellow',
  booked: 'teal',
  waitlisted: 'blue',
  offered: 'grape',
  cancelled: 'gray',
  late_cancelled: 'orange',
  no_show: 'red',
  removed: 'gray',
};
