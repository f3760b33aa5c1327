import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin } from './support.ts';

/** Staff API calls from the signed-in page (same cookies, CSRF header echoed as the web app does). */
async function apiPost<T>(page: Page, path: string, body: unknown): Promise<T> {
  const csrf = (await page.context().cookies()).find((c) => c.name.endsWith('enso_csrf'))?.value ?? '';
  const res = await page.request.post(path, { data: body, headers: { 'x-csrf-token': csrf } });
  expect(res.ok(), `${path}: ${res.status()} ${await res.text()}`).toBeTruthy();
  return (await res.json()) as T;
}

/** Drops a file on an element the way a browser does when a file is dragged from the desktop. */
async function dropFile(page: Page, selector: string, name: string, type: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, type, text }) => {
      // The e2e project has no DOM types: the page's constructors are reached through globalThis.
      const page = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: string[], name: string, options: { type: string }) => unknown;
      };
      const dt = new page.DataTransfer();
      dt.items.add(new page.File([text], name, { type }));
      return dt;
    },
    { name, type, text },
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer });
}

test('customer records: documents, merging a duplicate, personal data and deletion', async ({ page }) => {
  await signInAsAdmin(page);
  const lastName = `Durand${runId}`;
  const survivor = await apiPost<{ id: string }>(page, '/api/v1/customers', { firstName: 'Camille', lastName, email: `camille.durand.${runId}@example.com` });
  const duplicate = await apiPost<{ id: string }>(page, '/api/v1/customers', { firstName: 'Cam', lastName, phone: '06 12 34 56 78' });
  await apiPost(page, `/api/v1/customers/${duplicate.id}/notes`, { body: 'Knee injury in 2024, noted at the front desk' });

  // Documents: pick a file, drop another, download the first.
  await page.goto(`/customers/${survivor.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Camille ${lastName}` })).toBeVisible();
  const documents = page.getByRole('region', { name: 'Documents' });
  await documents.locator('input[type=file]').setInputFiles({
    name: 'certificat-médical.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 medical certificate'),
  });
  await expect(page.getByText('Document added.')).toBeVisible();
  await dropFile(page, 'section[aria-labelledby="records-documents-heading"]', 'assurance.txt', 'text/plain', 'insurance 2026');
  const list = documents.getByRole('list', { name: 'Documents on this profile' });
  await expect(list.getByRole('listitem')).toHaveCount(2);

  const downloading = page.waitForEvent('download');
  await list.getByRole('link', { name: 'certificat-médical.pdf' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('certificat-médical.pdf');
  expect(readFileSync(await download.path()).toString()).toBe('%PDF-1.4 medical certificate');
  await expect(page.getByTestId('activity-feed')).toContainText('Document added: assurance.txt');
  await expectAccessible(page, 'the profile with documents');
  await screenshot(page, 'records-documents-en');

  // Merge the duplicate through the preview, keeping the duplicate's first name.
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Merge with…' }).click();
  const merge = page.getByRole('dialog', { name: `Merge a duplicate into Camille ${lastName}` });
  const picker = merge.getByRole('combobox', { name: 'Duplicate profile' });
  await picker.click();
  await picker.fill(lastName.toLowerCase());
  await page.getByRole('option', { name: `Cam ${lastName}`, exact: true }).click();
  await merge.getByRole('button', { name: 'Review the merge' }).click();
  await expect(merge.getByText(`Cam ${lastName} will be merged into Camille ${lastName}.`)).toBeVisible();
  await expect(merge.getByText('1 note', { exact: true })).toBeVisible();
  await expect(merge.getByText('06 12 34 56 78')).toBeVisible();
  const firstName = merge.getByRole('radiogroup', { name: 'First name' });
  await expect(firstName.getByRole('radio', { name: 'Camille' })).toBeChecked();
  await firstName.getByRole('radio', { name: 'Cam', exact: true }).check();
  await expectAccessible(page, 'the merge preview');
  await screenshot(page, 'records-merge-en');
  await merge.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(merge).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: `Cam ${lastName}` })).toBeVisible();
  await expect(page.getByTestId('activity-feed')).toContainText('Duplicate profile merged into this one');
  await expect(page.getByText('Knee injury in 2024, noted at the front desk')).toBeVisible();
  await expect(page.getByLabel('Phone')).toHaveValue('06 12 34 56 78');

  // Download the personal data (right of access).
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  const exporting = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Download personal data' }).click();
  const exported = await exporting;
  const data = JSON.parse(readFileSync(await exported.path()).toString()) as { profile: { id: string }; documents: unknown[]; mergedProfiles: { id: string }[] };
  expect(data.profile.id).toBe(survivor.id);
  expect(data.documents).toHaveLength(2);
  expect(data.mergedProfiles.map((m) => m.id)).toEqual([duplicate.id]);

  // French, then phone width.
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('region', { name: 'Documents' })).toContainText('Déposez des fichiers ici');
  await expectAccessible(page, 'the profile in French');
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  await expect(page.getByRole('menuitem', { name: 'Fusionner avec…' })).toBeVisible();
  await screenshot(page, 'records-documents-fr');
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 375, height: 812 });
  await page.getByRole('region', { name: 'Documents' }).scrollIntoViewIfNeeded();
  await expectAccessible(page, 'the documents at phone width');
  await screenshot(page, 'records-documents-phone');

  // Delete: the dialog says what will happen before it happens.
  await page.getByRole('button', { name: 'Actions', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Supprimer le client' }).click();
  const remove = page.getByRole('dialog', { name: `Supprimer Cam ${lastName} ?` });
  await expect(remove).toContainText("n'a aucun historique à conserver");
  await expectAccessible(page, 'the delete confirmation');
  await screenshot(page, 'records-delete-phone');
  await remove.getByRole('button', { name: 'Supprimer définitivement' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByText(`Cam ${lastName} a été supprimé.`)).toBeVisible();
  expect((await page.request.get(`/api/v1/customers/${survivor.id}`)).status()).toBe(404);
});
