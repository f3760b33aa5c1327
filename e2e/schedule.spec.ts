import { expect, test, type Locator, type Page } from '@playwright/test';
import { chooseLanguage, expectAccessible, runId, screenshot, selectOption, signInAsAdmin } from './support.ts';

/** `YYYY-MM-DD` of the Monday `weeks` weeks after this week's: always in the future, whatever today is. */
function mondayIn(weeks: number): string {
  const now = new Date();
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday + 7 * weeks);
  return day.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'enso_csrf')?.value ?? '';
}

/** The class template comes from the API: the templates screens are another part of the schedule work. */
async function createTemplate(page: Page, name: string, color: string): Promise<string> {
  const response = await page.request.post('/api/v1/class-templates', {
    data: { name, defaultDurationMin: 60, defaultCapacity: 16, color, priceMinor: 1800 },
    headers: { 'x-csrf-token': await csrf(page) },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/**
 * On a database kept between runs an earlier run may have left this teacher's classes in the
 * weeks this journey uses: they are removed first, so that the only conflict is the one made on purpose.
 */
async function clearTeacherWeeks(page: Page, teacher: string, from: string, days: number): Promise<void> {
  const teachers = (await (await page.request.get('/api/v1/teachers')).json()) as { items: { userId: string; firstName: string; lastName: string }[] };
  const teacherId = teachers.items.find((x) => `${x.firstName} ${x.lastName}` === teacher)!.userId;
  const query = `from=${addDays(from, -1)}T00:00:00Z&to=${addDays(from, days + 1)}T00:00:00Z&teacherId=${teacherId}&includeCancelled=false`;
  const list = (await (await page.request.get(`/api/v1/occurrences?${query}`)).json()) as { items: { id: string }[] };
  for (const { id } of list.items) {
    const removed = await page.request.delete(`/api/v1/occurrences/${id}`, { headers: { 'x-csrf-token': await csrf(page) } });
    if (!removed.ok()) await page.request.post(`/api/v1/occurrences/${id}/cancel`, { data: {}, headers: { 'x-csrf-token': await csrf(page) } });
  }
}

/** The calendar event of the class on `date` (its zone's calendar date). */
function eventOn(page: Page, name: string, date: string): Locator {
  return page.locator(`[data-date="${date}"]`).getByTestId('calendar-event').filter({ hasText: name });
}

/** The vertical position of a wall time in the week view's time axis. */
async function slotTop(page: Page, time: string): Promise<number> {
  const slot = page.locator(`[data-time="${time}:00"]`).first();
  await slot.scrollIntoViewIfNeeded();
  return (await slot.boundingBox())!.y;
}

test('an admin schedules a weekly class in another zone, substitutes, cancels, deletes and moves the following classes', async ({ page }) => {
  const name = `Vinyasa ${runId}`;
  // Weeks of its own per run, so that a database kept between runs holds no earlier class of this teacher then.
  const week1 = mondayIn(3 + (Number.parseInt(runId.slice(-4), 36) % 80));
  const wednesday1 = addDays(week1, 2);
  const week2 = addDays(week1, 7);
  const week3 = addDays(week1, 14);
  test.setTimeout(300_000);
  await signInAsAdmin(page);
  await createTemplate(page, name, '#1c7ed6');
  await clearTeacherWeeks(page, 'Inès Moreau', week1, 21);

  // Schedule → New class → Class, recurring: Mondays and Wednesdays at 18:00 in Montréal (America/Toronto),
  // six hours behind the browser's own zone (Europe/Paris).
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Schedule' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();
  await page.getByRole('link', { name: 'New class' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New class' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Retreat / training' })).toContainText('several days');
  await screenshot(page, 'schedule-kinds-en');
  await page.getByRole('link', { name: 'Class', exact: true }).click();
  await selectOption(page, 'Class template', name, name);
  await expect(page.getByRole('textbox', { name: 'Duration (minutes)' })).toHaveValue('60');
  await expect(page.getByRole('textbox', { name: 'Capacity' })).toHaveValue('16');
  await page.getByText('Recurring', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Recurring' })).toBeChecked();
  await page.getByRole('group', { name: 'Weekdays' }).getByText('Mon', { exact: true }).click();
  await page.getByRole('group', { name: 'Weekdays' }).getByText('Wed', { exact: true }).click();
  await page.getByLabel('Start time').fill('18:00');
  await page.getByLabel('Start date').fill(week1);
  await page.getByLabel('End date').fill(addDays(week3, 2));
  await page.getByRole('textbox', { name: 'Weeks to schedule ahead' }).fill('104');
  await selectOption(page, 'Teacher', 'Inès Moreau');
  await selectOption(page, 'Location', 'Lumière Montréal');
  await selectOption(page, 'Room', 'Studio A');
  await expect(page.getByText('Times are in America/Toronto.')).toBeVisible();
  await expectAccessible(page, 'the new class form');
  await screenshot(page, 'schedule-new-class-en');
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(page.getByText('6 classes scheduled.')).toBeVisible();

  // The calendar opens on the first week, in Montréal's zone: the class sits on the 18:00 line.
  await expect(page.getByRole('heading', { level: 1, name: 'Schedule' })).toBeVisible();
  await expect(page.getByTestId('calendar-zone')).toHaveText('Times in America/Toronto');
  const monday = eventOn(page, name, week1);
  await expect(monday).toContainText('18:00');
  await expect(monday).toContainText('Inès Moreau');
  await expect(monday).toContainText('0/16 booked');
  await expect(eventOn(page, name, wednesday1)).toContainText('0/16 booked');
  const top = (await monday.boundingBox())!.y;
  expect(Math.abs(top - (await slotTop(page, '18:00')))).toBeLessThan(8);
  await expectAccessible(page, 'the week view');
  await screenshot(page, 'schedule-week-en');

  // Open the Monday class: details, roster, then a substitute teacher for this date only.
  await monday.click();
  const drawer = page.getByRole('dialog', { name: name });
  await expect(drawer.getByTestId('occurrence-when')).toContainText('18:00–19:00');
  await expect(drawer).toContainText('America/Toronto');
  await expect(drawer.getByTestId('occurrence-teacher')).toHaveText('Inès Moreau');
  await expect(drawer).toContainText('Lumière Montréal · Studio A');
  await expect(drawer.getByTestId('occurrence-booked')).toHaveText('0/16 booked');
  await expect(drawer.getByTestId('roster-count-booked')).toHaveText('Booked: 0');
  await expectAccessible(page, 'the class drawer');
  await screenshot(page, 'schedule-drawer-en');
  await drawer.getByRole('button', { name: 'Substitute teacher' }).click();
  const substitute = page.getByRole('dialog', { name: 'Substitute teacher' });
  await selectOption(page, 'Substitute', 'Tom Walker');
  await substitute.getByRole('button', { name: 'Substitute', exact: true }).click();
  await expect(page.getByText('Substitute teacher set.')).toBeVisible();
  await expect(drawer.getByTestId('occurrence-teacher')).toHaveText('Tom Walker');
  await expect(drawer).toContainText('instead of Inès Moreau');
  // Edit this class: more room on this date only.
  await drawer.getByRole('button', { name: 'Edit this class' }).click();
  const editOne = page.getByRole('dialog', { name: 'Edit this class' });
  await editOne.getByRole('textbox', { name: 'Capacity' }).fill('20');
  await editOne.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Class updated.')).toBeVisible();
  await expect(drawer.getByTestId('occurrence-booked')).toHaveText('0/20 booked');
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(monday).toContainText('Tom Walker');

  // Cancel the Wednesday class with a note to customers: it stays, greyed and struck through.
  await eventOn(page, name, wednesday1).click();
  await drawer.getByRole('button', { name: 'Cancel class' }).click();
  const cancel = page.getByRole('dialog', { name: 'Cancel this class' });
  await cancel.getByLabel('Note to customers').fill('The teacher is ill; see you next week.');
  await cancel.getByRole('button', { name: 'Cancel the class' }).click();
  await expect(page.getByText('Class cancelled.')).toBeVisible();
  await expect(drawer).toContainText('This class is cancelled');
  await expect(drawer).toContainText('The teacher is ill; see you next week.');
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(eventOn(page, name, wednesday1)).toContainText(`Cancelled: ${name}`);
  await screenshot(page, 'schedule-cancelled-en');

  // Next week: delete the Monday class (nobody booked it).
  await page.getByRole('button', { name: 'Next' }).click();
  await eventOn(page, name, week2).click();
  await drawer.getByRole('button', { name: 'Delete' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete this class' });
  await remove.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Class deleted.')).toBeVisible();
  await expect(eventOn(page, name, week2)).toHaveCount(0);
  await expect(eventOn(page, name, addDays(week2, 2))).toBeVisible();

  // The week after: this and following classes move to 19:30.
  await page.getByRole('button', { name: 'Next' }).click();
  await eventOn(page, name, week3).click();
  await drawer.getByRole('button', { name: 'Edit this and following' }).click();
  const following = page.getByRole('dialog', { name: 'Edit this and following' });
  await following.getByLabel('Start time').fill('19:30');
  await following.getByRole('button', { name: 'Update the classes' }).click();
  await expect(following.getByText('2 classes updated.')).toBeVisible();
  await following.getByRole('button', { name: 'Done' }).click();
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(eventOn(page, name, week3)).toContainText('19:30');
  await expect(eventOn(page, name, addDays(week3, 2))).toContainText('19:30');
  // Earlier classes keep their time.
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(eventOn(page, name, addDays(week2, 2))).toContainText('18:00');

  // Duplicate: the form comes back filled from the class's series, with the dates left to choose.
  await eventOn(page, name, addDays(week2, 2)).click();
  await drawer.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Duplicate ${name}` })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Class template', exact: true })).toHaveValue(name);
  await expect(page.getByRole('combobox', { name: 'Teacher', exact: true })).toHaveValue('Inès Moreau');
  await expect(page.getByRole('combobox', { name: 'Location', exact: true })).toHaveValue('Lumière Montréal');
  await expect(page.getByLabel('Start time')).toHaveValue('18:00');
  await expect(page.getByLabel('Start date')).toHaveValue('');

  // A second class for the same teacher at the same time: the conflict is listed, then saved anyway.
  const other = `Yin ${runId}`;
  await createTemplate(page, other, '#f08c00');
  await page.goto('/schedule/new?kind=workshop');
  await selectOption(page, 'Class template', other, other);
  await page.getByRole('textbox', { name: 'Date', exact: true }).fill(addDays(week2, 2));
  await page.getByLabel('Start time').fill('18:30');
  await selectOption(page, 'Teacher', 'Inès Moreau');
  await selectOption(page, 'Location', 'Lumière Montréal');
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  const conflicts = page.getByTestId('schedule-conflicts');
  await expect(conflicts).toContainText(name);
  await expect(conflicts).toContainText('same teacher');
  await screenshot(page, 'schedule-conflict-en');
  await conflicts.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByText('1 class scheduled.')).toBeVisible();
  await expect(eventOn(page, other, addDays(week2, 2))).toContainText('18:30');

  // A workshop takes more dates one by one.
  await eventOn(page, other, addDays(week2, 2)).click();
  const workshop = page.getByRole('dialog', { name: other });
  await workshop.getByRole('button', { name: 'Add a date' }).click();
  const addDate = page.getByRole('dialog', { name: 'Add a date' });
  await addDate.getByRole('textbox', { name: 'Date', exact: true }).fill(addDays(week2, 4));
  await addDate.getByLabel('Start time').fill('10:00');
  await addDate.getByRole('button', { name: 'Add the date' }).click();
  await expect(page.getByText('Date added.')).toBeVisible();
  await workshop.getByRole('button', { name: 'Close' }).click();
  await expect(eventOn(page, other, addDays(week2, 4))).toContainText('10:00');

  // French once.
  await chooseLanguage(page, 'Français');
  await expect(page.getByRole('heading', { level: 1, name: 'Planning' })).toBeVisible();
  await expect(page.getByTestId('calendar-zone')).toHaveText('Heures de America/Toronto');
  await expect(page.getByRole('radio', { name: 'Semaine' })).toBeChecked();
  await screenshot(page, 'schedule-week-fr');
  await chooseLanguage(page, 'English');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the schedule lists the week and opens a class', async ({ page }) => {
    const name = `Pilates ${runId}`;
    const monday = mondayIn(3);
    await signInAsAdmin(page);
    const templateId = await createTemplate(page, name, '#ae3ec9');
    const locations = (await (await page.request.get('/api/v1/locations')).json()) as { items: { id: string; name: string }[] };
    const marais = locations.items.find((l) => l.name === 'Lumière Marais')!;
    const created = await page.request.post('/api/v1/series', {
      data: { templateId, pattern: 'dates', kind: 'class', locationId: marais.id, dates: [{ date: monday, startTime: '09:15' }] },
      headers: { 'x-csrf-token': await csrf(page) },
    });
    expect(created.status()).toBe(201);

    await page.goto(`/schedule?date=${monday}`);
    await expect(page.getByRole('radio', { name: 'List' })).toBeChecked();
    const item = page.getByTestId('calendar-event').filter({ hasText: name });
    await expect(item).toContainText('09:15');
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow, 'page wider than the phone').toBeLessThanOrEqual(0);
    await expectAccessible(page, 'the schedule at phone width');
    await screenshot(page, 'schedule-phone-list');
    await item.click();
    await expect(page.getByRole('dialog', { name })).toContainText('09:15–10:15');
    await screenshot(page, 'schedule-phone-drawer');
  });
});
