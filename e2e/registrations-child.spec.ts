import { expect, test, type Browser, type Page } from '@playwright/test';
import { adminEmail, adminPassword, chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, studioSlug } from './support.ts';

/**
 * A parent registers their child for a whole semester that takes children: the series page asks
 * who attends (the parent or the child), the child waiver is accepted for the child when the studio
 * has one, the confirmation names the child, and the front desk sees the child on the class roster,
 * then registers the parent's second child from the roster (the parent as the customer, "Who is coming"),
 * the child already registered being shown but not offered again. Last, the desk books one child into a
 * single drop-in class that takes children, from that class's roster.
 * The semester is created for the journey (free, its own class type, two evenings).
 */

test.describe.configure({ mode: 'serial', timeout: 150_000 });

const password = 'Semestre-enfant-42';
const semesterName = `Kids semester ${runId}`;
const parentEmail = `nadia.kids.${runId}@example.com`;
const childFirst = 'Zoé';
const secondChildFirst = 'Malo';
const lastName = `Parent${runId}`;

/** The calendar date in Paris `days` from now, and its ISO weekday (1 = Monday). */
function parisDay(days: number): { date: string; weekday: number } {
  const at = new Date(Date.now() + days * 86_400_000);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', weekday: 'short' }).format(at);
  return { date, weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1 };
}

