import { expect, test } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, signInAsAdmin, studioSlug } from './support.ts';

test('a friend signs up through a referral link, adds a child and unsubscribes; staff see it all', async ({ page, browser }) => {
  const password = 'Parrainage-et-yoga-7';
  const ana = { first: 'Ana', last: `Parrain${runId}`, email: `ana.${runId}@example.com` };
  const ben = { first: 'Benoît', last: `Filleul${runId}`, email: `benoit.${runId}@example.com` };

  // Staff turn the referral programme on (Settings → Referral programme).
  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Referral programme' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referral programme' })).toBeVisible();
  await page.getByRole('switch', { name: 'Referral programme on' }).check();
  await page.getByLabel('Reward for the referrer').fill('15');
  await page.getByLabel('Reward for the new customer').fill('10');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expectAccessible(page, 'the referral programme settings');
  await screenshot(page, 'referral-settings-en');

  // Ana, an existing customer, finds her referral link on her account page.
  const anaContext = await browser.newContext({ locale: 'en-US' });
  const anaPage = await anaContext.newPage();
  await anaPage.goto(`/s/${studioSlug}/signup`);
  await chooseLanguage(anaPage, 'English');
  await anaPage.getByLabel('First name').fill(ana.first);
  await anaPage.getByLabel('Last name').fill(ana.last);
  await anaPage.getByLabel('E-mail').fill(ana.email);
  await anaPage.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await anaPage.getByRole('button', { name: 'Create an account' }).click();
  const invite = anaPage.getByRole('region', { name: 'Invite your friends' });
  await expect(invite.getByLabel('My referral link')).toHaveValue(/\/signup\?ref=[A-Z2-9]{8}$/);
  const link = new URL(await invite.getByLabel('My referral link').inputValue());
  await anaContext.close();

  // Benoît follows the link, in French, on a phone.
  const benContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const benPage = await benContext.newPage();
  await benPage.goto(`${link.pathname}${link.search}`);
  await expect(benPage.getByRole('heading', { level: 1, name: 'Créer un compte' })).toBeVisible();
  await benPage.getByLabel('Prénom').fill(ben.first);
  await benPage.getByLabel('Nom', { exact: true }).fill(ben.last);
  await benPage.getByLabel('E-mail').fill(ben.email);
  await benPage.getByRole('textbox', { name: 'Mot de passe', exact: true }).fill(password);
  await benPage.getByRole('button', { name: 'Créer un compte' }).click();
  await expect(benPage.getByRole('heading', { level: 1, name: `Bonjour, ${ben.first} ${ben.last}` })).toBeVisible();

  const children = benPage.getByRole('region', { name: 'Mes enfants' });
  await children.getByRole('button', { name: 'Ajouter un enfant' }).click();
  await children.getByLabel('Prénom').fill('Léo');
  await children.getByLabel('Date de naissance').fill('2018-06-21');
  await children.getByRole('button', { name: 'Ajouter un enfant' }).click();
  await expect(children.getByTestId('my-child')).toContainText(`Léo ${ben.last}`);

  const messages = benPage.getByRole('region', { name: 'Messages que je reçois' });
  const marketing = messages.getByRole('switch', { name: 'E-mails marketing' });
  await expect(marketing).toBeChecked();
  await marketing.uncheck();
  await expect(marketing).not.toBeChecked();
  await expect(messages.getByRole('switch', { name: 'E-mails transactionnels' })).toBeChecked();
  await children.scrollIntoViewIfNeeded();
  await expectAccessible(benPage, 'the account page with children and subscriptions (fr, phone)');
  await screenshot(benPage, 'family-account-fr-phone');
  await benPage.reload();
  await expect(benPage.getByRole('region', { name: 'Messages que je reçois' }).getByRole('switch', { name: 'E-mails marketing' })).not.toBeChecked();
  await benContext.close();

  // The staff profile shows the referrer, the child and the subscription state.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByLabel('Search customers').fill(`${ben.first} ${ben.last}`.toLowerCase());
  await page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: `${ben.first} ${ben.last}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${ben.first} ${ben.last}` })).toBeVisible();
  const referrals = page.getByRole('region', { name: 'Referrals' });
  await expect(referrals.getByTestId('referred-by')).toContainText(`${ana.first} ${ana.last}`);
  await expect(page.getByRole('region', { name: 'Family' }).getByRole('link', { name: `Léo ${ben.last}` })).toBeVisible();
  const subscriptions = page.getByRole('region', { name: 'Message subscriptions' });
  await expect(subscriptions.getByRole('switch', { name: 'Marketing emails' })).not.toBeChecked();
  await expect(subscriptions.getByRole('switch', { name: 'Transactional emails' })).toBeChecked();
  await expect(subscriptions.getByRole('switch', { name: /^SMS / })).toBeChecked();
  await expect(page.getByTestId('activity-feed')).toContainText('Referred by another customer');
  await expect(page.getByTestId('activity-feed')).toContainText('Unsubscribed: Marketing emails');
  await expectAccessible(page, 'the staff profile with family, subscriptions and referrals');
  await page.getByRole('region', { name: 'Family' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'family-profile-en');

  // The referrer's profile lists whom she referred; the child's profile links to the parent.
  await referrals.getByRole('link', { name: `${ana.first} ${ana.last}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${ana.first} ${ana.last}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Referrals' }).getByTestId('referred')).toContainText(`${ben.first} ${ben.last}`);
  await expect(page.getByRole('region', { name: 'Referrals' })).toContainText('Referred 1 customer');
  await page.goBack();
  await page.getByRole('region', { name: 'Family' }).getByRole('link', { name: `Léo ${ben.last}` }).click();
  await expect(page.getByRole('region', { name: 'Family' })).toContainText(`Child of ${ben.first} ${ben.last}`);

  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('region', { name: 'Famille' })).toContainText(`Enfant de ${ben.first} ${ben.last}`);
  await page.getByRole('region', { name: 'Famille' }).scrollIntoViewIfNeeded();
  await expectAccessible(page, 'a child’s profile in French');
  await screenshot(page, 'family-child-profile-fr');
});
