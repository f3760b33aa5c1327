import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';

const channelsUrl = (key: string) => `/api/v1/message-templates/${key}/channels`;

describe.each(testDatabaseKinds())('message template channels API (%s)', (kind) => {
  const clock = fixedClock('2027-03-01T09:00:00Z');
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  const listed = async (s: StudioFixture, key: string) =>
    ((await s.admin.get('/api/v1/message-templates')).body.items as { key: string; enabledChannels: unknown }[]).find((i) => i.key === key)!.enabledChannels;

  it('sends every template by email only until the studio chooses', async () => {
    expect(await listed(a, 'booking.confirmation')).toEqual({ email: true, sms: false, inApp: false });
    const detail = await a.admin.get('/api/v1/message-templates/booking.confirmation/en');
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ channels: ['email', 'sms', 'in_app'], enabledChannels: { email: true, sms: false, inApp: false } });
  });

  it('saves the channels of one template for one studio; the list and the detail show them', async () => {
    const res = await a.admin.put(channelsUrl('booking.confirmation'), { email: true, sms: true, inApp: false });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ email: true, sms: true, inApp: false });
    expect(await listed(a, 'booking.confirmation')).toEqual({ email: true, sms: true, inApp: false });
    expect((await a.admin.get('/api/v1/message-templates/booking.confirmation/fr')).body.enabledChannels).toEqual({ email: true, sms: true, inApp: false });

    // Saved again: replaced. Email may go off while another channel stays on.
    expect((await a.admin.put(channelsUrl('booking.confirmation'), { email: false, sms: true, inApp: true })).body).toEqual({ email: false, sms: true, inApp: true });
    expect(await listed(a, 'booking.confirmation')).toEqual({ email: false, sms: true, inApp: true });
    // Another template and another studio are untouched.
    expect(await listed(a, 'booking.cancelled')).toEqual({ email: true, sms: false, inApp: false });
    expect(await listed(b, 'booking.confirmation')).toEqual({ email: true, sms: false, inApp: false });
  });

  it('refuses a channel the catalogue does not list for the template, with a field error', async () => {
    // booking.late_cancelled goes by email or in-app, never SMS; the password reset by email only.
    const sms = await a.admin.put(channelsUrl('booking.late_cancelled'), { email: true, sms: true, inApp: false });
    expect(sms.status).toBe(400);
    expect(sms.headers['content-type']).toContain('application/problem+json');
    expect(sms.body).toMatchObject({ code: 'invalid_channels', errors: [{ path: 'sms' }] });
    const inApp = await a.admin.put(channelsUrl('account.password_reset'), { email: true, sms: false, inApp: true });
    expect(inApp.status).toBe(400);
    expect(inApp.body.errors).toEqual([expect.objectContaining({ path: 'inApp' })]);
    // A message to staff goes by email only, whatever the catalogue lists.
    const staff = await a.admin.put(channelsUrl('rank.promotion_eligible_staff'), { email: true, sms: false, inApp: true });
    expect(staff.status).toBe(400);
    expect(staff.body.errors).toEqual([{ path: 'inApp', message: 'Messages to staff go by email only.' }]);
    expect(await listed(a, 'booking.late_cancelled')).toEqual({ email: true, sms: false, inApp: false });
  });

  it('keeps at least one channel on', async () => {
    const res = await a.admin.put(channelsUrl('class.cancelled'), { email: false, sms: false, inApp: false });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_channels', errors: [{ path: 'email', message: 'Keep at least one channel on.' }] });
  });

  it('answers 404 for an unknown template and 400 for a malformed body', async () => {
    expect((await a.admin.put(channelsUrl('nope.nothing'), { email: true, sms: false, inApp: false })).status).toBe(404);
    expect((await a.admin.put(channelsUrl('booking.confirmation'), { email: 'yes' })).status).toBe(400);
  });

  it('lets admins and operators choose, not front desk or teachers', async () => {
    const operator = await a.staff('operator');
    const frontDesk = await a.staff('front_desk');
    const teacher = await a.staff('teacher');
    const body = { email: true, sms: false, inApp: true };
    expect((await operator.put(channelsUrl('waitlist.offered'), body)).status).toBe(200);
    expect((await frontDesk.put(channelsUrl('waitlist.offered'), body)).status).toBe(403);
    expect((await teacher.put(channelsUrl('waitlist.offered'), body)).status).toBe(403);
  });
});
