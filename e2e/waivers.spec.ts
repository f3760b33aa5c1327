import { expect, test, type Locator, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, studioSlug } from './support.ts';

/** Draws a zigzag across the signature pad with the mouse (pointer events, as a finger or stylus would). */
async function drawSignature(page: Page, pad: Locator): Promise<void> {
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + 20 + i * ((box.width - 40) / 8), box.y + (i % 2 ? 30 : box.height - 30), { steps: 4 });
  await page.mouse.up();
}

/** Draws with touch-type pointer events, as a phone sends them. */
async function drawWithFinger(pad: Locator): Promise<void> {
  const box = (await pad.boundingBox())!;
  const at = (x: number, y: number) => ({ pointerId: 7, pointerType: 'touch', isPrimary: true, bubbles: true, clientX: box.x + x, clientY: box.y + y, button: 0, buttons: 1 });
  await pad.dispatchEvent('pointerdown', at(15, 40));
  for (let i = 1; i <= 10; i++) await pad.dispatchEvent('pointermove', at(15 + i * 25, i % 2 ? 120 : 40));
  await pad.dispatchEvent('pointerup', { ...at(265, 40), buttons: 0 });
}

/** This journey needs an active customer waiver whichever test runs first: made through the API when missing. */
async function ensureCustomerWaiver(page: Page): Promise<void> {
  const list = (await (await page.request.get('/api/v1/waivers')).json()) as { items: { kind: string }[] };
  if (list.items.some((w) => w.kind === 'customer')) return;
  const csrf = (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
  const created = await page.request.post('/api/v1/waivers', {
    data: { kind: 'customer', title: `Décharge client ${runId}`, body: 'Je participe aux cours à mes propres risques.' },
    headers: { 'x-csrf-token': csrf },
  });
  expect(created.status()).toBe(201);
}

async function addCustomer(page: Page, firstName: string, lastName: string, email: string): Promise<void> {
  await page.goto('/customers');
  await page.getByRole('button', { name: /Add a customer|Ajouter un client/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^(First name|Prénom)/).fill(firstName);
  await dialog.getByLabel(/^(Last name|Nom)/).fill(lastName);
  await dialog.getByLabel('E-mail').fill(email);
  await dialog.getByRole('button', { name: /Create the customer|Créer le client/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${firstName} ${lastName}` })).toBeVisible();
}

test('an admin writes a customer waiver, emails it, the customer signs the link, then signs the new version in person', async ({ page, browser }) => {
  const title = `Participation waiver ${runId}`;
  const email = `wanda.${runId}@example.com`;
  await signInAsAdmin(page);

  // Settings → Waivers: a fresh customer waiver (an earlier run's is archived first on a lasting database).
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Waivers' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Waivers' })).toBeVisible();
  const existing = page.getByRole('region').filter({ hasText: 'Customer waiver' });
  // The demo studio has one (and every run leaves its own): wait for the list before looking.
  await expect(existing.first()).toBeVisible();
  if ((await existing.count()) > 0) {
    await existing.first().getByRole('button', { name: /Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
    await expect(page.getByText('Waiver archived.')).toBeVisible();
    await expect(page.getByRole('region').filter({ hasText: 'Customer waiver' })).toHaveCount(0);
  }
  await page.getByRole('button', { name: 'New waiver' }).click();
  const create = page.getByRole('dialog', { name: 'New waiver' });
  await expect(create.getByRole('combobox', { name: 'Kind' })).toHaveValue('Customer waiver');
  await create.getByLabel('Title').fill(title);
  await create.getByLabel('Text').fill('I take part in classes at my own risk.\n\nI tell the teacher about any injury <b>before</b> class.');
  await create.getByRole('button', { name: 'Create the waiver' }).click();
  const card = page.getByRole('region', { name: title, exact: true });
  await expect(card).toContainText('Version 1');
  // Markup typed in a waiver is shown as text, never interpreted.
  await expect(card).toContainText('<b>before</b>');
  await expectAccessible(page, 'the waivers settings page');
  await screenshot(page, 'waivers-settings-en');

  // The customer's profile: not signed yet; send the waiver by email with a note.
  await addCustomer(page, 'Wanda', `Webb${runId}`, email);
  const profileUrl = page.url();
  const section = page.getByRole('region', { name: 'Waivers' });
  await expect(section.getByTestId('customer-waiver').filter({ hasText: title })).toContainText('Not signed');
  await section.getByRole('button', { name: 'Send by email' }).click();
  const send = page.getByRole('dialog', { name: 'Send a waiver by email' });
  await send.getByLabel('Personal note (optional)').fill('See you on Monday!');
  await send.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText(`Link sent to ${email}`)).toBeVisible();

  // The link, read from the studio's sent-message log.
  await page.goto('/messages');
  await page.getByRole('row', { name: new RegExp(email.replace(/\./g, '\\.')) }).getByRole('button').first().click();
  const body = (await page.getByTestId('message-body').textContent()) ?? '';
  expect(body).toContain('See you on Monday!');
  const link = /https?:\/\/\S+\/waivers\/sign\?token=\S+/.exec(body)?.[0];
  expect(link, 'sign link in the e-mail').toBeTruthy();
  const url = new URL(link!);
  expect(url.pathname).toBe(`/s/${studioSlug}/waivers/sign`);

  // The customer opens it in their own browser, reads, ticks the box, types their name and signs.
  const visitor = await browser.newContext({ locale: 'en-US' });
  const customer = await visitor.newPage();
  await customer.goto(url.pathname + url.search);
  await chooseLanguage(customer, 'English');
  await expect(customer.getByRole('heading', { level: 2, name: title })).toBeVisible();
  await expect(customer.getByText('See you on Monday!')).toBeVisible();
  await customer.getByRole('button', { name: 'Sign' }).click();
  await expect(customer.getByText('Tick the box to accept the text.')).toBeVisible();
  await customer.getByLabel('I have read this text and I accept it').check();
  await expect(customer.getByLabel('Your full name')).toHaveValue(`Wanda Webb${runId}`);
  await expectAccessible(customer, 'the emailed sign page');
  await screenshot(customer, 'waivers-sign-link-en');
  await customer.getByRole('button', { name: 'Sign' }).click();
  await expect(customer.getByText('Thank you: your signature has been recorded.')).toBeVisible();
  // The link works once.
  await customer.reload();
  await expect(customer.getByRole('alert')).toContainText('This link was already used');
  await visitor.close();

  // The profile shows it signed, with the date; the record shows what was agreed to.
  await page.goto(profileUrl);
  const row = section.getByTestId('customer-waiver').filter({ hasText: title });
  const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(new Date());
  await expect(row).toContainText(`Signed v1 on ${today}`);
  await row.getByRole('button', { name: 'View the signature' }).click();
  const record = page.getByRole('dialog');
  await expect(record.getByTestId('signature-record')).toContainText('Emailed link');
  await expect(record.getByTestId('signature-record')).toContainText(`Wanda Webb${runId}`);
  await expect(record).toContainText('I take part in classes at my own risk.');
  await expectAccessible(page, 'the signature record');
  await screenshot(page, 'waivers-record-en');
  await page.keyboard.press('Escape');

  // A new version, with the re-sign request emailed to those who signed the first one.
  await page.goto('/settings/waivers');
  await page.getByRole('region', { name: title, exact: true }).getByRole('button', { name: 'Edit the text' }).click();
  await page.getByRole('dialog', { name: 'Edit the text' }).getByLabel('Text').fill('I take part in classes at my own risk.\n\nThe sauna is closed to under-16s.');
  await page.getByRole('dialog', { name: 'Edit the text' }).getByRole('button', { name: 'Save' }).click();
  const confirm = page.getByRole('dialog', { name: 'Publish version 2?' });
  await confirm.getByLabel(/Email a request to sign the new version/).check();
  await confirm.getByLabel('Note for your customers (optional)').fill('We added a rule about the sauna.');
  await expectAccessible(page, 'the publish confirmation');
  await screenshot(page, 'waivers-publish-en');
  await confirm.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText(/Version 2 published\. 1 customer is being asked to sign again/)).toBeVisible();
  await expect(page.getByRole('region', { name: title, exact: true })).toContainText('Version 2');
  // The re-sign request is sent by a job a moment later.
  await expect(async () => {
    await page.goto('/messages');
    // In the studio's language (French): the customer chose none.
    await expect(page.getByRole('row', { name: new RegExp(`${email.replace(/\./g, '\\.')}.*waiver\\.resign_request`) })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });

  // In person, on the tablet: the profile now asks for re-signing; draw, type, sign.
  await page.goto(profileUrl);
  await expect(row).toContainText('needs re-signing');
  await section.getByRole('button', { name: 'Sign in person' }).click();
  await page.getByRole('menuitem', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('waiver-text')).toContainText('The sauna is closed to under-16s.');
  await page.getByLabel('I have read this text and I accept it').check();
  await drawSignature(page, page.getByTestId('signature-pad'));
  await expect(page.getByRole('button', { name: 'Clear' })).toBeEnabled();
  await expectAccessible(page, 'the in-person signing page');
  await screenshot(page, 'waivers-in-person-en');
  await page.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(page).toHaveURL(profileUrl);
  await expect(row).toContainText(`Signed v2 on ${today}`);
  await row.getByRole('button', { name: 'View the signature' }).click();
  await expect(page.getByRole('dialog').getByTestId('signature-record')).toContainText('In person');
  await expect(page.getByRole('dialog').getByRole('img', { name: /Drawn signature of/ })).toBeVisible();
  await screenshot(page, 'waivers-record-in-person-en');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await section.scrollIntoViewIfNeeded();
  await expectAccessible(page, 'the profile waivers section');
  await screenshot(page, 'waivers-profile-en');
});

test('in French at phone width: staff have a waiver signed in person with a finger, and a customer signs on their account page', async ({ browser }) => {
  // Staff at phone width, in French: the in-person page works with touch.
  const staffPhone = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });
  const admin = await staffPhone.newPage();
  await signInAsAdmin(admin);
  await ensureCustomerWaiver(admin);
  await chooseLanguage(admin, 'Français');
  await admin.goto('/settings/waivers');
  await expect(admin.getByRole('heading', { level: 1, name: 'Décharges' })).toBeVisible();
  await expect(admin.getByText('Décharge client', { exact: true }).first()).toBeVisible();
  await expectAccessible(admin, 'the waivers settings page (fr, phone)');
  await screenshot(admin, 'waivers-settings-fr-phone');
  await addCustomer(admin, 'Hugo', `Petit${runId}`, `hugo.${runId}@example.com`);
  const section = admin.getByRole('region', { name: 'Décharges' });
  await expect(section.getByTestId('customer-waiver').first()).toContainText('Non signée');
  await section.scrollIntoViewIfNeeded();
  await expectAccessible(admin, 'the profile waivers section (fr, phone)');
  await screenshot(admin, 'waivers-profile-fr-phone');
  await section.getByRole('button', { name: 'Signer en personne' }).click();
  await admin.getByRole('menuitem').first().click();
  await admin.getByLabel('J’ai lu ce texte et je l’accepte').check();
  const pad = admin.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  await drawWithFinger(pad);
  await expect(admin.getByRole('button', { name: 'Effacer' })).toBeEnabled();
  await expect(admin.getByLabel('Nom complet du signataire')).toHaveValue(`Hugo Petit${runId}`);
  await expectAccessible(admin, 'the in-person signing page (fr, phone)');
  await screenshot(admin, 'waivers-in-person-fr-phone');
  await admin.getByRole('button', { name: 'Signer', exact: true }).click();
  await expect(section.getByTestId('customer-waiver').first()).toContainText('Signée (v');
  await staffPhone.close();

  // A new customer's account page lists the customer waiver to sign.
  const phone = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await page.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(page, 'Français');
  await page.getByLabel('Prénom').fill('Léa');
  await page.getByLabel('Nom', { exact: true }).fill(`Roux${runId}`);
  await page.getByLabel('E-mail').fill(`lea.roux.${runId}@example.com`);
  await page.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill('Yoga-du-matin-2025');
  await page.getByRole('button', { name: 'Créer un compte' }).click();
  const toSign = page.getByRole('region', { name: 'Décharges à signer' });
  await expect(toSign.getByTestId('waiver-to-sign').first()).toBeVisible();
  await toSign.scrollIntoViewIfNeeded();
  await expectAccessible(page, 'the account page with waivers to sign (fr, phone)');
  await screenshot(page, 'waivers-account-fr-phone');
  await toSign.getByRole('button', { name: 'Lire et signer' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('J’ai lu ce texte et je l’accepte').check();
  await expect(dialog.getByLabel('Votre nom complet')).toHaveValue(`Léa Roux${runId}`);
  await screenshot(page, 'waivers-account-sign-fr-phone');
  await dialog.getByRole('button', { name: 'Signer' }).click();
  await expect(toSign).toContainText('Rien à signer : tout est en ordre.');
  await expect(toSign).toContainText('Décharges signées');
  await phone.close();
});
