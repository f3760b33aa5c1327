import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { makeCustomer, testPassword, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../../platform/testing/client.ts';
import { eventsOf, inStudio, paidLine, settle, startCatalog } from './support.ts';

describe.each(testDatabaseKinds())('prepaid credit (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let frontDesk: TestClient;

  beforeAll(async () => {
    ({ enso, a, b, frontDesk } = await startCatalog(kind));
  });
  afterAll(() => enso?.dispose());

  it('adds and removes credit with a note, keeps the ledger newest first and never goes below zero', async () => {
    const ana = await makeCustomer(a);

    const added = await a.admin.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: 2500, note: 'Goodwill' });
    const removed = await a.admin.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: -1000, note: 'Entered twice' });
    const tooMuch = await a.admin.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: -1501, note: 'Too much' });
    const account = await a.admin.get(`/api/v1/customers/${ana.id}/credits`);

    expect(added.status).toBe(200);
    expect(removed.body.balanceMinor).toBe(1500);
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({ ...problem(409, 'insufficient_credit'), details: { balanceMinor: 1500 } });
    expect(account.body).toMatchObject({ customerId: ana.id, balanceMinor: 1500, currency: 'EUR', nextCursor: null });
    expect(account.body.entries.map((e: { deltaMinor: number; balanceAfterMinor: number; reason: string; note: string }) => [e.deltaMinor, e.balanceAfterMinor, e.reason, e.note])).toEqual([
      [-1000, 1500, 'adjustment', 'Entered twice'],
      [2500, 2500, 'adjustment', 'Goodwill'],
    ]);
    expect((await eventsOf(enso, ana.id)).filter((e) => e.type === 'credit.posted.v1').map((e) => e.payload.balanceMinor)).toEqual([2500, 1500]);
  });

  it('pages the ledger with a cursor', async () => {
    const ana = await makeCustomer(a);
    for (const n of [1, 2, 3]) await a.admin.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: n * 100, note: `n${n}` });

    const first = await a.admin.get(`/api/v1/customers/${ana.id}/credits?limit=2`);
    const second = await a.admin.get(`/api/v1/customers/${ana.id}/credits?limit=2&cursor=${first.body.nextCursor}`);

    expect(first.body.entries.map((e: { note: string }) => e.note)).toEqual(['n3', 'n2']);
    expect(second.body.entries.map((e: { note: string }) => e.note)).toEqual(['n1']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('refuses bad input field by field', async () => {
    const ana = await makeCustomer(a);

    const zero = await a.admin.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: 0, note: '' });
    const float = await a.admin.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: 10.5, note: 'x' });

    expect(zero.status).toBe(400);
    expect(zero.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['deltaMinor', 'note']);
    expect(float.status).toBe(400);
    expect(float.body.errors[0].path).toBe('deltaMinor');
  });

  it('lets the front desk read but not adjust, and keeps studios apart', async () => {
    const ana = await makeCustomer(a);
    await a.admin.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: 500, note: 'Gift' });

    const read = await frontDesk.get(`/api/v1/customers/${ana.id}/credits`);
    const adjust = await frontDesk.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: 500, note: 'Mine' });
    const otherStudioRead = await b.admin.get(`/api/v1/customers/${ana.id}/credits`);
    const otherStudioAdjust = await b.admin.post(`/api/v1/customers/${ana.id}/credits/adjustments`, { deltaMinor: 500, note: 'x' });
    const anonymous = await a.anonymous().get(`/api/v1/customers/${ana.id}/credits`);

    expect(read.body.balanceMinor).toBe(500);
    expect(adjust.body).toMatchObject(problem(403, 'forbidden'));
    expect(otherStudioRead.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(otherStudioAdjust.status).toBe(404);
    expect(anonymous.status).toBe(401);
  });

  it('shows customers their own balance and ledger only', async () => {
    const base = `/api/public/v1/studios/${a.slug}`;
    const me = a.anonymous();
    const signedUp = (await me.post(`${base}/signup`, { firstName: 'Lea', email: `lea-${kind}@example.com`, password: testPassword })).body.customer;
    await a.admin.post(`/api/v1/customers/${signedUp.id}/credits/adjustments`, { deltaMinor: 1200, note: 'Welcome' });
    const someoneElse = await makeCustomer(a);
    await a.admin.post(`/api/v1/customers/${someoneElse.id}/credits/adjustments`, { deltaMinor: 9999, note: 'Not hers' });

    const mine = await me.get(`${base}/me/credits`);
    const elsewhere = await me.get(`/api/public/v1/studios/${b.slug}/me/credits`);

    expect(mine.body).toMatchObject({ customerId: signedUp.id, balanceMinor: 1200, currency: 'EUR' });
    expect(mine.body.entries).toHaveLength(1);
    expect(elsewhere.status).toBe(401);
  });

  it('sells prepaid credit through its fulfiller and takes it back on a refund while unspent', async () => {
    const ana = await makeCustomer(a);
    const { fulfiller } = enso.services.credits;

    const quote = await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.quote(tx, ctx, { refId: 'credit', customerId: ana.id as never, priceMinor: 5000, quantity: 1 }));
    const walkIn = await settle(inStudio(enso, a.studioId, (tx, ctx) => fulfiller.quote(tx, ctx, { refId: 'credit', customerId: null, priceMinor: 5000, quantity: 1 })));
    const line = paidLine({ kind: 'prepaid_credit', customerId: ana.id as never, unitPriceMinor: 5000, totalMinor: 5000 });
    await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.fulfil(tx, ctx, line));
    await inStudio(enso, a.studioId, (tx, ctx) => enso.services.credits.post(tx, ctx, { customerId: ana.id, deltaMinor: -3000, reason: 'spend', orderId: 'ord_x' }));
    const refundAll = await settle(inStudio(enso, a.studioId, (tx, ctx) => fulfiller.onRefund!(tx, ctx, line, { amountMinor: 5000, destination: 'cash', full: true })));
    await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.onRefund!(tx, ctx, line, { amountMinor: 2000, destination: 'cash', full: false }));
    const account = await a.admin.get(`/api/v1/customers/${ana.id}/credits`);

    expect(quote).toEqual({ description: 'Prepaid credit', unitPriceMinor: 5000, taxRateBp: 0, discountKeys: ['prepaid_credit'] });
    expect(walkIn).toMatchObject({ ok: false, error: { code: 'customer_required' } });
    expect(refundAll).toMatchObject({ ok: false, error: { code: 'insufficient_credit' } });
    expect(account.body.balanceMinor).toBe(0);
    expect(account.body.entries.map((e: { reason: string; deltaMinor: number }) => [e.reason, e.deltaMinor])).toEqual([
      ['refund', -2000],
      ['spend', -3000],
      ['purchase', 5000],
    ]);
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('lets exactly the affordable number of 50 concurrent debits through', async () => {
    const ana = await makeCustomer(a);
    await inStudio(enso, a.studioId, (tx, ctx) => enso.services.credits.post(tx, ctx, { customerId: ana.id, deltaMinor: 1000, reason: 'purchase' }));

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        settle(inStudio(enso, a.studioId, (tx, ctx) => enso.services.credits.post(tx, ctx, { customerId: ana.id, deltaMinor: -100, reason: 'spend', orderId: `ord_${i}` }))),
      ),
    );
    const account = await a.admin.get(`/api/v1/customers/${ana.id}/credits?limit=100`);

    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'insufficient_credit')).toBe(true);
    expect(account.body.balanceMinor).toBe(0);
    expect(account.body.entries).toHaveLength(11);
    expect(account.body.entries.reduce((sum: number, e: { deltaMinor: number }) => sum + e.deltaMinor, 0)).toBe(0);
  });
});
