import type { Ctx } from '../../../kernel/ctx.ts';
import { minorUnits, parseCurrencyCode } from '../../../kernel/money.ts';
import { addDays, localDateOf, parseLocalDate } from '../../../kernel/time.ts';
import type { Tx } from '../../../platform/db/client.ts';
import { canReceive, CustomersError, type CustomerDto, type CustomersService } from '../../customers/index.ts';
import type { StudioDto } from '../../studios/index.ts';
import type { Locale } from '../catalogue.ts';

const intlLocale = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');

/** `1999 EUR` → `€19.99` (en) / `19,99 €` (fr), with the currency's ISO decimals. */
export function formatMoney(amountMinor: number, currency: string, locale: Locale): string {
  const digits = minorUnits(parseCurrencyCode(currency));
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amountMinor / 10 ** digits);
}

/** A local date (`2027-03-08`) as "8 March 2027" / "8 mars 2027". */
export function formatDay(date: string, locale: Locale): string {
  const day = parseLocalDate(date);
  return new Intl.DateTimeFormat(intlLocale(locale), { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${day}T12:00:00Z`));
}

/** The last day of a period whose end is exclusive (`2027-04-01` → "31 March 2027"). */
export const formatLastDay = (exclusiveEnd: string, locale: Locale) => formatDay(addDays(parseLocalDate(exclusiveEnd), -1), locale);

/** The day an instant falls on in `timeZone`, formatted. */
export const formatInstantDay = (instant: string | Date, timeZone: string, locale: Locale) => formatDay(localDateOf(new Date(instant), timeZone), locale);

export async function customerOrNull(customers: Pick<CustomersService, 'getCustomer'>, ctx: Ctx, id: string, tx: Tx): Promise<CustomerDto | null> {
  try {
    return await customers.getCustomer(ctx, id, tx);
  } catch (err) {
    if (err instanceof CustomersError && err.code === 'customer_not_found') return null;
    throw err;
  }
}

/**
 * The customer an account message goes to: a child without an email is told through the parent
 * who booked or paid (`guardianId`, when it is someone else) or, failing that, their parent on
 * file. Null when the profile is gone or anonymised. `email` is null when the recipient has none
 * or already unsubscribed from transactional email (checked again at send time): the mailer then
 * sends only on the template's other channels the studio turned on (SMS, in-app), if any.
 */
export async function emailRecipient(
  customers: Pick<CustomersService, 'getCustomer'>,
  ctx: Ctx,
  tx: Tx,
  customerId: string,
  guardianId?: string,
): Promise<CustomerDto | null> {
  const customer = await customerOrNull(customers, ctx, customerId, tx);
  if (!customer || customer.anonymized) return null;
  let recipient: CustomerDto | null = customer;
  if (!customer.email && customer.parentId) {
    recipient = await customerOrNull(customers, ctx, guardianId && guardianId !== customerId ? guardianId : customer.parentId, tx);
  }
  if (!recipient || recipient.anonymized) return null;
  return reachable(recipient);
}

/** The recipient as the mailer needs them: `email` null when they have none or unsubscribed from transactional email. */
export const reachable = (recipient: CustomerDto): CustomerDto =>
  recipient.email && canReceive(recipient, { channel: 'email', purpose: 'transactional' }) ? recipient : { ...recipient, email: null };

/** The recipient's language, else the studio's. */
export const localeFor = (recipient: Pick<CustomerDto, 'locale'>, studio: Pick<StudioDto, 'defaultLocale'>): Locale => (recipient.locale ?? studio.defaultLocale) as Locale;

/** The customer's account page on the studio's public site. */
export const accountUrl = (publicUrl: string, slug: string) => `${publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(slug)}/account`;
