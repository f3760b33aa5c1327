import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin } from './support.ts';

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
}

/** Staff API calls from the signed-in page (same cookies, CSRF header echoed as the web app does). */
async function apiCall<T>(page: Page, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await page.request.fetch(path, { method, data: body, headers: { 'x-csrf-token': await csrf(page), ...headers } });
  expect(res.ok(), `${method} ${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
  return (await res.json()) as T;
}

/** `YYYY-MM-DD` `days` days from today (UTC): far enough ahead that every cancellation is refunded. */
function dayIn(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

interface Settings {
  classRefundMode: string;
  classCreditCutoffMin: number;
  classLateCancelMin: number;
  [key: string]: unknown;
}

test('an admin sets the cancellation policy and writes a penalty rule that reads back in plain words', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page);

  // The policy as found, put back at the end: the journeys share one studio.
  const found = await apiCall<Settings>(page, 'GET', '/api/v1/booking-settings');

  // Settings › Cancellation policy & waitlist: credits returned for everything, 24 h cutoff, 60 min late-cancel window.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Cancellation policy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cancellation policy & waitlist' })).toBeVisible();
  const classes = page.getByRole('region', { name: 'Classes' });
  await classes.getByRole('radio', { name: 'Credits returned for everything' }).check();
  await classes.getByRole('textbox', { name: 'Cancellation credit cutoff' }).fill('24');
  await classes.getByRole('textbox', { name: 'Late-cancel window' }).fill('60');
  await expect(page.getByTestId('policy-class-summary')).toHaveText(
    'Refunded when cancelled 24 hours or more before the start. Cancelling within 60 minutes of the start is a late cancellation.',
  );
  await page.getByRole('radio', { name: 'Double confirmation' }).check();
  await expect(page.getByRole('textbox', { name: 'Minutes to respond' })).toBeVisible();
  await page.getByRole('radio', { name: found.waitlistMode === 'first_come' ? 'First come, first served' : found.waitlistMode === 'confirm' ? 'Double confirmation' : 'Automatic promotion' }).check();
  await expectAccessible(page, 'cancellation policy');
  await screenshot(page, 'booking-policy-en');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Changes saved.').first()).toBeVisible();
  const saved = await apiCall<Settings>(page, 'GET', '/api/v1/booking-settings');
  expect([saved.classRefundMode, saved.classCreditCutoffMin, saved.classLateCancelMin]).toEqual(['all', 1440, 60]);

  // Settings › Penalty rules: the rule reads back in plain words as it changes.
  await page.goto('/settings/penalty-rules');
  await expect(page.getByRole('heading', { level: 1, name: 'Penalty rules' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a rule' }).click();
  const editor = page.getByRole('dialog', { name: 'New penalty rule' });
  const sentence = editor.getByTestId('penalty-sentence');
  await expect(sentence).toHaveText('The penalty will be applied at every 2nd no-show within the last 30 days.');
  await editor.getByRole('textbox', { name: 'Number of times' }).fill('3');
  await expect(sentence).toHaveText('The penalty will be applied at every 3rd no-show within the last 30 days.');
  await editor.getByText('Minimum', { exact: true }).click();
  await expect(sentence).toHaveText('The penalty will be applied at every no-show from the 3rd on within the last 30 days.');
  await editor.getByText('Exactly', { exact: true }).click();
  await editor.getByText('Current renewal period', { exact: true }).click();
  await expect(sentence).toHaveText("The penalty will be applied only at the 3rd no-show within the membership's current renewal period.");
  await editor.getByText('Every', { exact: true }).click();
  await editor.getByText('days', { exact: true }).click();
  await editor.getByRole('textbox', { name: 'Number of times' }).fill('2');
  await editor.getByRole('textbox', { name: 'Fee' }).fill('10');
  await expect(editor).toContainText('The customer is charged €10.00.');
  await expectAccessible(page, 'penalty rule editor');
  await screenshot(page, 'booking-penalty-editor-en');

  await editor.getByRole('button', { name: 'Create rule' }).click();
  await expect(editor).toBeHidden();
  const table = page.getByTestId('penalty-rules');
  await expect(table).toContainText('The penalty will be applied at every 2nd no-show within the last 30 days.');
  await screenshot(page, 'booking-penalty-rules-en');

  // In French, the seed's own words, in the list and in the editor.
  await chooseLanguage(page, 'Français');
  await expect(table).toContainText('La pénalité sera appliquée à chaque 2e absence sur les 30 derniers jours.');
  await expect(table).toContainText('10,00');
  await screenshot(page, 'booking-penalty-rules-fr');
  await page.getByRole('button', { name: 'Modifier : La pénalité sera appliquée à chaque 2e absence sur les 30 derniers jours.' }).first().click();
  const editorFr = page.getByRole('dialog', { name: 'Modifier la règle de pénalité' });
  await expect(editorFr.getByTestId('penalty-sentence')).toHaveText('La pénalité sera appliquée à chaque 2e absence sur les 30 derniers jours.');
  await editorFr.getByText('Exactement', { exact: true }).click();
  await expect(editorFr.getByTestId('penalty-sentence')).toHaveText('La pénalité sera appliquée uniquement à la 2e absence sur les 30 derniers jours.');
  await expectAccessible(page, 'penalty rule editor in French');
  await screenshot(page, 'booking-penalty-editor-fr');
  await editorFr.getByRole('button', { name: 'Annuler' }).click();
  await expect(editorFr).toBeHidden();
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'booking-penalty-rules-phone-fr');
  await page.goto('/settings/cancellation-policy');
  await expect(page.getByRole('heading', { level: 1, name: "Politique d'annulation et liste d'attente" })).toBeVisible();
  await screenshot(page, 'booking-policy-phone-fr');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/settings/penalty-rules');
  await chooseLanguage(page, 'English');

  // The rule goes again, and the policy is put back as it was found.
  await page.getByRole('button', { name: 'Delete: The penalty will be applied at every 2nd no-show within the last 30 days.' }).first().click();
  await page.getByRole('dialog', { name: 'Delete this rule?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Rule deleted.')).toBeVisible();
  const { classRefundMode, classCreditCutoffMin, classLateCancelMin, waitlistMode } = found;
  await apiCall(page, 'PATCH', '/api/v1/booking-settings', { classRefundMode, classCreditCutoffMin, classLateCancelMin, waitlistMode });
});

test('front desk books with a pack, a walk-in pays cash and is checked in, another booking is cancelled with the refund preview', async ({ page }) => {
  test.setTimeout(240_000);
  await signInAsAdmin(page);

  // A class of its own on a day of its own (capacity 3, €18 from its template), and three customers with their own e-mails.
  const name = `Roster ${runId}`;
  const date = dayIn(10 + (Number.parseInt(runId.slice(-3), 36) % 60));
  const locations = await apiCall<{ items: { id: string; timeZone: string }[] }>(page, 'GET', '/api/v1/locations');
  const paris = locations.items.find((l) => l.timeZone === 'Europe/Paris')!;
  const template = await apiCall<{ id: string }>(page, 'POST', '/api/v1/class-templates', { name, defaultDurationMin: 60, defaultCapacity: 3, color: '#1c7ed6', priceMinor: 1800 });
  await apiCall(page, 'POST', '/api/v1/series', { templateId: template.id, pattern: 'dates', dates: [{ date, startTime: '18:00' }], locationId: paris.id, capacity: 3 });
  const occurrences = await apiCall<{ items: { id: string }[] }>(page, 'GET', `/api/v1/occurrences?from=${date}T00:00:00Z&to=${date}T23:59:59Z&templateId=${template.id}`);
  const occurrenceId = occurrences.items[0]!.id;
  const customer = (first: string) =>
    apiCall<{ id: string }>(page, 'POST', '/api/v1/customers', { firstName: first, lastName: `Roster${runId}`, email: `${first.toLowerCase()}.roster.${runId}@example.com` });
  const lea = await customer('Lea');
  const hugo = await customer('Hugo');
  const zoe = await customer('Zoe');
  // Léa holds a ten-class pack (sold at the desk); Zoé is already booked, paid in cash.
  const plans = await apiCall<{ items: { id: string; name: string }[] }>(page, 'GET', '/api/v1/memberships/plans');
  const pack = plans.items.find((p) => p.name === 'Carte 10 cours')!;
  await apiCall(page, 'POST', '/api/v1/memberships', { customerId: lea.id, planId: pack.id, method: 'cash' }, { 'Idempotency-Key': `roster-pack-${runId}` });
  // Léa and Hugo also hold a pack for Montréal only, which cannot pay for this class in Paris.
  const montreal = locations.items.find((l) => l.timeZone === 'America/Toronto')!;
  const elsewhere = `Montréal 5 ${runId}`;
  const montrealPack = await apiCall<{ id: string }>(page, 'POST', '/api/v1/memberships/plans', {
    name: elsewhere,
    kind: 'class_pack',
    priceMinor: 5000,
    creditsMode: 'total',
    creditsCount: 5,
    usableLocationIds: [montreal.id],
    visibility: 'hidden',
  });
  for (const c of [lea, hugo]) {
    await apiCall(page, 'POST', '/api/v1/memberships', { customerId: c.id, planId: montrealPack.id, method: 'cash' }, { 'Idempotency-Key': `roster-montreal-${c.id}` });
  }
  await apiCall(page, 'POST', '/api/v1/bookings', { occurrenceId, customerId: zoe.id, payment: { method: 'cash' } }, { 'Idempotency-Key': `roster-zoe-${runId}` });

  // A known policy for the preview (credits returned for everything, 24 h cutoff); the one found is put back at the end.
  const found = await apiCall<Settings>(page, 'GET', '/api/v1/booking-settings');
  await apiCall(page, 'PATCH', '/api/v1/booking-settings', { classRefundMode: 'all', classCreditCutoffMin: 1440, classLateCancelMin: 60 });

  // The class's drawer: Zoé booked, nobody checked in.
  await page.goto(`/schedule?occurrence=${occurrenceId}&date=${date}`);
  const drawer = page.getByRole('dialog', { name: name });
  const roster = drawer.getByTestId('roster');
  // The calendar and the class load together on a busy server: give the first look more time.
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 1', { timeout: 30_000 });
  await expect(roster.getByTestId('roster-group-booked')).toContainText(`Zoe Roster${runId}`);
  await expect(roster.getByTestId('roster-group-booked')).toContainText('Cash · €18.00');

  // Book Léa with her pack, without checking her in.
  await roster.getByRole('button', { name: 'Book a customer' }).click();
  const book = page.getByRole('dialog', { name: `Book a customer into ${name}` });
  await book.getByRole('combobox', { name: 'Customer' }).fill(`lea.roster.${runId}`);
  await page.getByRole('option', { name: new RegExp(`Lea Roster${runId}`) }).click();
  await expect(book.getByTestId('book-customer')).toHaveText(`Lea Roster${runId}`);
  // Only the pack that can pay for this class is offered; the Montréal one is named with the reason.
  const membershipSelect = book.getByRole('combobox', { name: 'Membership' });
  await expect(membershipSelect).toHaveValue('Carte 10 cours · 10 credits left');
  await expect(book.getByText(`Not usable for this class: ${elsewhere} (not valid for this class type, location or date).`)).toBeVisible();
  await membershipSelect.click();
  await expect(page.getByRole('option')).toHaveText(['Carte 10 cours · 10 credits left']);
  await page.keyboard.press('Escape');
  await expectAccessible(page, 'book a customer');
  await screenshot(page, 'booking-staff-book-en');
  await page.setViewportSize({ width: 390, height: 844 });
  // At phone width nothing in the dialog is cut: the Change button keeps its word, the name wraps.
  const change = book.getByRole('button', { name: 'Change' });
  expect(await change.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= el.ownerDocument.documentElement.clientWidth)).toBe(true);
  expect(await book.getByTestId('book-customer').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await screenshot(page, 'booking-staff-book-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await book.getByRole('button', { name: 'Book', exact: true }).click();
  await expect(book).toBeHidden();
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 2');
  await expect(roster.getByTestId('roster-group-booked')).toContainText('Carte 10 cours');

  // Hugo walks in and pays cash: booked and checked in at once.
  await roster.getByRole('button', { name: 'Book a customer' }).click();
  await book.getByRole('combobox', { name: 'Customer' }).fill(`hugo.roster.${runId}`);
  await page.getByRole('option', { name: new RegExp(`Hugo Roster${runId}`) }).click();
  // Hugo's only pack is for Montréal: no membership can pay, and the dialog says why.
  await expect(book.getByTestId('book-no-membership')).toHaveText(
    `None of this customer's memberships or packs can pay for this class: ${elsewhere} (not valid for this class type, location or date). Sell one from their profile, or choose another payment.`,
  );
  await expect(book.getByRole('radio', { name: 'Membership or pack' })).toBeDisabled();
  await expectAccessible(page, 'book a customer without a usable membership');
  await screenshot(page, 'booking-staff-book-none-en');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'booking-staff-book-none-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await book.getByRole('radio', { name: 'Cash' }).check();
  await book.getByRole('switch', { name: 'Check in now' }).check();
  await book.getByRole('button', { name: 'Book', exact: true }).click();
  await expect(book).toBeHidden();
  await expect(roster.getByTestId('roster-count-checked_in')).toHaveText('Checked in: 1');
  await expect(roster.getByTestId('roster-group-checked_in')).toContainText(`Hugo Roster${runId}`);

  // Léa arrives: the toggle checks her in.
  // The switch follows the server: it turns on once the check-in is saved.
  await roster.getByRole('switch', { name: `Checked in: Lea Roster${runId}` }).click({ force: true });
  await expect(roster.getByTestId('roster-count-checked_in')).toHaveText('Checked in: 2');
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 1');
  await expectAccessible(page, 'roster');
  await screenshot(page, 'booking-roster-en');

  // Zoé cancels ten days ahead: her €18 cash comes back as prepaid credit.
  await roster.getByRole('button', { name: `Actions for Zoe Roster${runId}` }).click();
  await page.getByRole('menuitem', { name: 'Cancel booking…' }).click();
  const cancel = page.getByRole('dialog', { name: `Cancel Zoe Roster${runId}'s booking` });
  await expect(cancel.getByTestId('cancel-preview')).toContainText("€18.00 is added to the customer's prepaid credit.");
  await expectAccessible(page, 'cancel preview');
  await screenshot(page, 'booking-staff-cancel-en');
  await cancel.getByRole('button', { name: 'Cancel booking' }).click();
  await expect(cancel).toBeHidden();
  await expect(roster.getByTestId('roster-count-booked')).toHaveText('Booked: 0');
  await expect(roster.getByTestId('roster-count-cancelled')).toHaveText('Cancelled: 1');
  await expect(drawer.getByTestId('occurrence-booked')).toHaveText('2/3 booked');

  // The same roster at phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(roster.getByTestId('roster-group-checked_in')).toContainText(`Lea Roster${runId}`);
  await screenshot(page, 'booking-roster-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Léa's profile lists the class among her upcoming bookings, checked in.
  await page.goto(`/customers/${lea.id}`);
  const bookings = page.getByRole('region', { name: 'Bookings' });
  await expect(bookings.getByTestId('customer-bookings-upcoming')).toContainText(name);
  await expect(bookings.getByTestId('customer-bookings-upcoming')).toContainText('Checked in');
  // Her self check-in key for the kiosk, and a new one.
  const key = page.getByTestId('check-in-key');
  await expect(key).toHaveText(/^[A-Z0-9]{6}$/);
  const first = await key.textContent();
  await page.getByRole('button', { name: 'New key' }).click();
  await page.getByRole('dialog', { name: 'Issue a new key?' }).getByRole('button', { name: 'New key' }).click();
  await expect(key).not.toHaveText(first ?? '');
  await expect(key).toHaveText(/^[A-Z0-9]{6}$/);
  await expectAccessible(page, 'customer profile with bookings');
  await screenshot(page, 'booking-customer-profile-en');

  const { classRefundMode, classCreditCutoffMin, classLateCancelMin } = found;
  await apiCall(page, 'PATCH', '/api/v1/booking-settings', { classRefundMode, classCreditCutoffMin, classLateCancelMin });
});

