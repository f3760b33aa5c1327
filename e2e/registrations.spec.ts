import { expect, test, type Page } from '@playwright/test';
import { adminApi, type Admin, chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, stripeKeys, studioSlug } from './support.ts';

/**
 * Semesters and courses: a customer registers for a whole semester with a new card through
 * Stripe.js (the run's local Stripe peer) and sees every date in My bookings; the front desk
 * registers a walk-in from the class roster, then cancels the customer's registration from their
 * profile, and the customer's prepaid credit shows the classes to come refunded.
 * The semester is created for the journey (its own class type, three Thursday evenings), so the
 * run does not depend on the demo's semester having room left.
 */

const stripeApi = process.env.STRIPE_API_URL ? new URL(process.env.STRIPE_API_URL) : null;
const stripeIsLocal = stripeApi?.hostname === '127.0.0.1' || stripeApi?.hostname === 'localhost';

test.describe.configure({ mode: 'serial', timeout: 150_000 });

const password = 'Semestre-complet-42';
const semesterName = `Semester ${runId}`;
const customerEmail = `ines.semester.${runId}@example.com`;
const walkInEmail = `hugo.semester.${runId}@example.com`;

async function postOk<T>(admin: Admin, path: string, data: unknown): Promise<T> {
  const response = await admin.request.post(path, { data, headers: admin.headers });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** The calendar date in Paris `days` from now, and its ISO weekday (1 = Monday). */
function parisDay(days: number): { date: string; weekday: number } {
  const at = new Date(Date.now() + days * 86_400_000);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', weekday: 'short' }).format(at);
  return { date, weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1 };
}

async function fillCard(page: Page, number: string) {
  const card = page.getByTestId('card-element');
  await card.getByLabel(/Card number|Numéro de carte/).fill(number);
  await card.getByLabel(/Expiry|Date d'expiration/).fill('12 / 34');
  await card.getByLabel('CVC').fill('123');
}

async function signIn(page: Page, email: string) {
  await page.goto(`/s/${studioSlug}/login`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/account/);
}

/** My bookings on the account page, once its list has loaded. */
async function myBookings(page: Page) {
  await page.goto(`/s/${studioSlug}/account`);
  const region = page.getByRole('region', { name: /My bookings|Mes réservations/ });
  await expect(region.getByTestId('own-bookings').or(region.getByTestId('own-bookings-empty'))).toBeVisible();
  return region;
}

const noHorizontalScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

let seriesId = '';
let firstClassId = '';
let firstClassDate = '';

test.beforeAll(async ({ browser }) => {
  const admin = await adminApi(browser);
  if (stripeIsLocal) {
    const connected = await admin.request.put('/api/v1/commerce/settings/stripe', { data: stripeKeys, headers: admin.headers });
    expect(connected.status(), await connected.text()).toBe(200);
  }
  const template = await postOk<{ id: string }>(admin, '/api/v1/class-templates', { name: semesterName, defaultDurationMin: 60, defaultCapacity: 10, color: '#7048e8', priceMinor: 12000 });
  const locations = (await (await admin.request.get('/api/v1/locations')).json()) as { items: { id: string; name: string }[] };
  const marais = locations.items.find((l) => l.name === 'Lumière Marais')!;
  // Three weekly classes: 3, 10 and 17 days from now, at 20:30.
  const first = parisDay(3);
  const created = await postOk<{ series: { id: string } }>(admin, '/api/v1/series', {
    templateId: template.id,
    kind: 'semester',
    pattern: 'weekly',
    weekdays: [first.weekday],
    startTimes: ['20:30'],
    startDate: parisDay(1).date,
    endDate: parisDay(18).date,
    locationId: marais.id,
    capacity: 10,
  });
  seriesId = created.series.id;
  const list = (await (await admin.request.get(`/api/v1/occurrences?from=${parisDay(0).date}T00:00:00Z&to=${parisDay(30).date}T00:00:00Z&templateId=${template.id}`)).json()) as {
    items: { id: string; startsAt: string }[];
  };
  expect(list.items).toHaveLength(3);
  firstClassId = list.items[0]!.id;
  firstClassDate = first.date;
  await admin.close();
});

test('a customer registers for the whole semester with a new card and sees every date in My bookings', async ({ page }) => {
  test.skip(!stripeIsLocal, 'STRIPE_API_URL / STRIPE_JS_URL must name the local Stripe peer');
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('First name').fill('Inès');
  await page.getByLabel('Last name').fill('Moreau');
  await page.getByLabel('E-mail').fill(customerEmail);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Inès Moreau' })).toBeVisible();

  // The series page offers the whole semester, at the price of the whole.
  await page.goto(`/s/${studioSlug}/series/${seriesId}`);
  const panel = page.getByTestId('registration-panel');
  await expect(panel.getByRole('heading', { name: 'Register for the whole semester (3 classes)' })).toBeVisible();
  await expect(panel.getByTestId('registration-price')).toHaveText('€120.00');
  await panel.getByRole('button', { name: 'Register for the semester' }).click();
  const form = panel.getByTestId('registration-form');
  await expect(form.getByTestId('registration-summary')).toContainText('3 classes from');
  await expect(form.getByRole('radio', { name: 'A new card' })).toBeChecked();
  await fillCard(page, '4242 4242 4242 4242');
  // The studio's customer waiver, when it has one, is accepted before paying.
  const waiver = form.getByRole('checkbox', { name: 'I have read and accept this waiver' });
  if (await waiver.count()) await waiver.check();
  await expectAccessible(page, 'the registration form');
  await screenshot(page, 'registration-form-en');
  await form.getByRole('button', { name: 'Register and pay €120.00' }).click();

  const done = page.getByTestId('registration-confirmation');
  await expect(done.getByRole('heading', { name: 'You are registered!' })).toBeVisible({ timeout: 30_000 });
  await expect(done).toContainText('Your places are booked on these 3 dates:');
  await expect(done.getByTestId('registration-dates').getByRole('listitem')).toHaveCount(3);
  await expectAccessible(page, 'the registration confirmation');
  await screenshot(page, 'registration-confirmed-en');

  // Coming back says so, on the series page and on a class of the series.
  await page.reload();
  await expect(page.getByTestId('registration-registered')).toContainText('You are registered');
  await expect(page.getByTestId('registration-registered')).toContainText('You have a place in all 3 classes to come.');
  await page.goto(`/s/${studioSlug}/classes/${firstClassId}`);
  await expect(page.getByRole('heading', { level: 1, name: semesterName })).toBeVisible();
  await expect(page.getByTestId('registration-registered')).toBeVisible();
  await screenshot(page, 'registration-class-page-en');

  // Every date is in My bookings.
  const region = await myBookings(page);
  const items = region.getByTestId('own-booking').filter({ hasText: semesterName });
  await expect(items).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(items.nth(i).getByTestId('own-booking-status')).toHaveText('Booked');
  await expectAccessible(page, 'my bookings with a registration');
  await screenshot(page, 'registration-account-en');

  // In French, and on a phone.
  await page.goto(`/s/${studioSlug}/series/${seriesId}`);
  await chooseLanguage(page, 'Français');
  await expect(page.getByTestId('registration-panel').getByRole('heading', { name: "S'inscrire au semestre complet (3 cours)" })).toBeVisible();
  await expect(page.getByTestId('registration-registered')).toContainText('Vous êtes inscrit·e');
  await expectAccessible(page, 'the series page in French');
  await screenshot(page, 'registration-series-fr');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('registration-registered')).toBeVisible();
  expect(await noHorizontalScroll(page)).toBe(true);
  await screenshot(page, 'registration-series-phone');
  await chooseLanguage(page, 'English');
});

test('a customer who is not registered sees the form in French and on a phone', async ({ page }) => {
  const email = `lucie.semester.${runId}@example.com`;
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'Français');
  await page.getByLabel('Prénom').fill('Lucie');
  await page.getByLabel('Nom', { exact: true }).fill('Bernard');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Créer un compte' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour, Lucie Bernard' })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/s/${studioSlug}/classes/${firstClassId}`);
  const panel = page.getByTestId('registration-panel');
  await panel.getByRole('button', { name: "S'inscrire au semestre" }).click();
  await expect(panel.getByTestId('registration-form')).toBeVisible();
  await expect(page.getByTestId('registration-single-note')).toBeVisible();
  expect(await noHorizontalScroll(page)).toBe(true);
  await expectAccessible(page, 'the registration form on a phone in French');
  await screenshot(page, 'registration-form-phone-fr');
  await chooseLanguage(page, 'English');
});

test('the front desk registers a walk-in for the semester from the class roster, paid in cash', async ({ browser, page }) => {
  const admin = await adminApi(browser);
  await postOk(admin, '/api/v1/customers', { firstName: 'Hugo', lastName: `Semester${runId}`, email: walkInEmail });
  await admin.close();
  await signInAsAdmin(page);
  await page.goto(`/schedule?occurrence=${firstClassId}&date=${firstClassDate}`);
  const drawer = page.getByRole('dialog', { name: semesterName });
  const roster = drawer.getByTestId('roster');
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 1', { timeout: 30_000 });
  await roster.getByRole('button', { name: 'Register for the series' }).click();
  const dialog = page.getByRole('dialog', { name: `Register for the series: ${semesterName}` });
  await dialog.getByRole('combobox', { name: 'Customer' }).fill(walkInEmail);
  await page.getByRole('option', { name: new RegExp(`Hugo Semester${runId}`) }).click();
  await dialog.getByRole('radio', { name: 'Cash' }).check();
  await expect(dialog).toContainText('Price of the whole: €120.00');
  await expectAccessible(page, 'the staff registration dialog');
  await screenshot(page, 'registration-staff-register-en');
  await dialog.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 2');
});

test('staff cancel the registration and the customer gets the classes to come back as prepaid credit', async ({ browser, page }) => {
  test.skip(!stripeIsLocal, 'the registration paid by card needs the local Stripe peer');
  const admin = await adminApi(browser);
  const found = (await (await admin.request.get(`/api/v1/customers?q=${encodeURIComponent(customerEmail)}`)).json()) as { items: { id: string }[] };
  const customerId = found.items[0]!.id;
  await admin.close();

  await signInAsAdmin(page);
  await page.goto(`/customers/${customerId}`);
  const bookings = page.getByRole('region', { name: 'Bookings' });
  const upcoming = bookings.getByTestId('customer-bookings-upcoming');
  // The profile loads several sections at once on a busy server: give the first look more time.
  await expect(upcoming).toContainText(semesterName, { timeout: 30_000 });
  await expect(upcoming.getByTestId('cancel-registration')).toHaveCount(3);
  await upcoming.getByTestId('cancel-registration').first().click();
  const confirm = page.getByRole('dialog', { name: 'Cancel this registration?' });
  await expect(confirm).toContainText('€120.00 paid for the whole');
  await expect(confirm).toContainText('prepaid credit');
  await expectAccessible(page, 'the cancel registration dialog');
  await screenshot(page, 'registration-staff-cancel-en');
  await confirm.getByRole('button', { name: 'Cancel registration' }).click();
  await expect(confirm).toBeHidden();
  await expect(upcoming.getByTestId('cancel-registration')).toHaveCount(0);
  await screenshot(page, 'registration-staff-cancelled-en');

  // The customer's account: the three classes cancelled, the whole price back as prepaid credit.
  await page.context().clearCookies();
  await signIn(page, customerEmail);
  const region = await myBookings(page);
  const items = region.getByTestId('own-booking').filter({ hasText: semesterName });
  await expect(items.first().getByTestId('own-booking-status')).toHaveText('Cancelled');
  await expect(page.getByTestId('own-credit')).toHaveText('€120.00');
  await expectAccessible(page, 'the account after the registration was cancelled');
  await screenshot(page, 'registration-refunded-en');
});
