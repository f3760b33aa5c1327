import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, selectOption, signInAsAdmin } from './support.ts';

/** Staff API calls from the signed-in page (same cookies, CSRF header echoed as the web app does). */
async function apiPost<T>(page: Page, path: string, body: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((c) => c.name.endsWith('enso_csrf'))?.value ?? '';
  const res = await page.request.post(path, { data: body, headers: { 'x-csrf-token': csrf } });
  expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
  return (await res.json()) as T;
}

test('an admin creates plans, sells one from a profile, freezes and unfreezes it, and cancels its renewal', async ({ page }) => {
  test.setTimeout(240_000);
  const planName = `Monthly unlimited ${runId}`;
  await signInAsAdmin(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  // Settings › Plans: a monthly subscription, featured, customers may cancel it themselves.
  await nav.getByRole('link', { name: 'Plans' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plans' })).toBeVisible();
  await page.getByRole('button', { name: 'New plan' }).click();
  const dialog = page.getByRole('dialog', { name: 'New plan' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(planName);
  await dialog.getByRole('textbox', { name: 'Price', exact: true }).fill('80');
  await dialog.getByRole('textbox', { name: 'Tax rate' }).fill('20');
  await dialog.getByRole('switch', { name: 'Featured at checkout' }).check();
  await dialog.getByRole('switch', { name: 'Customers may cancel the renewal themselves' }).check();
  await expectAccessible(page, 'plan editor');
  await screenshot(page, 'plan-editor-en');
  await dialog.getByRole('button', { name: 'Create the plan' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(planName) });
  await expect(row).toContainText('Featured');
  await expect(row).toContainText('€80.00');
  await expect(row).toContainText('every month');

  // A class pack with a sliding scale; a broken scale is refused field by field.
  await page.getByRole('button', { name: 'New plan' }).click();
  const pack = page.getByRole('dialog', { name: 'New plan' });
  await pack.getByRole('textbox', { name: 'Name' }).fill(`10 classes ${runId}`);
  await selectOption(page, 'Kind', 'Class pack');
  await pack.getByText('Sliding scale', { exact: true }).click();
  await pack.getByRole('textbox', { name: 'Minimum' }).fill('120');
  await pack.getByRole('textbox', { name: 'Suggested price' }).fill('100');
  await pack.getByRole('textbox', { name: 'Maximum' }).fill('160');
  await pack.getByRole('button', { name: 'Create the plan' }).click();
  await expect(pack.getByText('The suggested price lies between the minimum and the maximum.')).toBeVisible();
  await pack.getByRole('textbox', { name: 'Suggested price' }).fill('140');
  await pack.getByRole('button', { name: 'Create the plan' }).click();
  await expect(pack).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(`10 classes ${runId}`) })).toContainText('10 classes');
  await expectAccessible(page, 'plans list');
  await screenshot(page, 'plans-en');

  // A customer's profile: sell the monthly plan, paid in cash.
  const customer = await apiPost<{ id: string }>(page, '/api/v1/customers', { firstName: 'Léa', lastName: `Martin${runId}`, email: `lea.martin.${runId}@example.com` });
  await page.goto(`/customers/${customer.id}`);
  const section = page.getByRole('region', { name: 'Memberships' });
  await expect(section.getByText('No memberships yet.')).toBeVisible();
  await section.getByRole('button', { name: 'Sell a plan' }).click();
  const sell = page.getByRole('dialog', { name: 'Sell a plan' });
  await selectOption(page, 'Plan', `${planName} — €80.00`, planName);
  await sell.getByRole('button', { name: 'Take payment' }).click();
  await expect(sell).toBeHidden();
  const card = section.getByTestId('membership-card').filter({ hasText: planName });
  await expect(card).toContainText('Active');
  await expect(card).toContainText(/Renews on .* at €80\.00/);
  await expect(card).toContainText('Unlimited classes');
  // The sale is on the profile's Purchases too, opening in Sales.
  const purchases = page.getByRole('region', { name: 'Purchases' });
  await expect(purchases.getByRole('listitem')).toHaveCount(1);
  await expect(purchases.getByRole('listitem')).toContainText('€96.00'); // €80.00 + 20 % tax
  await expect(purchases.getByRole('listitem')).toContainText('Paid');
  await expectAccessible(page, 'profile memberships');
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'profile-memberships-en');

  // Freeze now until a date, then unfreeze by hand.
  await card.getByRole('button', { name: `Actions for ${planName}` }).click();
  await page.getByRole('menuitem', { name: 'Freeze' }).click();
  const freeze = page.getByRole('dialog', { name: `Freeze ${planName}` });
  await freeze.getByRole('button', { name: 'Freeze' }).click();
  await expect(freeze).toBeHidden();
  await expect(card).toContainText('Frozen');
  await expect(card).toContainText('Frozen until unfrozen by hand');
  await card.getByRole('button', { name: `Actions for ${planName}` }).click();
  await page.getByRole('menuitem', { name: 'Unfreeze' }).click();
  const unfreeze = page.getByRole('dialog', { name: `Unfreeze ${planName}` });
  await unfreeze.getByRole('button', { name: 'Unfreeze' }).click();
  await expect(unfreeze).toBeHidden();
  await expect(card).toContainText('Active');

  // Change the renewal price, then look at the Renewals tab.
  await card.getByRole('button', { name: `Actions for ${planName}` }).click();
  await page.getByRole('menuitem', { name: 'Change the renewal price' }).click();
  const price = page.getByRole('dialog', { name: 'Change the renewal price' });
  await price.getByRole('textbox', { name: 'Renewal price' }).fill('70');
  await price.getByRole('button', { name: 'Save' }).click();
  await expect(price).toBeHidden();
  await expect(card).toContainText('at €70.00');
  await section.getByRole('tab', { name: 'Renewals' }).click();
  await expect(section.getByTestId('renewals-table')).toContainText('Upcoming');
  await expect(section.getByTestId('renewals-table')).toContainText('€70.00');
  await expectAccessible(page, 'renewals tab');
  await section.getByTestId('renewals-table').scrollIntoViewIfNeeded();
  await screenshot(page, 'profile-renewals-en');

  // Cancel the renewal: still usable until the period ends.
  await section.getByRole('tab', { name: 'Memberships' }).click();
  await card.getByRole('button', { name: `Actions for ${planName}` }).click();
  await page.getByRole('menuitem', { name: 'Cancel the renewal' }).click();
  await page.getByRole('dialog', { name: 'Cancel the renewal' }).getByRole('button', { name: 'Cancel the renewal' }).click();
  await expect(card).toContainText(/Valid until .* included/);

  // French, then a phone.
  await chooseLanguage(page, 'Français');
  const sectionFr = page.getByRole('region', { name: 'Adhésions' });
  await expect(sectionFr.getByTestId('membership-card').filter({ hasText: planName })).toContainText('Active');
  await sectionFr.getByTestId('membership-card').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'profile-memberships-fr');
  await page.goto('/settings/plans');
  await expect(page.getByRole('heading', { level: 1, name: 'Formules' })).toBeVisible();
  await screenshot(page, 'plans-fr');
  await page.getByRole('button', { name: 'Nouvelle formule' }).click();
  await expect(page.getByRole('dialog', { name: 'Nouvelle formule' })).toBeVisible();
  await screenshot(page, 'plan-editor-fr');
  await page.keyboard.press('Escape');

  await chooseLanguage(page, 'English');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByTestId('membership-card').first()).toBeVisible({ timeout: 30_000 });
  const overflow = await page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth');
  expect(overflow).toBe(false);
  await page.getByTestId('membership-card').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'profile-memberships-phone');
  await page.goto('/settings/plans');
  await expect(page.getByRole('heading', { level: 1, name: 'Plans' })).toBeVisible();
  await screenshot(page, 'plans-phone');
  await page.getByRole('button', { name: 'New plan' }).click();
  await screenshot(page, 'plan-editor-phone');
});
