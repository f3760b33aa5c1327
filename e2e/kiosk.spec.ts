import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin } from './support.ts';

/**
 * The self check-in kiosk of a location: staff sign in on the tablet once, then customers find
 * their name in today's class and tap it, or type their self check-in key, and are checked in.
 */

test.describe.configure({ mode: 'serial' });

const className = `Kiosk class ${runId}`;
const key = () => `e2e-${runId}-${Math.floor(performance.now() * 1000)}`;

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
}

async function postOk<T>(page: Page, path: string, data: unknown, extra: Record<string, string> = {}): Promise<T> {
  const request: APIRequestContext = page.request;
  const response = await request.post(path, { data, headers: { 'x-csrf-token': await csrf(page), ...extra } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** The wall clock now in `timeZone`: its date and the minutes since local midnight. */
function wallClock(timeZone: string): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * Where and when today's class takes place, at any hour of the run: the kiosk lists the classes
 * starting today in its location's zone, and checks a key into one that is not over. The class
 * starts within the next hour and ends an hour later, so it must be at least two hours before
 * local midnight: at Lumière Marais (Paris) from 02:00 to 22:00, else at Lumière Montréal, where
 * it is then between about 16:00 and 21:00 (Paris is five or six hours ahead of Montréal).
 */
function todaysClass(): { location: string; date: string; time: string } {
  const paris = wallClock('Europe/Paris');
  const daytime = paris.minutes >= 2 * 60 && paris.minutes < 22 * 60;
  const location = daytime ? 'Lumière Marais' : 'Lumière Montréal';
  const local = daytime ? paris : wallClock('America/Toronto');
  // 30 to 35 minutes ahead, on a multiple of five.
  const start = local.minutes + 35 - (local.minutes % 5);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { location, date: local.date, time: `${pad(Math.floor(start / 60))}:${pad(start % 60)}` };
}

const when = todaysClass();
let locationId = '';
let checkInKey = '';

test('a customer finds their name in today\'s class on the kiosk, another types their key', async ({ page }) => {
  await signInAsAdmin(page);
  // Today's class at the location where it is daytime, with two customers booked by the desk.
  const locations = (await (await page.request.get('/api/v1/locations')).json()) as { items: { id: string; name: string }[] };
  locationId = locations.items.find((l) => l.name === when.location)!.id;
  const template = await postOk<{ id: string }>(page, '/api/v1/class-templates', { name: className, defaultDurationMin: 60, defaultCapacity: 10, color: '#1971c2', priceMinor: 0 });
  await postOk(page, '/api/v1/series', { templateId: template.id, pattern: 'dates', kind: 'class', locationId, dates: [{ date: when.date, startTime: when.time }] });
  // In UTC the local day may run into the next one (an evening in Montréal).
  const dayAfter = new Date(Date.parse(`${when.date}T00:00:00Z`) + 2 * 86_400_000).toISOString();
  const list = (await (await page.request.get(`/api/v1/occurrences?from=${when.date}T00:00:00Z&to=${dayAfter}&templateId=${template.id}`)).json()) as { items: { id: string }[] };
  const occurrenceId = list.items[0]!.id;
  const ines = await postOk<{ id: string }>(page, '/api/v1/customers', { firstName: 'Inès', lastName: `Kiosque${runId}`, email: `ines.kiosk.${runId}@example.com` });
  const paul = await postOk<{ id: string }>(page, '/api/v1/customers', { firstName: 'Paul', lastName: `Borne${runId}`, email: `paul.kiosk.${runId}@example.com` });
  for (const customer of [ines, paul]) {
    await postOk(page, '/api/v1/bookings', { occurrenceId, customerId: customer.id, payment: { method: 'complimentary' } }, { 'idempotency-key': key() });
  }
  checkInKey = (await postOk<{ key: string }>(page, `/api/v1/customers/${paul.id}/check-in-key`, {})).key;

  // The tablet at the door, on the staff session.
  await page.goto(`/kiosk/${locationId}`);
  await expect(page.getByTestId('kiosk-title')).toHaveText(when.location);
  const card = page.getByTestId('kiosk-class').filter({ hasText: className });
  await expect(card).toContainText(when.time);
  await expect(card).toContainText('0 of 2 checked in');
  await expectAccessible(page, 'the kiosk list');
  await screenshot(page, 'kiosk-today-en');

  // Inès finds her name ("Inès K.") and taps it.
  await card.click();
  const ownName = `Inès K.`;
  await page.getByTestId('kiosk-attendee').filter({ hasText: ownName }).click();
  await expect(page.getByRole('heading', { name: `Are you ${ownName}?` })).toBeVisible();
  await screenshot(page, 'kiosk-confirm-en');
  await page.getByRole('button', { name: 'Check me in' }).click();
  const done = page.getByTestId('kiosk-done');
  await expect(done.getByRole('heading', { name: `Welcome, ${ownName}!` })).toBeVisible();
  await expect(done).toContainText(`You're checked in to ${className} at ${when.time}.`);
  await expectAccessible(page, 'the kiosk confirmation');
  await screenshot(page, 'kiosk-done-en');
  await done.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('kiosk-class').filter({ hasText: className })).toContainText('1 of 2 checked in');

  // A wrong key says so; Paul's key checks him in.
  await page.getByTestId('kiosk-use-key').click();
  await page.getByLabel('Your check-in key').fill('ZZZZZZ');
  await page.getByRole('button', { name: 'Check me in' }).click();
  await expect(page.getByTestId('kiosk-key').getByRole('alert')).toBeVisible();
  await screenshot(page, 'kiosk-key-wrong-en');
  await page.getByLabel('Your check-in key').fill(checkInKey);
  await page.getByRole('button', { name: 'Check me in' }).click();
  await expect(page.getByTestId('kiosk-done').getByRole('heading', { name: 'Welcome, Paul B.!' })).toBeVisible();
  await page.getByTestId('kiosk-done').getByRole('button', { name: 'Done' }).click();
  await page.getByTestId('kiosk-class').filter({ hasText: className }).click();
  await expect(page.getByRole('button', { name: 'Paul B., already checked in' })).toBeDisabled();
});

test('the kiosk in French and on a phone', async ({ page }) => {
  // Serial mode: this journey runs only after the first one passed, which sets the location.
  expect(locationId, 'the location of the first journey').not.toBe('');
  await signInAsAdmin(page);
  await page.goto(`/kiosk/${locationId}`);
  await expect(page.getByTestId('kiosk-class').filter({ hasText: className })).toBeVisible();
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('heading', { name: "Les cours d'aujourd'hui" })).toBeVisible();
  await expect(page.getByTestId('kiosk-class').filter({ hasText: className })).toContainText('2 présent·es sur 2');
  await expectAccessible(page, 'the kiosk in French');
  await screenshot(page, 'kiosk-today-fr');
  await page.getByTestId('kiosk-use-key').click();
  await expect(page.getByLabel('Votre clé d\'enregistrement')).toBeVisible();
  await screenshot(page, 'kiosk-key-fr');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('button', { name: 'Retour' }).click();
  await page.getByTestId('kiosk-class').filter({ hasText: className }).click();
  await expect(page.getByTestId('kiosk-attendees')).toBeVisible();
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await expectAccessible(page, 'the kiosk at phone width');
  await screenshot(page, 'kiosk-class-phone');
  await chooseLanguage(page, 'English');
});
