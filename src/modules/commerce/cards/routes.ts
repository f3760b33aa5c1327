import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import { cardIdParamSchema, cardSetupSchema, completeSetupSchema, savedCardListSchema, savedCardSchema } from './contracts.ts';
import type { CardsService } from './service.ts';

const tags = ['Saved cards'];
const customerCardParams = idParamSchema.extend(cardIdParamSchema.shape);
const errors = { 404: problemSchema, 409: problemSchema, 503: problemSchema };

/** Staff routes: a customer's saved cards (front desk adds one for a customer at the desk), mounted at /api/v1. */
export function cardsRoutes(cards: CardsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:id/cards',
      { config: { access: 'commerce:read' }, schema: { tags, params: idParamSchema, response: { 200: savedCardListSchema, 404: problemSchema } } },
      (req) => cards.listCards(ctxOf(req), req.params.id),
    );
    app.post(
      '/customers/:id/cards/setup',
      { config: { access: 'commerce:sell' }, schema: { tags, params: idParamSchema, response: { 201: cardSetupSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await cards.startSetup(ctxOf(req), req.params.id)),
    );
    app.post(
      '/customers/:id/cards/complete',
      {
        config: { access: 'commerce:sell' },
        schema: { tags, params: idParamSchema, body: completeSetupSchema, response: { 200: savedCardSchema, ...errors } },
      },
      (req) => cards.completeSetup(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/customers/:id/cards/:cardId/default',
      { config: { access: 'commerce:sell' }, schema: { tags, params: customerCardParams, response: { 200: savedCardListSchema, 404: problemSchema } } },
      (req) => cards.setDefault(ctxOf(req), req.params.id, req.params.cardId),
    );
    app.delete(
      '/customers/:id/cards/:cardId',
      { config: { access: 'commerce:sell' }, schema: { tags, params: customerCardParams, response: { 200: savedCardListSchema, ...errors } } },
      (req) => cards.removeCard(ctxOf(req), req.params.id, req.params.cardId),
    );
  };
}

const slugParamSchema = z.object({ slug: z.string().min(1).max(64) });
const slugCardParams = slugParamSchema.extend(cardIdParamSchema.shape);

/** The signed-in customer's own cards, mounted at /api/public/v1. */
export function publicCardsRoutes(cards: CardsService): FastifyPluginAsyncZod {
  return async (app) => {
    const publicTags = ['Public'];
    app.get(
      '/studios/:slug/me/cards',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParamSchema, response: { 200: savedCardListSchema } } },
      (req) => cards.listOwnCards(ctxOf(req)),
    );
    app.post(
      '/studios/:slug/me/cards/setup',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugParamSchema, response: { 201: cardSetupSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await cards.startOwnSetup(ctxOf(req))),
    );
    app.post(
      '/studios/:slug/me/cards/complete',
      {
        config: { access: 'customer' },
        schema: { tags: publicTags, params: slugParamSchema, body: completeSetupSchema, response: { 200: savedCardSchema, ...errors } },
      },
      (req) => cards.completeOwnSetup(ctxOf(req), req.body),
    );
    app.post(
      '/studios/:slug/me/cards/:cardId/default',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugCardParams, response: { 200: savedCardListSchema, 404: problemSchema } } },
      (req) => cards.setOwnDefault(ctxOf(req), req.params.cardId),
    );
    app.delete(
      '/studios/:slug/me/cards/:cardId',
      { config: { access: 'customer' }, schema: { tags: publicTags, params: slugCardParams, response: { 200: savedCardListSchema, ...errors } } },
      (req) => cards.removeOwnCard(ctxOf(req), req.params.cardId),
    );
  };
}
