import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import {
  adjustGiftCardSchema,
  giftCardCodeSchema,
  giftCardDetailSchema,
  giftCardPageSchema,
  giftCardSettingsSchema,
  issueGiftCardSchema,
  listGiftCardsQuerySchema,
  ownGiftCardListSchema,
  redeemedToCreditSchema,
  redeemToCreditSchema,
  updateGiftCardSettingsSchema,
} from './contracts.ts';
import type { GiftCardsService } from './service.ts';

const tags = ['Gift cards'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema, 429: problemSchema };
/** Look-ups by code: a person types a few a minute; the service also locks a caller after 10 failures in 15 minutes. */
const byCode = { rateLimit: { max: 20, timeWindow: '1 minute' } };
const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });

/** Staff routes of gift cards, mounted at /api/v1. */
export function giftCardsRoutes(giftCards: GiftCardsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/gift-cards',
      { config: { access: 'commerce:read' }, schema: { tags, querystring: listGiftCardsQuerySchema, response: { 200: giftCardPageSchema, ...errors } } },
      (req) => giftCards.list(ctxOf(req), req.query),
    );
    app.post(
      '/gift-cards',
      { config: { access: 'commerce:refund' }, schema: { tags, description: 'Issue a card for free (a prize, a goodwill gesture).', body: issueGiftCardSchema, response: { 201: giftCardDetailSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await giftCards.issue(ctxOf(req), req.body)),
    );
    app.post(
      '/gift-cards/lookup',
      { config: { access: 'commerce:read', ...byCode }, schema: { tags, description: 'Find a card by its code.', body: giftCardCodeSchema, response: { 200: giftCardDetailSchema, ...errors } } },
      (req) => giftCards.lookup(ctxOf(req), req.body.code),
    );
    app.post(
      '/gift-cards/redeem-to-credit',
      {
        config: { access: 'commerce:sell', ...byCode },
        schema: { tags, description: "Move a card's balance to a customer's prepaid credit.", body: redeemToCreditSchema, response: { 200: redeemedToCreditSchema, ...errors } },
      },
      (req) => giftCards.redeemToCredit(ctxOf(req), req.body),
    );
    app.get(
      '/gift-card-settings',
      { config: { access: 'commerce:read' }, schema: { tags, response: { 200: giftCardSettingsSchema, ...errors } } },
      (req) => giftCards.getSettings(ctxOf(req)),
    );
    app.put(
      '/gift-card-settings',
      { config: { access: 'commerce:settings' }, schema: { tags, body: updateGiftCardSettingsSchema, response: { 200: giftCardSettingsSchema, ...errors } } },
      (req) => giftCards.updateSettings(ctxOf(req), req.body),
    );
    app.get(
      '/gift-cards/:id',
      { config: { access: 'commerce:read' }, schema: { tags, params: idParamSchema, response: { 200: giftCardDetailSchema, ...errors } } },
      (req) => giftCards.get(ctxOf(req), req.params.id),
    );
    app.post(
      '/gift-cards/:id/adjustments',
      { config: { access: 'commerce:refund' }, schema: { tags, params: idParamSchema, body: adjustGiftCardSchema, response: { 200: giftCardDetailSchema, ...errors } } },
      (req) => giftCards.adjust(ctxOf(req), req.params.id, req.body),
    );
  };
}

/** The signed-in customer's gift cards, mounted at /api/public/v1. */
export function publicGiftCardsRoutes(giftCards: GiftCardsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/studios/:slug/me/gift-cards',
      { config: { access: 'customer' }, schema: { tags: ['Public'], params: slugParamSchema, response: { 200: ownGiftCardListSchema } } },
      (req) => giftCards.listOwn(ctxOf(req)),
    );
    app.post(
      '/studios/:slug/me/gift-cards/redeem',
      {
        config: { access: 'customer', ...byCode },
        schema: { tags: ['Public'], description: "Move a gift card's balance to one's prepaid credit.", params: slugParamSchema, body: giftCardCodeSchema, response: { 200: redeemedToCreditSchema, ...errors } },
      },
      (req) => giftCards.redeemOwnToCredit(ctxOf(req), req.body.code),
    );
  };
}
