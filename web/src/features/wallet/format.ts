const brands: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  cartes_bancaires: 'Cartes Bancaires',
};

/** A card network's name as printed on the card. */
export const brandName = (brand: string) => brands[brand] ?? (brand ? brand[0]!.toUpperCase() + brand.slice(1) : '');

/** `MM/YY`, as printed on the card. */
export const expiry = (card: { expMonth: number; expYear: number }) => `${String(card.expMonth).padStart(2, '0')}/${String(card.expYear % 100).padStart(2, '0')}`;
