import { expect, test, type Page } from '@playwright/test';
import { adminApi, type Admin, chooseLanguage, expectAccessible, runId, screenshot, stripeKeys, studioSlug } from './support.ts';

/**
 * A customer books classes on the studio's pages: with a class pack bought earlier, with a new
 * card through Stripe.js (the run's local Stripe peer), and on the waitlist of a full class; then
 * cancels and sees what was given back. The studio's booking settings are set for the journey
 * (24 h refund cutoff, credits returned for everything, waitlist on) and put back as found.
 */

const stripeApi = process.env.STRIPE_API_URL ? new URL(process.env.STRIPE_API_URL) : null;
const stripeIsLocal = stripeApi?.hostname === '127.0.0.1' || stripeApi?.hostname === 'localhost';

// Each journey signs up, books through the UI and checks the account: longer than the default minute.
test.describe.configure({ mode: 'serial', timeout: 150_000 });

const password = 'Reserver-un-cours-42';
const className = `Booking flow ${runId}`;
const packName = `Booking pack ${runId}`;

const key = () => `e2e-${runId}-${Math.floor(performance.now() * 1000)}`;

/** The calendar date in Paris `days` from now. */
function parisDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

async function postOk<T>(admin: Admin, path: string, data: unknown, extra: Record<string, string> = {}): Promise<T> {
  const response = await admin.request.post(path, { data, headers: { ...admin.headers, ...extra } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** A class of its own template at Lumière Marais on `date` at `time` (in Salle Soleil with its spot map when `spots`); returns its occurrence id. */
async function createClass(admin: Admin, name: string, date: string, time: string, capacity: number, priceMinor: number, spots = false, extra: Record<string, unknown> = {}): Promise<string> {
  const template = await postOk<{ id: string }>(admin, '/api/v1/class-templates', { name, defaultDurationMin: 60, defaultCapacity: capacity, color: '#2f9e44', priceMinor });
  const locations = (await (await admin.request.get('/api/v1/locations')).json()) as { items: { id: string; name: string }[] };
  const marais = locations.items.find((l) => l.name === 'Lumière Marais')!;
  const rooms = (await (await admin.request.get(`/api/v1/locations/${marais.id}/rooms`)).json()) as { items: { id: string; name: string }[] };
  const room = spots ? { roomId: rooms.items.find((r) => r.name === 'Salle Soleil')!.id, spotSelection: true, confirmConflicts: true } : {};
  await postOk(admin, '/api/v1/series', { templateId: template.id, pattern: 'dates', kind: 'class', locationId: marais.id, capacity, dates: [{ date, startTime: time }], ...room, ...extra });
  const query = `from=${date}T00:00:00Z&to=${parisDay(30)}T00:00:00Z&templateId=${template.id}`;
  const list = (await (await admin.request.get(`/api/v1/occurrences?${query}`)).json()) as { items: { id: string }[] };
  expect(list.items).toHaveLength(1);
  return list.items[0]!.id;
}

async function customerIdOf(admin: Admin, email: string): Promise<string> {
  const found = (await (await admin.request.get(`/api/v1/customers?q=${encodeURIComponent(email)}`)).json()) as { items: { id: string }[] };
  return found.items[0]!.id;
}

async function signUp(page: Page, firstName: string, lastName: string, email: string) {
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Hello, ${firstName} ${lastName}` })).toBeVisible();
}

async function fillCard(page: Page, number: string) {
  const card = page.getByTestId('card-element');
  await card.getByLabel(/Card number|Numéro de carte/).fill(number);
  await card.getByLabel(/Expiry|Date d'expiration/).fill('12 / 34');
  await card.getByLabel('CVC').fill('123');
}

/** My bookings on the account page, once its list has loaded. */
async function myBookings(page: Page) {
  await page.goto(`/s/${studioSlug}/account`);
  const region = page.getByRole('region', { name: /My bookings|Mes réservations/ });
  await expect(region.getByTestId('own-bookings').or(region.getByTestId('own-bookings-empty'))).toBeVisible();
  return region;
}

let settingsBefore: Record<string, unknown> | null = null;
let classId = '';
let fullClassId = '';
let fillerBookingId = '';
let familyClassId = '';
const packEmail = `camille.book.${runId}@example.com`;

test.beforeAll(async ({ browser }) => {
  const admin = await adminApi(browser);
  // The studio's policy for these journeys; the settings are put back as found afterwards.
  settingsBefore = (await (await admin.request.get('/api/v1/booking-settings')).json()) as Record<string, unknown>;
  const patched = await admin.request.patch('/api/v1/booking-settings', {
    headers: admin.headers,
    data: { classRefundMode: 'all', classCreditCutoffMin: 1440, classLateCancelMin: 60, waitlistEnabled: true, waitlistMode: 'auto', customersMayCancel: true },
  });
  expect(patched.status(), await patched.text()).toBe(200);
  classId = await createClass(admin, className, parisDay(3), '10:00', 5, 1500, true);
  fullClassId = await createClass(admin, `Full class ${runId}`, parisDay(4), '18:00', 1, 1500);
  familyClassId = await createClass(admin, `Family class ${runId}`, parisDay(5), '15:00', 8, 0, false, { allowChildren: true });
  // Someone else has the only spot of the full class.
  const filler = await postOk<{ id: string }>(admin, '/api/v1/customers', { firstName: 'Zoé', lastName: 'Lambert', email: `zoe.full.${runId}@example.com` });
  const filled = await postOk<{ booking: { id: string } }>(admin, '/api/v1/bookings', { occurrenceId: fullClassId, customerId: filler.id, payment: { method: 'complimentary' } }, { 'idempotency-key': key() });
  fillerBookingId = filled.booking.id;
  await admin.close();
});

test.afterAll(async ({ browser }) => {
  if (!settingsBefore) return;
  const admin = await adminApi(browser);
  const { classRefundMode, classCreditCutoffMin, classLateCancelMin, waitlistEnabled, waitlistMode, waitlistResponseMin, customersMayCancel } = settingsBefore;
  const restored = await admin.request.patch('/api/v1/booking-settings', {
    headers: admin.headers,
    data: { classRefundMode, classCreditCutoffMin, classLateCancelMin, waitlistEnabled, waitlistMode, waitlistResponseMin, customersMayCancel },
  });
  expect(restored.status(), await restored.text()).toBe(200);
  await admin.close();
});

test('a customer books a class with the pack they bought, then cancels and gets the class credit back', async ({ browser, page }) => {
  await signUp(page, 'Camille', 'Durand', packEmail);
  // The pack was bought earlier, at the desk.
  const admin = await adminApi(browser);
  const plan = await postOk<{ id: string }>(admin, '/api/v1/memberships/plans', { name: packName, kind: 'class_pack', priceMinor: 6000, creditsMode: 'total', creditsCount: 5 });
  await postOk(admin, '/api/v1/memberships', { customerId: await customerIdOf(admin, packEmail), planId: plan.id, method: 'cash' }, { 'idempotency-key': key() });
  await admin.close();

  await page.goto(`/s/${studioSlug}/classes/${classId}`);
  await expect(page.getByRole('heading', { level: 1, name: className })).toBeVisible();
  await page.getByTestId('book-button').click();
  const flow = page.getByTestId('booking-flow');
  await expect(flow.getByRole('radio', { name: `My ${packName}` })).toBeChecked();
  await expect(flow.getByText('5 classes left')).toBeVisible();
  await expect(flow.getByTestId('cancellation-policy')).toHaveText(
    'Cancel at least 24 hours before the class to get your class credit or payment back as credit. Cancelling less than 1 hour before the start counts as a late cancellation.',
  );
  // The studio's customer waiver is accepted with a checkbox and a spot is chosen on the room map, or nothing is booked.
  await flow.getByRole('button', { name: 'Confirm booking' }).click();
  await expect(flow.getByText('Accept the waiver to book this class.')).toBeVisible();
  await expect(flow.getByTestId('chosen-spot')).toHaveText('Choose a spot on the map.');
  await flow.getByRole('checkbox', { name: 'I have read and accept this waiver' }).check();
  await flow.getByRole('button', { name: 'Spot 7', exact: true }).click();
  await expect(flow.getByTestId('chosen-spot')).toHaveText('Your spot: 7');
  await expectAccessible(page, 'the booking form');
  await screenshot(page, 'booking-form-pack-en');
  await flow.getByRole('button', { name: 'Confirm booking' }).click();
  const done = page.getByTestId('booking-confirmation');
  await expect(done.getByRole('heading', { name: "You're booked!" })).toBeVisible();
  await expect(done).toContainText(className);
  await expect(done).toContainText('Spot 7');
  await screenshot(page, 'booking-confirmed-en');

  // Coming back to the class says so, instead of offering to book twice.
  await page.reload();
  await page.getByTestId('book-button').click();
  await expect(page.getByTestId('booking-existing')).toContainText('Camille Durand is booked in this class.');

  // My bookings: booked with the pack; cancelling says what comes back, and gives it back.
  const region = await myBookings(page);
  const item = region.getByTestId('own-booking').filter({ hasText: className });
  await expect(item.getByTestId('own-booking-status')).toHaveText('Booked');
  await expect(item).toContainText(`Paid with ${packName}`);
  await expect(item).toContainText('Spot 7');
  await expect(page.getByTestId('own-membership').filter({ hasText: packName })).toContainText('4 classes left');
  await expectAccessible(page, 'the account page with a booking');
  await screenshot(page, 'booking-account-en');
  await item.getByRole('button', { name: 'Cancel booking' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cancel-preview')).toHaveText(`The class credit will be given back to your ${packName}.`);
  await expectAccessible(page, 'the cancel dialog');
  await screenshot(page, 'booking-cancel-preview-en');
  await dialog.getByRole('button', { name: 'Cancel booking' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(item.getByTestId('own-booking-status')).toHaveText('Cancelled');
  await expect(item.getByTestId('own-booking-refund')).toHaveText('1 class credit was returned to your pack.');
  await expect(page.getByTestId('own-membership').filter({ hasText: packName })).toContainText('5 classes left');
});

test('a customer joins the waitlist of a full class and sees their place', async ({ page }) => {
  await page.goto(`/s/${studioSlug}/login`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('E-mail').fill(packEmail);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/account/);

  await page.goto(`/s/${studioSlug}/classes/${fullClassId}`);
  await page.getByTestId('book-button').filter({ hasText: 'Join the waitlist' }).click();
  const flow = page.getByTestId('booking-flow');
  await expect(flow.getByTestId('booking-full')).toContainText('This class is full.');
  await expect(flow.getByRole('radiogroup', { name: 'How to pay if a spot frees up' })).toBeVisible();
  await screenshot(page, 'booking-waitlist-form-en');
  await flow.getByRole('button', { name: 'Join the waitlist' }).click();
  const done = page.getByTestId('booking-confirmation');
  await expect(done.getByRole('heading', { name: "You're on the waitlist" })).toBeVisible();
  await expect(done.getByTestId('waitlist-position')).toHaveText('Position 1 on the waitlist');
  await expectAccessible(page, 'the waitlist confirmation');
  await screenshot(page, 'booking-waitlisted-en');

  const region = await myBookings(page);
  const item = region.getByTestId('own-booking').filter({ hasText: `Full class ${runId}` });
  await expect(item.getByTestId('own-booking-status')).toHaveText('Waitlist');
  await expect(item.getByTestId('own-booking-position')).toHaveText('Position 1 on the waitlist');

  // In French, and on a phone.
  await chooseLanguage(page, 'Français');
  await expect(item.getByTestId('own-booking-status')).toHaveText("Liste d'attente");
  await expect(item.getByTestId('own-booking-position')).toHaveText("N° 1 sur la liste d'attente");
  await expectAccessible(page, 'my bookings in French');
  await screenshot(page, 'booking-account-fr');
  await page.goto(`/s/${studioSlug}/classes/${classId}`);
  await page.getByTestId('book-button').click();
  await expect(page.getByTestId('booking-flow').getByTestId('cancellation-policy')).toContainText('Annulez au moins 24');
  await screenshot(page, 'booking-form-fr');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('booking-flow')).toBeVisible();
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(page, 'booking-form-phone');
  await myBookings(page);
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(page, 'booking-account-phone');
  await chooseLanguage(page, 'English');
});

test('a spot frees up: the waitlisted customer is offered it, with its expiry, and claims it with their pack', async ({ browser, page }) => {
  // Double confirmation: the next in line is offered the freed spot for a limited time.
  const admin = await adminApi(browser);
  const mode = await admin.request.patch('/api/v1/booking-settings', { headers: admin.headers, data: { waitlistMode: 'confirm', waitlistResponseMin: 120 } });
  expect(mode.status(), await mode.text()).toBe(200);
  const cancelled = await admin.request.post(`/api/v1/bookings/${fillerBookingId}/cancel`, { headers: admin.headers, data: {} });
  expect(cancelled.status(), await cancelled.text()).toBe(200);
  await admin.close();

  await page.goto(`/s/${studioSlug}/login`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('E-mail').fill(packEmail);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/account/);
  // The offer is made by a job, a moment after the cancellation.
  const item = page.getByRole('region', { name: 'My bookings' }).getByTestId('own-booking').filter({ hasText: `Full class ${runId}` });
  await expect(async () => {
    await page.reload();
    await expect(item.getByTestId('own-booking-status')).toHaveText('Spot offered', { timeout: 2_000 });
  }).toPass({ timeout: 45_000 });
  await expect(item.getByTestId('own-booking-offer')).toContainText(/Claim it before .+; after that it goes to the next person on the waitlist\./);
  await expectAccessible(page, 'an offer in my bookings');
  await screenshot(page, 'booking-offer-account-en');

  await item.getByRole('link', { name: 'Claim my spot' }).click();
  const flow = page.getByTestId('booking-flow');
  await expect(flow.getByTestId('booking-offer')).toContainText('A spot has opened up for you');
  await expect(flow.getByRole('radio', { name: `My ${packName}` })).toBeChecked();
  await screenshot(page, 'booking-offer-claim-en');
  await flow.getByRole('button', { name: 'Claim my spot' }).click();
  await expect(page.getByTestId('booking-confirmation').getByRole('heading', { name: "You're booked!" })).toBeVisible();
  const region = await myBookings(page);
  await expect(region.getByTestId('own-booking').filter({ hasText: `Full class ${runId}` }).getByTestId('own-booking-status')).toHaveText('Booked');
});

test('a customer pays for a class with a new card, cancels a day ahead and gets the price back as credit', async ({ browser, page }) => {
  test.skip(!stripeIsLocal, 'STRIPE_API_URL / STRIPE_JS_URL must name the local Stripe peer');
  const admin = await adminApi(browser);
  const connected = await admin.request.put('/api/v1/commerce/settings/stripe', { data: stripeKeys, headers: admin.headers });
  expect(connected.status(), await connected.text()).toBe(200);
  await admin.close();

  await signUp(page, 'Malik', 'Girard', `malik.card.${runId}@example.com`);
  await page.goto(`/s/${studioSlug}/classes/${classId}`);
  await page.getByTestId('book-button').click();
  const flow = page.getByTestId('booking-flow');
  await expect(flow.getByRole('radio', { name: 'A new card' })).toBeChecked();
  await fillCard(page, '4242 4242 4242 4242');
  await flow.getByRole('checkbox', { name: 'I have read and accept this waiver' }).check();
  await flow.getByRole('button', { name: 'Spot 8', exact: true }).click();
  await screenshot(page, 'booking-form-card-en');
  await flow.getByRole('button', { name: 'Book for €15.00' }).click();
  await expect(page.getByTestId('booking-confirmation').getByRole('heading', { name: "You're booked!" })).toBeVisible();

  const region = await myBookings(page);
  const item = region.getByTestId('own-booking').filter({ hasText: className });
  await expect(item.getByTestId('own-booking-status')).toHaveText('Booked');
  await expect(item).toContainText('Paid €15.00 by card');
  await item.getByRole('button', { name: 'Cancel booking' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('cancel-preview')).toHaveText('You will get €15.00 back as prepaid credit, to use on future bookings.');
  await dialog.getByRole('button', { name: 'Cancel booking' }).click();
  await expect(item.getByTestId('own-booking-refund')).toHaveText('€15.00 was returned as prepaid credit.');
  await expect(page.getByTestId('own-credit')).toHaveText('€15.00');
  await screenshot(page, 'booking-cancelled-card-en');

  // A declined card books nothing and says why.
  await page.goto(`/s/${studioSlug}/classes/${classId}`);
  await page.getByTestId('book-button').click();
  await page.getByTestId('booking-flow').getByRole('radio', { name: 'A new card' }).check();
  await page.getByTestId('booking-flow').getByRole('button', { name: 'Spot 9', exact: true }).click();
  await fillCard(page, '4000 0000 0000 0002');
  await page.getByTestId('booking-flow').getByRole('button', { name: 'Book for €15.00' }).click();
  await expect(page.getByTestId('booking-error')).toContainText(/declined/);
  await screenshot(page, 'booking-declined-en');
});

test('a parent books a free family class for their child', async ({ page }) => {
  await page.goto(`/s/${studioSlug}/login`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('E-mail').fill(packEmail);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/account/);
  const csrf = (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
  const child = await page.request.post(`/api/public/v1/studios/${studioSlug}/me/children`, { data: { firstName: 'Léo' }, headers: { 'x-csrf-token': csrf } });
  expect(child.status(), await child.text()).toBe(201);

  await page.goto(`/s/${studioSlug}/classes/${familyClassId}`);
  await page.getByTestId('book-button').click();
  const flow = page.getByTestId('booking-flow');
  await expect(flow.getByRole('radio', { name: 'Me (Camille Durand)' })).toBeChecked();
  await flow.getByRole('radio', { name: 'Léo Durand (my child)' }).check();
  await expect(flow.getByRole('radio', { name: 'Free class' })).toBeChecked();
  // The studio's child waiver, when it has one, is accepted for the child.
  const childWaiver = flow.getByRole('checkbox', { name: 'I have read and accept this waiver for Léo Durand' });
  if (await childWaiver.count()) await childWaiver.check();
  await expectAccessible(page, 'booking for a child');
  await screenshot(page, 'booking-child-en');
  await flow.getByRole('button', { name: 'Confirm booking' }).click();
  const done = page.getByTestId('booking-confirmation');
  await expect(done.getByRole('heading', { name: "You're booked!" })).toBeVisible();
  await expect(done).toContainText('For Léo Durand');

  const region = await myBookings(page);
  const item = region.getByTestId('own-booking').filter({ hasText: `Family class ${runId}` });
  await expect(item).toContainText('For Léo Durand');
  await expect(item).toContainText('Free class');
});
