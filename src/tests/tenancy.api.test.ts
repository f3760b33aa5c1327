import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioId } from '../kernel/ids.ts';
import { withStudio } from '../platform/db/tx.ts';
import { testDatabaseKinds } from '../platform/testing/database.ts';
import { signaturePng } from '../platform/testing/png.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../platform/testing/enso.ts';

/**
 * Studio A's admin calls every route that takes an id with studio B's ids: each must answer
 * 404 as if the row did not exist, and B's rows must be unchanged afterwards.
 */
describe.each(testDatabaseKinds())('studio isolation across every :id route (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  const idsOfB: Record<string, string> = {};

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
    const location = await b.admin.post('/api/v1/locations', { name: 'B downtown', timeZone: 'Asia/Kolkata' });
    idsOfB.locations = location.body.id;
    idsOfB.rooms = (await b.admin.post(`/api/v1/locations/${location.body.id}/rooms`, { name: 'B room', capacity: 10 })).body.id;
    idsOfB['class-templates'] = (await b.admin.post('/api/v1/class-templates', { name: 'B class', defaultDurationMin: 60, defaultCapacity: 10 })).body.id;
    const bSeries = await b.admin.post('/api/v1/series', {
      templateId: idsOfB['class-templates'],
      pattern: 'dates',
      dates: [{ date: '2030-01-07', startTime: '10:00' }],
      locationId: location.body.id,
    });
    idsOfB.series = bSeries.body.series.id;
    idsOfB.occurrences = (await b.admin.get('/api/v1/occurrences?from=2030-01-01T00:00:00Z&to=2030-01-31T00:00:00Z')).body.items[0].id;
    idsOfB.staff = (await b.admin.post('/api/v1/staff', { email: 'teacher@b.example', firstName: 'Bea', role: 'teacher' })).body.id;
    idsOfB['calendar-feeds'] = (await b.admin.post('/api/v1/calendar-feeds', { kind: 'location', targetId: idsOfB.locations })).body.id;
    idsOfB.customers = (await makeCustomer(b)).id;
    // The inbox's threads are keyed by customer.
    idsOfB.threads = idsOfB.customers;
    idsOfB['api-keys'] = (await b.admin.post('/api/v1/api-keys', { name: 'B key', role: 'operator' })).body.id;
    idsOfB['customer-tags'] = (await b.admin.post('/api/v1/customer-tags', { name: 'B tag' })).body.id;
    idsOfB['customer-fields'] = (await b.admin.post('/api/v1/customer-fields', { label: 'B field', kind: 'text' })).body.id;
    idsOfB.segments = (await b.admin.post('/api/v1/customers/segments', { name: 'B segment', criteria: { rules: [] } })).body.id;
    const bFile = await b.admin.request('POST', '/api/v1/customers/imports?fileName=b.csv', { payload: 'First name\nBea\n', headers: { 'content-type': 'text/csv' } });
    idsOfB.imports = (await b.admin.post('/api/v1/customers/imports/start', { fileId: bFile.body.fileId, fileName: 'b.csv', columns: ['firstName'], dateFormat: 'ymd' })).body.id;
    idsOfB.waivers = (await b.admin.post('/api/v1/waivers', { kind: 'custom', title: 'B waiver', body: 'B text' })).body.id;
    idsOfB['waiver-signatures'] = (
      await b.admin.post(`/api/v1/customers/${idsOfB.customers}/waivers/sign-in-person`, { waiverId: idsOfB.waivers, version: 1, signerName: 'B', signaturePng: signaturePng() })
    ).body.signature.id;
    idsOfB.products = (await b.admin.post('/api/v1/products', { name: 'B mat', priceMinor: 100, trackStock: true, initialStock: 3 })).body.id;
    idsOfB['gift-cards'] = (await b.admin.post('/api/v1/gift-cards', { amountMinor: 1000 })).body.id;
    idsOfB['discount-codes'] = (await b.admin.post('/api/v1/discount-codes', { code: 'BCODE', kind: 'percent', percentBp: 500 })).body.id;
    idsOfB.plans = (await b.admin.post('/api/v1/memberships/plans', { name: 'B pack', kind: 'class_pack', priceMinor: 9000, creditsMode: 'total', creditsCount: 5 })).body.id;
    const sale = await b.admin.request('POST', '/api/v1/memberships', {
      body: { customerId: idsOfB.customers, planId: idsOfB.plans, method: 'cash', paymentPlan: { depositMinor: 3000, instalments: [{ dueDate: '2099-01-05', amountMinor: 6000 }] } },
      headers: { 'idempotency-key': 'b-sale' },
    });
    idsOfB.memberships = sale.body.membership.id;
    idsOfB.orders = sale.body.orderId;
    idsOfB.instalments = sale.body.membership.instalments.at(-1).id;
    // A renewal exists only once a period falls due: written as the renewal job would.
    idsOfB.renewals = 'ren_b_tenancy';
    await withStudio(enso.database, b.studioId as StudioId, (tx) =>
      tx.execute(sql`insert into membership_renewals (studio_id, id, membership_id, period_start, period_end, amount_minor, currency, status)
        values (${b.studioId}, ${idsOfB.renewals}, ${idsOfB.memberships}, '2099-01-01', '2099-02-01', 9000, 'EUR', 'failed')`),
    );
    idsOfB['penalty-rules'] = (await b.admin.post('/api/v1/penalty-rules', { offence: 'no_show', countMode: 'every', countN: 1, periodKind: 'days', periodN: 30, feeMinor: 500 })).body.id;
    // A penalty exists only after a no-show: written as the penalties subscriber would.
    idsOfB.penalties = 'pen_b_tenancy';
    await withStudio(enso.database, b.studioId as StudioId, async (tx) => {
      await tx.execute(sql`insert into booking_bookings (studio_id, id, occurrence_id, customer_id, payer_id, status)
        values (${b.studioId}, 'bkg_b_penalty', ${idsOfB.occurrences}, ${idsOfB.customers}, ${idsOfB.customers}, 'no_show')`);
      await tx.execute(sql`insert into booking_penalties (studio_id, id, rule_id, booking_id, customer_id, offence, amount_minor, currency, status)
        values (${b.studioId}, ${idsOfB.penalties}, ${idsOfB['penalty-rules']}, 'bkg_b_penalty', ${idsOfB.customers}, 'no_show', 500, 'EUR', 'owed')`);
    });
    const booking = await b.admin.request('POST', '/api/v1/bookings', {
      body: { occurrenceId: idsOfB.occurrences, customerId: idsOfB.customers, payment: { method: 'complimentary' } },
      headers: { 'idempotency-key': 'b-booking' },
    });
    idsOfB.bookings = booking.body.booking.id;
    const bCourse = await b.admin.post('/api/v1/series', { templateId: idsOfB['class-templates'], kind: 'course', pattern: 'dates', dates: [{ date: '2030-01-14', startTime: '10:00' }], locationId: idsOfB.locations });
    const registration = await b.admin.request('POST', '/api/v1/registrations', {
      body: { seriesId: bCourse.body.series.id, customerId: idsOfB.customers, payment: { method: 'complimentary' } },
      headers: { 'idempotency-key': 'b-registration' },
    });
    idsOfB.registrations = registration.body.registration.id;
    const groupSend = await b.admin.request('POST', '/api/v1/message-sends', {
      body: { audience: { customerIds: [idsOfB.customers] }, channel: 'in_app', body: 'B news' },
      headers: { 'idempotency-key': 'b-group-send' },
    });
    idsOfB['message-sends'] = groupSend.body.id;
  });
  afterAll(() => enso?.dispose());

  it('answers 404 to studio A for every id of studio B', async () => {
    const routes = enso.app.routeTable.filter((r) => r.url.includes(':id') && r.access !== 'public' && r.access !== 'customer');
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const resource = Object.keys(idsOfB).find((k) => route.url.includes(`/${k}/:id`));
      expect(resource, `no studio-B id for ${route.url}`).toBeDefined();
      const url = route.url.replace(':id', idsOfB[resource!]!) + queryFor(route.method, route.url);
      const res = await a.admin.request(
        route.method as 'GET',
        url,
        route.method === 'GET' ? {} : { body: validBodyFor(route.url), headers: { 'idempotency-key': `a-${route.method}-${route.url}` } },
      );

      expect(res.status, `${route.method} ${url}`).toBe(404);
    }
  });

  it('leaves studio B untouched', async () => {
    const location = await b.admin.get(`/api/v1/locations/${idsOfB.locations}`);
    const keys = await b.admin.get('/api/v1/api-keys');

    expect(location.body.archived).toBe(false);
    expect(location.body.name).toBe('B downtown');
    expect(keys.body.items.map((k: { id: string }) => k.id)).toContain(idsOfB['api-keys']);
  });

  it('lists none of studio B in studio A', async () => {
    const customers = await a.admin.get('/api/v1/customers?q=');
    const staff = await a.admin.get('/api/v1/staff');

    expect(customers.body.items.map((c: { id: string }) => c.id)).not.toContain(idsOfB.customers);
    expect(staff.body.items.map((s: { id: string }) => s.id)).not.toContain(idsOfB.staff);
  });
});

