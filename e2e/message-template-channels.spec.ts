import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { adminApi, chooseLanguage, screenshot, signInAsAdmin } from './support.ts';

const phone = { width: 390, height: 844 };

/** support.ts's accessibility check without the email preview (a sandboxed frame without scripts: axe cannot run in it). */
async function expectAccessible(page: Page, context: string): Promise<void> {
  await page.waitForTimeout(300);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('.mantine-Notifications-root').exclude('iframe').analyze();
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `accessibility of ${context}`).toEqual([]);
}

test.describe('message template channels', () => {
  test.setTimeout(120_000);

  test('staff turn SMS on for the booking confirmation, see it saved and on the list, then turn it off again', async ({ page, browser }) => {
    // Email only to start with, as in a new studio (a retry starts where the first try did).
    const admin = await adminApi(browser);
    const reset = await admin.request.put('/api/v1/message-templates/booking.confirmation/channels', { headers: admin.headers, data: { email: true, sms: false, inApp: false } });
    expect(reset.status()).toBe(200);
    await admin.close();

    await signInAsAdmin(page);
    await page.goto('/settings/message-templates/booking.confirmation/en');
    await expect(page.getByRole('heading', { level: 1, name: 'Booking confirmation' })).toBeVisible();
    const panel = page.getByTestId('template-channels');
    const email = panel.getByRole('switch', { name: 'Email' });
    const sms = panel.getByRole('switch', { name: 'SMS' });
    const inApp = panel.getByRole('switch', { name: 'In-app' });
    await expect(email).toBeChecked();
    await expect(sms).not.toBeChecked();
    await expect(inApp).not.toBeChecked();
    // The only channel on cannot be switched off.
    await expect(email).toBeDisabled();
    await expect(panel).toContainText('Each SMS counts against your monthly SMS tier');

    await sms.check();
    await expect(page.getByText('Channels saved')).toBeVisible();
    await page.reload();
    await expect(panel.getByRole('switch', { name: 'SMS' })).toBeChecked();
    await expect(panel.getByRole('switch', { name: 'Email' })).toBeEnabled();
    await expectAccessible(page, 'the template editor with its channels');
    await screenshot(page, 'message-template-channels-en');
    await page.setViewportSize(phone);
    await screenshot(page, 'message-template-channels-phone-en');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('link', { name: 'All message templates' }).click();
    const item = page.getByTestId('template-booking.confirmation');
    await expect(item.getByTestId('template-booking.confirmation-channel-sms')).toHaveAttribute('data-on', 'true');
    await expect(item.getByTestId('template-booking.confirmation-channel-in_app')).toHaveAttribute('data-on', 'false');
    await screenshot(page, 'message-templates-channels-en');

    await chooseLanguage(page, 'Français');
    await page.goto('/settings/message-templates/booking.confirmation/fr');
    await expect(page.getByRole('heading', { level: 1, name: 'Confirmation de réservation' })).toBeVisible();
    await expect(panel.getByRole('switch', { name: 'SMS' })).toBeChecked();
    await expect(panel).toContainText('Chaque SMS est décompté de votre palier SMS mensuel');
    await screenshot(page, 'message-template-channels-fr');
    await page.setViewportSize(phone);
    await screenshot(page, 'message-template-channels-phone-fr');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Back to email only: other journeys book in this studio.
    await panel.getByRole('switch', { name: 'SMS' }).uncheck();
    await expect(page.getByText('Canaux enregistrés')).toBeVisible();
    await page.reload();
    await expect(panel.getByRole('switch', { name: 'SMS' })).not.toBeChecked();
    await chooseLanguage(page, 'English');
  });
});
