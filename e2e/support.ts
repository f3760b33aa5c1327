import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';

interface Animation {
  playState: string;
  effect: { getTiming(): { iterations?: number } } | null;
}

export const adminEmail = 'admin@lumiere.example';
export const adminPassword = process.env.ENSO_DEMO_ADMIN_PASSWORD ?? 'e2e-Lumiere-admin-2025';
export const studioSlug = 'lumiere';

/** The keys of the run's local Stripe peer (stripe-peer.ts): what a journey saves in Settings > Payments. */
export const stripeKeys = { secretKey: 'sk_test_enso_e2e', publishableKey: 'pk_test_enso_e2e', webhookSecret: 'whsec_enso_e2e' } as const;

/** Unique per run, so the suite also passes against a PostgreSQL database that outlives one run. */
export const runId = Date.now().toString(36);

const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(screenshotDir, { recursive: true });

/**
 * Waits for Mantine's transitions (modals, menus, notifications) to finish: half-faded text
 * would otherwise fail the contrast check and blur the screenshots. Endless animations
 * (loaders) are ignored.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(100);
  // A function, not a string: the app's CSP (script-src 'self') forbids eval in the page.
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { getAnimations(): Animation[] } }).document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY),
    undefined,
    { timeout: 5_000 },
  );
}

/** What the visitor sees (the viewport): a full-page capture would smear the fixed header down long pages. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}

/** Fails on serious or critical axe violations (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page, context: string): Promise<void> {
  await settle(page);
  // Toasts are left out: they fade in and out on timers, and half-faded text fails contrast.
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('.mantine-Notifications-root')
    .analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\n/g, ' ')).join('\n    ')}`);
  expect(blocking, `accessibility of ${context}`).toEqual([]);
}

/** Picks a UI language from the header's language menu. */
export async function chooseLanguage(page: Page, name: 'English' | 'Français'): Promise<void> {
  await page.getByTestId('language-switch').first().click();
  await page.getByRole('menuitem', { name }).click();
  await expect(page.getByTestId('language-switch').first()).toHaveAccessibleName(new RegExp(name));
}

/** Signs the demo admin in through the form, in English. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/login');
  await chooseLanguage(page, 'English');
  await page.getByLabel('E-mail').fill(adminEmail);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(adminPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('header-studio-name')).toHaveText('Studio Lumière');
}

/** Chooses an option of a Mantine Select (optionally typing to filter a searchable one). */
export async function selectOption(page: Page, label: string | RegExp, option: string, search?: string): Promise<void> {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  if (search) await input.fill(search);
  await page.getByRole('option', { name: option, exact: true }).click();
}

export interface Admin {
  request: APIRequestContext;
  headers: Record<string, string>;
  close: () => Promise<void>;
}

/** The admin's API calls from a context of their own (session cookie + CSRF header, as the web app sends). */
export async function adminApi(browser: Browser): Promise<Admin> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const request = page.context().request;
  await request.get('/api/health');
  const csrf = async () => (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
  const login = await request.post('/api/v1/auth/login', { data: { email: adminEmail, password: adminPassword }, headers: { 'x-csrf-token': await csrf() } });
  expect(login.status()).toBe(200);
  return { request, headers: { 'x-csrf-token': await csrf() }, close: () => context.close() };
}
