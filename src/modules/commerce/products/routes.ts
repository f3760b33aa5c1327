import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../../platform/http/access.ts';
import { cursorQuerySchema, idParamSchema, problemSchema } from '../../../platform/http/contracts.ts';
import {
  createProductSchema,
  listProductsQuerySchema,
  moveStockSchema,
  productListSchema,
  productSchema,
  stockMovementListSchema,
  updateProductSchema,
} from './contracts.ts';
import type { ProductsService } from './service.ts';

const tags = ['Products'];
const errors = { 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

/** Staff routes of retail products and their stock, mounted at /api/v1. */
export function productsRoutes(products: ProductsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/products',
      { config: { access: 'commerce:read' }, schema: { tags, querystring: listProductsQuerySchema, response: { 200: productListSchema, ...errors } } },
      async (req) => ({ items: await products.listProducts(ctxOf(req), req.query) }),
    );
    app.post(
      '/products',
      { config: { access: 'commerce:settings' }, schema: { tags, body: createProductSchema, response: { 201: productSchema, ...errors } } },
      async (req, reply) => reply.code(201).send(await products.createProduct(ctxOf(req), req.body)),
    );
    app.get(
      '/products/:id',
      { config: { access: 'commerce:read' }, schema: { tags, params: idParamSchema, response: { 200: productSchema, ...errors } } },
      (req) => products.getProduct(ctxOf(req), req.params.id),
    );
    app.patch(
      '/products/:id',
      { config: { access: 'commerce:settings' }, schema: { tags, params: idParamSchema, body: updateProductSchema, response: { 200: productSchema, ...errors } } },
      (req) => products.updateProduct(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/products/:id/archive',
      { config: { access: 'commerce:settings' }, schema: { tags, params: idParamSchema, response: { 200: productSchema, ...errors } } },
      (req) => products.setArchived(ctxOf(req), req.params.id, true),
    );
    app.post(
      '/products/:id/unarchive',
      { config: { access: 'commerce:settings' }, schema: { tags, params: idParamSchema, response: { 200: productSchema, ...errors } } },
      (req) => products.setArchived(ctxOf(req), req.params.id, false),
    );
    app.post(
      '/products/:id/stock',
      {
        config: { access: 'commerce:settings' },
        schema: { tags, description: 'A delivery (restock) or a counted correction (adjustment, with a note).', params: idParamSchema, body: moveStockSchema, response: { 200: productSchema, ...errors } },
      },
      (req) => products.moveStock(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/products/:id/stock-movements',
      { config: { access: 'commerce:read' }, schema: { tags, params: idParamSchema, querystring: cursorQuerySchema, response: { 200: stockMovementListSchema, ...errors } } },
      (req) => products.listMovements(ctxOf(req), req.params.id, req.query),
    );
  };
}
