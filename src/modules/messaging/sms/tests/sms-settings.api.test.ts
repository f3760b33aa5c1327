import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';

describe.each(testDatabaseKinds())('Settings › SMS & phone API (%s)', (kind) => {
  const clock = fixedClock('2027-03-15T09:00:00Z');
  let enso: TestEnso;
  let studio: StudioFixture;
  let other: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    studio = await makeStudio(enso);
    other = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('starts on the first tier with no forwarding number, and lists the tiers', async () => {
    const res = await studio.admin.get('/api/v1/messaging/settings');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      smsTier: 'starter',
      forwardingPhone: null,
      studioPhone: null,
      voiceWebhookUrl: null,
      usage: { month: '2027-03', segmentsUsed: 0, segmentsAllowed: 500, messages: 0, exhausted: false, byDay: [] },
    });
    const tiers = (res.body as { tiers: { key: string; monthlySegments: number; label: { fr: string } }[] }).tiers;
    expect(tiers.map((t) => [t.key, t.monthlySegments])).toEqual([
      ['starter', 500],
      ['growth', 2000],
      ['pro', 10000],
    ]);
    expect(tiers[0]!.label.fr).toBe('Essentiel');
  });

  it('saves the tier and an international forwarding number in E.164 form', async () => {
    const res = await studio.admin.put('/api/v1/messaging/settings', { smsTier: 'pro', forwardingPhone: ' +33 6 12-34.56 (78) ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ smsTier: 'pro', forwardingPhone: '+33612345678', usage: { segmentsAllowed: 10000 } });
    const again = await studio.admin.get('/api/v1/messaging/settings');
    expect(again.body).toMatchObject({ smsTier: 'pro', forwardingPhone: '+33612345678' });
    const zeroZero = await studio.admin.put('/api/v1/messaging/settings', { forwardingPhone: '0044 20 7946 0958' });
    expect(zeroZero.body).toMatchObject({ smsTier: 'pro', forwardingPhone: '+442079460958' });
    const cleared = await studio.admin.put('/api/v1/messaging/settings', { forwardingPhone: '' });
    expect(cleared.body).toMatchObject({ forwardingPhone: null });
  });

  it('refuses an unknown tier and a number that is not international, with a field error each', async () => {
    for (const [body, path] of [
      [{ forwardingPhone: '06 12 34 56 78' }, 'forwardingPhone'],
      [{ forwardingPhone: '+33 6' }, 'forwardingPhone'],
      [{ forwardingPhone: 'call me' }, 'forwardingPhone'],
      [{ smsTier: 'platinum' }, 'smsTier'],
    ] as const) {
      const res = await studio.admin.put('/api/v1/messaging/settings', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'invalid_sms_settings' });
      expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([path]);
    }
  });

  it('is for admins and operators only', async () => {
    expect((await (await studio.staff('operator')).put('/api/v1/messaging/settings', { smsTier: 'growth' })).status).toBe(200);
    expect((await (await studio.staff('front_desk')).get('/api/v1/messaging/settings')).status).toBe(403);
    expect((await (await studio.staff('teacher')).put('/api/v1/messaging/settings', { smsTier: 'pro' })).status).toBe(403);
  });

  it("keeps each studio's settings its own", async () => {
    await studio.admin.put('/api/v1/messaging/settings', { smsTier: 'growth', forwardingPhone: '+33611111111' });
    const res = await other.admin.get('/api/v1/messaging/settings');
    expect(res.body).toMatchObject({ smsTier: 'starter', forwardingPhone: null });
    await other.admin.put('/api/v1/messaging/settings', { forwardingPhone: '+33622222222' });
    expect((await studio.admin.get('/api/v1/messaging/settings')).body).toMatchObject({ smsTier: 'growth', forwardingPhone: '+33611111111' });
  });
});