/** A query string that passes validation, for the routes that need one. */
function queryFor(method: string, url: string): string {
  if (method === 'POST' && url.endsWith('/documents')) return '?fileName=x.pdf';
  if (url.endsWith('/merge-preview')) return '?from=cus_x';
  if (url.endsWith('/occurrences/:id/booking-options')) return '?customerId=cus_x';
  return '';
}

/** A body that passes validation, so the request reaches the lookup that must fail. */
function validBodyFor(url: string): unknown {
  if (url.endsWith('/kiosk/locations/:id/check-in')) return { bookingId: 'bkg_x' };
  if (url.endsWith('/inbox/threads/:id/reply')) return { channel: 'in_app', text: 'X' };
  if (url.includes('/penalty-rules')) return { active: false };
  if (url.endsWith('/cards/complete')) return { setupIntentId: 'seti_x' };
  if (url.endsWith('/refunds')) return { amountMinor: 100, destination: 'cash' };
  if (url.endsWith('/renewal-price')) return { priceMinor: 100 };
  if (url.endsWith('/bookings/:id/move')) return { occurrenceId: 'occ_x' };
  if (url.endsWith('/memberships/:id/instalments')) return { instalments: [{ dueDate: '2099-01-05', amountMinor: 6000 }] };
  if (url.endsWith('/memberships/:id/credits')) return { delta: 1, note: 'X' };
  if (url.includes('/memberships/plans')) return { name: 'X', kind: 'class_pack', priceMinor: 100, creditsMode: 'total', creditsCount: 1 };
  if (/\/(freeze|unfreeze|cancel-renewal|retry|confirm)$/.test(url)) return {};
  if (url.endsWith('/adjustments')) return { deltaMinor: 100, note: 'X' };
  if (url.endsWith('/products/:id/stock')) return { kind: 'restock', quantity: 1 };
  if (url.endsWith('/waivers/sign-in-person')) return { waiverId: 'wvr_x', version: 1, signerName: 'X', signaturePng: signaturePng() };
  if (url.endsWith('/waivers/send')) return { waiverId: 'wvr_x' };
  if (url.includes('/waivers')) return { title: 'X' };
  if (url.endsWith('/spot-map')) return { rows: 1, columns: 1, cells: [] };
  if (url.endsWith('/series/:id/dates')) return { date: '2030-02-04', startTime: '10:00' };
  if (url.endsWith('/occurrences/:id/substitute')) return { teacherId: 'usr_x' };
  if (url.includes('/class-templates')) return { name: 'X' };
  if (url.includes('/rooms')) return url.endsWith('/rooms') ? { name: 'X', capacity: 5 } : { name: 'X' };
  if (url.includes('/locations')) return { name: 'X' };
  if (url.includes('/staff')) return { firstName: 'X' };
  if (url.endsWith('/tags')) return { name: 'X' };
  if (url.endsWith('/fields')) return { values: {} };
  if (url.endsWith('/merge')) return { fromId: 'cus_x' };
  if (url.includes('/notes')) return url.endsWith('/notes') ? { body: 'X' } : { pinned: true };
  if (url.endsWith('/subscriptions')) return { emailMarketing: false };
  if (url.endsWith('/referrer')) return { referrerId: null };
  if (url.endsWith('/parent')) return { parentId: null };
  if (url.includes('/segments')) return { name: 'X' };
  if (url.includes('/customers')) return { firstName: 'X' };
  return {};
}
