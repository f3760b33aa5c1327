import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { makeCustomer, testPassword, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { problem, type TestClient } from '../../../../platform/testing/client.ts';
import { eventsOf, inStudio, paidLine, settle, startCatalog } from '../../credits/tests/support.ts';
import { lookupFailureLimit, lookupWindowMs } from '../service.ts';

describe.each(testDatabaseKinds())('gift cards (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  let frontDesk: TestClient;
  const clock = fixedClock(systemClock.now());

  beforeAll(async () => {
    ({ enso, a, b, frontDesk } = await startCatalog(kind, { clock }));
  });
  afterAll(() => enso?.dispose());

  async function issue(s: StudioFixture, body: Record<string, unknown> = {}) {
    const res = await s.admin.post('/api/v1/gift-cards', { amountMinor: 5000, ...body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; code: string; balanceMinor: number };
  }
  const pay = (studioId: string, code: string, amountMinor: number, orderId = 'ord_test') =>
    inStudio(enso, studioId, (tx, ctx) => enso.services.giftCards.debit(tx, ctx, { code, amountMinor, orderId }));

  it('issues a card with an 80-bit grouped code, its ledger and event, and emails the recipient', async () => {
    const ana = await makeCustomer(a);

    const res = await a.admin.post('/api/v1/gift-cards', {
      amountMinor: 4000,
      customerId: ana.id,
      recipientName: 'Ana',
      recipientEmail: 'ana.gift@example.com',
      message: 'Happy birthday!',
      note: 'Raffle prize',
    });
    const mail = await enso.services.email.latestBodyTo('ana.gift@example.com');

    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(res.body).toMatchObject({ initialAmountMinor: 4000, balanceMinor: 4000, currency: 'EUR', status: 'active', source: 'staff', customerId: ana.id, recipientName: 'Ana' });
    expect(res.body.entries).toMatchObject([{ kind: 'issued', deltaMinor: 4000, balanceAfterMinor: 4000, note: 'Raffle prize' }]);
    expect(mail).toContain(res.body.code);
    expect(mail).toContain('Happy birthday!');
    expect(mail).toContain('€40.00');
    expect((await eventsOf(enso, res.body.id)).map((e) => e.type)).toEqual(['gift_card.issued.v1']);
  });

  it('makes a distinct code for each card', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add((await issue(a, { amountMinor: 100 })).code);

    expect(codes.size).toBe(5);
  });

  it('finds a card by its code whatever the case or dashes, and answers every miss the same way', async () => {
    const card = await issue(a);

    const typed = await a.admin.post('/api/v1/gift-cards/lookup', { code: card.code.toLowerCase().replace(/-/g, ' ') });
    const unknown = await a.admin.post('/api/v1/gift-cards/lookup', { code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' });
    const malformed = await a.admin.post('/api/v1/gift-cards/lookup', { code: 'hello' });
    const otherStudio = await b.admin.post('/api/v1/gift-cards/lookup', { code: card.code });

    expect(typed.body.id).toBe(card.id);
    for (const miss of [unknown, malformed, otherStudio]) {
      expect(miss.body).toMatchObject(problem(404, 'gift_card_not_found'));
      expect(miss.body.detail).toBe(unknown.body.detail);
    }
  });

  it('locks a caller’s look-ups after repeated misses, for that caller only', async () => {
    const guesser = await a.staff('front_desk');
    const card = await issue(a);

    for (let i = 0; i < lookupFailureLimit; i++) await guesser.post('/api/v1/gift-cards/lookup', { code: `AAAA-AAAA-AAAA-AA${String(i).padStart(2, '0')}` });
    const locked = await guesser.post('/api/v1/gift-cards/lookup', { code: card.code });
    const someoneElse = await a.admin.post('/api/v1/gift-cards/lookup', { code: card.code });

    clock.advance(lookupWindowMs + 1000);
    const later = await guesser.post('/api/v1/gift-cards/lookup', { code: card.code });

    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('gift_card_lookup_locked');
    expect(someoneElse.status).toBe(200);
    expect(later.status).toBe(200);
  });

  it('pays with a card, never below zero, and puts a refund back', async () => {
    const card = await issue(a, { amountMinor: 3000 });

    const first = await pay(a.studioId, card.code, 1200, 'ord_1');
    const tooMuch = await settle(pay(a.studioId, card.code, 1801, 'ord_2'));
    const otherStudio = await settle(pay(b.studioId, card.code, 100, 'ord_3'));
    await inStudio(enso, a.studioId, (tx, ctx) => enso.services.giftCards.creditBack(tx, ctx, { giftCardId: card.id, amountMinor: 200, orderId: 'ord_1', refundId: 'rfd_1' }));
    const detail = await a.admin.get(`/api/v1/gift-cards/${card.id}`);

    expect(first.balanceAfterMinor).toBe(1800);
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'gift_card_exhausted', details: { balanceMinor: 1800 } } });
    expect(otherStudio).toMatchObject({ ok: false, error: { code: 'gift_card_not_found' } });
    expect(detail.body.balanceMinor).toBe(2000);
    expect(detail.body.entries.map((e: { kind: string; deltaMinor: number; orderId: string | null }) => [e.kind, e.deltaMinor, e.orderId])).toEqual([
      ['refunded', 200, 'ord_1'],
      ['redeemed', -1200, 'ord_1'],
      ['issued', 3000, null],
    ]);
  });

  it('refuses an expired card', async () => {
    const card = await issue(a, { expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() });
    clock.advance(120_000);

    const expired = await settle(pay(a.studioId, card.code, 100));
    const listed = await a.admin.get(`/api/v1/gift-cards/${card.id}`);

    expect(expired).toMatchObject({ ok: false, error: { code: 'gift_card_expired' } });
    expect(listed.body.status).toBe('expired');
  });

  it('adjusts a balance with a note, never below zero', async () => {
    const card = await issue(a, { amountMinor: 1000 });

    const down = await a.admin.post(`/api/v1/gift-cards/${card.id}/adjustments`, { deltaMinor: -400, note: 'Partly used on paper' });
    const below = await a.admin.post(`/api/v1/gift-cards/${card.id}/adjustments`, { deltaMinor: -601, note: 'x' });
    const noNote = await a.admin.post(`/api/v1/gift-cards/${card.id}/adjustments`, { deltaMinor: 100, note: ' ' });

    expect(down.body.balanceMinor).toBe(600);
    expect(below.body).toMatchObject(problem(409, 'gift_card_exhausted'));
    expect(noNote.body).toMatchObject({ status: 400, errors: [{ path: 'note' }] });
  });

  it('lets a customer see their cards and move one to their prepaid credit, once', async () => {
    const base = `/api/public/v1/studios/${a.slug}`;
    const me = a.anonymous();
    const lea = (await me.post(`${base}/signup`, { firstName: 'Lea', email: `lea-gift-${kind}@example.com`, password: testPassword })).body.customer;
    const mine = await issue(a, { amountMinor: 2500, customerId: lea.id });
    const given = await issue(a, { amountMinor: 1500 });

    const list = await me.get(`${base}/me/gift-cards`);
    const redeemed = await me.post(`${base}/me/gift-cards/redeem`, { code: given.code });
    const again = await me.post(`${base}/me/gift-cards/redeem`, { code: given.code });
    const credits = await me.get(`${base}/me/credits`);
    const card = await a.admin.get(`/api/v1/gift-cards/${given.id}`);

    expect(list.body.items).toEqual([expect.objectContaining({ id: mine.id, code: mine.code, balanceMinor: 2500, status: 'active' })]);
    expect(redeemed.body).toEqual({ giftCardId: given.id, amountMinor: 1500, creditBalanceMinor: 1500, currency: 'EUR' });
    expect(again.body).toMatchObject(problem(409, 'gift_card_exhausted'));
    expect(credits.body.entries).toMatchObject([{ reason: 'gift_card', deltaMinor: 1500, giftCardId: given.id }]);
    expect(card.body).toMatchObject({ balanceMinor: 0, status: 'used' });
    expect(card.body.entries[0]).toMatchObject({ kind: 'store_credit', deltaMinor: -1500 });
  });

  it('lets staff move a card to a customer’s credit', async () => {
    const ana = await makeCustomer(a);
    const card = await issue(a, { amountMinor: 700 });

    const res = await frontDesk.post('/api/v1/gift-cards/redeem-to-credit', { code: card.code, customerId: ana.id });
    const account = await a.admin.get(`/api/v1/customers/${ana.id}/credits`);
    const held = await a.admin.get(`/api/v1/gift-cards?customerId=${ana.id}`);

    expect(res.body).toMatchObject({ amountMinor: 700, creditBalanceMinor: 700 });
    expect(account.body.balanceMinor).toBe(700);
    expect(held.body.items.map((c: { id: string }) => c.id)).toEqual([card.id]);
  });

  it('sells cards through the fulfiller within the studio limits, once per line, and refunds only what is left', async () => {
    await a.admin.put('/api/v1/gift-card-settings', { minAmountMinor: 1000, maxAmountMinor: 20000, validityMonths: 12 });
    const buyer = await makeCustomer(a);
    const { fulfiller } = enso.services.giftCards;
    const metadata = { recipientName: 'Zoé', recipientEmail: 'zoe.gift@example.com', message: 'Enjoy', recipientCustomerId: '' };

    const tooSmall = await settle(inStudio(enso, a.studioId, (tx, ctx) => fulfiller.quote(tx, ctx, { refId: 'gift_card', customerId: null, priceMinor: 999, quantity: 1, metadata })));
    const badEmail = await settle(inStudio(enso, a.studioId, (tx, ctx) => fulfiller.quote(tx, ctx, { refId: 'gift_card', customerId: null, priceMinor: 5000, quantity: 1, metadata: { ...metadata, recipientEmail: 'nope' } })));
    const quote = await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.quote(tx, ctx, { refId: 'gift_card', customerId: null, priceMinor: 5000, quantity: 1, metadata }));
    const line = paidLine({ kind: 'gift_card', customerId: buyer.id as never, unitPriceMinor: 5000, totalMinor: 5000, metadata });
    const made = await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.fulfil(tx, ctx, line));
    const again = await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.fulfil(tx, ctx, line));
    const card = (await a.admin.get(`/api/v1/gift-cards/${made.fulfilledRef}`)).body;
    await pay(a.studioId, card.code, 2000);
    const refundAll = await settle(inStudio(enso, a.studioId, (tx, ctx) => fulfiller.onRefund!(tx, ctx, { ...line, fulfilledRef: made.fulfilledRef }, { amountMinor: 5000, destination: 'cash', full: true })));
    await inStudio(enso, a.studioId, (tx, ctx) => fulfiller.onRefund!(tx, ctx, { ...line, fulfilledRef: made.fulfilledRef }, { amountMinor: 3000, destination: 'cash', full: false }));
    const after = (await a.admin.get(`/api/v1/gift-cards/${made.fulfilledRef}`)).body;

    expect(tooSmall).toMatchObject({ ok: false, error: { code: 'invalid_line' } });
    expect(badEmail).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(quote).toEqual({ description: 'Gift card for Zoé', unitPriceMinor: 5000, taxRateBp: 0, discountKeys: ['gift_card'] });
    expect(again.fulfilledRef).toBe(made.fulfilledRef);
    expect(card).toMatchObject({ source: 'pos', balanceMinor: 5000, customerId: buyer.id, purchaserCustomerId: buyer.id, orderId: line.orderId });
    expect(new Date(card.expiresAt).getUTCFullYear()).toBe(clock.now().getUTCFullYear() + 1);
    expect(await enso.services.email.latestBodyTo('zoe.gift@example.com')).toContain(card.code);
    expect(refundAll).toMatchObject({ ok: false, error: { code: 'gift_card_already_used' } });
    expect(after.balanceMinor).toBe(0);
  });

  it('lists and searches cards newest first, per studio, and guards its routes', async () => {
    const card = await issue(a, { recipientName: 'Searchable Person' });

    const byName = await a.admin.get('/api/v1/gift-cards?q=searchable');
    const byCode = await a.admin.get(`/api/v1/gift-cards?q=${card.code.slice(-4)}`);
    const otherStudio = await b.admin.get('/api/v1/gift-cards');
    const otherDetail = await b.admin.get(`/api/v1/gift-cards/${card.id}`);
    const frontDeskIssue = await frontDesk.post('/api/v1/gift-cards', { amountMinor: 100 });
    const frontDeskSettings = await frontDesk.put('/api/v1/gift-card-settings', { minAmountMinor: 1, maxAmountMinor: 2, validityMonths: null });
    const badSettings = await a.admin.put('/api/v1/gift-card-settings', { minAmountMinor: 5000, maxAmountMinor: 100, validityMonths: 0 });

    expect(byName.body.items.map((c: { id: string }) => c.id)).toEqual([card.id]);
    expect(byCode.body.items.map((c: { id: string }) => c.id)).toContain(card.id);
    expect(otherStudio.body.items.map((c: { id: string }) => c.id)).not.toContain(card.id);
    expect(otherDetail.body).toMatchObject(problem(404, 'gift_card_not_found'));
    expect(frontDeskIssue.status).toBe(403);
    expect(frontDeskSettings.status).toBe(403);
    expect(badSettings.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['maxAmountMinor', 'validityMonths']);
  });

  // PostgreSQL only: concurrency needs parallel transactions, and PGlite is a single connection.
  it.runIf(kind === 'postgres')('spends a card at most its balance under 20 concurrent payments', async () => {
    const card = await issue(a, { amountMinor: 5000 });

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => settle(pay(a.studioId, card.code, 1000, `ord_c${i}`))));
    const detail = await a.admin.get(`/api/v1/gift-cards/${card.id}`);

    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(detail.body.balanceMinor).toBe(0);
    expect(detail.body.entries.filter((e: { kind: string }) => e.kind === 'redeemed')).toHaveLength(5);
  });
});
