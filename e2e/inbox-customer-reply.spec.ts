import { expect, test } from '@playwright/test';
import { adminApi, chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, studioSlug } from './support.ts';

test('a customer answers the studio from their account page; staff see it unread in the inbox, labelled in-app, and answer in-app', async ({ browser }) => {
  test.setTimeout(150_000);
  // Distinct from the other journeys' customers of this run.
  const email = `noor.inbox-reply.${runId}@example.com`;
  const lastName = `Reply${runId}`;

  // A customer with an account writes to the studio from her account page.
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await customer.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(customer, 'English');
  await customer.getByLabel('First name').fill('Noor');
  await customer.getByLabel('Last name').fill(lastName);
  await customer.getByLabel('E-mail').fill(email);
  await customer.getByRole('textbox', { name: 'Password', exact: true }).fill('Pilates-et-cafe-42');
  await customer.getByRole('button', { name: 'Create an account' }).click();
  const messages = customer.getByRole('region', { name: 'Messages', exact: true });
  await expect(messages).toContainText('No messages from the studio yet.');

  // The sign-up's welcome email is recorded in her thread a moment later (events are delivered
  // after the request): wait for it, so that what she writes next is the thread's latest message.
  const admin = await adminApi(browser);
  await expect
    .poll(
      async () => {
        const found = (await (await admin.request.get(`/api/v1/customers?q=${encodeURIComponent(email)}`)).json()) as { items: { id: string }[] };
        if (found.items.length !== 1) return 0;
        const detail = (await (await admin.request.get(`/api/v1/inbox/threads/${found.items[0]!.id}`)).json()) as { items: { channel: string; category: string }[] };
        return detail.items.filter((m) => m.channel === 'email' && m.category === 'transactional').length;
      },
      { timeout: 30_000 },
    )
    .toBe(1);
  await admin.close();

  // An empty message is refused, in words.
  const box = messages.getByRole('textbox', { name: 'Your message' });
  await messages.getByRole('button', { name: 'Send' }).click();
  await expect(messages.getByText('Write a message of 1 to 5,000 characters.')).toBeVisible();

  await box.fill('Hello! Is the sauna open on Sundays?');
  await messages.getByRole('button', { name: 'Send' }).click();
  const mine = messages.getByTestId('own-message').filter({ hasText: 'Hello! Is the sauna open on Sundays?' });
  await expect(mine).toHaveAttribute('data-from', 'customer');
  await expect(mine).toContainText('You');
  await expect(box).toHaveValue('');

  // Staff see it unread and unreplied, labelled in-app.
  const staffContext = await browser.newContext();
  const page = await staffContext.newPage();
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Inbox' }).click();
  await page.getByRole('checkbox', { name: 'Unreplied' }).check();
  await page.getByRole('checkbox', { name: 'Unread' }).check();
  const row = page.getByTestId('inbox-thread').filter({ hasText: lastName });
  await expect(row).toContainText('Hello! Is the sauna open on Sundays?');
  await expect(row.getByTestId('inbox-unread')).toHaveText('1');
  await expect(row.getByRole('img', { name: 'In-app' })).toBeVisible();

  await row.click();
  const thread = page.getByRole('region', { name: `Noor ${lastName}` });
  const inbound = thread.getByTestId('inbox-message').filter({ hasText: 'Hello! Is the sauna open on Sundays?' });
  await expect(inbound).toHaveAttribute('data-direction', 'in');
  await expect(inbound).toContainText('In-app');
  await expect(inbound).toContainText('From the customer');
  // The reply goes back the way she wrote: in-app is already chosen.
  await thread.getByRole('textbox', { name: /^Message/ }).fill('Yes, from 9am to 6pm. Enjoy!');
  await thread.getByRole('button', { name: 'Send' }).click();
  await expect(thread.getByTestId('inbox-message').filter({ hasText: 'Yes, from 9am to 6pm. Enjoy!' })).toContainText('In-app');
  await expect(row).toHaveCount(0);
  await expectAccessible(page, 'a conversation with an in-app reply');
  await screenshot(page, 'inbox-customer-reply-thread-en');

  // In the navigation, only "Group sends" is current on the group sends page.
  await page.goto('/messages/sends');
  await expect(page.getByRole('link', { name: 'Group sends' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: 'Sent messages' })).not.toHaveAttribute('aria-current', 'page');
  await page.goto('/messages');
  await expect(page.getByRole('link', { name: 'Sent messages' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: 'Group sends' })).not.toHaveAttribute('aria-current', 'page');

  // The customer sees the conversation in order, the studio's answer at the bottom, marked new.
  await customer.reload();
  const all = messages.getByTestId('own-message');
  await expect(all).toHaveCount(2);
  await expect(all.nth(0)).toHaveAttribute('data-from', 'customer');
  await expect(all.nth(1)).toHaveAttribute('data-from', 'studio');
  await expect(all.nth(1)).toContainText('Yes, from 9am to 6pm. Enjoy!');
  await expect(all.nth(1)).toHaveAttribute('data-unread', 'true');
  await expectAccessible(customer, 'the account conversation');
  await screenshot(customer, 'account-conversation-en');

  // French, on a phone: she answers again.
  await chooseLanguage(customer, 'Français');
  await customer.setViewportSize({ width: 390, height: 844 });
  const messagesFr = customer.getByRole('region', { name: 'Messages', exact: true });
  await expect(messagesFr.getByTestId('own-message').nth(1)).toContainText('Le studio');
  await messagesFr.getByRole('textbox', { name: 'Votre message' }).fill('Merci, à dimanche !');
  await messagesFr.getByRole('button', { name: 'Envoyer' }).click();
  await expect(messagesFr.getByTestId('own-message').nth(2)).toContainText('Merci, à dimanche !');
  await expect(messagesFr.getByTestId('own-message').nth(2)).toContainText('Vous');
  await messagesFr.scrollIntoViewIfNeeded();
  await expectAccessible(customer, 'the account conversation in French on a phone');
  await screenshot(customer, 'account-conversation-fr-phone');

  // Staff, in French on a phone: the thread is unread again, labelled "Dans l'app".
  await chooseLanguage(page, 'Français');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/inbox');
  const rowFr = page.getByTestId('inbox-thread').filter({ hasText: lastName });
  await expect(rowFr.getByTestId('inbox-unread')).toHaveText('1');
  await rowFr.click();
  const replyFr = page.getByTestId('inbox-message').filter({ hasText: 'Merci, à dimanche !' });
  await expect(replyFr).toContainText("Dans l'app");
  await replyFr.scrollIntoViewIfNeeded();
  await expectAccessible(page, 'an in-app conversation in French on a phone');
  await screenshot(page, 'inbox-customer-reply-thread-fr-phone');

  // The customer's profile shows the latest messages of the conversation and leads to it.
  const customerId = new URL(page.url()).searchParams.get('c');
  expect(customerId).toBeTruthy();
  await page.goto(`/customers/${customerId}`);
  const onProfile = page.getByTestId('customer-messages');
  await expect(onProfile.getByRole('heading', { name: 'Messages' })).toBeVisible();
  await expect(onProfile.getByTestId('customer-message').filter({ hasText: 'Yes, from 9am to 6pm. Enjoy!' })).toHaveAttribute('data-direction', 'out');
  await expect(onProfile.getByTestId('customer-message').last()).toContainText('Merci, à dimanche !');
  await expect(onProfile.getByTestId('customer-message').last()).toContainText("Dans l'app");
  await expect(onProfile.getByTestId('customer-message').last()).toHaveAttribute('data-direction', 'in');
  await onProfile.scrollIntoViewIfNeeded();
  await expectAccessible(page, 'the messages on the customer profile in French on a phone');
  await screenshot(page, 'customer-profile-messages-fr-phone');
  await onProfile.getByRole('link', { name: 'Ouvrir la conversation' }).click();
  await expect(page).toHaveURL(new RegExp(`/inbox\\?c=${customerId}`));
  await expect(page.getByTestId('inbox-message').filter({ hasText: 'Merci, à dimanche !' })).toBeVisible();

  await customerContext.close();
  await staffContext.close();
});