test("a regular's profile lists 25 bookings, then the rest with Show more", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page);

  // Twenty-seven classes of one series, one a day from 130 days ahead, each with Nora booked.
  const name = `Regular ${runId}`;
  const locations = await apiCall<{ items: { id: string; timeZone: string }[] }>(page, 'GET', '/api/v1/locations');
  const paris = locations.items.find((l) => l.timeZone === 'Europe/Paris')!;
  const template = await apiCall<{ id: string }>(page, 'POST', '/api/v1/class-templates', { name, defaultDurationMin: 60, defaultCapacity: 5, color: '#1c7ed6', priceMinor: 0 });
  const dates = Array.from({ length: 27 }, (_, i) => ({ date: dayIn(130 + i), startTime: '07:00' }));
  await apiCall(page, 'POST', '/api/v1/series', { templateId: template.id, pattern: 'dates', dates, locationId: paris.id });
  const occurrences = await apiCall<{ items: { id: string }[] }>(page, 'GET', `/api/v1/occurrences?from=${dates[0]!.date}T00:00:00Z&to=${dates.at(-1)!.date}T23:59:59Z&templateId=${template.id}`);
  expect(occurrences.items).toHaveLength(27);
  const nora = await apiCall<{ id: string }>(page, 'POST', '/api/v1/customers', { firstName: 'Nora', lastName: `Regular${runId}`, email: `nora.regular.${runId}@example.com` });
  for (const o of occurrences.items) {
    await apiCall(page, 'POST', '/api/v1/bookings', { occurrenceId: o.id, customerId: nora.id, payment: { method: 'complimentary' } }, { 'Idempotency-Key': `regular-${o.id}` });
  }

  await page.goto(`/customers/${nora.id}`);
  const upcoming = page.getByRole('region', { name: 'Bookings' }).getByTestId('customer-bookings-upcoming');
  await expect(upcoming.getByRole('listitem')).toHaveCount(25, { timeout: 30_000 });
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('button', { name: 'Afficher plus' })).toBeVisible();
  await page.getByRole('button', { name: 'Afficher plus' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'booking-customer-profile-more-fr');
  await chooseLanguage(page, 'English');
  const more = page.getByRole('button', { name: 'Show more' });
  await expectAccessible(page, 'a profile with more bookings to show');
  await more.click();
  await expect(upcoming.getByRole('listitem')).toHaveCount(27);
  await expect(more).toBeHidden();
  // Each class once: the second page continues where the first stopped.
  expect(new Set(await upcoming.getByRole('listitem').allTextContents()).size).toBe(27);
});
