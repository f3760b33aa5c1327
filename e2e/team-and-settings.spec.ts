import { expect, test } from '@playwright/test';
import { expectAccessible, runId, screenshot, selectOption, signInAsAdmin } from './support.ts';

const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 48" width="160" height="48">
  <rect width="160" height="48" rx="10" fill="#1b6e4a"/><circle cx="24" cy="24" r="12" fill="#ffd43b"/>
  <text x="44" y="31" font-family="sans-serif" font-size="18" fill="#ffffff">Lumière</text></svg>`;

test('an invited teacher joins through the e-mailed link and sees only what a teacher may use', async ({ page, browser }) => {
  await signInAsAdmin(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  const email = `theo.${runId}@lumiere.example`;
  await nav.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Invite a staff member' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite a staff member' });
  await dialog.getByLabel('E-mail').fill(email);
  await dialog.getByLabel('First name').fill('Théo');
  await selectOption(page, 'Role', 'Teacher');
  await dialog.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) })).toContainText('Invited');

  // The invitation is in the sent-message log, with its link.
  await nav.getByRole('link', { name: 'Sent messages' }).click();
  const row = page.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) });
  await expect(row).toBeVisible();
  await expectAccessible(page, 'sent messages');
  await screenshot(page, 'messages-en');
  await row.getByRole('button').first().click();
  const body = page.getByTestId('message-body');
  await expect(body).toContainText('/accept-invite?token=');
  await screenshot(page, 'message-body-en');
  const link = /https?:\/\/\S+\/accept-invite\?token=\S+/.exec((await body.textContent()) ?? '')?.[0];
  expect(link, 'invitation link in the e-mail').toBeTruthy();

  // The teacher, in a browser of their own.
  const context = await browser.newContext({ locale: 'en-US' });
  const teacher = await context.newPage();
  await teacher.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(teacher.getByRole('heading', { level: 1 })).toBeVisible();
  await teacher.getByTestId('language-switch').click();
  await teacher.getByRole('menuitem', { name: 'English' }).click();
  await expect(teacher.getByRole('heading', { level: 1, name: 'Join your team on Enso' })).toBeVisible();
  await expectAccessible(teacher, 'accepting an invitation');
  await teacher.getByRole('textbox', { name: 'New password', exact: true }).fill('Salutation-au-soleil-7');
  await teacher.getByRole('textbox', { name: 'Confirm the password', exact: true }).fill('Salutation-au-soleil-7');
  await teacher.getByRole('button', { name: 'Create my account' }).click();
  await expect(teacher.getByTestId('header-studio-name')).toHaveText('Studio Lumière');
  const teacherNav = teacher.getByRole('navigation', { name: 'Main navigation' });
  await expect(teacherNav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(teacherNav.getByRole('link', { name: 'Locations & rooms' })).toBeVisible();
  for (const hidden of ['Customers', 'Sent messages', 'Staff', 'API keys', 'Studio']) {
    await expect(teacherNav.getByRole('link', { name: hidden, exact: true })).toHaveCount(0);
  }
  await expect(teacher.getByRole('button', { name: 'Add a location' })).toHaveCount(0);
  await screenshot(teacher, 'teacher-dashboard-en');
  await teacher.goto('/customers');
  await expect(teacher).toHaveURL(/\/$/);
  await context.close();

  // Back to the admin: the teacher is active now.
  await page.keyboard.press('Escape');
  await nav.getByRole('link', { name: 'Staff' }).click();
  await expect(page.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) })).toContainText('Active');
});

test('an admin creates and revokes an API key', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'API keys' }).click();
  const name = `Zapier ${runId}`;
  await page.getByRole('button', { name: 'Create a key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a key' });
  await dialog.getByLabel('Key name').fill(name);
  await selectOption(page, 'Role', 'Front desk');
  await dialog.getByRole('button', { name: 'Create a key' }).click();
  const secretDialog = page.getByRole('dialog', { name: 'Your new API key' });
  await expect(secretDialog.getByTestId('api-key-secret')).toHaveText(/\S{20,}/);
  await screenshot(page, 'api-key-created-en');
  await secretDialog.getByRole('button', { name: 'Done' }).click();

  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Front desk');
  await expectAccessible(page, 'API keys');
  await row.getByRole('button', { name: `Revoke key ${name}` }).click();
  await page.getByRole('dialog', { name: 'Revoke' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveCount(0);
});

test('the studio logo and brand colour show in the dashboard and on the customer pages', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Studio' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Studio settings' })).toBeVisible();
  const brand = page.getByRole('textbox', { name: 'Brand colour' });
  const original = await brand.inputValue();

  await page.locator('input[type="file"]').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(logoSvg) });
  await expect(page.getByTestId('studio-logo')).toBeVisible();
  await expect(page.getByRole('banner').locator('img')).toBeVisible();

  await brand.fill('#1b6e4a');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Changes saved.').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Replace the logo' })).toBeVisible();
  const primary = await page.evaluate(() =>
    (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(n: string): string }; document: { documentElement: unknown } })
      .getComputedStyle((globalThis as unknown as { document: { documentElement: unknown } }).document.documentElement)
      .getPropertyValue('--mantine-color-brand-6')
      .trim(),
  );
  expect(primary).toBe('#1b6e4a');
  await expectAccessible(page, 'studio settings');
  await screenshot(page, 'studio-settings-branded-en');

  await page.goto('/s/lumiere');
  await expect(page.getByRole('img', { name: 'Logo of Studio Lumière' })).toBeVisible();
  await expectAccessible(page, 'the branded studio page');
  await screenshot(page, 'public-landing-branded');

  // Put the demo studio back as it was.
  await page.goto('/settings/studio');
  await page.getByRole('textbox', { name: 'Brand colour' }).fill(original);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Changes saved.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Remove the logo' }).click();
  await expect(page.getByText('No logo yet.')).toBeVisible();
});
