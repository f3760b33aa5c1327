import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, studioSlug } from './support.ts';

/**
 * The catalog as a studio owner sets it up: a product whose stock runs low, a discount code, a
 * gift card given away, corrected and moved to a customer's prepaid credit, and that credit on the
 * customer's profile; in English, in French and at phone width.
 */
test('an admin manages products and stock, discount codes, gift cards and a customer’s prepaid credit', async ({ page }) => {
  test.setTimeout(300_000);
  await signInAsAdmin(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  // Products: a mat with 3 on the shelf and an alert at 2; a breakage takes it to low stock.
  const product = `Cork mat ${runId}`;
  await nav.getByRole('link', { name: 'Products' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  await page.getByRole('button', { name: 'New product' }).click();
  const create = page.getByRole('dialog', { name: 'New product' });
  await create.getByRole('textbox', { name: 'Name' }).fill(product);
  await create.getByRole('textbox', { name: 'SKU' }).fill(`MAT-${runId}`);
  await create.getByRole('textbox', { name: 'Price' }).fill('45');
  await create.getByRole('textbox', { name: 'Tax rate' }).fill('20');
  await create.getByRole('checkbox', { name: 'Track stock' }).check();
  await create.getByRole('textbox', { name: 'On the shelf now' }).fill('3');
  await create.getByRole('textbox', { name: 'Low-stock alert at' }).fill('2');
  await expectAccessible(page, 'new product dialog');
  await create.getByRole('button', { name: 'Create the product' }).click();
  await expect(create).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(product) });
  await expect(row).toContainText('€45.00');
  await expect(row).toContainText('20 %');
  await expect(row.getByTestId('on-hand')).toHaveText('3');
  await expect(row.getByTestId('low-stock-badge')).toHaveCount(0);

  await page.getByRole('button', { name: `Stock of ${product}` }).click();
  const stock = page.getByRole('dialog', { name: `Stock of ${product}` });
  await stock.locator('label').filter({ hasText: /^Correction$/ }).click();
  await stock.getByRole('textbox', { name: 'Change to the count' }).fill('-1');
  await stock.getByRole('button', { name: 'Record' }).click();
  await expect(stock.getByText('Say why the count changes')).toBeVisible();
  await stock.getByRole('textbox', { name: 'Note' }).fill('Torn at the corner');
  await expectAccessible(page, 'stock dialog');
  await screenshot(page, 'catalog-stock-en');
  await stock.getByRole('button', { name: 'Record' }).click();
  await expect(stock).toBeHidden();
  await expect(row.getByTestId('on-hand')).toHaveText('2');
  await expect(row.getByTestId('low-stock-badge')).toHaveText('Low stock');
  await page.getByRole('checkbox', { name: 'Low stock only' }).check();
  await expect(page.getByRole('row', { name: new RegExp(product) })).toBeVisible();
  await expectAccessible(page, 'products');
  await screenshot(page, 'catalog-products-en');

  // Discount codes: 15 % off, for everything, 100 uses.
  const code = `SPRING${runId}`.toUpperCase();
  await nav.getByRole('link', { name: 'Discount codes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Discount codes' })).toBeVisible();
  await page.getByRole('button', { name: 'New discount code' }).click();
  const newCode = page.getByRole('dialog', { name: 'New discount code' });
  await newCode.getByRole('textbox', { name: 'Code' }).fill(code.toLowerCase());
  await newCode.getByRole('textbox', { name: 'Percentage off' }).fill('15');
  await newCode.getByRole('textbox', { name: 'Uses in total' }).fill('100');
  await newCode.getByLabel('Last day').fill('2030-12-31');
  await expectAccessible(page, 'new discount code dialog');
  await screenshot(page, 'catalog-discount-dialog-en');
  await newCode.getByRole('button', { name: 'Create the code' }).click();
  await expect(newCode).toBeHidden();
  const codeRow = page.getByRole('row', { name: new RegExp(code) });
  await expect(codeRow).toContainText('15 %');
  await expect(codeRow).toContainText('Active');
  await expect(codeRow).toContainText('Until 31 Dec 2030');
  await expect(codeRow.getByTestId('uses')).toHaveText('0 / 100');
  await screenshot(page, 'catalog-discount-codes-en');

  // Gift cards: a €25 card given to a recipient by email, corrected, then moved to a new customer's credit.
  await nav.getByRole('link', { name: 'Gift cards' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Gift cards' })).toBeVisible();
  await page.getByRole('button', { name: 'Give a gift card' }).first().click();
  const give = page.getByRole('dialog', { name: 'Give a gift card' });
  await give.getByRole('textbox', { name: 'Amount' }).fill('25');
  await give.getByRole('textbox', { name: 'Recipient’s name' }).fill('Zoé');
  await give.getByRole('textbox', { name: 'Recipient’s email' }).fill(`zoe-${runId}@example.com`);
  await give.getByRole('textbox', { name: 'Message' }).fill('Happy birthday!');
  await expectAccessible(page, 'give a gift card dialog');
  await give.getByRole('button', { name: 'Give the card' }).click();
  await expect(give).toBeHidden();
  const card = page.getByRole('dialog', { name: 'Gift card' });
  await expect(card.getByTestId('gift-card-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const giftCode = (await card.getByTestId('gift-card-code').textContent())!;
  await expect(card.getByTestId('gift-card-balance')).toContainText('€25.00');
  await card.getByRole('button', { name: 'Correct the balance' }).click();
  await card.getByRole('textbox', { name: 'Change to the balance' }).fill('-5');
  await card.getByRole('textbox', { name: 'Note' }).fill('Part used on the paper card');
  await card.getByRole('button', { name: 'Save the correction' }).click();
  await expect(card.getByTestId('gift-card-balance')).toContainText('€20.00');
  await expect(card.getByRole('table', { name: 'History' })).toContainText('Correction');
  await expectAccessible(page, 'gift card');
  await screenshot(page, 'catalog-gift-card-en');

  await card.getByRole('button', { name: 'Move to prepaid credit' }).click();
  await card.getByRole('button', { name: 'New customer' }).click();
  await card.getByRole('textbox', { name: 'First name' }).fill('Chloé');
  await card.getByRole('textbox', { name: 'Last name' }).fill(`Credit ${runId}`);
  await card.getByRole('textbox', { name: 'Email' }).fill(`chloe-${runId}@example.com`);
  await card.getByRole('button', { name: 'Add customer' }).click();
  await expect(card.getByTestId('pos-customer')).toHaveText(`Chloé Credit ${runId}`);
  await card.getByRole('button', { name: 'Move the balance' }).click();
  await expect(card.getByTestId('gift-card-balance')).toContainText('€0.00');
  await card.getByRole('button', { name: 'Close' }).first().click();
  await expect(card).toBeHidden();

  // Looking the card up by its code, typed in lower case, shows it used.
  await page.getByRole('textbox', { name: 'Find a card by its code' }).fill(giftCode.toLowerCase());
  await page.getByRole('button', { name: 'Check the balance' }).click();
  await expect(page.getByRole('dialog', { name: 'Gift card' }).getByText('Used', { exact: true })).toBeVisible();
  await page.getByRole('dialog', { name: 'Gift card' }).getByRole('button', { name: 'Close' }).first().click();
  await screenshot(page, 'catalog-gift-cards-en');

  // The customer's profile: €20 of prepaid credit from the gift card, then €5 added by staff.
  const found = await page.request.get(`/api/v1/customers?q=${encodeURIComponent(`chloe-${runId}`)}`);
  const customerId = ((await found.json()) as { items: { id: string }[] }).items[0]!.id;
  await page.goto(`/customers/${customerId}`);
  const section = page.getByRole('region', { name: 'Prepaid credit' });
  await expect(section.getByTestId('credit-balance')).toHaveText('€20.00');
  await expect(section.getByTestId('credit-ledger')).toContainText('From a gift card');
  await section.getByRole('button', { name: 'Add or remove credit' }).click();
  await section.getByRole('textbox', { name: 'Amount' }).fill('5');
  await section.getByRole('textbox', { name: 'Reason' }).fill('Welcome gesture');
  await section.getByRole('button', { name: 'Save' }).click();
  await expect(section.getByTestId('credit-balance')).toHaveText('€25.00');
  await expect(section.getByTestId('credit-ledger')).toContainText(`Gift card …${giftCode.slice(-4)}`);
  await section.scrollIntoViewIfNeeded();
  await expectAccessible(page, 'customer profile with prepaid credit');
  await screenshot(page, 'catalog-customer-credit-en');

  // French.
  await chooseLanguage(page, 'Français');
  const navFr = page.getByRole('navigation', { name: 'Navigation principale' });
  await navFr.getByRole('link', { name: 'Produits' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Produits' })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(product) }).getByTestId('low-stock-badge')).toHaveText('Stock bas');
  await screenshot(page, 'catalog-products-fr');
  await navFr.getByRole('link', { name: 'Codes de réduction' }).click();
  await expect(page.getByRole('row', { name: new RegExp(code) })).toContainText('Actif');
  await screenshot(page, 'catalog-discount-codes-fr');
  await navFr.getByRole('link', { name: 'Cartes cadeaux' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cartes cadeaux' })).toBeVisible();
  await expectAccessible(page, 'gift cards (fr)');
  await screenshot(page, 'catalog-gift-cards-fr');

  // A phone: the lists become cards and nothing overflows sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, name] of [
    ['/settings/products', 'catalog-products-phone'],
    ['/settings/gift-cards', 'catalog-gift-cards-phone'],
    ['/settings/discount-codes', 'catalog-discount-codes-phone'],
    [`/customers/${customerId}`, 'catalog-customer-credit-phone'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, `horizontal overflow of ${path}`).toBeLessThanOrEqual(0);
    await screenshot(page, name);
  }
  await chooseLanguage(page, 'English');
});

test('a customer turns a gift card into prepaid credit from their account', async ({ page, browser }) => {
  test.setTimeout(120_000);
  // The desk gives a €30 card (through the staff API, as the other journey covers the screens).
  await signInAsAdmin(page);
  const csrf = (await page.context().cookies()).find((c) => c.name === 'enso_csrf')!.value;
  const issued = await page.request.post('/api/v1/gift-cards', { data: { amountMinor: 3000, recipientName: 'Inès' }, headers: { 'x-csrf-token': csrf } });
  expect(issued.status()).toBe(201);
  const { code } = (await issued.json()) as { code: string };

  const customer = await (await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Paris' })).newPage();
  await customer.goto(`/s/${studioSlug}`);
  await chooseLanguage(customer, 'English');
  await customer.getByRole('link', { name: 'Create an account' }).click();
  await customer.getByLabel('First name').fill('Inès');
  await customer.getByLabel('Last name').fill(`Gift ${runId}`);
  await customer.getByLabel('E-mail').fill(`ines.gift.${runId}@example.com`);
  await customer.getByRole('textbox', { name: 'Password', exact: true }).fill('Cadeau-pour-Ines-42');
  await customer.getByRole('button', { name: 'Create an account' }).click();
  await expect(customer.getByRole('heading', { level: 1, name: `Hello, Inès Gift ${runId}` })).toBeVisible();

  const redeem = customer.getByRole('region', { name: 'Have a gift card?' });
  await redeem.getByRole('textbox', { name: 'Gift card code' }).fill('AAAA-BBBB-CCCC-DDDD');
  await redeem.getByRole('button', { name: 'Add to my credit' }).click();
  await expect(redeem.getByText('No gift card has this code.')).toBeVisible();
  await redeem.getByRole('textbox', { name: 'Gift card code' }).fill(code.toLowerCase());
  await redeem.getByRole('button', { name: 'Add to my credit' }).click();
  await expect(customer.getByTestId('own-credit')).toHaveText('€30.00');
  await expectAccessible(customer, 'account with a redeemed gift card');
  await screenshot(customer, 'catalog-account-redeem-en');
  await customer.setViewportSize({ width: 390, height: 844 });
  await redeem.scrollIntoViewIfNeeded();
  await screenshot(customer, 'catalog-account-redeem-phone');
});
