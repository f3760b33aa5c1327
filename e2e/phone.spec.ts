import { expect, test } from '@playwright/test';
import { expectAccessible, runId, screenshot, signInAsAdmin } from './support.ts';

test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

test('the dashboard works at phone width', async ({ page }) => {
  await signInAsAdmin(page);
  const navbar = page.locator('#staff-navbar');
  const burger = page.getByRole('button', { name: 'Open navigation' });

  // The navigation waits behind the burger.
  await expect(burger).toBeVisible();
  await expect(navbar).not.toBeInViewport();
  await expectNoHorizontalScroll();
  await expectAccessible(page, 'the dashboard at phone width');
  await screenshot(page, 'phone-dashboard');

  await burger.click();
  await expect(navbar).toBeInViewport();
  await screenshot(page, 'phone-navigation');
  await navbar.getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(navbar).not.toBeInViewport();

  // Add a customer from the phone, then find them with the search box.
  const lastName = `Phone${runId}`;
  await page.getByRole('button', { name: 'Add a customer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a customer' });
  await dialog.getByLabel('First name').fill('Léa');
  await dialog.getByLabel('Last name').fill(lastName);
  await dialog.getByLabel('E-mail').fill(`lea.phone.${runId}@example.com`);
  await dialog.getByLabel('Phone').fill('06 11 22 33 44');
  await screenshot(page, 'phone-add-customer');
  await dialog.getByRole('button', { name: 'Create the customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Léa ${lastName}` })).toBeVisible();
  await expectNoHorizontalScroll();
  await screenshot(page, 'phone-customer-profile');

  await page.getByRole('link', { name: 'All customers' }).click();
  await page.getByLabel('Search customers').fill(lastName);
  const list = page.getByRole('list', { name: 'Customers' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText(`lea.phone.${runId}@example.com`);
  await expectNoHorizontalScroll();
  await expectAccessible(page, 'the customer list at phone width');
  await screenshot(page, 'phone-customers');

  async function expectNoHorizontalScroll() {
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow, 'page wider than the phone').toBeLessThanOrEqual(0);
  }
});
