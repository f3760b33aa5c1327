import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, selectOption, signInAsAdmin } from './support.ts';

/**
 * The Momence sample with this run's addresses (so the journey also passes on a database that
 * outlives a run), plus one row with a broken email to show how errors are reported.
 */
function momenceFile(suffix: string) {
  const sample = readFileSync(new URL('../docs/import-samples/momence.csv', import.meta.url), 'utf8')
    .replace(/@example\./gi, `+${suffix}@example.`)
    .replace(',Petit,', `,Petit${suffix},`);
  const text = `${sample.trimEnd()}\n100299,Sam,Broken,not-an-email,,,,2024-01-01,0,No\n`;
  return { name: 'momence.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

async function uploadFile(page: Page, suffix: string) {
  await page.locator('input[type="file"]').setInputFiles(momenceFile(suffix));
  await page.getByRole('button', { name: 'Read the file' }).click();
  await expect(page.getByRole('heading', { name: 'Match the columns of momence.csv' })).toBeVisible();
}

test('a studio moves its customers over from a Momence export', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import customers' })).toBeVisible();

  await uploadFile(page, runId);
  await expect(page.getByRole('combobox', { name: 'Exported from' })).toHaveValue('Momence');
  await expect(page.getByText('Recognised as a Momence export.')).toBeVisible();
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping.getByRole('combobox', { name: 'Email', exact: true })).toHaveValue('Email');
  await expect(mapping.getByRole('combobox', { name: 'Tags', exact: true })).toHaveValue('Tags');
  await expect(mapping.getByRole('combobox', { name: 'Customer ID', exact: true })).toHaveValue('Leave out');
  // Two columns for one field: refused next to the column, in the page's language.
  await selectOption(page, 'Customer ID', 'Email');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByText('Column 1 already goes to this field.')).toBeVisible();
  await selectOption(page, 'Customer ID', 'Leave out');
  await expect(page.getByText('Column 1 already goes to this field.')).toBeHidden();

  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('table', { name: 'Preview of the import' });
  await expect(preview).toContainText('Léa Fontaine');
  await expect(preview).toContainText('Vinyasa, Morning');
  await expect(preview).toContainText('not an email address');

  await page.getByRole('button', { name: 'Dry run' }).click();
  const run = page.getByTestId('import-run');
  await expect(run.getByRole('heading', { name: 'Dry run of momence.csv' })).toBeVisible();
  await expect(run.getByText('Done', { exact: true })).toBeVisible();
  await expect(run).toContainText(/Would create\s*6/);
  await expect(run).toContainText(/Rows with errors\s*1/);
  await expect(run).toContainText('Nothing was written');

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(run.getByRole('heading', { name: 'Import of momence.csv' })).toBeVisible();
  await expect(run.getByText('Done', { exact: true })).toBeVisible();
  await expect(run).toContainText(/Created\s*6/);
  await expect(run.getByRole('table', { name: 'Rows not imported' })).toContainText('Row 8');
  await expect(run.getByRole('link', { name: 'Download the errors (CSV)' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Previous imports' })).toContainText('6 created');
  await run.scrollIntoViewIfNeeded();
  await expectAccessible(page, 'the import page');
  await screenshot(page, 'imports-en');

  // The new customers are on the list, from the file.
  await page.getByRole('link', { name: 'Customers', exact: true }).first().click();
  await page.getByLabel('Search customers').fill(`lea.fontaine+${runId}`);
  await expect(page.getByRole('table', { name: 'Customers' })).toContainText('Léa Fontaine');

  // French: the same page, and importing the file again changes nobody.
  await page.goto('/customers/import');
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('heading', { level: 1, name: 'Importer des clients' })).toBeVisible();
  await page.locator('input[type="file"]').setInputFiles(momenceFile(runId));
  await page.getByRole('button', { name: 'Lire le fichier' }).click();
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  const again = page.getByTestId('import-run');
  await expect(again.getByText('Terminé', { exact: true })).toBeVisible();
  await expect(again).toContainText(/Inchangés\s*6/);
  await expect(again).toContainText(/Créés\s*0/);
  await expect(again.getByRole('table', { name: 'Lignes non importées' })).toContainText('« not-an-email » n’est pas une adresse e-mail.');
  await expectAccessible(page, 'the import page in French');
  await screenshot(page, 'imports-fr');
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('the import page fits a phone', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/customers/import');
    await uploadFile(page, `${runId}p`);
    await page.getByRole('button', { name: 'Dry run' }).click();
    await expect(page.getByTestId('import-run').getByText('Done', { exact: true })).toBeVisible();
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow, 'page wider than the phone').toBeLessThanOrEqual(0);
    await expectAccessible(page, 'the import page at phone width');
    await screenshot(page, 'imports-phone');
  });
});
