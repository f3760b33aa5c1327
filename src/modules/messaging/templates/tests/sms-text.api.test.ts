import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../kernel/clock.ts';
import type { StudioId } from '../../../../kernel/ids.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import type { Block } from '../../blocks.ts';

const url = (key: string, locale = 'en') => `/api/v1/message-templates/${key}/${locale}`;
const blocks: Block[] = [
  { id: 'h', kind: 'heading', text: 'See you, ##{{first_name}}' },
  { id: 't', kind: 'text', text: '##{{class_name}} is cancelled.' },
];

describe.each(testDatabaseKinds())('the SMS text of message templates (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  const render = (s: StudioFixture, key: string, values: Record<string, string>) =>
    enso.services.messageTemplates.render({ studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock: systemClock, requestId: 't' }, { key, locale: 'en', values });

  it('derives the SMS from the body until the studio writes its own, for templates that go by SMS', async () => {
    const res = await a.admin.get(url('class.cancelled'));
    expect(res.body).toMatchObject({ hasSms: true, smsCustomised: false });
    expect(res.body.smsText).toBe(res.body.text);
    const emailOnly = await a.admin.get(url('booking.late_cancelled'));
    expect(emailOnly.body).toMatchObject({ hasSms: false, smsText: '', smsCustomised: false });
    const rendered = await render(a, 'class.cancelled', { first_name: 'Ana', class_name: 'Vinyasa' });
    expect(rendered.sms).toBe(rendered.text);
    expect(rendered.sms).toContain('Hello Ana,');
  });

  it('saves an SMS text apart from the body, and render() sends it with the recipient’s values', async () => {
    const saved = await a.admin.put(url('class.cancelled'), { subject: 'Cancelled', blocks, smsText: '  ##{{studio_name}}: ##{{class_name}} on ##{{class_date}} is cancelled. ' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ smsCustomised: true, smsText: '##{{studio_name}}: ##{{class_name}} on ##{{class_date}} is cancelled.' });
    const rendered = await render(a, 'class.cancelled', { studio_name: 'Lumière', class_name: 'Vinyasa', class_date: 'Monday 12 January', first_name: 'Ana' });
    expect(rendered.sms).toBe('Lumière: Vinyasa on Monday 12 January is cancelled.');
    expect(rendered.text).toContain('See you, Ana');
    // Saving the body again without the SMS text keeps it; an empty one goes back to the body.
    await a.admin.put(url('class.cancelled'), { subject: 'Cancelled again', blocks });
    expect((await a.admin.get(url('class.cancelled'))).body).toMatchObject({ subject: 'Cancelled again', smsCustomised: true });
    const cleared = await a.admin.put(url('class.cancelled'), { subject: 'Cancelled', blocks, smsText: '' });
    expect(cleared.body).toMatchObject({ smsCustomised: false });
    expect(cleared.body.smsText).toContain('##{{class_name}} is cancelled.');
    expect(cleared.body.smsText).toBe(cleared.body.text);
    // Another studio never sees it.
    expect((await b.admin.get(url('class.cancelled'))).body).toMatchObject({ smsCustomised: false });
  });

  it('refuses an unknown variable in the SMS text at save, naming it and where it is', async () => {
    const res = await a.admin.put(url('waitlist.offered'), { subject: 'A spot', blocks, smsText: 'Hi ##{{firstname}}, a spot in ##{{class_name}}: ##{{offer_url}}' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'unknown_variables', details: { unknown: [{ path: 'smsText', name: 'firstname' }] } });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'smsText' })]);
    expect((await a.admin.get(url('waitlist.offered'))).body).toMatchObject({ customised: false });
  });

  it('previews the SMS with sample values and its segments', async () => {
    const gsm = await a.admin.post(`${url('class.cancelled')}/preview`, { smsText: '##{{class_name}} is cancelled. ' + 'x'.repeat(150) });
    expect(gsm.status).toBe(200);
    expect(gsm.body.sms).toEqual({ text: 'Vinyasa Flow is cancelled. ' + 'x'.repeat(150), segments: 2, encoding: 'GSM-7' });
    const ucs = await a.admin.post(`${url('class.cancelled')}/preview`, { smsText: 'Cours annulé 🙏 ##{{bogus}}' });
    expect(ucs.body.sms).toMatchObject({ segments: 1, encoding: 'UCS-2', text: 'Cours annulé 🙏 ##{{bogus}}' });
    expect(ucs.body.unknownVariables).toEqual([{ path: 'smsText', name: 'bogus' }]);
    const none = await a.admin.post(`${url('booking.late_cancelled')}/preview`, {});
    expect(none.body.sms).toBeNull();
  });
});