/** The CSRF header the web app sends (the double-submit cookie of the page's context). */
async function csrfOf(page: Page): Promise<Record<string, string>> {
  return { 'x-csrf-token': (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '' };
}

let seriesId = '';
let firstClassId = '';
let firstClassDate = '';
let dropInClassId = '';
let dropInDate = '';
const dropInName = `Kids drop-in ${runId}`;

async function createSemester(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const request = context.request;
  await request.get('/api/health');
  expect((await request.post('/api/v1/auth/login', { data: { email: adminEmail, password: adminPassword }, headers: await csrfOf(page) })).status()).toBe(200);
  const headers = await csrfOf(page);
  const post = async <T,>(path: string, data: unknown): Promise<T> => {
    const res = await request.post(path, { data, headers });
    expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  };
  const template = await post<{ id: string }>('/api/v1/class-templates', { name: semesterName, defaultDurationMin: 45, defaultCapacity: 8, color: '#f76707', priceMinor: 0 });
  const locations = (await (await request.get('/api/v1/locations')).json()) as { items: { id: string; name: string }[] };
  const marais = locations.items.find((l) => l.name === 'Lumière Marais')!;
  // Two weekly classes, 4 and 11 days from now, at 17:15; children welcome.
  const first = parisDay(4);
  const created = await post<{ series: { id: string } }>('/api/v1/series', {
    templateId: template.id,
    kind: 'semester',
    pattern: 'weekly',
    weekdays: [first.weekday],
    startTimes: ['17:15'],
    startDate: parisDay(2).date,
    endDate: parisDay(12).date,
    locationId: marais.id,
    capacity: 8,
    allowChildren: true,
  });
  seriesId = created.series.id;
  const list = (await (await request.get(`/api/v1/occurrences?from=${parisDay(0).date}T00:00:00Z&to=${parisDay(20).date}T00:00:00Z&templateId=${template.id}`)).json()) as { items: { id: string }[] };
  expect(list.items).toHaveLength(2);
  firstClassId = list.items[0]!.id;
  firstClassDate = first.date;

  // A single drop-in class (not a series sold whole) that takes children, 5 days from now.
  const dropInTemplate = await post<{ id: string }>('/api/v1/class-templates', { name: dropInName, defaultDurationMin: 45, defaultCapacity: 8, color: '#1c7ed6', priceMinor: 0 });
  const day = parisDay(5);
  await post('/api/v1/series', {
    templateId: dropInTemplate.id,
    kind: 'class',
    pattern: 'weekly',
    weekdays: [day.weekday],
    startTimes: ['16:00'],
    startDate: day.date,
    endDate: day.date,
    locationId: marais.id,
    capacity: 8,
    allowChildren: true,
  });
  const dropIns = (await (await request.get(`/api/v1/occurrences?from=${parisDay(0).date}T00:00:00Z&to=${parisDay(20).date}T00:00:00Z&templateId=${dropInTemplate.id}`)).json()) as { items: { id: string }[] };
  expect(dropIns.items).toHaveLength(1);
  dropInClassId = dropIns.items[0]!.id;
  dropInDate = day.date;
  await context.close();
}

test.beforeAll(async ({ browser }) => {
  await createSemester(browser);
});

test('a parent registers their child for a semester that takes children; the child is on the roster', async ({ page }) => {
  // The parent signs up and adds their child on their account.
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('First name').fill('Nadia');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('E-mail').fill(parentEmail);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Hello, Nadia ${lastName}` })).toBeVisible();
  const child = await page.context().request.post(`/api/public/v1/studios/${studioSlug}/me/children`, { data: { firstName: childFirst, lastName }, headers: await csrfOf(page) });
  expect(child.status(), await child.text()).toBe(201);

  // On a phone: the series page asks who attends.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/s/${studioSlug}/series/${seriesId}`);
  const panel = page.getByTestId('registration-panel');
  await expect(panel.getByRole('heading', { name: 'Register for the whole semester (2 classes)' })).toBeVisible();
  await panel.getByRole('button', { name: 'Register for the semester' }).click();
  const form = panel.getByTestId('registration-form');
  const who = form.getByRole('radiogroup', { name: 'Who is coming?' });
  await expect(who.getByRole('radio', { name: `Me (Nadia ${lastName})` })).toBeChecked();
  await who.getByRole('radio', { name: `${childFirst} ${lastName} (my child)` }).check();
  // The studio's child waiver, when it has one, is accepted by the parent for the child.
  const waiver = form.getByRole('checkbox', { name: `I have read and accept this waiver for ${childFirst} ${lastName}` });
  if (await waiver.count()) await waiver.check();
  await expect(form.getByRole('radio', { name: 'Free class' })).toBeChecked();
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await expectAccessible(page, 'the registration form with the child chosen (phone)');
  await form.getByRole('radiogroup', { name: 'Who is coming?' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'registration-child-form-phone');
  await form.getByRole('button', { name: 'Register', exact: true }).click();

  const done = page.getByTestId('registration-confirmation');
  await expect(done.getByRole('heading', { name: `${childFirst} ${lastName} is registered!` })).toBeVisible({ timeout: 30_000 });
  await expect(done).toContainText(`Places booked for ${childFirst} ${lastName} on these 2 dates:`);
  await expect(done.getByTestId('registration-dates').getByRole('listitem')).toHaveCount(2);
  await screenshot(page, 'registration-child-confirmed-phone');

  // Coming back: the child is registered, the parent may still register themselves (in French too).
  await page.reload();
  await expect(page.getByTestId('registration-child-registered')).toHaveText(`${childFirst} ${lastName} is registered.`);
  await expect(page.getByTestId('registration-registered')).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Register for the semester' })).toBeVisible();
  await chooseLanguage(page, 'Français');
  await expect(page.getByTestId('registration-child-registered')).toHaveText(`${childFirst} ${lastName} est inscrit·e.`);
  await panel.getByRole('button', { name: "S'inscrire au semestre" }).click();
  // The child already registered is no longer offered: the parent registers themselves.
  await expect(panel.getByTestId('registration-form')).toBeVisible();
  await expect(panel.getByRole('radiogroup', { name: 'Qui vient ?' })).toHaveCount(0);
  await expectAccessible(page, 'the series page with a child registered (fr, phone)');
  await screenshot(page, 'registration-child-registered-phone-fr');
  await chooseLanguage(page, 'English');
});

test('the front desk sees the child on the class roster and registers the second child', async ({ page }) => {
  await signInAsAdmin(page);
  // The parent's second child, added at the desk.
  const headers = await csrfOf(page);
  const found = (await (await page.context().request.get(`/api/v1/customers?q=${encodeURIComponent(parentEmail)}`)).json()) as { items: { id: string }[] };
  const added = await page.context().request.post(`/api/v1/customers/${found.items[0]!.id}/children`, { data: { firstName: secondChildFirst, lastName }, headers });
  expect(added.status(), await added.text()).toBe(201);
  await page.goto(`/schedule?occurrence=${firstClassId}&date=${firstClassDate}`);
  const drawer = page.getByRole('dialog', { name: semesterName });
  const roster = drawer.getByTestId('roster');
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 1', { timeout: 30_000 });
  await expect(roster).toContainText(`${childFirst} ${lastName}`);
  await screenshot(page, 'registration-child-roster-en');

  // The desk registers the second child: the parent is the customer (the payer), the child attends.
  await roster.getByRole('button', { name: 'Register for the series' }).click();
  const dialog = page.getByRole('dialog', { name: `Register for the series: ${semesterName}` });
  await dialog.getByRole('combobox', { name: 'Customer' }).fill(parentEmail);
  await page.getByRole('option', { name: new RegExp(`Nadia ${lastName}`) }).click();
  const who = dialog.getByRole('radiogroup', { name: 'Who is coming?' });
  await expect(who.getByRole('radio', { name: `Nadia ${lastName} (the customer)` })).toBeChecked();
  // The child registered online is already in the class: shown, not offered again.
  await expect(who.getByRole('radio', { name: `${childFirst} ${lastName} (their child) · already in this class` })).toBeDisabled();
  await who.getByRole('radio', { name: `${secondChildFirst} ${lastName} (their child)` }).check();
  await expectAccessible(page, 'the staff registration dialog with a child chosen');
  await screenshot(page, 'registration-child-staff-en');
  await dialog.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 2');
  await expect(roster).toContainText(`${secondChildFirst} ${lastName}`);
});

test('the front desk books one child into a single class that takes children', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto(`/schedule?occurrence=${dropInClassId}&date=${dropInDate}`);
  const drawer = page.getByRole('dialog', { name: dropInName });
  const roster = drawer.getByTestId('roster');
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 0', { timeout: 30_000 });
  await roster.getByRole('button', { name: 'Book a customer' }).click();
  const book = page.getByRole('dialog', { name: `Book a customer into ${dropInName}` });
  await book.getByRole('combobox', { name: 'Customer' }).fill(parentEmail);
  await page.getByRole('option', { name: new RegExp(`Nadia ${lastName}`) }).click();
  const who = book.getByRole('radiogroup', { name: 'Who is coming?' });
  await expect(who.getByRole('radio', { name: `Nadia ${lastName} (the customer)` })).toBeChecked();
  await who.getByRole('radio', { name: `${childFirst} ${lastName} (their child)` }).check();
  await book.getByRole('radio', { name: 'Complimentary' }).check();
  await expectAccessible(page, 'the staff book dialog with a child chosen');
  await screenshot(page, 'booking-child-staff-en');
  await book.getByRole('button', { name: 'Book', exact: true }).click();
  await expect(book).toBeHidden();
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 1');
  await expect(roster).toContainText(`${childFirst} ${lastName}`);

  // Booking the same child again: shown as already in the class, and the parent can still be booked.
  await roster.getByRole('button', { name: 'Book a customer' }).click();
  await book.getByRole('combobox', { name: 'Customer' }).fill(parentEmail);
  await page.getByRole('option', { name: new RegExp(`Nadia ${lastName}`) }).click();
  await expect(book.getByRole('radiogroup', { name: 'Who is coming?' }).getByRole('radio', { name: `${childFirst} ${lastName} (their child) · already in this class` })).toBeDisabled();
});
