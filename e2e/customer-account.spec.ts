import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, studioSlug } from './support.ts';

test('a customer signs up, signs out, signs in again and edits their phone', async ({ page }) => {
  const email = `camille.${runId}@example.com`;
  const password = 'Pilates-et-cafe-42';

  // The studio's default language (French) greets a first-time visitor.
  await page.goto(`/s/${studioSlug}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Studio Lumière' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Créer un compte' })).toBeVisible();
  await expectAccessible(page, 'the studio page');
  await screenshot(page, 'public-landing-fr');

  await chooseLanguage(page, 'English');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
  await page.getByLabel('First name').fill('Camille');
  await page.getByLabel('Last name').fill('Martin');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Phone').fill('+33 6 12 34 56 78');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await expectAccessible(page, 'the sign-up form');
  await screenshot(page, 'public-signup-en');
  await page.getByRole('button', { name: 'Create an account' }).click();

  await expect(page).toHaveURL(new RegExp(`/s/${studioSlug}/account$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Camille Martin' })).toBeVisible();
  await expect(page.getByLabel('Phone')).toHaveValue('+33 6 12 34 56 78');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(new RegExp(`/s/${studioSlug}$`));
  await expect(page.getByRole('link', { name: 'Create an account' })).toBeVisible();

  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Studio Lumière' })).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).last().click();
  await expect(page.getByText('Wrong e-mail or password.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).last().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Camille Martin' })).toBeVisible();

  const phone = page.getByLabel('Phone');
  await phone.fill('not a phone');
  await page.getByRole('region', { name: 'Your profile', exact: true }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Use digits, spaces, dots, dashes')).toBeVisible();
  await phone.fill('+33 7 98 76 54 32');
  await page.getByLabel('Date of birth').fill('1990-04-12');
  await page.getByRole('region', { name: 'Your profile', exact: true }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expectAccessible(page, 'the account page');
  await screenshot(page, 'public-account-en');

  await page.reload();
  await expect(page.getByLabel('Phone')).toHaveValue('+33 7 98 76 54 32');
  await expect(page.getByLabel('Date of birth')).toHaveValue('1990-04-12');
});

test('a customer who forgot their password resets it from the e-mailed link', async ({ page, browser }) => {
  const email = `jules.${runId}@example.com`;
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'English');
  await page.getByLabel('First name').fill('Jules');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('Premier-mot-de-passe-1');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Jules' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText('a link to reset the password is on its way');

  // The studio's sent-message log holds the e-mail; an admin reads the link from it.
  const staff = await browser.newContext({ locale: 'en-US' });
  const admin = await staff.newPage();
  await signInAsAdmin(admin);
  await admin.goto('/messages');
  // The customer signed up online, so a welcome e-mail is in the log too: open the reset.
  await admin.getByRole('row', { name: new RegExp(`${email.replace(/\./g, '\\.')}.*account\\.password_reset`) }).getByRole('button').first().click();
  const body = (await admin.getByTestId('message-body').textContent()) ?? '';
  const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(body)?.[0];
  expect(link, 'reset link in the e-mail').toBeTruthy();
  await staff.close();

  const url = new URL(link!);
  expect(url.pathname).toBe(`/s/${studioSlug}/reset-password`);
  await page.goto(url.pathname + url.search);
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('Second-mot-de-passe-2');
  await page.getByRole('textbox', { name: 'Confirm the password', exact: true }).fill('Second-mot-de-passe-2');
  await expectAccessible(page, 'choosing a new password');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByText('Your password has been changed.')).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('Second-mot-de-passe-2');
  await page.getByRole('button', { name: 'Sign in' }).last().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hello, Jules' })).toBeVisible();
});
