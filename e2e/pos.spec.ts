import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, selectOption, signInAsAdmin, stripeKeys } from './support.ts';

/**
 * The front desk's day: the admin connects Stripe (the run's local Stripe peer, see stripe-peer.ts)
 * and passes card fees on; a new customer buys a drop-in in cash, then another with a card typed
 * into Stripe.js (the peer's stand-in) with the card fee shown first; the card sale is then
 * partly refunded to the card from Sales.
 */
async function fillCard(page: Page, number: string) {
  const card = page.getByTestId('card-element');
  await card.getByLabel(/Card number|Numéro de carte/).fill(number);
  await card.getByLabel(/Expiry|Date d'expiration/).fill('12 / 34');
  await card.getByLabel('CVC').fill('123');
}

async function addDropIn(page: Page, description: string, amount: string) {
  await page.getByLabel('Description').fill(description);
  await page.getByLabel(/^Amount \(EUR\)/).fill(amount);
  await page.getByRole('button', { name: 'Add to sale' }).click();
  await expect(page.getByTestId('pos-basket').getByText(`1 × ${description}`)).toBeVisible();
}

// A long journey (many screens, axe on each): more than the default minute on a loaded machine.
test.describe.configure({ timeout: 150_000 });

test('a cash sale and a card sale at the front desk, then a partial refund to the card', async ({ page }) => {
  const email = `paul.${runId}@example.com`;
  await signInAsAdmin(page);

  // Settings › Payments: connect Stripe and pass card fees on (2.9 % + €0.30).
  await page.getByRole('link', { name: 'Payments' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  // Another journey may have connected the run's Stripe peer already: then its keys are replaced.
  const replace = page.getByRole('button', { name: 'Replace keys' });
  await expect(page.getByLabel('Publishable key').or(replace)).toBeVisible();
  if (await replace.isVisible()) await replace.click();
  await page.getByLabel('Publishable key').fill(stripeKeys.publishableKey);
  await page.getByRole('textbox', { name: 'Secret key' }).fill(stripeKeys.secretKey);
  await page.getByRole('textbox', { name: 'Webhook signing secret' }).fill(stripeKeys.webhookSecret);
  await page.getByRole('button', { name: 'Connect Stripe' }).click();
  await expect(page.getByTestId('secret-hint')).toHaveText('sk_test_…_e2e');
  await expect(page.getByTestId('webhook-url')).toContainText('/api/public/v1/payments/stripe/webhook/std_');
  await page.getByLabel('The customer pays a card fee, shown before paying').check();
  await page.getByLabel('Percentage of the card payment').fill('2.9');
  await page.getByLabel('Fixed amount (EUR)').fill('0.30');
  await expect(page.getByTestId('fee-example')).toContainText('€3.20');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Card fee setting saved.')).toBeVisible();
  await expectAccessible(page, 'payment settings');
  await screenshot(page, 'payment-settings-en');

  // Point of sale: a new customer buys a drop-in, paid in cash.
  await page.getByRole('link', { name: 'Point of sale' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Point of sale' })).toBeVisible();
  await page.getByRole('button', { name: 'New customer' }).click();
  await page.getByLabel('First name').fill('Paul');
  await page.getByLabel('Last name').fill(`Martin ${runId}`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByTestId('pos-customer')).toHaveText(`Paul Martin ${runId}`);
  await addDropIn(page, 'Yoga drop-in', '15');
  await expect(page.getByTestId('pos-total')).toHaveText('€15.00');
  await expectAccessible(page, 'point of sale');
  await screenshot(page, 'pos-basket-en');
  await page.getByTestId('pos-pay').click();
  await expect(page.getByRole('heading', { name: 'Paid' })).toBeVisible();
  await expect(page.getByText(`The receipt is on its way to ${email}.`)).toBeVisible();
  await expect(page.getByTestId('order-details').getByText('Cash')).toBeVisible();
  await screenshot(page, 'pos-paid-en');

  // A second sale for the same customer, by card typed into Stripe.js: the card fee shows first.
  await page.getByRole('button', { name: 'New sale' }).click();
  await selectOption(page, 'Find a customer', `Paul Martin ${runId} · ${email}`, 'Paul');
  await addDropIn(page, 'Pilates drop-in', '20');
  await selectOption(page, 'Pay with', 'Card (Stripe)');
  // 2.9 % of €20.00 = €0.58, + €0.30.
  await expect(page.getByTestId('pos-card-fee')).toHaveText('€0.88');
  await expect(page.getByTestId('pos-total')).toHaveText('€20.88');
  await fillCard(page, '4242 4242 4242 4242');
  await screenshot(page, 'pos-card-en');
  await page.getByTestId('pos-pay').click();
  await expect(page.getByRole('heading', { name: 'Paid' })).toBeVisible();
  await expect(page.getByTestId('order-details').getByText('Card fee')).toBeVisible();

  // Sales: the card order, partly refunded to the card.
  await page.getByRole('link', { name: 'Sales' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sales' })).toBeVisible();
  const table = page.getByTestId('orders-table');
  await expect(table.getByText('€20.88')).toBeVisible();
  await table.getByRole('row').filter({ hasText: '€20.88' }).getByRole('button').first().click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('Pilates drop-in', { exact: false })).toBeVisible();
  await drawer.getByRole('button', { name: 'Refund' }).click();
  const dialog = page.getByRole('dialog', { name: /Refund order/ });
  await dialog.getByLabel(/^Amount/).fill('5');
  await expect(dialog.getByRole('combobox', { name: 'Refund to' })).toHaveValue('The card it was paid with');
  await dialog.getByLabel('Reason (optional)').fill('Left early');
  await dialog.getByRole('button', { name: 'Refund' }).click();
  await expect(page.getByText('€5.00 refunded.')).toBeVisible();
  await expect(drawer.getByText('Partly refunded')).toBeVisible();
  await expect(drawer.getByText('−€5.00')).toBeVisible();
  const profileHref = (await drawer.getByRole('link', { name: `Paul Martin ${runId}` }).getAttribute('href')) ?? '';
  const customerId = profileHref.split('/').pop();
  await expectAccessible(page, 'order drawer');
  await screenshot(page, 'sales-refund-en');

  // The list filters by status (and by day).
  await page.keyboard.press('Escape');
  await selectOption(page, 'Status', 'Partly refunded');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByText('€20.88')).toBeVisible();

  // A sale started from a customer's profile link opens with that customer.
  await page.goto(`/pos?customer=${customerId}`);
  await expect(page.getByTestId('pos-customer')).toHaveText(`Paul Martin ${runId}`);

  // French, and a phone held at the desk.
  await chooseLanguage(page, 'Français');
  await page.goto('/pos');
  await expect(page.getByRole('heading', { level: 1, name: 'Point de vente' })).toBeVisible();
  await page.getByLabel('Description').fill('Cours de yoga');
  await page.getByLabel(/^Montant \(EUR\)/).fill('12');
  await page.getByRole('button', { name: 'Ajouter à la vente' }).click();
  await expect(page.getByTestId('pos-total')).toHaveText(/12,00\s€/);
  await screenshot(page, 'pos-basket-fr');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('pos-pay')).toBeVisible();
  const overflow = await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth');
  expect(overflow).toBe(false);
  await expectAccessible(page, 'point of sale on a phone');
  await screenshot(page, 'pos-phone-fr');
  await page.goto('/sales');
  await expect(page.getByRole('heading', { level: 1, name: 'Ventes' })).toBeVisible();
  await screenshot(page, 'sales-phone-fr');
});
