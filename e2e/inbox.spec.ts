import { expect, test } from '@playwright/test';
import { startTwilioStub } from '../src/platform/sms/testing/twilio-stub.ts';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, studioSlug } from './support.ts';
import { e2eTwilio } from './twilio-peer.ts';

/** The X-Twilio-Signature Twilio would send with these fields to this URL (signed with the run's auth token). */
async function twilioSignature(url: string, params: Record<string, string>): Promise<string> {
  const signer = await startTwilioStub({ accountSid: e2eTwilio.accountSid, authToken: e2eTwilio.authToken });
  try {
    return signer.signWebhook(url, params);
  } finally {
    await signer.close();
  }
}

test('an inbound SMS lands unread in the inbox; staff reply by SMS and in-app, and the customer reads it in their account', async ({ browser, request, baseURL }) => {
  test.setTimeout(150_000);
  const digits = String(Date.now()).slice(-8);
  const phoneTyped = `06 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 6)} ${digits.slice(6)}`;
  const e164 = `+336${digits}`;
  // Distinct from the customers journey's Inès, who shares this run's id.
  const email = `ines.inbox.${runId}@example.com`;

  // A customer with an account and a phone.
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await customer.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(customer, 'English');
  await customer.getByLabel('First name').fill('Inès');
  await customer.getByLabel('Last name').fill(`Inbox${runId}`);
  await customer.getByLabel('E-mail').fill(email);
  await customer.getByLabel('Phone').fill(phoneTyped);
  await customer.getByRole('textbox', { name: 'Password', exact: true }).fill('Pilates-et-cafe-42');
  await customer.getByRole('button', { name: 'Create an account' }).click();
  await expect(customer.getByRole('region', { name: 'Messages', exact: true })).toContainText('No messages from the studio yet.');

  // She texts the studio's Twilio number: Twilio posts the signed webhook.
  const path = `/api/webhooks/twilio/sms/${studioSlug}`;
  const params = { MessageSid: `SM${runId}${digits}`.padEnd(34, '0'), AccountSid: e2eTwilio.accountSid, From: e164, To: e2eTwilio.from, Body: 'Can I bring my own mat on Friday?' };
  const webhook = await request.post(path, { form: params, headers: { 'x-twilio-signature': await twilioSignature(`${baseURL}${path}`, params) } });
  expect(webhook.status()).toBe(200);

  // Staff see it unread in the inbox.
  const staffContext = await browser.newContext();
  const page = await staffContext.newPage();
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Unread' }).check();
  // The row's preview is the latest message: the sign-up's welcome email may be recorded after the
  // text (events are delivered a moment later), so the text is checked in the thread below.
  const row = page.getByTestId('inbox-thread').filter({ hasText: `Inbox${runId}` });
  await expect(row.getByTestId('inbox-unread')).toHaveText('1');
  await expectAccessible(page, 'the inbox');
  await screenshot(page, 'inbox-list-en');

  // Reply by SMS: it reaches Twilio, to her phone.
  await row.click();
  const thread = page.getByRole('region', { name: `Inès Inbox${runId}` });
  await expect(thread.getByTestId('inbox-message').filter({ hasText: 'Can I bring my own mat on Friday?' })).toHaveAttribute('data-direction', 'in');
  await expect(page.getByRole('complementary', { name: 'Customer', exact: true })).toContainText(email);
  await thread.getByText('SMS', { exact: true }).click();
  await thread.getByRole('textbox', { name: /^Message/ }).fill('Yes, bring it! See you Friday.');
  await thread.getByRole('button', { name: 'Send' }).click();
  await expect(thread.getByTestId('inbox-message').filter({ hasText: 'Yes, bring it! See you Friday.' })).toBeVisible();
  await expect(row.getByTestId('inbox-unread')).toHaveCount(0);
  await expect
    .poll(async () => {
      const res = await request.get(`${process.env.TWILIO_API_URL}/2010-04-01/Accounts/${e2eTwilio.accountSid}/Messages.json`);
      const { messages } = (await res.json()) as { messages: { to: string; body: string }[] };
      return messages.filter((m) => m.body === 'Yes, bring it! See you Friday.').map((m) => m.to.replace(/\D/g, ''));
    }, { timeout: 20_000 })
    .toEqual([phoneTyped.replace(/\D/g, '')]);

  // Reply in-app.
  await thread.getByText('In-app', { exact: true }).click();
  await thread.getByRole('textbox', { name: /^Message/ }).fill('Your mat locker is number 12.');
  await thread.getByRole('button', { name: 'Send' }).click();
  await expect(thread.getByTestId('inbox-message').filter({ hasText: 'Your mat locker is number 12.' })).toBeVisible();
  await expectAccessible(page, 'a conversation');
  await screenshot(page, 'inbox-thread-en');

  // The customer sees it, marked new, in her account.
  await customer.reload();
  const messages = customer.getByRole('region', { name: 'Messages', exact: true });
  await expect(messages.getByTestId('own-message').filter({ hasText: 'Your mat locker is number 12.' })).toHaveAttribute('data-unread', 'true');
  await expect(messages.getByTestId('own-messages-unread')).toHaveText('1 unread');
  await expectAccessible(customer, 'the account messages');
  await screenshot(customer, 'account-messages-en');
  await messages.getByRole('button', { name: 'Mark as read' }).click();
  await expect(messages.getByTestId('own-messages-unread')).toHaveCount(0);

  // French, and a phone: the list first, then the conversation.
  await chooseLanguage(page, 'Français');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/inbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Boîte de réception' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Non répondu' })).toBeVisible();
  await expectAccessible(page, 'the inbox in French on a phone');
  await screenshot(page, 'inbox-list-fr-phone');
  await page.getByTestId('inbox-thread').filter({ hasText: `Inbox${runId}` }).click();
  await expect(page.getByRole('button', { name: 'Retour aux conversations' })).toBeVisible();
  await expectAccessible(page, 'a conversation in French on a phone');
  await screenshot(page, 'inbox-thread-fr-phone');

  await customerContext.close();
  await staffContext.close();
});
