import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../lib/format.ts';
import type { BookingDto, BookingStatus, CancelPreviewDto } from './api.ts';

const statusColor: Record<BookingStatus, string> = {
  pending: 'yellow',
  booked: 'blue',
  waitlisted: 'grape',
  offered: 'violet',
  cancelled: 'gray',
  late_cancelled: 'orange',
  no_show: 'red',
  removed: 'gray',
};

/** A booking's status as a badge; a booked and checked-in row reads "Checked in". */
export function BookingStatusBadge({ booking }: { booking: Pick<BookingDto, 'status' | 'checkedInAt'> }) {
  const { t } = useTranslation();
  const checkedIn = booking.status === 'booked' && booking.checkedInAt !== null;
  const color = checkedIn ? 'teal' : statusColor[booking.status];
  return (
    <Badge variant="dot" color={color} style={{ flexShrink: 0 }}>
      {checkedIn ? t('bookingStaff.status.checked_in') : t(`bookingStaff.status.${booking.status}`)}
    </Badge>
  );
}

/** How a booking was paid, in a few words: the plan's name for a membership, else the method and amount. */
export function paymentLabel(b: Pick<BookingDto, 'paymentMethod' | 'membershipName' | 'paidMinor' | 'currency'>, t: TFunction): string {
  if (!b.paymentMethod) return t('bookingStaff.payment.none');
  if ((b.paymentMethod === 'membership' || b.paymentMethod === 'intro_offer') && b.membershipName) return b.membershipName;
  const method = t(`bookingStaff.payment.methods.${b.paymentMethod}`);
  return b.paidMinor > 0 && b.currency ? `${method} · ${formatMoney(b.paidMinor, b.currency)}` : method;
}

/** What cancelling now gives back, from the server's preview. */
export function refundSentence(p: CancelPreviewDto, t: TFunction, membershipName?: string | null): string {
  switch (p.refundKind) {
    case 'class_credit':
      return membershipName ? t('bookingStaff.cancel.refund.classCreditTo', { name: membershipName }) : t('bookingStaff.cancel.refund.classCredit');
    case 'dollar_credit':
      return t('bookingStaff.cancel.refund.dollarCredit', { amount: formatMoney(p.refundMinor, p.currency ?? 'EUR') });
    case 'card':
      return t('bookingStaff.cancel.refund.card', { amount: formatMoney(p.refundMinor, p.currency ?? 'EUR') });
    default:
      return t('bookingStaff.cancel.refund.none');
  }
}
