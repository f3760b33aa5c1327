import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { defaultBookingSettings } from '../service.ts';

describe.each(testDatabaseKinds())('booking settings (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('reads the defaults before anything is saved, changes only the fields given, and keeps studios apart', async () => {
    const before = await a.admin.get('/api/v1/booking-settings');
    const patched = await a.admin.patch('/api/v1/booking-settings', { classRefundMode: 'packs_only', classCreditCutoffMin: 1440 });
    const again = await a.admin.patch('/api/v1/booking-settings', { waitlistMode: 'confirm', waitlistResponseMin: 30 });
    const other = await b.admin.get('/api/v1/booking-settings');

    expect(before.status).toBe(200);
    expect(before.body).toEqual(defaultBookingSettings);
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...defaultBookingSettings, classRefundMode: 'packs_only', classCreditCutoffMin: 1440 });
    expect(again.body).toEqual({ ...defaultBookingSettings, classRefundMode: 'packs_only', classCreditCutoffMin: 1440, waitlistMode: 'confirm', waitlistResponseMin: 30 });
    expect(other.body).toEqual(defaultBookingSettings);
  });

  it('refuses bad input field by field', async () => {
    const bad = await a.admin.patch('/api/v1/booking-settings', { classRefundMode: 'sometimes', classLateCancelMin: -1, waitlistResponseMin: 1 });

    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['classLateCancelMin', 'classRefundMode', 'waitlistResponseMin']);
  });

  it('lets all staff read and only admins and operators change', async () => {
    const frontDesk = await a.staff('front_desk');
    const teacher = await a.staff('teacher');

    expect((await frontDesk.get('/api/v1/booking-settings')).status).toBe(200);
    expect((await teacher.get('/api/v1/booking-settings')).status).toBe(200);
    expect((await frontDesk.patch('/api/v1/booking-settings', { customersMayCancel: false })).status).toBe(403);
    expect((await (await a.staff('operator')).patch('/api/v1/booking-settings', { customersMayCancel: false })).body.customersMayCancel).toBe(false);
  });
});
