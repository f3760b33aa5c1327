import { expect, test } from '@playwright/test';
import { startZoomStub, type ZoomStub } from '../src/platform/testing/zoom-stub.ts';
import { expectAccessible, screenshot, signInAsAdmin } from './support.ts';

/**
 * The Zoom half needs the server to talk to a local Zoom peer: run with
 * ZOOM_API_URL=http://127.0.0.1:<port>/v2 ZOOM_OAUTH_URL=http://127.0.0.1:<port>/oauth/token
 * (the web server inherits them) and this spec starts the peer on that port. Without them it
 * checks only that the page explains what to enter (the API tests cover Zoom end to end).
 */
const zoomPort = (() => {
  const url = process.env.ZOOM_OAUTH_URL;
  if (!url) return null;
  const parsed = new URL(url);
  return parsed.hostname === '127.0.0.1' ? Number(parsed.port) : null;
})();

test('an admin creates, checks and replaces a location’s calendar link', async ({ page }) => {
  await signInAsAdmin(page);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Calendar feeds' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calendar feeds' })).toBeVisible();
  const locations = page.getByRole('region', { name: 'Locations' });
  const row = locations.getByRole('listitem').filter({ hasText: 'Lumière Marais' });
  const link = row.getByRole('textbox', { name: 'Calendar link for Lumière Marais' });
  const create = row.getByRole('button', { name: 'Create link', exact: true });
  // The list loads after the heading; a lasting database may keep an earlier run's link (replaced the same way below).
  await expect(create.or(link)).toBeVisible();
  if (await create.isVisible()) {
    await create.click();
    await expect(page.getByText('Calendar link created.')).toBeVisible();
  }
  await expect(link).toHaveValue(/\/api\/public\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const first = await link.inputValue();
  await expect(row.getByRole('button', { name: 'Copy', exact: true })).toBeVisible();
  await expectAccessible(page, 'calendar feeds');
  await screenshot(page, 'calendar-feeds-desktop');

  // Opening the link as a calendar app would: an iCalendar file, no sign-in.
  const ics = await page.request.get(new URL(first).pathname, { headers: { cookie: '' } });
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);

  await row.getByRole('button', { name: 'Link actions for Lumière Marais' }).click();
  await page.getByRole('menuitem', { name: 'Replace link' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Replace link', exact: true }).click();
  await expect(page.getByText('New link created; the old one no longer works.')).toBeVisible();
  await expect(link).not.toHaveValue(first);
  expect((await page.request.get(new URL(first).pathname)).status()).toBe(404);
  expect((await page.request.get(new URL(await link.inputValue()).pathname)).status()).toBe(200);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(link).toBeVisible();
  await screenshot(page, 'calendar-feeds-phone');
});

test.describe('online classes', () => {
  let stub: ZoomStub | null = null;
  test.beforeAll(async () => {
    if (zoomPort) stub = await startZoomStub({ port: zoomPort });
  });
  test.afterAll(async () => {
    await stub?.close();
  });

  test('an admin connects Zoom (refused credentials first), then disconnects it', async ({ page }) => {
    await signInAsAdmin(page);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Online classes' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Online classes' })).toBeVisible();
    const zoom = page.getByRole('region', { name: 'Zoom' });
    // A lasting database may still have an earlier run's account (the region loads after the heading).
    await expect(zoom).toBeVisible();
    if ((await zoom.getByRole('button', { name: 'Disconnect Zoom' }).count()) > 0) {
      await zoom.getByRole('button', { name: 'Disconnect Zoom' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Disconnect Zoom' }).click();
    }
    await expect(zoom.getByText('Not connected')).toBeVisible();
    await expect(zoom.getByRole('textbox', { name: 'Account ID' })).toBeVisible();
    await expectAccessible(page, 'online classes');
    await screenshot(page, 'online-classes-desktop');
    // playwright.config.ts points ZOOM_* at a local peer unless they are set to a remote Zoom, which a journey must not call.
    test.skip(!stub, 'ZOOM_API_URL/ZOOM_OAUTH_URL point at a remote Zoom, not a local peer');

    await zoom.getByRole('textbox', { name: 'Account ID' }).fill(stub!.credentials.accountId);
    await zoom.getByRole('textbox', { name: 'Client ID' }).fill(stub!.credentials.clientId);
    await zoom.getByLabel('Client secret').fill('not-the-secret');
    await zoom.getByRole('button', { name: 'Connect Zoom' }).click();
    await expect(zoom.getByText(/Zoom refused these credentials/).first()).toBeVisible();

    await zoom.getByLabel('Client secret').fill(stub!.credentials.clientSecret);
    await zoom.getByRole('button', { name: 'Connect Zoom' }).click();
    await expect(page.getByText('Zoom is connected.')).toBeVisible();
    await expect(zoom.getByText('Connected', { exact: true })).toBeVisible();
    await expect(zoom.getByText(`Account ${stub!.credentials.accountId} · app ${stub!.credentials.clientId}`)).toBeVisible();
    await expect(page.getByText(stub!.credentials.clientSecret)).toHaveCount(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'online-classes-phone');

    await zoom.getByRole('button', { name: 'Disconnect Zoom' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect Zoom' }).click();
    await expect(page.getByText('Zoom is disconnected.')).toBeVisible();
    await expect(zoom.getByText('Not connected')).toBeVisible();
  });
});
