import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, selectOption, signInAsAdmin, studioSlug } from './support.ts';

test('an admin sets up a custom field and a badge tag, then tags a customer, answers the field and writes a note', async ({ page, browser }) => {
  // Tag names are unique per studio: the run id keeps the journey repeatable on a database that outlives a run.
  const vip = `VIP ${runId}`;
  await signInAsAdmin(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  // Settings → Custom fields: "Injury", shown as a badge while it has an answer.
  await nav.getByRole('link', { name: 'Custom fields' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Custom fields' })).toBeVisible();
  await page.getByRole('button', { name: 'New field' }).click();
  const fieldDialog = page.getByRole('dialog', { name: 'New field' });
  await fieldDialog.getByLabel('Label').fill('Injury');
  await selectOption(page, 'Badge', 'When answered');
  await fieldDialog.getByRole('button', { name: 'Save' }).click();
  await expect(fieldDialog).toBeHidden();
  await expect(page.getByTestId('fields-table')).toContainText('Injury');
  await expectAccessible(page, 'the custom fields settings');
  await screenshot(page, 'crm-fields-en');

  // Settings → Tags: "VIP", yellow, shown as a badge.
  await nav.getByRole('link', { name: 'Tags' }).click();
  await page.getByRole('button', { name: 'New tag' }).click();
  const tagDialog = page.getByRole('dialog', { name: 'New tag' });
  await tagDialog.getByRole('textbox', { name: 'Name' }).fill(vip);
  await selectOption(page, 'Colour', 'Yellow');
  await tagDialog.getByRole('switch', { name: 'Show as a badge' }).check();
  await tagDialog.getByRole('button', { name: 'Save' }).click();
  await expect(tagDialog).toBeHidden();
  await expect(page.getByTestId('tags-table')).toContainText(vip);
  await expectAccessible(page, 'the tags settings');
  await screenshot(page, 'crm-tags-en');

  // A new customer's profile.
  await nav.getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Add a customer' }).click();
  const customerDialog = page.getByRole('dialog', { name: 'Add a customer' });
  await customerDialog.getByLabel('First name').fill('Léa');
  await customerDialog.getByLabel('Last name').fill(`Badge${runId}`);
  await customerDialog.getByRole('button', { name: 'Create the customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Léa Badge${runId}` })).toBeVisible();

  // Tag her VIP and record her injury: both become badges under the header.
  const tags = page.getByRole('region', { name: 'Tags' });
  await tags.getByLabel('Add a tag').fill(vip);
  await tags.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('customer-tags')).toContainText(vip);

  const fields = page.getByRole('region', { name: 'Custom fields' });
  await fields.getByLabel('Injury').last().fill('left knee');
  await fields.getByRole('button', { name: 'Save answers' }).click();
  const badges = page.getByRole('list', { name: 'Badges' });
  await expect(badges.getByText(vip)).toBeVisible();
  await expect(badges).toContainText('Injury: left knee');

  // A staff note, newest first, signed by its author.
  const notes = page.getByRole('region', { name: 'Notes' });
  await notes.getByRole('textbox', { name: 'New note' }).fill('Prefers a mat near the window.');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('customer-notes')).toContainText('Prefers a mat near the window.');
  await expect(page.getByTestId('activity-feed')).toContainText('Note added');
  await expect(page.getByTestId('activity-feed')).toContainText(`Tag added: ${vip}`);
  await expectAccessible(page, 'the customer profile with badges, tags, fields and notes');
  await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
  await screenshot(page, 'crm-profile-en');

  // The same page in French.
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('region', { name: 'Étiquettes' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Insignes' })).toContainText('Injury : left knee');
  await expect(page.getByRole('region', { name: 'Notes' }).getByRole('button', { name: 'Ajouter la note' })).toBeVisible();
  await expectAccessible(page, 'the customer profile in French');
  await page.getByRole('region', { name: 'Notes' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'crm-profile-fr');

  // And at phone width.
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(page.getByRole('list', { name: 'Insignes' })).toBeVisible();
  await expectAccessible(page, 'the customer profile on a phone');
  await page.getByRole('link', { name: /Tous les clients/ }).scrollIntoViewIfNeeded();
  await screenshot(page, 'crm-profile-phone');

  // A customer answers the customer-editable field on their own account page, on a phone.
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const customer = await context.newPage();
  await customer.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(customer, 'English');
  await customer.getByLabel('First name').fill('Noé');
  await customer.getByLabel('Last name').fill(`Compte${runId}`);
  await customer.getByLabel('E-mail').fill(`noe.${runId}@example.com`);
  await customer.getByRole('textbox', { name: 'Password', exact: true }).fill('Champs-et-insignes-9');
  await customer.getByRole('button', { name: 'Create an account' }).click();
  const details = customer.getByRole('region', { name: 'Your details' });
  await details.getByLabel('Injury').last().fill('sore shoulder');
  await details.getByRole('button', { name: 'Save answers' }).click();
  await expect(customer.getByText('Changes saved.')).toBeVisible();
  await customer.reload();
  await expect(customer.getByRole('region', { name: 'Your details' }).getByLabel('Injury').last()).toHaveValue('sore shoulder');
  await customer.getByRole('region', { name: 'Your details' }).scrollIntoViewIfNeeded();
  await expectAccessible(customer, 'the customer account page with custom fields');
  await screenshot(customer, 'crm-account-phone');
  await context.close();
});
