import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../../platform/testing/client.ts';
import { eventsOf, inStudio, paidLine, settle, startCatalog } from '../../credits/tests/support.ts';

describe.each(testDatabaseKinds())('products and stock (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let frontDesk: TestClient;

  beforeAll(async () => {
    ({ enso, a, b, frontDesk } = await startCatalog(kind));
  });
  afterAll(() => enso?.dispose());

  async function newProduct(s: StudioFixture, body: Record<string, unknown> = {}) {
    const res = await s.admin.post('/api/v1/products', { name: 'Yoga mat', priceMinor: 3500, taxRateBp: 2000, ...body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; name: string; onHand: number };
  }

  const sell = (productId: string, quantity: number) =>
    inStudio(enso, a.studioId, (tx, ctx) => enso.services.products.fulfiller.fulfil(tx, ctx, paidLine({ kind: 'product', refId: productId, quantity })));

  it('creates a product with its opening stock recorded as a restock', async () => {
    const res = await a.admin.post('/api/v1/products', {
      name: ' Water bottle ',
      description: 'Steel, 500 ml',
      sku: 'WB-500',
      priceMinor: 1800,
      taxRateBp: 550,
      trackStock: true,
      initialStock: 12,
      lowStockThreshold: 3,
    });
    const movements = await a.admin.get(`/api/v1/products/${res.body.id}/stock-movements`);

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Water bottle', sku: 'WB-500', priceMinor: 1800, taxRateBp: 550, currency: 'EUR', trackStock: true, onHand: 12, lowStockThreshold: 3, lowStock: false, archived: false });
    expect(movements.body.items).toMatchObject([{ kind: 'restock', quantityDelta: 12, onHandAfter: 12, note: 'Opening stock' }]);
  });

  it('restocks, adjusts with a note, refuses to go below zero, and keeps the history', async () => {
    const mat = await newProduct(a, { trackStock: true, initialStock: 2 });

    const restock = await a.admin.post(`/api/v1/products/${mat.id}/stock`, { kind: 'restock', quantity: 5 });
    const noNote = await a.admin.post(`/api/v1/products/${mat.id}/stock`, { kind: 'adjustment', quantity: -1, note: '' });
    const broken = await a.admin.post(`/api/v1/products/${mat.id}/stock`, { kind: 'adjustment', quantity: -2, note: 'Torn in storage' });
    const tooMany = await a.admin.post(`/api/v1/products/${mat.id}/stock`, { kind: 'adjustment', quantity: -6, note: 'Count' });
    const history = await a.admin.get(`/api/v1/products/${mat.id}/stock-movements`);

    expect(restock.body.onHand).toBe(7);
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors[0].path).toBe('note');
    expect(broken.body.onHand).toBe(5);
    expect(tooMany.body).toMatchObject({ ...problem(409, 'out_of_stock'), details: { onHand: 5 } });
    expect(history.body.items.map((m: { kind: string; quantityDelta: number; onHandAfter: number }) => [m.kind, m.quantityDelta, m.onHandAfter])).toEqual([
      ['adjustment', -2, 5],
      ['restock', 5, 7],
      ['restock', 2, 2],
    ]);
  });

  it('refuses stock movements on an untracked product and bad input field by field', async () => {
    const towel = await newProduct(a, { name: 'Towel' });

    const untracked = await a.admin.post(`/api/v1/products/${towel.id}/stock`, { kind: 'restock', quantity: 5 });
    const bad = await a.admin.post('/api/v1/products', { name: '', priceMinor: -1, taxRateBp: 20000, sku: 'has space' });
    const float = await a.admin.patch(`/api/v1/products/${towel.id}`, { priceMinor: 12.5 });

    expect(untracked).toMatchObject({ status: 400, body: { code: 'invalid_product' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'priceMinor', 'sku', 'taxRateBp']);
    expect(float.body.errors[0].path).toBe('priceMinor');
  });

  it('keeps SKUs unique per studio, case-insensitively, and lets another studio reuse one', async () => {
    await newProduct(a, { name: 'Block', sku: 'BLK-1' });

    const dup = await a.admin.post('/api/v1/products', { name: 'Block 2', priceMinor: 100, sku: 'blk-1' });
    const elsewhere = await b.admin.post('/api/v1/products', { name: 'Block', priceMinor: 100, sku: 'BLK-1' });

    expect(dup.body).toMatchObject({ status: 400, code: 'invalid_product', errors: [{ path: 'sku' }] });
    expect(elsewhere.status).toBe(201);
  });

  it('sells through the fulfiller: quote at the catalog price, stock taken once paid, low stock announced once per dip', async () => {
    const mat = await newProduct(a, { name: 'Strap', trackStock: true, initialStock: 5, lowStockThreshold: 2 });

    const quote = await inStudio(enso, a.studioId, (tx, ctx) => enso.services.products.fulfiller.quote(tx, ctx, { refId: mat.id, customerId: null, quantity: 2 }));
    await sell(mat.id, 2);
    await sell(mat.id, 1);
    await sell(mat.id, 1);
    const oversell = await settle(sell(mat.id, 2));
    const tooManyQuoted = await settle(inStudio(enso, a.studioId, (tx, ctx) => enso.services.products.fulfiller.quote(tx, ctx, { refId: mat.id, customerId: null, quantity: 2 })));
    const product = await a.admin.get(`/api/v1/products/${mat.id}`);
    const low = await a.admin.get('/api/v1/products?lowStock=true');
    const lowEvents = (await eventsOf(enso, mat.id)).filter((e) => e.type === 'product.low_stock.v1');

    expect(quote).toEqual({ description: 'Strap', unitPriceMinor: 3500, taxRateBp: 2000, discountKeys: [`product:${mat.id}`] });
    expect(oversell).toMatchObject({ ok: false, error: { code: 'out_of_stock' } });
    expect(tooManyQuoted).toMatchObject({ ok: false, error: { code: 'out_of_stock' } });
    expect(product.body).toMatchObject({ onHand: 1, lowStock: true });
    expect(low.body.items.map((p: { id: string }) => p.id)).toContain(mat.id);
    expect(lowEvents.map((e) => e.payload)).toEqual([{ productId: mat.id, name: 'Strap', stock: 2, lowStockThreshold: 2 }]);
  });

  it('puts refunded items back only when the refund says restock', async () => {
    const mat = await newProduct(a, { name: 'Bolster', trackStock: true, initialStock: 10 });
    const line = paidLine({ kind: 'product', refId: mat.id, quantity: 4, unitPriceMinor: 1000, totalMinor: 4000 });
    const { fulfiller } = enso.services.products;
    await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.fulfil(tx, ctx, line));

    await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.onRefund!(tx, ctx, line, { amountMinor: 1000, destination: 'cash', full: false }));
    const afterNoRestock = (await a.admin.get(`/api/v1/products/${mat.id}`)).body.onHand;
    await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.onRefund!(tx, ctx, line, { amountMinor: 2000, destination: 'cash', full: false, restock: true }));
    const afterPartial = (await a.admin.get(`/api/v1/products/${mat.id}`)).body.onHand;
    await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.onRefund!(tx, ctx, line, { amountMinor: 2000, destination: 'cash', full: true, restock: true }));
    const afterFull = (await a.admin.get(`/api/v1/products/${mat.id}`)).body.onHand;

    expect([afterNoRestock, afterPartial, afterFull]).toEqual([6, 8, 10]);
  });

  it('archives a product: off the list and no longer sold', async () => {
    const old = await newProduct(a, { name: 'Old incense' });

    const archived = await a.admin.post(`/api/v1/products/${old.id}/archive`);
    const active = await a.admin.get('/api/v1/products');
    const archivedList = await a.admin.get('/api/v1/products?archived=true');
    const quote = await settle(inStudio(enso, a.studioId, (tx, ctx) => enso.services.products.fulfiller.quote(tx, ctx, { refId: old.id, customerId: null, quantity: 1 })));

    expect(archived.body.archived).toBe(true);
    expect(active.body.items.map((p: { id: string }) => p.id)).not.toContain(old.id);
    expect(archivedList.body.items.map((p: { id: string }) => p.id)).toContain(old.id);
    expect(quote).toMatchObject({ ok: false, error: { code: 'product_archived' } });
  });

  it('lets the front desk read but not edit, and keeps studios apart', async () => {
    const mat = await newProduct(a, { name: 'Private mat' });

    const read = await frontDesk.get(`/api/v1/products/${mat.id}`);
    const create = await frontDesk.post('/api/v1/products', { name: 'X', priceMinor: 1 });
    const restock = await frontDesk.post(`/api/v1/products/${mat.id}/stock`, { kind: 'restock', quantity: 1 });
    const otherStudio = await b.admin.get(`/api/v1/products/${mat.id}`);
    const otherEdit = await b.admin.patch(`/api/v1/products/${mat.id}`, { name: 'Stolen' });
    const otherList = await b.admin.get('/api/v1/products');
    const otherQuote = await settle(inStudio(enso, b.studioId, (tx, ctx) => enso.services.products.fulfiller.quote(tx, ctx, { refId: mat.id, customerId: null, quantity: 1 })));

    expect(read.status).toBe(200);
    expect(create.body).toMatchObject(problem(403, 'forbidden'));
    expect(restock.status).toBe(403);
    expect(otherStudio.body).toMatchObject(problem(404, 'product_not_found'));
    expect(otherEdit.status).toBe(404);
    expect(otherList.body.items.map((p: { id: string }) => p.id)).not.toContain(mat.id);
    expect(otherQuote).toMatchObject({ ok: false, error: { code: 'product_not_found' } });
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('never oversells under 20 concurrent sales of the last 5 items', async () => {
    const mat = await newProduct(a, { name: 'Last mats', trackStock: true, initialStock: 5, lowStockThreshold: 1 });

    const results = await Promise.all(Array.from({ length: 20 }, () => settle(sell(mat.id, 1))));
    const product = await a.admin.get(`/api/v1/products/${mat.id}`);
    const history = await a.admin.get(`/api/v1/products/${mat.id}/stock-movements`);

    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'out_of_stock')).toBe(true);
    expect(product.body.onHand).toBe(0);
    expect(history.body.items.filter((m: { kind: string }) => m.kind === 'sale')).toHaveLength(5);
    expect((await eventsOf(enso, mat.id)).filter((e) => e.type === 'product.low_stock.v1')).toHaveLength(1);
  });
});
