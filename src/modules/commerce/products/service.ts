import type { Ctx } from '../../../kernel/ctx.ts';
import { actorUserId } from '../../../kernel/ctx.ts';
import { newId } from '../../../kernel/ids.ts';
import type { Database, Tx } from '../../../platform/db/client.ts';
import { inStudioTx, isUniqueViolation, withStudio } from '../../../platform/db/tx.ts';
import { publish } from '../../../platform/events/publish.ts';
import { parseOrThrow } from '../../../platform/validation.ts';
import type { StudiosService } from '../../studios/index.ts';
import { CommerceError } from '../errors.ts';
import { commerceEvent } from '../events.ts';
import type { FulfilLine, Fulfiller, RefundOfLine } from '../fulfilment.ts';
import { decodeCursor, pageOf } from '../credits/domain/cursor.ts';
import {
  createProductSchema,
  moveStockSchema,
  updateProductSchema,
  type CreateProduct,
  type ListProductsQuery,
  type MoveStock,
  type ProductDto,
  type StockMovementDto,
  type StockMovementKind,
  type UpdateProduct,
} from './contracts.ts';
import { crossesLowStock, isLowStock } from './domain/stock.ts';
import * as repo from './repo.ts';

export interface ProductsDeps {
  database: Database;
  studios: StudiosService;
}

