import { expect, test } from '@playwright/test';
import { expectAccessible, runId, screenshot, signInAsAdmin } from './support.ts';

test('front-desk work on customers: create, search, edit, activity', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();

  const lastName = `Moreau${runId}`;
  await page.getByRole('button', { name: 'Add a customer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a customer' });
  await dialog.getByLabel('First name').fill('Inès');
  await dialog.getByLabel('Last name').fill(lastName);
  await dialog.getByLabel('E-mail').fill('not-an-email');
  await dialog.getByRole('button', { name: 'Create the customer' }).click();
  await expect(dialog.getByText('Enter a valid e-mail address')).toBeVisible();
  await dialog.getByLabel('E-mail').fill(`ines.${runId}@example.com`);
  await dialog.getByRole('button', { name: 'Create the customer' }).click();

  await expect(page.getByRole('heading', { level: 1, name: `Inès ${lastName}` })).toBeVisible();
  const activity = page.getByTestId('activity-feed');
  await expect(activity).toContainText('Customer created');

  await page.getByLabel('Phone').fill('+33 1 23 45 67 89');
  await page.getByRole('region', { name: 'Profile', exact: true }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(activity).toContainText('Profile updated');
  await expect(activity).toContainText('Phone');
  await expectAccessible(page, 'the customer profile');
  await screenshot(page, 'customer-profile-en');

  await page.getByRole('link', { name: 'All customers' }).click();
  await page.getByLabel('Search customers').fill(lastName.toLowerCase());
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText(`Inès ${lastName}`);
  await expect(table).toContainText('+33 1 23 45 67 89');
  await expectAccessible(page, 'the customer list');
  await screenshot(page, 'customers-en');
});
