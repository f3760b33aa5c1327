import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { makeCustomer, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../../platform/testing/client.ts';
import { eventsOf, inStudio, settle, startCatalog } from '../../credits/tests/support.ts';

describe.each(testDatabaseKinds())('discount codes (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let frontDesk: TestClient;
  const clock = fixedClock(systemClock.now());
  const now = clock.now();
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
  let counter = 0;
  const uniqueCode = (prefix: string) => `${prefix}${(counter += 1)}`;

  beforeAll(async () => {
    ({ enso, a, b, frontDesk } = await startCatalog(kind, { clock }));
  });
  afterAll(() => enso?.dispose());

  async function newCode(s: StudioFixture, body: Record<string, unknown> = {}) {
    const res = await s.admin.post('/api/v1/discount-codes', { code: uniqueCode('SPRING'), kind: 'percent', percentBp: 1000, ...body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; code: string };
  }
  const basket = [
    { lineKey: 'mat', discountKeys: ['product:prd_mat'], netMinor: 1000 },
    { lineKey: 'pack', discountKeys: ['plan:plan_10'], netMinor: 1999 },
  ];
  const preview = (client: TestClient, code: string, customerId: string | null = null, lines = basket) =>
    client.post('/api/v1/discount-codes/preview', { code, customerId, lines });
  const redeem = (studioId: string, discountCodeId: string, orderId: string, customerId: string | null = null) =>
    inStudio(enso, studioId, (tx, ctx) => enso.services.discountCodes.redeem(tx, ctx, { discountCodeId, orderId, customerId, amountMinor: 100 }));

  it('creates a code stored upper case and previews its discount per line', async () => {
    const created = await a.admin.post('/api/v1/discount-codes', { code: 'welcome10', kind: 'percent', percentBp: 1000, description: 'New members' });

    const res = await preview(frontDesk, 'Welcome10');

    expect(created.body).toMatchObject({ code: 'WELCOME10', kind: 'percent', percentBp: 1000, amountMinor: null, usesCount: 0, status: 'active', currency: 'EUR' });
    expect(res.body).toEqual({ discountCodeId: created.body.id, code: 'WELCOME10', totalMinor: 300, lines: [{ lineKey: 'mat', discountMinor: 100 }, { lineKey: 'pack', discountMinor: 200 }] });
  });

  it('applies a restricted amount code to its lines only, capped at what they cost', async () => {
    const code = await newCode(a, { kind: 'amount', percentBp: null, amountMinor: 5000, productIds: ['prd_mat'] });

    const res = await preview(a.admin, code.code);
    const nothing = await preview(a.admin, code.code, null, [basket[1]!]);

    expect(res.body.lines).toEqual([{ lineKey: 'mat', discountMinor: 1000 }, { lineKey: 'pack', discountMinor: 0 }]);
    expect(nothing.body).toMatchObject({ ...problem(409, 'discount_code_not_applicable'), errors: [{ path: 'code' }] });
  });

  it('names why a code does not apply', async () => {
    const early = await newCode(a, { validFrom: hours(1) });
    const late = await newCode(a, { validUntil: hours(0) });
    const archived = await newCode(a);
    await a.admin.post(`/api/v1/discount-codes/${archived.id}/archive`);

    expect((await preview(a.admin, 'NOPE-NOPE')).body).toMatchObject(problem(404, 'discount_code_not_found'));
    expect((await preview(a.admin, early.code)).body).toMatchObject(problem(409, 'discount_code_not_started'));
    expect((await preview(a.admin, late.code)).body).toMatchObject(problem(409, 'discount_code_expired'));
    expect((await preview(a.admin, archived.code)).body).toMatchObject(problem(404, 'discount_code_not_found'));
    expect((await preview(b.admin, early.code)).body).toMatchObject(problem(404, 'discount_code_not_found'));
  });

  it('counts uses, refuses past the total limit, and gives a use back when the order is released', async () => {
    const code = await newCode(a, { maxUses: 2 });

    await redeem(a.studioId, code.id, 'ord_1');
    const sameOrderAgain = await redeem(a.studioId, code.id, 'ord_1');
    await redeem(a.studioId, code.id, 'ord_2');
    const third = await settle(redeem(a.studioId, code.id, 'ord_3'));
    const previewFull = await preview(a.admin, code.code);
    await inStudio(enso, a.studioId, (tx, ctx) => enso.services.discountCodes.release(tx, ctx, { orderId: 'ord_2' }));
    const afterRelease = await a.admin.get(`/api/v1/discount-codes/${code.id}`);
    const fourth = await settle(redeem(a.studioId, code.id, 'ord_4'));
    const listed = await a.admin.get('/api/v1/discount-codes');

    expect(sameOrderAgain.redemptionId).toBeTruthy();
    expect(third).toMatchObject({ ok: false, error: { code: 'discount_code_exhausted' } });
    expect(previewFull.body).toMatchObject(problem(409, 'discount_code_exhausted'));
    expect(afterRelease.body.usesCount).toBe(1);
    expect(fourth.ok).toBe(true);
    expect(listed.body.items.find((c: { id: string }) => c.id === code.id)).toMatchObject({ usesCount: 2, status: 'exhausted' });
    expect((await eventsOf(enso, code.id)).map((e) => e.type)).toEqual(['discount_code.redeemed.v1', 'discount_code.redeemed.v1', 'discount_code.redeemed.v1']);
  });

  it('holds the per-customer limit and needs a customer for it', async () => {
    const ana = await makeCustomer(a);
    const code = await newCode(a, { maxUsesPerCustomer: 1 });

    await redeem(a.studioId, code.id, 'ord_c1', ana.id);
    const second = await settle(redeem(a.studioId, code.id, 'ord_c2', ana.id));
    const walkIn = await settle(redeem(a.studioId, code.id, 'ord_c3'));
    const previewAna = await preview(a.admin, code.code, ana.id);
    const previewWalkIn = await preview(a.admin, code.code);

    expect(second).toMatchObject({ ok: false, error: { code: 'discount_code_customer_limit' } });
    expect(walkIn).toMatchObject({ ok: false, error: { code: 'discount_code_needs_customer' } });
    expect(previewAna.body).toMatchObject(problem(409, 'discount_code_customer_limit'));
    expect(previewWalkIn.body).toMatchObject(problem(400, 'discount_code_needs_customer'));
  });

  it('refuses one order two codes', async () => {
    const first = await newCode(a);
    const second = await newCode(a);

    await redeem(a.studioId, first.id, 'ord_two');
    const other = await settle(redeem(a.studioId, second.id, 'ord_two'));

    expect(other).toMatchObject({ ok: false, error: { code: 'discount_code_invalid' } });
  });

  it('refuses bad input field by field and duplicate codes', async () => {
    await a.admin.post('/api/v1/discount-codes', { code: 'TAKEN', kind: 'amount', amountMinor: 500 });

    const missingValue = await a.admin.post('/api/v1/discount-codes', { code: 'NOVALUE', kind: 'percent' });
    const badWindow = await a.admin.post('/api/v1/discount-codes', { code: 'WIN', kind: 'amount', amountMinor: 1, validFrom: hours(2), validUntil: hours(1) });
    const badCode = await a.admin.post('/api/v1/discount-codes', { code: 'a b', kind: 'percent', percentBp: 20000 });
    const taken = await a.admin.post('/api/v1/discount-codes', { code: 'taken', kind: 'percent', percentBp: 100 });
    const elsewhere = await b.admin.post('/api/v1/discount-codes', { code: 'TAKEN', kind: 'percent', percentBp: 100 });

    expect(missingValue.body).toMatchObject({ status: 400, errors: [{ path: 'percentBp' }] });
    expect(badWindow.body).toMatchObject({ status: 400, errors: [{ path: 'validUntil' }] });
    expect(badCode.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['code', 'percentBp']);
    expect(taken.body).toMatchObject({ ...problem(409, 'discount_code_taken'), errors: [{ path: 'code' }] });
    expect(elsewhere.status).toBe(201);
  });

  it('edits a code but never below the uses already counted, and archives it', async () => {
    const code = await newCode(a, { maxUses: 5 });
    await redeem(a.studioId, code.id, 'ord_e1');
    await redeem(a.studioId, code.id, 'ord_e2');

    const tooLow = await a.admin.patch(`/api/v1/discount-codes/${code.id}`, { maxUses: 1 });
    const toAmount = await a.admin.patch(`/api/v1/discount-codes/${code.id}`, { kind: 'amount', amountMinor: 750, templateIds: ['tpl_x'] });
    const archived = await a.admin.post(`/api/v1/discount-codes/${code.id}/archive`);
    const archivedList = await a.admin.get('/api/v1/discount-codes?archived=true');

    expect(tooLow.body).toMatchObject({ status: 400, code: 'invalid_discount_code', errors: [{ path: 'maxUses' }] });
    expect(toAmount.body).toMatchObject({ kind: 'amount', amountMinor: 750, percentBp: null, templateIds: ['tpl_x'] });
    expect(archived.body).toMatchObject({ archived: true, status: 'archived' });
    expect(archivedList.body.items.map((c: { id: string }) => c.id)).toContain(code.id);
  });

  it('guards its routes by permission and studio', async () => {
    const code = await newCode(a);

    const frontDeskCreate = await frontDesk.post('/api/v1/discount-codes', { code: 'FD', kind: 'percent', percentBp: 100 });
    const frontDeskRead = await frontDesk.get(`/api/v1/discount-codes/${code.id}`);
    const otherRead = await b.admin.get(`/api/v1/discount-codes/${code.id}`);
    const otherEdit = await b.admin.patch(`/api/v1/discount-codes/${code.id}`, { description: 'x' });
    const teacher = await (await a.staff('teacher')).post('/api/v1/discount-codes/preview', { code: code.code, lines: basket });

    expect(frontDeskCreate.status).toBe(403);
    expect(frontDeskRead.status).toBe(200);
    expect(otherRead.body).toMatchObject(problem(404, 'discount_code_not_found'));
    expect(otherEdit.status).toBe(404);
    expect(teacher.status).toBe(403);
  });

  it('offers checkout the port: eligibility per line and the rule', async () => {
    const code = await newCode(a, { percentBp: 1500, planIds: ['plan_10'] });

    const resolved = await inStudio(enso, a.studioId, (tx, ctx) =>
      enso.services.discountCodes.port.resolve(tx, ctx, { code: code.code.toLowerCase(), customerId: null, lines: basket.map((l) => ({ discountKeys: l.discountKeys, subtotalMinor: l.netMinor })) }),
    );

    expect(resolved).toEqual({ discountCodeId: code.id, code: code.code, rule: { kind: 'percent', percentBp: 1500 }, eligible: [false, true] });
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('holds the total limit under 30 concurrent redemptions', async () => {
    const code = await newCode(a, { maxUses: 7 });

    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => settle(redeem(a.studioId, code.id, `ord_p${i}`))));
    const after = await a.admin.get(`/api/v1/discount-codes/${code.id}`);

    expect(results.filter((r) => r.ok)).toHaveLength(7);
    expect(after.body.usesCount).toBe(7);
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('holds the per-customer limit under concurrent redemptions by one customer', async () => {
    const ana = await makeCustomer(a);
    const code = await newCode(a, { maxUsesPerCustomer: 2 });

    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => settle(redeem(a.studioId, code.id, `ord_q${i}`, ana.id))));
    const after = await a.admin.get(`/api/v1/discount-codes/${code.id}`);

    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(after.body.usesCount).toBe(2);
  });
});
