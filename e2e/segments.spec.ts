import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, selectOption, signInAsAdmin } from './support.ts';

/** Setup through the API with the signed-in admin's cookies (the journey is what follows). */
async function apiPost(page: Page, method: 'POST' | 'PUT', url: string, data: unknown): Promise<{ id: string }> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf } });
  expect(res.ok(), `${method} ${url}: ${res.status()}`).toBe(true);
  return (await res.json()) as { id: string };
}

test('customer segmentation: filter, save a segment, bulk-tag, export', async ({ page }) => {
  await signInAsAdmin(page);
  const lastName = `Segment${runId}`;
  const tag = await apiPost(page, 'POST', '/api/v1/customer-tags', { name: `Atelier ${runId}` });
  const people = [];
  for (const firstName of ['Agnès', 'Bastien', 'Céline']) {
    people.push(await apiPost(page, 'POST', '/api/v1/customers', { firstName, lastName, email: `${firstName.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${runId}@example.com` }));
  }
  await apiPost(page, 'PUT', `/api/v1/customers/${people[2]!.id}/subscriptions`, { emailMarketing: false });

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByLabel('Search customers').fill(lastName.toLowerCase());
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('row')).toHaveCount(4);

  // Build a filter: subscribed to marketing e-mails.
  await page.getByRole('button', { name: 'Customer segmentation' }).click();
  const drawer = page.getByRole('dialog', { name: 'Customer segmentation' });
  await drawer.getByRole('button', { name: 'Add a rule' }).click();
  await selectOption(page, 'Condition', 'Message subscription');
  await selectOption(page, 'Value', 'Subscribed');
  await expectAccessible(page, 'the filter builder');
  await screenshot(page, 'segments-builder-en');
  await drawer.getByRole('button', { name: 'Apply' }).click();
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).not.toContainText('Céline');

  // Save it as a segment: it becomes a tab next to "All customers".
  await page.getByRole('button', { name: 'Segmentation · 1 rule' }).click();
  const segmentName = `Newsletter ${runId}`;
  await drawer.getByLabel('Segment name').fill(segmentName);
  await drawer.getByRole('button', { name: 'Save the segment' }).click();
  await expect(page.getByText(`Segment “${segmentName}” saved.`)).toBeVisible();
  const tabs = page.getByRole('tablist', { name: 'Customer segments' });
  await expect(tabs.getByRole('tab', { name: 'All customers' })).toBeVisible();
  await expect(tabs.getByRole('tab', { name: segmentName })).toHaveAttribute('aria-selected', 'true');
  await expect(table.getByRole('row')).toHaveCount(3);

  // Bulk-tag the two customers shown.
  await page.getByRole('checkbox', { name: 'Select this page' }).check();
  const bar = page.getByRole('region', { name: 'Actions on the selected customers' });
  await expect(bar).toContainText('2 selected');
  await selectOption(page, 'Tag', `Atelier ${runId}`);
  await bar.getByRole('button', { name: 'Add the tag' }).click();
  await expect(page.getByText('Tag added to 2 customers.')).toBeVisible();

  // Export the selection.
  const download = page.waitForEvent('download');
  await bar.getByRole('link', { name: 'Export (CSV)' }).click();
  const file = readFileSync((await (await download).path())!, 'utf8');
  expect(file.startsWith('\uFEFFid,first_name,last_name,')).toBe(true);
  expect(file).toContain(`Agnès,${lastName}`);
  expect(file).toContain(`Bastien,${lastName}`);
  expect(file).not.toContain('Céline');
  expect(file).toContain(`Atelier ${runId}`);
  await expectAccessible(page, 'the customer list with a segment and a selection');
  await screenshot(page, 'segments-en');

  // The tagged customers now match a tag filter.
  const tagged = await page.request.get(
    `/api/v1/customers?criteria=${encodeURIComponent(JSON.stringify({ match: 'all', rules: [{ type: 'tags', op: 'any', tagIds: [tag.id] }] }))}`,
  );
  expect(((await tagged.json()) as { items: { firstName: string }[] }).items.map((c) => c.firstName).sort()).toEqual(['Agnès', 'Bastien']);

  // Change the segment's rules from its tab: the drawer starts from them.
  await page.getByRole('button', { name: 'Customer segmentation' }).click();
  await expect(drawer.getByText('The segment “' + segmentName + '”')).toBeVisible();
  await selectOption(page, 'Value', 'Unsubscribed');
  await drawer.getByRole('button', { name: `Replace the rules of “${segmentName}”` }).click();
  await expect(page.getByText(`The segment “${segmentName}” now uses these rules.`)).toBeVisible();
  await expect(tabs.getByRole('tab', { name: segmentName })).toHaveAttribute('aria-selected', 'true');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Céline');
  await expect(page.getByRole('region', { name: 'Actions on the selected customers' })).toHaveCount(0);

  // French.
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('tablist', { name: 'Segments de clients' }).getByRole('tab', { name: 'Tous les clients' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Segmentation client' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Sélectionner cette page' }).check();
  await expect(page.getByRole('region', { name: 'Actions sur les clients sélectionnés' })).toContainText('1 sélectionné');
  await expectAccessible(page, 'the customer list in French');
  await screenshot(page, 'segments-fr');

  // Phone width: tabs scroll, the table becomes cards, the bulk bar wraps.
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(page.getByRole('list', { name: 'Clients' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Actions sur les clients sélectionnés' })).toBeVisible();
  await expectAccessible(page, 'the customer list at phone width');
  await screenshot(page, 'segments-phone-fr');
  await chooseLanguage(page, 'English');
});
