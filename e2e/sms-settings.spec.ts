import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, screenshot, signInAsAdmin } from './support.ts';

const phone = { width: 390, height: 844 };

/** Chooses a tier and saves it, unless it is already the studio's. */
async function useTier(page: Page, label: string): Promise<void> {
  await page.getByRole('radio', { name: label }).check();
  const save = page.getByRole('button', { name: 'Change tier' });
  if (await save.isEnabled()) {
    await save.click();
    await expect(page.getByText('SMS tier changed.')).toBeVisible();
  }
}

test.describe('SMS & phone settings', () => {
  // The accessibility scans of these long pages are slow on a busy machine.
  test.setTimeout(120_000);

  test('staff see the month’s SMS use, move up a tier and set where calls are forwarded', async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole('navigation').getByRole('link', { name: 'SMS & phone' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'SMS & phone' })).toBeVisible();

    await useTier(page, 'Starter');
    await expect(page.getByTestId('sms-usage')).toContainText(/of 500 segments used/);
    await useTier(page, 'Growth');
    await expect(page.getByTestId('sms-usage')).toContainText(/of 2,000 segments used/);
    await expect(page.getByRole('radio', { name: 'Growth' })).toBeChecked();

    // A national number is refused: the country is not known.
    const forwarding = page.getByLabel('Forward calls to');
    await forwarding.fill('06 12 34 56 78');
    await page.getByRole('button', { name: 'Save number' }).click();
    await expect(page.getByText('Enter an international number starting with + and the country code')).toBeVisible();
    await expect(forwarding).toHaveAttribute('aria-invalid', 'true');
    await forwarding.fill('+33 6 12 34 56 78');
    await page.getByRole('button', { name: 'Save number' }).click();
    await expect(page.getByText('Forwarding number saved.')).toBeVisible();
    await expect(forwarding).toHaveValue('+33612345678');
    await page.reload();
    await expect(page.getByLabel('Forward calls to')).toHaveValue('+33612345678');
    await expect(page.getByRole('radio', { name: 'Growth' })).toBeChecked();
    await expectAccessible(page, 'Settings › SMS & phone');
    await screenshot(page, 'sms-settings-en');

    await useTier(page, 'Starter');
  });

  test('at phone width, in French', async ({ page }) => {
    await page.setViewportSize(phone);
    await signInAsAdmin(page);
    await page.goto('/settings/sms');
    await chooseLanguage(page, 'Français');
    await expect(page.getByRole('heading', { level: 1, name: 'SMS et téléphone' })).toBeVisible();
    await expect(page.getByTestId('sms-usage')).toContainText(/segments utilisés sur/);
    await expect(page.getByRole('radio', { name: 'Croissance' })).toBeVisible();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'Paramètres › SMS et téléphone (phone)');
    await screenshot(page, 'sms-settings-fr-phone');
    await chooseLanguage(page, 'English');
  });

  test('class reminders: the hours before a class its reminder goes, refused past a week', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/settings/sms');
    const hours = page.getByLabel('Class reminders: hours before the class (0 = no reminders)');
    await expect(hours).toHaveValue('2');
    await hours.fill('200');
    await page.getByRole('button', { name: 'Save reminders' }).click();
    await expect(page.getByText('Enter a whole number of hours from 0 (no reminders) to 168 (a week).')).toBeVisible();
    await expect(hours).toHaveAttribute('aria-invalid', 'true');
    await hours.fill('3');
    await page.getByRole('button', { name: 'Save reminders' }).click();
    await expect(page.getByText('Class reminders saved.')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Class reminders: hours before the class (0 = no reminders)')).toHaveValue('3');
    await page.getByTestId('class-reminder-hours').scrollIntoViewIfNeeded();
    await screenshot(page, 'sms-settings-reminders-en');

    await page.setViewportSize(phone);
    await chooseLanguage(page, 'Français');
    const heures = page.getByLabel('Rappels de cours : heures avant le cours (0 = aucun rappel)');
    await expect(heures).toHaveValue('3');
    await heures.scrollIntoViewIfNeeded();
    await screenshot(page, 'sms-settings-reminders-fr-phone');
    await heures.fill('2');
    await page.getByRole('button', { name: 'Enregistrer les rappels' }).click();
    await expect(page.getByText('Rappels de cours enregistrés.')).toBeVisible();
    await chooseLanguage(page, 'English');
  });

  test('the SMS text of a template is edited apart, with its segments counted as it is typed', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/settings/message-templates/class.cancelled/en');
    await expect(page.getByRole('heading', { level: 1, name: 'Class cancelled by the studio' })).toBeVisible();
    const sms = page.getByLabel('SMS text');
    await sms.fill('##{{studio_name}}: ##{{class_name}} on ##{{class_date}} is cancelled.');
    await expect(page.getByTestId('sms-segments')).toHaveText('1 segment (GSM-7) · 69 characters');
    await sms.fill('##{{studio_name}}: ##{{class_name}} on ##{{class_date}} is cancelled 🙏 ' + 'Sorry! '.repeat(3));
    await expect(page.getByTestId('sms-segments')).toContainText('2 segments (UCS-2)');
    await expect(page.getByTestId('preview-sms')).toContainText('Studio Lumière: Vinyasa Flow on Monday 12 January 2026 is cancelled 🙏');

    await sms.fill('Hi ##{{firstname}}, ##{{class_name}} is cancelled.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('save-errors')).toContainText('##{{firstname}}');
    await expect(page.getByText('##{{firstname}} is not a variable of this template')).toBeVisible();
    await sms.fill('Hi ##{{first_name}}, ##{{class_name}} is cancelled.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Template saved.')).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Class cancelled by the studio' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByLabel('SMS text')).toHaveValue('Hi ##{{first_name}}, ##{{class_name}} is cancelled.');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).exclude('.mantine-Notifications-root').exclude('iframe').analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.getByTestId('sms-text').scrollIntoViewIfNeeded();
    await screenshot(page, 'message-template-sms-en');
    // Back to the default for the other journeys.
    await page.getByRole('button', { name: 'Back to the default' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Back to the default' }).click();
    await expect(page.getByLabel('SMS text')).toHaveValue('');
  });
});
