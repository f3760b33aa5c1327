import { api } from '../../lib/api.ts';
import type { CardSetupDto, SavedCardDto, SavedCardListDto } from '../../../../src/modules/commerce/cards/contracts.ts';

export type { CardSetupDto, SavedCardDto, SavedCardListDto } from '../../../../src/modules/commerce/cards/contracts.ts';

const enc = encodeURIComponent;

export const ownCardsKey = (slug: string) => ['me', slug, 'cards'] as const;
export const customerCardsKey = (customerId: string) => ['customers', 'one', customerId, 'cards'] as const;

/** The calls a card list makes, for the customer's own cards or for staff at the desk. */
export interface CardsEndpoints {
  list(): Promise<SavedCardListDto>;
  startSetup(): Promise<CardSetupDto>;
  completeSetup(setupIntentId: string): Promise<SavedCardDto>;
  setDefault(cardId: string): Promise<SavedCardListDto>;
  remove(cardId: string): Promise<SavedCardListDto>;
}

/** The card routes below `base` (both sides have the same ones). */
const cardsEndpointsAt = (base: string): CardsEndpoints => ({
  list: () => api.get<SavedCardListDto>(base),
  startSetup: () => api.post<CardSetupDto>(`${base}/setup`),
  completeSetup: (setupIntentId) => api.post<SavedCardDto>(`${base}/complete`, { setupIntentId }),
  setDefault: (cardId) => api.post<SavedCardListDto>(`${base}/${enc(cardId)}/default`),
  remove: (cardId) => api.del<SavedCardListDto>(`${base}/${enc(cardId)}`),
});

/** The signed-in customer's own cards on the studio's public pages. */
export const ownCardsApi = (slug: string): CardsEndpoints => cardsEndpointsAt(`/api/public/v1/studios/${enc(slug)}/me/cards`);

/** Staff: a customer's cards (commerce:read to list, commerce:sell to add or remove). */
export const customerCardsApi = (customerId: string): CardsEndpoints => cardsEndpointsAt(`/api/v1/customers/${enc(customerId)}/cards`);
