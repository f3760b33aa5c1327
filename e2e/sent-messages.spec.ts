import { expect, test } from '@playwright/test';
import { adminApi, type Admin, chooseLanguage, expectAccessible, runId, screenshot, selectOption, signInAsAdmin } from './support.ts';

const phone = { width: 390, height: 844 };

async function postOk<T>(admin: Admin, path: string, data: unknown, extra: Record<string, string> = {}): Promise<T> {
  const response = await admin.request.post(path, { data, headers: { ...admin.headers, ...extra } });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

test('staff filter the sent-messages log; a customer unsubscribes from the footer link; staff re-subscribe them', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const admin = await adminApi(browser);
  const email = `nina.footer.${runId}@example.com`;
  const subject = `Spring timetable ${runId}`;
  const customer = await postOk<{ id: string }>(admin, '/api/v1/customers', { firstName: 'Nina', lastName: 'Footer', email });
  // A message to her alone (a group send of one): marketing, so its footer offers to stop marketing e-mails.
  await postOk(admin, '/api/v1/message-sends', { audience: { customerIds: [customer.id] }, channel: 'email', subject, body: 'Hello ##{{first_name}}, the spring timetable is out.' }, { 'Idempotency-Key': `e2e-send-${runId}` });
  // The send runs in the background: wait until the message has left.
  await expect
    .poll(
      async () => {
        const res = await admin.request.get('/api/v1/messages?category=manual&recipient=customer&channel=email');
        const page = (await res.json()) as { items: { subject: string | null; status: string }[] };
        return page.items.find((m) => m.subject === subject)?.status ?? JSON.stringify(page.items.slice(0, 3));
      },
      { timeout: 60_000 },
    )
    .toBe('sent');
  await admin.close();

  // Staff: Settings › Sent messages, filtered to messages sent manually to customers by e-mail.
  await signInAsAdmin(page);
  await page.goto('/messages');
  await expect(page.getByRole('heading', { level: 1, name: 'Sent messages' })).toBeVisible();
  await selectOption(page, 'Category', 'Sent manually');
  await selectOption(page, 'Recipient', 'Customers');
  await selectOption(page, 'Channel', 'E-mail');
  await expect(page).toHaveURL(/category=manual/);
  const row = page.getByRole('row', { name: new RegExp(subject) });
  await expect(row.getByText('Sent', { exact: true })).toBeVisible();
  await expect(page.getByTestId('message-list')).not.toContainText('identity.');
  await expectAccessible(page, 'the sent-messages log with filters');
  await screenshot(page, 'sent-messages-filters-en');

  // The body as sent carries the unsubscribe link.
  await row.getByRole('button', { name: subject }).click();
  const body = (await page.getByTestId('message-body').textContent()) ?? '';
  const link = /https?:\/\/\S+\/u\/[A-Za-z0-9_-]{43}\?kind=marketing_email/.exec(body)?.[0];
  expect(link, 'unsubscribe link in the e-mail').toBeTruthy();
  await page.keyboard.press('Escape');

  // A filter with no match says so.
  await selectOption(page, 'Category', 'Sequences');
  await expect(page.getByText('No message matches these filters.')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/category=/);

  // Phone width, in French.
  await page.setViewportSize(phone);
  await page.goto('/messages?category=manual');
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('textbox', { name: 'Catégorie' }).or(page.getByRole('combobox', { name: 'Catégorie' }))).toBeVisible();
  await expect(page.getByText(subject)).toBeVisible();
  await expectAccessible(page, 'the sent-messages log (fr, phone)');
  await screenshot(page, 'sent-messages-filters-fr-phone');
  await chooseLanguage(page, 'English');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The customer opens the link: the page only asks; the button unsubscribes.
  const visitor = await browser.newContext({ locale: 'en-US', viewport: phone });
  const customerPage = await visitor.newPage();
  const url = new URL(link!);
  await customerPage.goto(url.pathname + url.search);
  // Shown in her language: she chose none, so the studio's (French for the demo studio).
  await expect(customerPage.getByRole('heading', { level: 1, name: 'Se désabonner' })).toBeVisible();
  await expect(customerPage.getByText('Ne plus recevoir les e-mails marketing de Studio Lumière ?')).toBeVisible();
  await expectAccessible(customerPage, 'the unsubscribe page (fr, phone)');
  await screenshot(customerPage, 'unsubscribe-fr-phone');
  await chooseLanguage(customerPage, 'English');
  await expect(customerPage.getByRole('heading', { level: 1, name: 'Unsubscribe' })).toBeVisible();
  await expect(customerPage.getByText('Stop receiving marketing e-mails from Studio Lumière?')).toBeVisible();
  await screenshot(customerPage, 'unsubscribe-en-phone');
  // Opening it changed nothing.
  await page.goto(`/customers/${customer.id}`);
  const subscriptions = page.getByRole('region', { name: 'Message subscriptions' });
  await expect(subscriptions.getByRole('switch', { name: 'Marketing emails' })).toBeChecked();

  await customerPage.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(customerPage.getByTestId('unsubscribe-done')).toContainText('You will no longer receive marketing e-mails from Studio Lumière.');
  await expectAccessible(customerPage, 'the unsubscribe page, done');
  await screenshot(customerPage, 'unsubscribe-done-en-phone');

  // An unknown link: a readable page, not an error dump.
  await customerPage.goto(`/u/${'A'.repeat(43)}?kind=marketing_email`);
  await expect(customerPage.getByRole('heading', { level: 1, name: 'This link does not work' })).toBeVisible();
  await visitor.close();

  // Staff see it on the profile and can subscribe her again; a stopped SMS holds marketing SMS off.
  await page.reload();
  await expect(subscriptions.getByRole('switch', { name: 'Marketing emails' })).not.toBeChecked();
  await subscriptions.getByRole('switch', { name: 'Marketing emails' }).click({ force: true });
  await expect(subscriptions.getByRole('switch', { name: 'Marketing emails' })).toBeChecked();
  await subscriptions.getByRole('switch', { name: /^SMS/ }).click({ force: true });
  await expect(subscriptions.getByRole('switch', { name: /^SMS/ })).not.toBeChecked();
  await expect(subscriptions.getByText('SMS are stopped: turn SMS back on first.')).toBeVisible();
  await page.reload();
  await expect(subscriptions.getByRole('switch', { name: 'Marketing emails' })).toBeChecked();
  await expect(subscriptions.getByRole('switch', { name: /^SMS/ })).not.toBeChecked();
});
