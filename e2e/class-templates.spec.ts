import { expect, test, type Page } from '@playwright/test';
import { gradientPng } from '../src/platform/testing/png.ts';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin } from './support.ts';

async function chooseImage(page: Page, buttonName: string | RegExp, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: buttonName }).click();
  await (await chooser).setFiles(file);
}

test('an admin creates a class template with a banner, edits it, writes a teacher bio and draws a room’s spot map', async ({ page }) => {
  // Long: one journey through four screens, with axe checks, on a shared machine.
  test.setTimeout(300_000);
  const name = `Vinyasa Flow ${runId}`;
  await signInAsAdmin(page);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });

  // A new template, with a banner chosen before it exists (uploaded once it is created).
  await nav.getByRole('link', { name: 'Class templates' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Class templates' })).toBeVisible();
  await page.getByRole('button', { name: 'New template' }).click();
  const dialog = page.getByRole('dialog', { name: 'New template' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('textbox', { name: 'Category' }).fill('Yoga');
  await dialog.getByRole('textbox', { name: 'Description' }).fill('A flowing class linking breath and movement.');
  await dialog.getByRole('textbox', { name: 'Welcome message' }).fill('Bring a mat and water.');
  await dialog.getByRole('textbox', { name: 'Duration' }).fill('75');
  await dialog.getByRole('textbox', { name: 'Capacity' }).fill('18');
  await dialog.getByRole('textbox', { name: 'Price' }).fill('22.5');
  await chooseImage(page, 'Choose an image', { name: 'banner.png', mimeType: 'image/png', buffer: gradientPng(600, 200, [255, 146, 43], [190, 75, 219]) });
  await expect(dialog.getByRole('img', { name: 'Preview: Banner image' })).toBeVisible();
  await expectAccessible(page, 'new class template dialog');
  await screenshot(page, 'class-template-dialog-en');
  await dialog.getByRole('button', { name: 'Create the template' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Yoga');
  await expect(row).toContainText('75 minutes');
  await expect(row).toContainText('€22.50');
  // The banner thumbnail is the saved image, served back by the staff route.
  const thumbnail = row.locator('img');
  await expect(thumbnail).toHaveAttribute('src', /\/api\/v1\/class-templates\/tpl_[^/]+\/banner\?v=\d+/);
  expect(await thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(600);

  // Edit: the description and price change; the banner stays.
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('dialog', { name: 'Edit the template' });
  await expect(edit.getByRole('img', { name: 'Preview: Banner image' })).toBeVisible();
  await edit.getByRole('textbox', { name: 'Description' }).fill('Breath, movement and a long rest.');
  await edit.getByRole('textbox', { name: 'Price' }).fill('24');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('€24.00');
  await expect(row.locator('img')).toBeVisible();
  await screenshot(page, 'class-templates-en');

  // Teachers: the admin writes a teacher's bio and sets her photo.
  await nav.getByRole('link', { name: 'Teachers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Teachers' })).toBeVisible();
  const card = page.getByTestId('teacher-card').filter({ hasText: 'Inès Moreau' });
  await card.getByRole('button', { name: /^Edit the profile of/ }).click();
  const profile = page.getByRole('dialog', { name: /^Edit the profile of Inès Moreau/ });
  await profile.getByRole('textbox', { name: 'Bio' }).fill(`Teaches vinyasa and yin since 2012. (${runId})`);
  await chooseImage(page, 'Choose an image', { name: 'ines.png', mimeType: 'image/png', buffer: gradientPng(160, 160, [18, 184, 134], [21, 170, 191]) });
  await profile.getByRole('button', { name: 'Save' }).click();
  await expect(profile).toBeHidden();
  await expect(card).toContainText(`Teaches vinyasa and yin since 2012. (${runId})`);
  await expect(card.locator('img')).toHaveAttribute('src', /\/api\/v1\/teachers\/usr_[^/]+\/photo\?v=\d+/);
  await expectAccessible(page, 'teachers');
  await screenshot(page, 'teachers-en');

  // Spot map: a 3 × 4 room with three spots and a door, drawn by clicking and with the keyboard.
  await nav.getByRole('link', { name: 'Locations & rooms' }).click();
  await page.getByRole('button', { name: 'Spot map of Studio A' }).click();
  const editor = page.getByRole('dialog', { name: 'Spot map · Studio A' });
  await editor.getByRole('textbox', { name: 'Rows' }).fill('3');
  await editor.getByRole('textbox', { name: 'Columns' }).fill('4');
  const grid = editor.getByRole('group', { name: 'Room plan, 3 rows by 4 columns' });
  await grid.getByRole('button', { name: 'Row 1, column 1: empty' }).click();
  await grid.getByRole('button', { name: 'Row 1, column 2: empty' }).click();
  // The keyboard: arrow down to row 2, Enter makes it a spot.
  await grid.getByRole('button', { name: 'Row 1, column 2: spot 2' }).press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(grid.getByRole('button', { name: 'Row 2, column 2: spot 3' })).toBeFocused();
  // A fourth click-cycle on the corner: spot, then landmark, named in a prompt.
  await grid.getByRole('button', { name: 'Row 1, column 4: empty' }).click();
  await grid.getByRole('button', { name: 'Row 1, column 4: spot 4' }).click();
  const prompt = page.getByRole('dialog', { name: 'Name this landmark' });
  await expect(prompt.getByRole('textbox', { name: 'Landmark' })).toHaveValue('Door');
  await prompt.getByRole('button', { name: 'Add the landmark' }).click();
  await expect(grid.getByRole('button', { name: 'Row 1, column 4: landmark Door' })).toBeVisible();
  await expect(editor.getByTestId('spot-count')).toHaveText('3 spots');
  await expectAccessible(page, 'spot map editor');
  await screenshot(page, 'spot-map-en');
  await editor.getByRole('button', { name: 'Save the plan' }).click();
  await expect(editor).toBeHidden();
  await expect(page.getByRole('row', { name: /Studio A/ }).getByRole('cell').nth(2)).toHaveText('3');

  // French, once: the list, its prices and the editor speak the studio's other language.
  await chooseLanguage(page, 'Français');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Modèles de cours' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Modèles de cours' })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText(/24,00\s€/);
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('75 minutes');
  await screenshot(page, 'class-templates-fr');
  await chooseLanguage(page, 'English');

  // A phone: the list becomes cards, the editor scrolls sideways if it must.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/settings/class-templates');
  // A full page load on a busy machine: allow the list longer than the default to arrive.
  await expect(page.getByRole('listitem').filter({ hasText: name })).toContainText('€24.00', { timeout: 30_000 });
  await screenshot(page, 'class-templates-390');
  await page.goto('/settings/teachers');
  await expect(page.getByTestId('teacher-card').filter({ hasText: 'Inès Moreau' })).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'teachers-390');
  await page.goto('/settings/locations');
  await page.getByRole('button', { name: 'Spot map of Studio A' }).click({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Row 1, column 4: landmark Door' })).toBeVisible();
  await screenshot(page, 'spot-map-390');
});
