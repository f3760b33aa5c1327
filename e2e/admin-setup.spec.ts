import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, selectOption, signInAsAdmin } from './support.ts';

test('an admin sets up a location, a room and a teacher, then works in French', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Sign in to Enso' })).toBeVisible();
  await expectAccessible(page, 'the sign-in page');
  await screenshot(page, 'login-en');

  await signInAsAdmin(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Studio Lumière' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const section of ['Dashboard', 'Customers', 'Sent messages', 'Studio', 'Locations & rooms', 'Staff', 'API keys']) {
    await expect(nav.getByRole('link', { name: section, exact: true })).toBeVisible();
  }
  await expectAccessible(page, 'the dashboard');
  await screenshot(page, 'dashboard-en');

  // A location in another time zone, with one room.
  const locationName = `Brooklyn Loft ${runId}`;
  await nav.getByRole('link', { name: 'Locations & rooms' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Locations & rooms' })).toBeVisible();
  await page.getByRole('button', { name: 'Add a location' }).click();
  const locationDialog = page.getByRole('dialog', { name: 'Add a location' });
  await locationDialog.getByLabel('Location name').fill(locationName);
  await locationDialog.getByLabel('Address', { exact: true }).fill('12 Water Street');
  await locationDialog.getByLabel('Postal code').fill('11201');
  await locationDialog.getByLabel('City').fill('New York');
  await locationDialog.getByLabel('Region / state').fill('NY');
  await locationDialog.getByLabel('Country code').fill('us');
  await selectOption(page, 'Time zone', 'America/New_York', 'New_York');
  await expectAccessible(page, 'the add-location dialog');
  await screenshot(page, 'location-dialog-en');
  await locationDialog.getByRole('button', { name: 'Add a location' }).click();
  await expect(locationDialog).toBeHidden();

  const card = page.getByRole('region', { name: locationName });
  await expect(card).toContainText('America/New_York');
  await expect(card).toContainText('12 Water Street, 11201 New York, NY, United States');
  await card.getByRole('button', { name: 'Add a room' }).click();
  const roomDialog = page.getByRole('dialog', { name: 'Add a room' });
  await roomDialog.getByLabel('Room name').fill('Sun Room');
  await roomDialog.getByLabel('Capacity').fill('18');
  await roomDialog.getByRole('button', { name: 'Add a room' }).click();
  await expect(roomDialog).toBeHidden();
  await expect(card.getByRole('table', { name: `Rooms of ${locationName}` })).toContainText('Sun Room');
  await expect(card.getByRole('table', { name: `Rooms of ${locationName}` })).toContainText('18');
  await expectAccessible(page, 'locations and rooms');
  await screenshot(page, 'locations-en');

  // Invite a teacher.
  const teacherEmail = `tess.${runId}@lumiere.example`;
  await nav.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('button', { name: 'Invite a staff member' }).click();
  const inviteDialog = page.getByRole('dialog', { name: 'Invite a staff member' });
  await inviteDialog.getByLabel('E-mail').fill(teacherEmail);
  await inviteDialog.getByLabel('First name').fill('Tess');
  await inviteDialog.getByLabel('Last name').fill('Durand');
  await selectOption(page, 'Role', 'Teacher');
  await inviteDialog.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(inviteDialog).toBeHidden();
  const teacherRow = page.getByRole('row', { name: new RegExp(teacherEmail.replace(/\./g, '\\.')) });
  await expect(teacherRow).toContainText('Teacher');
  await expect(teacherRow).toContainText('Invited');
  await expectAccessible(page, 'the staff list');
  await screenshot(page, 'staff-en');

  // Switch to French: labels change at once, and the choice is saved on the account.
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('heading', { level: 1, name: 'Équipe' })).toBeVisible();
  const navFr = page.getByRole('navigation', { name: 'Navigation principale' });
  for (const section of ['Tableau de bord', 'Clients', 'Messages envoyés', 'Lieux et salles', 'Équipe', 'Clés d’API']) {
    await expect(navFr.getByRole('link', { name: section, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('button', { name: 'Inviter un membre de l’équipe' })).toBeVisible();
  await expect(teacherRow).toContainText('Professeur');
  await expect(teacherRow).toContainText('Invité');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expectAccessible(page, 'the staff list in French');
  await screenshot(page, 'staff-fr');

  // Forget the browser's choice: the account remembers French.
  await page.evaluate('localStorage.clear()');
  await page.goto('/settings/locations');
  await expect(page.getByRole('heading', { level: 1, name: 'Lieux et salles' })).toBeVisible();
  await expect(page.getByRole('region', { name: locationName })).toContainText('Salles');
  await screenshot(page, 'locations-fr');

  await navFr.getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.getByText('Accès rapides')).toBeVisible();
  await expectAccessible(page, 'the dashboard in French');
  await screenshot(page, 'dashboard-fr');

  await navFr.getByRole('link', { name: 'Studio' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paramètres du studio' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Fuseau horaire' })).toHaveValue('Europe/Paris');
  await expectAccessible(page, 'studio settings in French');
  await screenshot(page, 'studio-settings-fr');
});
