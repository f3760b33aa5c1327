import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { adminEmail, adminPassword, chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, stripeKeys, studioSlug } from './support.ts';

/**
 * A customer buys a class pack on the studio's pages and pays with a card through Stripe.js — here
 * the Stripe stub's stand-in, which the server names as STRIPE_JS_URL. The stub is the run's
 * local Stripe peer (stripe-peer.ts, the global setup, on STRIPE_API_URL); the studio's admin saves
 * its keys first, as they would in Settings › Payments.
 */

/** The local Stripe peer the server was started with (STRIPE_API_URL); a journey never calls a remote Stripe. */
const stripeApi = process.env.STRIPE_API_URL ? new URL(process.env.STRIPE_API_URL) : null;
const stripeIsLocal = stripeApi?.hostname === '127.0.0.1' || stripeApi?.hostname === 'localhost';

// In order: the first journey connects Stripe and puts the pack on sale that the last one buys again.
test.describe.configure({ mode: 'serial' });

const password = 'Forfait-et-the-42';
const planName = `10-class pack ${runId}`;

/** The admin's API calls from this browser context (session cookie + CSRF header, as the web app sends). */
async function adminApi(page: Page): Promise<{ request: APIRequestContext; headers: Record<string, string> }> {
  const request = page.context().request;
  await request.get('/api/health');
  const csrf = async () => (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
  const login = await request.post('/api/v1/auth/login', { data: { email: adminEmail, password: adminPassword }, headers: { 'x-csrf-token': await csrf() } });
  expect(login.status()).toBe(200);
  return { request, headers: { 'x-csrf-token': await csrf() } };
}

async function fillCard(page: Page, number: string) {
  const card = page.getByTestId('card-element');
  await card.getByLabel(/Card number|Numéro de carte/).fill(number);
  await card.getByLabel(/Expiry|Date d'expiration/).fill('12 / 34');
  await card.getByLabel('CVC').fill('123');
}

test('a customer saves a card, buys a class pack, sees its credits, and a declined card buys nothing', async ({ browser, page }) => {
  test.skip(!stripeIsLocal, 'STRIPE_API_URL / STRIPE_JS_URL must name the local Stripe peer');
  // The studio connects Stripe and puts a pack on sale (staff screens have their own journeys).
  const staffContext = await browser.newContext();
  const { request, headers } = await adminApi(await staffContext.newPage());
  const connected = await request.put('/api/v1/commerce/settings/stripe', { data: stripeKeys, headers });
  expect(connected.status(), await connected.text()).toBe(200);
  const fees = await request.put('/api/v1/commerce/settings/card-fees', { data: { cardFeeMode: 'surcharge', surchargeBp: 150, surchargeFixedMinor: 25 }, headers });
  expect(fees.status(), await fees.text()).toBe(200);
  const plan = await request.post('/api/v1/memberships/plans', {
    headers,
    data: {
      name: planName,
      description: 'Ten classes of your choice, for three months.',
      kind: 'class_pack',
      priceMinor: 12000,
      creditsMode: 'total',
      creditsCount: 10,
      expiryCount: 3,
      expiryUnit: 'month',
      featured: true,
      visibility: 'public',
    },
  });
  expect(plan.status(), await plan.text()).toBe(201);
  await staffContext.close();

  // A new customer signs up on the studio's page.
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('First name').fill('Nora');
  await page.getByLabel('Last name').fill('Petit');
  await page.getByLabel('E-mail').fill(`nora.${runId}@example.com`);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Nora Petit' })).toBeVisible();

  // Saves a card on the account page with Stripe.js.
  const cards = page.getByRole('region', { name: 'Saved cards' });
  await expect(cards.getByText('No card saved yet.')).toBeVisible();
  await cards.getByRole('button', { name: 'Add a card' }).click();
  await fillCard(page, '4242 4242 4242 4242');
  await expect(cards.getByText(/Your card number goes straight to Stripe/)).toBeVisible();
  await screenshot(page, 'purchase-add-card-en');
  await cards.getByRole('button', { name: 'Save card' }).click();
  await expect(cards.getByText('Visa ending in 4242')).toBeVisible();
  await expect(cards.getByText('Default')).toBeVisible();

  // Finds the pack under Memberships & packs, featured first.
  await page.getByTestId('public-plans-link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Memberships & packs' })).toBeVisible();
  const card = page.getByRole('article', { name: planName });
  await expect(page.getByTestId('plan-card').first()).toContainText('Featured');
  await expect(card.getByText('€120.00')).toBeVisible();
  await expect(card.getByText('10 classes')).toBeVisible();
  await expect(card.getByText('Valid for 3 months')).toBeVisible();
  await expectAccessible(page, 'the plans page');
  await screenshot(page, 'purchase-plans-en');

  // Buys it with the saved card, the card fee shown first.
  await card.getByRole('link', { name: `Buy ${planName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /Visa ending in 4242/ })).toBeChecked();
  await expect(page.getByTestId('card-surcharge')).toHaveText('Card payments carry a fee of 1.5 % + €0.25, added to the total.');
  await expectAccessible(page, 'the checkout');
  await screenshot(page, 'purchase-checkout-en');
  await page.getByRole('button', { name: 'Confirm purchase' }).click();
  const confirmation = page.getByTestId('purchase-confirmation');
  await expect(confirmation.getByRole('heading', { name: 'Thank you, it is yours!' })).toBeVisible();
  await expect(confirmation).toContainText(planName);
  await screenshot(page, 'purchase-confirmed-en');

  // The pack is on the account page with its ten credits.
  await confirmation.getByRole('link', { name: 'See my account' }).click();
  const memberships = page.getByRole('region', { name: 'My memberships & packs' });
  const owned = memberships.getByTestId('own-membership').filter({ hasText: planName });
  await expect(owned).toHaveCount(1);
  await expect(owned).toContainText('Active');
  await expect(owned).toContainText('10 classes left');
  await expect(page.getByRole('region', { name: 'My purchases' }).getByTestId('own-order')).toHaveCount(1);
  await expectAccessible(page, 'the account page with a pack');
  await screenshot(page, 'purchase-account-en');

  // A declined card: a readable error, and nothing more bought.
  await page.goto(`/s/${studioSlug}/plans`);
  await page.getByRole('article', { name: planName }).getByRole('link', { name: `Buy ${planName}` }).click();
  await page.getByRole('radio', { name: 'A new card' }).check();
  await fillCard(page, '4000 0000 0000 0002');
  await page.getByRole('button', { name: 'Confirm purchase' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was bought' });
  await expect(alert).toContainText('Your card was declined.');
  await screenshot(page, 'purchase-declined-en');
  await page.goto(`/s/${studioSlug}/account`);
  await expect(page.getByRole('region', { name: 'My memberships & packs' }).getByTestId('own-membership').filter({ hasText: planName })).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'My purchases' }).getByTestId('own-order')).toHaveCount(1);

  // In French.
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('region', { name: 'Mes abonnements et forfaits' }).getByTestId('own-membership').filter({ hasText: planName })).toContainText('10 cours restants');
  await expect(page.getByRole('region', { name: 'Cartes enregistrées' }).getByText('Visa se terminant par 4242')).toBeVisible();
  await screenshot(page, 'purchase-account-fr');
  await page.goto(`/s/${studioSlug}/plans`);
  await expect(page.getByRole('heading', { level: 1, name: 'Abonnements et forfaits' })).toBeVisible();
  await expect(page.getByRole('article', { name: planName }).getByText('Valable 3 mois')).toBeVisible();
  await screenshot(page, 'purchase-plans-fr');
  await page.getByRole('article', { name: planName }).getByRole('link', { name: `Acheter ${planName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paiement' })).toBeVisible();
  await expectAccessible(page, 'the checkout in French');
  await screenshot(page, 'purchase-checkout-fr');

  // At the desk: the front desk sees the customer's saved card on the profile and adds another.
  const desk = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 800 } });
  const deskPage = await desk.newPage();
  await signInAsAdmin(deskPage);
  const found = await deskPage.request.get(`/api/v1/customers?q=${encodeURIComponent(`nora.${runId}`)}`);
  const customerId = ((await found.json()) as { items: { id: string }[] }).items[0]!.id;
  await deskPage.goto(`/customers/${customerId}`);
  const deskCards = deskPage.getByRole('region', { name: 'Saved cards' });
  await expect(deskCards.getByText('Visa ending in 4242')).toBeVisible();
  await deskCards.getByRole('button', { name: 'Add a card' }).click();
  await fillCard(deskPage, '5555 5555 5555 4444');
  await deskCards.getByRole('button', { name: 'Save card' }).click();
  await expect(deskCards.getByText('Mastercard ending in 4444')).toBeVisible();
  // Only this block: the rest of the profile belongs to other journeys.
  const axe = await new AxeBuilder({ page: deskPage }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).include('section[aria-labelledby="customer-cards-heading"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await screenshot(deskPage, 'purchase-profile-cards-en');
  await desk.close();

  // On a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/s/${studioSlug}`);
  await page.getByRole('main').getByRole('link', { name: 'Abonnements et forfaits' }).click();
  await expect(page.getByRole('article', { name: planName })).toBeVisible();
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(page, 'purchase-plans-phone');
  await page.getByRole('article', { name: planName }).getByRole('link', { name: `Acheter ${planName}` }).click();
  await page.getByRole('radio', { name: 'Une nouvelle carte' }).check();
  await expect(page.getByTestId('card-element').getByLabel('Numéro de carte')).toBeVisible();
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(page, 'purchase-checkout-phone');
  await page.goto(`/s/${studioSlug}/account`);
  await expect(page.getByRole('region', { name: 'Cartes enregistrées' })).toBeVisible();
  expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  await screenshot(page, 'purchase-account-phone');
});

test('a customer pays what they can on a sliding scale with a discount code, signs the waiver, pays with a new card, then cancels the renewal', async ({ browser, page }) => {
  test.skip(!stripeIsLocal, 'STRIPE_API_URL / STRIPE_JS_URL must name the local Stripe peer');
  const monthly = `Community monthly ${runId}`;
  const code = `WELCOME${runId.toUpperCase()}`;
  const staffContext = await browser.newContext();
  const { request, headers } = await adminApi(await staffContext.newPage());
  expect((await request.put('/api/v1/commerce/settings/stripe', { data: stripeKeys, headers })).status()).toBe(200);
  // The studio's membership waiver (kept when an earlier run made it).
  const waivers = (await (await request.get('/api/v1/waivers', { headers })).json()) as { items: { kind: string }[] };
  if (!waivers.items.some((w) => w.kind === 'membership')) {
    const made = await request.post('/api/v1/waivers', { headers, data: { kind: 'membership', title: 'Membership agreement', body: 'I take part at my own risk and follow the studio rules.' } });
    expect(made.status(), await made.text()).toBe(201);
  }
  const plan = await request.post('/api/v1/memberships/plans', {
    headers,
    data: {
      name: monthly,
      kind: 'subscription_absolute',
      intervalCount: 1,
      intervalUnit: 'month',
      priceMode: 'sliding',
      priceMinor: 2000,
      priceMinMinor: 1000,
      priceMaxMinor: 3000,
      creditsMode: 'unlimited',
      waiverRequired: true,
      customerCanCancel: true,
      customerCanFreeze: true,
    },
  });
  expect(plan.status(), await plan.text()).toBe(201);
  const planId = ((await plan.json()) as { id: string }).id;
  const discount = await request.post('/api/v1/discount-codes', { headers, data: { code, kind: 'percent', percentBp: 1000, planIds: [planId] } });
  expect(discount.status(), await discount.text()).toBe(201);

  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('First name').fill('Sami');
  await page.getByLabel('Last name').fill('Roux');
  await page.getByLabel('E-mail').fill(`sami.${runId}@example.com`);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Sami Roux' })).toBeVisible();

  await page.goto(`/s/${studioSlug}/plans`);
  const card = page.getByRole('article', { name: monthly });
  await expect(card.getByText('€10.00 – €30.00')).toBeVisible();
  await expect(card.getByText('Unlimited classes')).toBeVisible();
  await expect(card.getByText('Renews every month')).toBeVisible();
  await card.getByRole('link', { name: `Buy ${monthly}` }).click();

  // A price above the scale comes back to its top on leaving the field; without the waiver ticked, nothing is sent.
  const price = page.getByRole('textbox', { name: 'Your price' });
  await price.fill('35');
  await price.press('Tab');
  await expect(price).toHaveValue('30');
  await expect(page.getByRole('radio', { name: 'A new card' })).toBeChecked();
  await page.getByRole('button', { name: 'Confirm purchase' }).click();
  await expect(page.getByText('Accept the waiver to buy this plan.')).toBeVisible();

  await price.fill('25');
  await page.getByLabel('Discount code (optional)').fill(code);
  await expect(page.getByRole('region', { name: 'Membership agreement' })).toContainText('I take part at my own risk');
  await page.getByRole('checkbox', { name: 'I have read and accept this waiver' }).check();
  await fillCard(page, '4242 4242 4242 4242');
  await expectAccessible(page, 'the checkout with a sliding scale and a waiver');
  await screenshot(page, 'purchase-sliding-checkout-en');
  await page.getByRole('button', { name: 'Confirm purchase' }).click();
  const confirmation = page.getByTestId('purchase-confirmation');
  await expect(confirmation.getByRole('heading', { name: 'Thank you, it is yours!' })).toBeVisible();
  await expect(confirmation.getByRole('row', { name: /Discount/ })).toContainText('€2.50');
  await screenshot(page, 'purchase-sliding-confirmed-en');

  // The membership renews monthly until the customer cancels the renewal.
  await confirmation.getByRole('link', { name: 'See my account' }).click();
  const owned = page.getByRole('region', { name: 'My memberships & packs' }).getByTestId('own-membership').filter({ hasText: monthly });
  await expect(owned).toContainText('Unlimited classes');
  await expect(owned).toContainText(/Renews on/);
  await owned.getByRole('button', { name: 'Cancel renewal' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel renewal' }).click();
  await expect(owned).toContainText(/Renewal cancelled: it ends on/);
  await expect(owned.getByRole('button', { name: 'Cancel renewal' })).toHaveCount(0);
  await screenshot(page, 'purchase-sliding-account-en');

  // The studio is shared with the other journeys, which expect no membership waiver: archive it again.
  const listed = (await (await request.get('/api/v1/waivers', { headers })).json()) as { items: { id: string; kind: string }[] };
  for (const waiver of listed.items.filter((w) => w.kind === 'membership')) {
    expect((await request.post(`/api/v1/waivers/${waiver.id}/archive`, { headers })).status()).toBe(200);
  }
  await staffContext.close();
});

test('a customer pays for a pack with prepaid credit and sees what is left', async ({ browser, page }) => {
  test.skip(!stripeIsLocal, 'STRIPE_API_URL / STRIPE_JS_URL must name the local Stripe peer');
  const pack = `5-class pack ${runId}`;
  const email = `lea.credit.${runId}@example.com`;
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('First name').fill('Léa');
  await page.getByLabel('Last name').fill('Blanc');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Léa Blanc' })).toBeVisible();

  // The studio sells a pack and gives the customer €100 of prepaid credit at the desk.
  const staffContext = await browser.newContext();
  const { request, headers } = await adminApi(await staffContext.newPage());
  const plan = await request.post('/api/v1/memberships/plans', {
    headers,
    data: { name: pack, kind: 'class_pack', priceMinor: 6000, creditsMode: 'total', creditsCount: 5 },
  });
  expect(plan.status(), await plan.text()).toBe(201);
  const found = (await (await request.get(`/api/v1/customers?q=${encodeURIComponent(`lea.credit.${runId}`)}`, { headers })).json()) as { items: { id: string }[] };
  const credit = await request.post(`/api/v1/customers/${found.items[0]!.id}/credits/adjustments`, { headers, data: { deltaMinor: 10000, note: 'Welcome credit' } });
  expect(credit.status(), await credit.text()).toBe(200);
  await staffContext.close();

  await page.reload();
  await expect(page.getByTestId('own-credit')).toHaveText('€100.00');
  await page.goto(`/s/${studioSlug}/plans`);
  await page.getByRole('article', { name: pack }).getByRole('link', { name: `Buy ${pack}` }).click();
  await page.getByRole('radio', { name: 'My prepaid credit' }).check();
  await expect(page.getByTestId('card-surcharge')).toHaveCount(0);
  await page.getByRole('button', { name: 'Confirm purchase' }).click();
  await expect(page.getByTestId('purchase-confirmation')).toContainText('€60.00');
  await page.getByRole('link', { name: 'See my account' }).click();
  await expect(page.getByTestId('own-credit')).toHaveText('€40.00');
  await expect(page.getByTestId('own-membership').filter({ hasText: pack })).toContainText('5 classes left');
});

test('a saved card whose bank asks for 3-D Secure is confirmed in the browser, then the pack is bought', async ({ page }) => {
  test.skip(!stripeIsLocal, 'STRIPE_API_URL / STRIPE_JS_URL must name the local Stripe peer');
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('First name').fill('Hugo');
  await page.getByLabel('Last name').fill('Morel');
  await page.getByLabel('E-mail').fill(`hugo.secure.${runId}@example.com`);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create an account' }).click();
  const cards = page.getByRole('region', { name: 'Saved cards' });
  await cards.getByRole('button', { name: 'Add a card' }).click();
  await fillCard(page, '4000 0025 0000 3155');
  await cards.getByRole('button', { name: 'Save card' }).click();
  await expect(cards.getByText('Visa ending in 3155')).toBeVisible();

  await page.goto(`/s/${studioSlug}/plans`);
  await page.getByRole('article', { name: planName }).getByRole('link', { name: `Buy ${planName}` }).click();
  await expect(page.getByRole('radio', { name: /Visa ending in 3155/ })).toBeChecked();
  await page.getByRole('button', { name: 'Confirm purchase' }).click();
  await expect(page.getByTestId('purchase-confirmation').getByRole('heading', { name: 'Thank you, it is yours!' })).toBeVisible();
  await page.getByRole('link', { name: 'See my account' }).click();
  await expect(page.getByTestId('own-membership').filter({ hasText: planName })).toContainText('10 classes left');

  // A second card becomes the default; the first is removed (detached at Stripe).
  await cards.getByRole('button', { name: 'Add a card' }).click();
  await fillCard(page, '5555 5555 5555 4444');
  await cards.getByRole('button', { name: 'Save card' }).click();
  const master = cards.getByTestId('saved-card').filter({ hasText: 'Mastercard ending in 4444' });
  const visa = cards.getByTestId('saved-card').filter({ hasText: 'Visa ending in 3155' });
  await expect(master).toBeVisible();
  await master.getByRole('button', { name: 'Actions for Mastercard ending in 4444' }).click();
  await page.getByRole('menuitem', { name: 'Make default' }).click();
  await expect(master.getByText('Default')).toBeVisible();
  await expect(visa.getByText('Default')).toHaveCount(0);
  await visa.getByRole('button', { name: 'Actions for Visa ending in 3155' }).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await expect(visa).toHaveCount(0);
  await expect(cards.getByTestId('saved-card')).toHaveCount(1);
});
