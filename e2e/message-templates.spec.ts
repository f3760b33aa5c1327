import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, screenshot, signInAsAdmin } from './support.ts';

const phone = { width: 390, height: 844 };

/**
 * support.ts's accessibility check, leaving out the email preview: the preview frame is sandboxed
 * without scripts (it shows an email, not part of the app), so axe cannot run inside it.
 */
async function expectAccessible(page: Page, context: string): Promise<void> {
  await page.waitForTimeout(300);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('.mantine-Notifications-root')
    .exclude('iframe')
    .analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\n/g, ' ')).join('\n    ')}`);
  expect(blocking, `accessibility of ${context}`).toEqual([]);
}

async function openClassCancelled(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Message templates' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Message templates' })).toBeVisible();
  await page.getByRole('link', { name: 'Class cancelled by the studio' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Class cancelled by the studio' })).toBeVisible();
}

test.describe('message templates', () => {
  // The editor's accessibility scans (blocks, SMS text, variables) are slow on a busy machine.
  test.setTimeout(120_000);

  test('staff edit a template, are told about a misspelt variable, fix it and see it in the preview', async ({ page }) => {
    await signInAsAdmin(page);
    await openClassCancelled(page);
    const preview = page.frameLocator('[data-testid="preview-frame"]');
    // The default text, rendered with sample values in the preview.
    await expect(preview.getByText('Our teacher is ill; we are sorry.')).toBeVisible();

    const firstText = page.getByTestId('block-0').getByLabel('Text');
    await firstText.fill('Dear ##{{firstname}},');
    await page.getByLabel('Subject').fill('Cancelled: ##{{class_name}} ##{{clas_date}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const errors = page.getByTestId('save-errors');
    await expect(errors).toContainText('##{{firstname}}');
    await expect(errors).toContainText('##{{clas_date}}');
    await expect(page.getByTestId('block-0')).toContainText('##{{firstname}} is not a variable of this template');
    await expect(preview.getByText('Dear ##{{firstname}},')).toBeVisible();
    await screenshot(page, 'message-template-errors-en');

    await page.getByTestId('variable-first_name').click();
    await expect(page.getByText(/^(Copied|Copy this by hand:) ##\{\{first_name\}\}$/)).toBeVisible();
    await firstText.fill('Dear ##{{first_name}},');
    await page.getByLabel('Subject').fill('Cancelled: ##{{class_name}} on ##{{class_date}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await expect(page.getByText('Template saved.')).toBeVisible();
    await expect(errors).toHaveCount(0);
    await expect(page.getByText('Your own version.')).toBeVisible();
    await expectAccessible(page, 'the template editor');
    await expect(preview.getByText('Dear Ana,')).toBeVisible();
    await expect(page.getByTestId('preview-subject')).toHaveText('Subject: Cancelled: Vinyasa Flow on Monday 12 January 2026');

    // Reorder with the keyboard-reachable arrows, add a heading, and save again.
    await page.getByRole('button', { name: 'Move down (1)' }).click();
    await expect(page.getByTestId('block-1').getByLabel('Text')).toHaveValue('Dear ##{{first_name}},');
    // Drag and drop: the note to the top, then back to where it was.
    await page.getByTestId('block-2').getByTitle('Drag to reorder').dragTo(page.getByTestId('block-0'));
    await expect(page.getByTestId('block-0').getByLabel('Text')).toHaveValue('##{{noteToCustomers}}');
    await expect(page.getByTestId('block-2').getByLabel('Text')).toHaveValue('Dear ##{{first_name}},');
    await page.getByTestId('block-0').getByTitle('Drag to reorder').dragTo(page.getByTestId('block-2'));
    await expect(page.getByTestId('block-2').getByLabel('Text')).toHaveValue('##{{noteToCustomers}}');
    await expect(page.getByTestId('block-1').getByLabel('Text')).toHaveValue('Dear ##{{first_name}},');
    await page.getByRole('button', { name: 'Add content' }).click();
    await page.getByRole('menuitem', { name: 'Heading' }).click();
    const blocks = page.locator('[data-testid^="block-"]');
    await blocks.last().getByLabel('Heading').fill('See you soon, ##{{first_name}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Template saved.').first()).toBeVisible();
    await expect(preview.getByText('See you soon, Ana')).toBeVisible();
    await page.getByRole('link', { name: 'All message templates' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'message-template-editor-en');

    await page.reload();
    await expect(page.getByTestId('block-1').getByLabel('Text')).toHaveValue('Dear ##{{first_name}},');

    await page.getByRole('link', { name: 'All message templates' }).click();
    await expect(page.getByTestId('template-class.cancelled')).toContainText('EN · Edited');
    await expect(page.getByTestId('template-class.cancelled')).toContainText('FR · Default');
    await expectAccessible(page, 'the message template list');
    await screenshot(page, 'message-templates-en');
    await page.setViewportSize(phone);
    await screenshot(page, 'message-templates-phone-en');
    await page.getByRole('link', { name: 'Class cancelled by the studio' }).click();
    await expect(preview.getByText('Dear Ana,')).toBeVisible();
    await screenshot(page, 'message-template-editor-phone-en');
    await page.setViewportSize({ width: 1280, height: 800 });

    // French: the UI and the French version of the template, still the default.
    await chooseLanguage(page, 'Français');
    await page.getByLabel('Langue', { exact: true }).getByText('Français', { exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Cours annulé par le studio' })).toBeVisible();
    await expect(page.getByText("Vous voyez le texte par défaut d'Enso.")).toBeVisible();
    await expect(preview.getByText('Bonjour Ana,')).toBeVisible();
    await expect(preview.getByText('Notre professeure est malade ; toutes nos excuses.')).toBeVisible();
    await expectAccessible(page, "l'éditeur de modèle en français");
    await screenshot(page, 'message-template-editor-fr');
    await page.setViewportSize(phone);
    await screenshot(page, 'message-template-editor-phone-fr');
    await page.goto('/settings/message-templates');
    await expect(page.getByRole('heading', { level: 1, name: 'Modèles de messages' })).toBeVisible();
    await screenshot(page, 'message-templates-phone-fr');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'message-templates-fr');

    // Back to the default English text.
    await page.goto('/settings/message-templates/class.cancelled/en');
    await page.getByRole('button', { name: 'Revenir au texte par défaut' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revenir au texte par défaut' }).click();
    await expect(page.getByText('Le texte par défaut est de nouveau utilisé.', { exact: true })).toBeVisible();
    await expect(page.getByTestId('block-0').getByLabel('Texte')).toHaveValue('Hello ##{{first_name}},');
    await chooseLanguage(page, 'English');
  });
});
