import { minorUnits, parseCurrencyCode } from '../../../kernel/money.ts';
import type { OrderDto } from '../contracts.ts';

export type ReceiptLocale = 'en' | 'fr';

const words = {
  en: {
    subject: (studio: string, n: number) => `Your receipt from ${studio} (order #${n})`,
    hello: (name: string) => `Hello ${name},`,
    thanks: (studio: string) => `Thank you for your purchase at ${studio}. Here is your receipt.`,
    order: 'Order',
    date: 'Date',
    subtotal: 'Subtotal',
    discount: 'Discount',
    tax: 'Tax',
    cardFee: 'Card fee',
    total: 'Total',
    paidWith: 'Paid with',
    methods: { card: 'Card', cash: 'Cash', terminal: 'Card terminal', gift_card: 'Gift card', prepaid_credit: 'Prepaid credit' },
  },
  fr: {
    subject: (studio: string, n: number) => `Votre reçu de ${studio} (commande n° ${n})`,
    hello: (name: string) => `Bonjour ${name},`,
    thanks: (studio: string) => `Merci pour votre achat chez ${studio}. Voici votre reçu.`,
    order: 'Commande',
    date: 'Date',
    subtotal: 'Sous-total',
    discount: 'Réduction',
    tax: 'Taxes',
    cardFee: 'Frais de carte',
    total: 'Total',
    paidWith: 'Payé par',
    methods: { card: 'Carte', cash: 'Espèces', terminal: 'Terminal de paiement', gift_card: 'Carte cadeau', prepaid_credit: 'Crédit prépayé' },
  },
} as const;

/** `1999 EUR` → `€19.99` (en) / `19,99 €` (fr), with the currency's ISO decimals. */
export function formatMinor(amountMinor: number, currency: string, locale: ReceiptLocale): string {
  const digits = minorUnits(parseCurrencyCode(currency));
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amountMinor / 10 ** digits,
  );
}

/** The receipt email of a paid order: lines, discount, tax, card fee, tenders, in the customer's language. */
export function renderReceipt(
  order: OrderDto,
  options: { locale: ReceiptLocale; studioName: string; customerName: string; timeZone: string },
): { subject: string; text: string; html: string } {
  const w = words[options.locale];
  const money = (m: number) => formatMinor(m, order.currency, options.locale);
  const date = new Intl.DateTimeFormat(options.locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: options.timeZone }).format(
    new Date(order.paidAt ?? order.createdAt),
  );
  const goods = order.lines.filter((l) => l.kind !== 'surcharge');
  const rows: [string, string][] = [
    ...goods.map((l): [string, string] => [`${l.quantity} × ${l.description}`, money(l.subtotalMinor)]),
    [w.subtotal, money(order.subtotalMinor)],
    ...(order.discountMinor > 0 ? [[`${w.discount}${order.discountCode ? ` (${order.discountCode})` : ''}`, `−${money(order.discountMinor)}`] as [string, string]] : []),
    [w.tax, money(order.taxMinor)],
    ...(order.surchargeMinor > 0 ? [[w.cardFee, money(order.surchargeMinor)] as [string, string]] : []),
    [w.total, money(order.totalMinor)],
  ];
  const tenders = order.payments.filter((p) => p.status === 'succeeded').map((p): [string, string] => [w.methods[p.method], money(p.amountMinor)]);
  const text = [
    w.hello(options.customerName),
    '',
    w.thanks(options.studioName),
    '',
    `${w.order} #${order.number} — ${w.date}: ${date}`,
    '',
    ...rows.map(([a, b]) => `${a}: ${b}`),
    '',
    `${w.paidWith}:`,
    ...tenders.map(([a, b]) => `  ${a}: ${b}`),
  ].join('\n');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const tr = ([a, b]: [string, string]) => `<tr><td>${esc(a)}</td><td style="text-align:right">${esc(b)}</td></tr>`;
  const html = `<p>${esc(w.hello(options.customerName))}</p><p>${esc(w.thanks(options.studioName))}</p><p><strong>${esc(w.order)} #${order.number}</strong> — ${esc(date)}</p><table>${rows.map(tr).join('')}</table><p>${esc(w.paidWith)}:</p><table>${tenders.map(tr).join('')}</table>`;
  return { subject: w.subject(options.studioName, order.number), text, html };
}

/**
 * The values of messaging's `order.receipt` template for a paid order, in the customer's
 * language: one line per item (then discount, tax and card fee when there are), the total and
 * the payments, amounts in the order's currency.
 */
export function receiptValues(
  order: OrderDto,
  options: { locale: ReceiptLocale; timeZone: string; studioName: string; firstName: string; lastName: string; receiptUrl: string },
): Record<string, string> {
  const w = words[options.locale];
  const money = (m: number) => formatMinor(m, order.currency, options.locale);
  const date = new Intl.DateTimeFormat(options.locale === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeZone: options.timeZone }).format(new Date(order.paidAt ?? order.createdAt));
  const line = (a: string, b: string) => `${a} — ${b}`;
  const lines = [
    ...order.lines.filter((l) => l.kind !== 'surcharge').map((l) => line(`${l.quantity} × ${l.description}`, money(l.subtotalMinor))),
    ...(order.discountMinor > 0 ? [line(`${w.discount}${order.discountCode ? ` (${order.discountCode})` : ''}`, `−${money(order.discountMinor)}`)] : []),
    ...(order.taxMinor > 0 ? [line(w.tax, money(order.taxMinor))] : []),
    ...(order.surchargeMinor > 0 ? [line(w.cardFee, money(order.surchargeMinor))] : []),
  ];
  const payments = order.payments.filter((p) => p.status === 'succeeded').map((p) => line(w.methods[p.method], money(p.amountMinor)));
  return {
    first_name: options.firstName,
    last_name: options.lastName,
    studio_name: options.studioName,
    order_number: String(order.number),
    order_date: date,
    order_lines: lines.join('\n'),
    order_total: money(order.totalMinor),
    order_payments: payments.join('\n'),
    receipt_url: options.receiptUrl,
  };
}
