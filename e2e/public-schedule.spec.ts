import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, screenshot, signInAsAdmin, studioSlug } from './support.ts';

/**
 * The public schedule of the demo studio (seeded with a week of classes in Paris, a Saturday
 * class in Montréal and an online meditation), as a visitor in Paris sees it: week and list
 * views, a teacher filter, a class page, both languages, a phone, and the widget on another site.
 */

const cards = (page: Page) => page.getByTestId('class-card');

/** Next week: a whole week of classes whatever day the demo was seeded. */
async function openNextWeek(page: Page) {
  await page.goto(`/s/${studioSlug}`);
  await chooseLanguage(page, 'English');
  await page.getByTestId('public-schedule-link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Class schedule' })).toBeVisible();
  const before = await page.getByTestId('schedule-week').textContent();
  await page.getByRole('button', { name: 'Next week' }).click();
  await expect(page.getByTestId('schedule-week')).not.toHaveText(before ?? '');
  await expect(cards(page).first()).toBeVisible();
}

test('a visitor browses the week and the list, filters by teacher and opens a class', async ({ page }) => {
  test.setTimeout(180_000);
  await openNextWeek(page);

  // Week view: seven days; the Montréal class in its own zone and in the visitor's (Paris, six hours ahead).
  const week = page.getByTestId('schedule-week-view');
  await expect(week.getByRole('region')).toHaveCount(7);
  await expect(cards(page).filter({ hasText: 'Vinyasa Flow' })).not.toHaveCount(0);
  const montreal = cards(page).filter({ hasText: 'Lumière Montréal' }).first();
  await expect(montreal.getByTestId('class-time')).toHaveText('10:00–11:00 Eastern Time');
  await expect(montreal.getByTestId('class-visitor-time')).toHaveText('16:00–17:00 your time');
  const paris = cards(page).filter({ hasText: 'Pilates Mat' }).first();
  await expect(paris.getByTestId('class-time')).toHaveText('12:15–13:10');
  await expect(paris.getByTestId('class-visitor-time')).toHaveCount(0);
  await expect(paris.getByTestId('class-availability')).toHaveText('12 spots left');
  await expect(paris).toContainText('€22.00');
  await expect(cards(page).filter({ hasText: 'Cours particulier' })).toHaveCount(0);
  await expectAccessible(page, 'public schedule, week');
  await screenshot(page, 'public-schedule-week-desktop');

  // Filter by teacher: kept in the URL, and every class left is Tom's.
  await page.getByRole('combobox', { name: 'Teacher', exact: true }).click();
  await page.getByRole('option', { name: 'Tom Walker', exact: true }).click();
  await expect(page).toHaveURL(/teacher=usr_/);
  await expect(cards(page).filter({ hasText: 'with Inès Moreau' })).toHaveCount(0);
  await expect(cards(page).filter({ hasText: 'with Tom Walker' }).first()).toBeVisible();
  const tomCount = await cards(page).count();
  expect(tomCount).toBeGreaterThan(0);
  await expect(cards(page)).toHaveCount(await cards(page).filter({ hasText: 'with Tom Walker' }).count());
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Teacher', exact: true })).toHaveValue('Tom Walker');
  await expect(cards(page)).toHaveCount(tomCount);

  // List view, still filtered.
  await page.getByText('List', { exact: true }).click();
  await expect(page).toHaveURL(/view=list/);
  const list = page.getByTestId('schedule-list-view');
  await expect(list).toBeVisible();
  await expect(list.getByRole('heading', { level: 2 }).first()).toBeVisible();
  await expect(cards(page)).toHaveCount(tomCount);
  await expectAccessible(page, 'public schedule, list');
  await screenshot(page, 'public-schedule-list-desktop');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/teacher=/);

  // A class page: teacher bio, address, Book (sign in first) and "Add to my calendar".
  await cards(page).filter({ hasText: 'Lumière Marais' }).filter({ hasText: 'Vinyasa Flow' }).first().getByRole('link', { name: 'Vinyasa Flow' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vinyasa Flow' })).toBeVisible();
  await expect(page).toHaveURL(/\/s\/lumiere\/classes\/occ_/);
  await expect(page.getByText('Tous niveaux : des variantes sont proposées pour chaque posture.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Teacher' })).toContainText(/Inès Moreau|Tom Walker/);
  await expect(page.getByText('Lumière Marais', { exact: true })).toBeVisible();
  await expect(page.getByTestId('class-price')).toHaveText('€18.00');
  const book = page.getByTestId('book-button');
  await expect(book).toHaveText('Sign in to book');
  await expect(book).toHaveAttribute('href', /\/s\/lumiere\/login\?next=%2Fs%2Flumiere%2Fclasses%2Focc_/);
  const calendar = page.getByRole('link', { name: 'Add to my calendar' });
  await expect(calendar).toHaveAttribute('href', /\/api\/public\/v1\/studios\/lumiere\/classes\/occ_[^/]+\/calendar\.ics$/);
  await expectAccessible(page, 'class page');
  await screenshot(page, 'public-class-desktop');

  // Sign-in comes back to the class.
  const classUrl = page.url();
  await book.click();
  await expect(page).toHaveURL(/\/s\/lumiere\/login\?next=/);
  await page.goBack();
  await expect(page).toHaveURL(classUrl);
});

