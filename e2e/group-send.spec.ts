import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin } from './support.ts';

/** Setup through the API with the signed-in admin's cookies (the journey is what follows). */
async function api(page: Page, method: 'POST' | 'PUT' | 'PATCH', url: string, data: unknown): Promise<{ id: string }> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf } });
  expect(res.ok(), `${method} ${url}: ${res.status()}`).toBe(true);
  return (await res.json()) as { id: string };
}

// A long journey (many screens, axe on each): more than the default minute on a loaded machine.
test.describe.configure({ timeout: 150_000 });

test('group send: message ticked customers (unsubscribed skipped), the 75-recipient limit on a segment, the Sent list', async ({ page }) => {
  await signInAsAdmin(page);
  const lastName = `Groupe${runId}`;
  const people = [];
  for (const firstName of ['Alice', 'Bruno', 'Chloé']) {
    people.push(await api(page, 'POST', '/api/v1/customers', { firstName, lastName, email: `${firstName.toLowerCase().replace('é', 'e')}.${runId}@example.com` }));
  }
  await api(page, 'PUT', `/api/v1/customers/${people[2]!.id}/subscriptions`, { emailMarketing: false });

  // Tick the three customers and open "Send message".
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByLabel('Search customers').fill(lastName.toLowerCase());
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('row')).toHaveCount(4);
  await page.getByRole('checkbox', { name: 'Select this page' }).check();
  const bar = page.getByRole('region', { name: 'Actions on the selected customers' });
  await bar.getByRole('button', { name: 'Send message' }).click();

  const dialog = page.getByRole('dialog', { name: 'Send a message' });
  await expect(dialog.getByTestId('send-audience')).toHaveText('To 3 selected customers');
  const preview = dialog.getByTestId('send-preview');
  await expect(preview).toContainText('3 recipients');
  await expect(preview).toContainText('1 unsubscribed customer will be skipped.');
  await expect(preview).toContainText('2 customers will receive this message.');

  await dialog.getByLabel('Subject').fill('Spring timetable');
  const body = dialog.getByLabel('Message');
  await body.fill('Hello ');
  await dialog.getByRole('button', { name: 'Insert first_name' }).click();
  await expect(body).toHaveValue('Hello ##{{first_name}}');
  await body.press('End');
  await body.pressSequentially(', new classes start Monday. ##{{firstname}}');
  await expect(dialog.getByTestId('unknown-variables')).toContainText('##{{firstname}}');
  await body.fill('Hello ##{{first_name}},\n\nNew classes start Monday.');
  await expect(dialog.getByTestId('unknown-variables')).toHaveCount(0);
  await expectAccessible(page, 'the send message dialog');
  await screenshot(page, 'group-send-dialog-en');
  await dialog.getByRole('button', { name: 'Send to 2 customers' }).click();
  await expect(page.getByText('Message queued for 2 customers.')).toBeVisible();
  await expect(dialog).toBeHidden();

  // The Sent list shows it with its counts.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Group sends' }).click();
  const sends = page.getByRole('table', { name: 'Group sends' });
  const row = sends.getByRole('row').filter({ hasText: 'Spring timetable' });
  await expect(row).toContainText('Done');
  await expect(row).toContainText('3');
  await expectAccessible(page, 'the group sends list');
  await screenshot(page, 'group-sends-en');

  // A segment of every customer: more than 75 would receive it, and the studio has no marketing suite.
  const segment = await api(page, 'POST', '/api/v1/customers/segments', { name: `Everyone ${runId}`, criteria: { match: 'all', rules: [] } });
  await page.goto(`/customers?segment=${segment.id}`);
  await page.getByRole('button', { name: 'Message this segment' }).click();
  await expect(dialog.getByTestId('send-audience')).toHaveText(`To the segment “Everyone ${runId}”`);
  const refusal = dialog.getByTestId('suite-required');
  await expect(refusal).toContainText('More than 75 recipients needs the marketing suite');
  await expect(refusal.getByRole('link', { name: 'Switch the marketing suite on in Settings › Studio' })).toBeVisible();
  await dialog.getByLabel('Subject').fill('News');
  await dialog.getByLabel('Message').fill('Hello');
  await expect(dialog.getByRole('button', { name: 'Send' })).toBeDisabled();
  await expectAccessible(page, 'the marketing-suite refusal');
  await screenshot(page, 'group-send-suite-en');

  // The admin switches the suite on from the link; the segment can then be messaged.
  await refusal.getByRole('link', { name: 'Switch the marketing suite on in Settings › Studio' }).click();
  const suite = page.getByRole('switch', { name: 'Marketing suite on' });
  // The switch shows the saved setting: it turns on once the studio is saved.
  await suite.click();
  await expect(suite).toBeChecked();
  await expectAccessible(page, 'the studio settings with the marketing suite');
  await page.goto(`/customers?segment=${segment.id}`);
  await page.getByRole('button', { name: 'Message this segment' }).click();
  await expect(dialog.getByTestId('send-preview')).toContainText('will receive this message');
  await expect(dialog.getByTestId('suite-required')).toHaveCount(0);

  // French, at phone width.
  await page.setViewportSize({ width: 390, height: 844 });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await chooseLanguage(page, 'Français');
  await api(page, 'PATCH', '/api/v1/studio', { marketingSuiteEnabled: false });
  await page.reload();
  await page.getByRole('button', { name: 'Écrire à ce segment' }).click();
  const dialogFr = page.getByRole('dialog', { name: 'Envoyer un message' });
  await expect(dialogFr.getByTestId('suite-required')).toContainText('Plus de 75 destinataires nécessite la suite marketing');
  await expectAccessible(page, 'the dialog in French at phone width');
  await screenshot(page, 'group-send-suite-fr-phone');
  await dialogFr.getByRole('button', { name: 'Annuler' }).click();
  await page.goto('/messages/sends');
  await expect(page.getByText('Spring timetable')).toBeVisible();
  await expectAccessible(page, 'the group sends list in French at phone width');
  await screenshot(page, 'group-sends-fr-phone');
});