const toProductDto = (p: repo.ProductRow, currency: string): ProductDto => ({
  id: p.id,
  name: p.name,
  description: p.description,
  sku: p.sku,
  priceMinor: p.priceMinor,
  taxRateBp: p.taxRateBp,
  currency,
  trackStock: p.trackStock,
  onHand: p.onHand,
  lowStockThreshold: p.lowStockThreshold,
  lowStock: isLowStock(p),
  archived: p.archivedAt !== null,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

const toMovementDto = (m: repo.StockMovementRow): StockMovementDto => ({
  id: m.id,
  kind: m.kind as StockMovementKind,
  quantityDelta: m.quantityDelta,
  onHandAfter: m.onHandAfter,
  orderId: m.orderId,
  refundId: m.refundId,
  note: m.note,
  createdAt: m.createdAt.toISOString(),
});

export const productNotFound = () => new CommerceError('product_not_found', 'This product does not exist.');
const skuTaken = () =>
  new CommerceError('invalid_product', 'Another product already has this SKU.', [{ path: 'sku', message: 'Another product already has this SKU' }]);

/** A stock movement to record, with what it is linked to. */
interface Movement {
  kind: StockMovementKind;
  delta: number;
  orderId?: string | null;
  orderLineId?: string | null;
  refundId?: string | null;
  note?: string;
}

export function createProductsService({ database, studios }: ProductsDeps) {
  async function productOrThrow(tx: Tx, ctx: Ctx, id: string, options: { lock?: boolean } = {}) {
    const product = await repo.findProduct(tx, ctx, id, options);
    if (!product) throw productNotFound();
    return product;
  }

  async function dtoOf(tx: Tx, ctx: Ctx, id: string): Promise<ProductDto> {
    const { currency } = await studios.getStudioSettings(ctx, tx);
    return toProductDto(await productOrThrow(tx, ctx, id), currency);
  }

  /**
   * Records one movement of a tracked product and moves its cached count in the same tx; a
   * decrease the count cannot cover throws `out_of_stock` (details: what is left). A sale that
   * takes the count to or below the threshold from above it publishes `product.low_stock.v1`.
   */
  async function move(tx: Tx, ctx: Ctx, product: repo.ProductRow, m: Movement): Promise<repo.StockMovementRow> {
    const after = await repo.moveOnHand(tx, ctx, product.id, m.delta);
    if (after === null) {
      const current = await repo.findProduct(tx, ctx, product.id);
      throw new CommerceError('out_of_stock', `Only ${current?.onHand ?? 0} of ${product.name} left.`, [], {
        productId: product.id,
        onHand: current?.onHand ?? 0,
      });
    }
    const movement = await repo.insertMovement(tx, {
      studioId: ctx.studioId,
      id: newId('stockMovement'),
      productId: product.id,
      kind: m.kind,
      quantityDelta: m.delta,
      onHandAfter: after,
      orderId: m.orderId ?? null,
      orderLineId: m.orderLineId ?? null,
      refundId: m.refundId ?? null,
      note: m.note ?? '',
      createdBy: actorUserId(ctx.actor),
      createdAt: ctx.clock.now(),
    });
    if (m.delta < 0 && crossesLowStock(product.lowStockThreshold, after - m.delta, after)) {
      await publish(
        tx,
        ctx,
        commerceEvent('product.low_stock.v1', product.id, { productId: product.id, name: product.name, stock: after, lowStockThreshold: product.lowStockThreshold! }),
      );
    }
    return movement;
  }

  /** Sells products: quotes the catalog price and tax, takes stock when the order is paid, returns it on a refund that says so. */
  const fulfiller: Fulfiller = {
    kind: 'product',
    async quote(tx, ctx, input) {
      const product = await productOrThrow(tx, ctx, input.refId);
      if (product.archivedAt) throw new CommerceError('product_archived', `${product.name} is no longer sold.`, [], { productId: product.id });
      if (product.trackStock && product.onHand < input.quantity) {
        throw new CommerceError('out_of_stock', `Only ${product.onHand} of ${product.name} left.`, [], { productId: product.id, onHand: product.onHand });
      }
      return { description: product.name, unitPriceMinor: product.priceMinor, taxRateBp: product.taxRateBp, discountKeys: [`product:${product.id}`] };
    },
    async fulfil(tx, ctx, line) {
      const product = await productOrThrow(tx, ctx, line.refId ?? '');
      if (!product.trackStock) return { fulfilledRef: null };
      const movement = await move(tx, ctx, product, { kind: 'sale', delta: -line.quantity, orderId: line.orderId, orderLineId: line.lineId });
      return { fulfilledRef: movement.id };
    },
    /**
     * A refund puts items back on the shelf only when it says `restock`: all the line's items
     * not yet returned on a full refund; on a partial one, the items the amount pays back in
     * full (floor(quantity × amount / line total)).
     */
    async onRefund(tx, ctx, line, refund) {
      if (!refund.restock) return;
      await restockLine(tx, ctx, line, refund);
    },
  };

  async function restockLine(tx: Tx, ctx: Ctx, line: FulfilLine, refund: RefundOfLine) {
    for (const sold of await repo.soldForLine(tx, ctx, line.lineId)) {
      const outstanding = sold.sold - sold.returned;
      const byAmount = line.totalMinor > 0 ? Math.floor((line.quantity * refund.amountMinor) / line.totalMinor) : line.quantity;
      const quantity = Math.min(outstanding, refund.full ? outstanding : byAmount);
      if (quantity <= 0) continue;
      const product = await productOrThrow(tx, ctx, sold.productId, { lock: true });
      await move(tx, ctx, product, { kind: 'return', delta: quantity, orderId: line.orderId, orderLineId: line.lineId, refundId: refund.refundId ?? null });
    }
  }

  return {
    fulfiller,

    /** Active (or archived) products by name; `lowStock` keeps the tracked ones at or below their threshold. */
    async listProducts(ctx: Ctx, query: ListProductsQuery = {}): Promise<ProductDto[]> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const { currency } = await studios.getStudioSettings(ctx, tx);
        const rows = await repo.listProducts(tx, ctx, { archived: query.archived === 'true', lowStock: query.lowStock === 'true', q: query.q });
        return rows.map((p) => toProductDto(p, currency));
      });
    },

    async getProduct(ctx: Ctx, id: string, tx?: Tx): Promise<ProductDto> {
      return inStudioTx(database, ctx.studioId, tx, (t) => dtoOf(t, ctx, id));
    },

    /** A new product; with stock tracking its opening count is recorded as a restock. */
    async createProduct(ctx: Ctx, input: CreateProduct): Promise<ProductDto> {
      const values = parseOrThrow(createProductSchema, input);
      const id = newId('product');
      try {
        return await withStudio(database, ctx.studioId, async (tx) => {
          const now = ctx.clock.now();
          await repo.insertProduct(tx, {
            studioId: ctx.studioId,
            id,
            name: values.name,
            description: values.description,
            sku: values.sku ? values.sku : null,
            priceMinor: values.priceMinor,
            taxRateBp: values.taxRateBp,
            trackStock: values.trackStock,
            lowStockThreshold: values.lowStockThreshold,
            createdAt: now,
            updatedAt: now,
          });
          if (values.trackStock && values.initialStock > 0) {
            await move(tx, ctx, await productOrThrow(tx, ctx, id, { lock: true }), { kind: 'restock', delta: values.initialStock, note: 'Opening stock' });
          }
          return dtoOf(tx, ctx, id);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw skuTaken();
        throw err;
      }
    },

    /** Changes a product's details; the count changes only through stock movements. */
    async updateProduct(ctx: Ctx, id: string, input: UpdateProduct): Promise<ProductDto> {
      const values = parseOrThrow(updateProductSchema, input);
      try {
        return await withStudio(database, ctx.studioId, async (tx) => {
          await productOrThrow(tx, ctx, id, { lock: true });
          // An empty SKU clears it.
          const patch = Object.fromEntries(Object.entries({ ...values, sku: values.sku === '' ? null : values.sku }).filter(([, v]) => v !== undefined));
          if (Object.keys(patch).length > 0) await repo.updateProduct(tx, ctx, id, patch);
          return dtoOf(tx, ctx, id);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw skuTaken();
        throw err;
      }
    },

    /** Archived products leave the point of sale; their history stays. */
    async setArchived(ctx: Ctx, id: string, archived: boolean): Promise<ProductDto> {
      return withStudio(database, ctx.studioId, async (tx) => {
        const product = await productOrThrow(tx, ctx, id, { lock: true });
        if ((product.archivedAt !== null) !== archived) await repo.updateProduct(tx, ctx, id, { archivedAt: archived ? ctx.clock.now() : null });
        return dtoOf(tx, ctx, id);
      });
    },

    /** A delivery (restock) or a counted correction (adjustment with a note) of a tracked product. */
    async moveStock(ctx: Ctx, id: string, input: MoveStock): Promise<ProductDto> {
      const values = parseOrThrow(moveStockSchema, input);
      return withStudio(database, ctx.studioId, async (tx) => {
        const product = await productOrThrow(tx, ctx, id);
        if (!product.trackStock) {
          throw new CommerceError('invalid_product', 'Turn on stock tracking for this product first.', [{ path: 'kind', message: 'This product does not track stock' }]);
        }
        await move(tx, ctx, product, { kind: values.kind, delta: values.quantity, note: values.note });
        return dtoOf(tx, ctx, id);
      });
    },

    /** The product's stock history, newest first. */
    async listMovements(ctx: Ctx, id: string, query: { cursor?: string | undefined; limit?: number } = {}) {
      const limit = query.limit ?? 50;
      return withStudio(database, ctx.studioId, async (tx) => {
        await productOrThrow(tx, ctx, id);
        const page = pageOf(await repo.listMovements(tx, ctx, id, { cursor: decodeCursor(query.cursor), limit }), limit);
        return { items: page.items.map(toMovementDto), nextCursor: page.nextCursor };
      });
    },

    /** Puts a refunded line's items back (for the refunds flow when it restocks without a fulfiller call). */
    restockLine,
  };
}

export type ProductsService = ReturnType<typeof createProductsService>;