test('the schedule and a class page in French, and on a phone', async ({ page }) => {
  test.setTimeout(180_000);
  await openNextWeek(page);
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('heading', { level: 1, name: 'Horaire des cours' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Semaine suivante' })).toBeVisible();
  await expect(cards(page).filter({ hasText: 'Pilates Mat' }).first().getByTestId('class-availability')).toHaveText('12 places restantes');
  await expect(cards(page).filter({ hasText: 'Lumière Montréal' }).first().getByTestId('class-visitor-time')).toHaveText('16:00–17:00 chez vous');
  await expectAccessible(page, 'horaire public');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('schedule-week-view')).toBeVisible();
  // Phones stack the days: each day's heading sits above the next.
  const days = page.getByTestId('schedule-week-view').getByRole('region');
  const first = await days.nth(0).boundingBox();
  const second = await days.nth(1).boundingBox();
  expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1);
  expect(first!.width).toBeGreaterThan(300);
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page, 'horaire public, téléphone');
  await screenshot(page, 'public-schedule-week-phone');

  await cards(page).filter({ hasText: 'Yin Yoga' }).first().getByRole('link', { name: 'Yin Yoga' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Yin Yoga' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ajouter à mon agenda' })).toBeVisible();
  await expect(page.getByTestId('book-button')).toHaveText('Se connecter pour réserver');
  await expectAccessible(page, 'page de cours, téléphone');
  await screenshot(page, 'public-class-phone');
  await chooseLanguage(page, 'English');
});

test('a private class is reachable only through its link', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/s/${studioSlug}/classes/occ_01JD0000000000000000000000`);
  await chooseLanguage(page, 'English');
  await expect(page.getByRole('heading', { level: 1, name: 'Class not found' })).toBeVisible();
  await expectAccessible(page, 'class not found');
});

test('an admin copies the snippets and the widget shows the schedule on another site', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Add to website' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add to website' })).toBeVisible();
  const origin = new URL(baseURL!).origin;
  const script = page.getByTestId('embed-script-code');
  const iframe = page.getByTestId('embed-iframe-code');
  await expect(script).toContainText(`src="`);
  await expect(script).toContainText(`/embed.js" data-enso-studio="${studioSlug}" async></script>`);
  await expect(iframe).toContainText(`/s/${studioSlug}/schedule?embed=1"`);
  await expect(page.getByRole('button', { name: 'Copy: Script tag (recommended)' })).toBeVisible();
  await expect(page.frameLocator('iframe[title="Preview"]').getByRole('heading', { name: 'Class schedule' })).toBeVisible();
  await expectAccessible(page, 'add to website');
  await screenshot(page, 'add-to-website-desktop');

  // The studio's own site: a page served by a little server of its own, on another origin, with the script tag.
  const body = `<!doctype html><html lang="en"><head><title>Studio site</title></head><body><h1>Our classes</h1>
    <script src="${origin}/embed.js" data-enso-studio="${studioSlug}" data-enso-lang="fr" async></script><p>Footer</p></body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  page.on('console', (m) => {
    if (m.type() === 'error') console.log('CONSOLE', m.text());
  });
  await page.goto(site);
  const frame = page.frameLocator(`iframe[data-enso-schedule="${studioSlug}"]`);
  await expect(frame.getByRole('heading', { level: 1, name: 'Horaire des cours' })).toBeVisible();
  await expect(frame.getByTestId('public-studio-name')).toHaveCount(0);
  // The frame grows to the schedule's height from its messages: a full week is taller than the initial 600 px.
  await frame.getByRole('button', { name: 'Semaine suivante' }).click();
  await expect(frame.getByTestId('class-card').filter({ hasText: 'Pilates Mat' }).first()).toBeVisible();
  await expect.poll(async () => (await page.locator('iframe[data-enso-schedule]').boundingBox())?.height ?? 0).toBeGreaterThan(700);
  // Its classes open the full site in a new tab.
  await expect(frame.getByTestId('class-card').first().getByRole('link')).toHaveAttribute('target', '_blank');
  await screenshot(page, 'embed-on-another-site');
  server.close();
});
