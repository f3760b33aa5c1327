import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioId } from '../../../../kernel/ids.ts';
import { systemClock } from '../../../../kernel/clock.ts';
import { testDatabaseKinds } from '../../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../../platform/testing/enso.ts';
import { gradientPng } from '../../../../platform/testing/png.ts';
import type { Block } from '../../blocks.ts';

const url = (key: string, locale = 'en') => `/api/v1/message-templates/${key}/${locale}`;

const edited: Block[] = [
  { id: 'h', kind: 'heading', text: 'See you, ##{{first_name}}' },
  { id: 't', kind: 'text', text: '##{{class_name}} is cancelled.\n##{{noteToCustomers}}' },
  { id: 'b', kind: 'button', label: 'Book another class', urlVariable: 'manage_url' },
];

describe.each(testDatabaseKinds())('message templates API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso, { defaultLocale: 'fr' });
  });
  afterAll(() => enso?.dispose());

  it('lists the catalogue, none customised at first', async () => {
    const res = await a.admin.get('/api/v1/message-templates');

    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(22);
    expect(res.body.items.find((i: { key: string }) => i.key === 'class.cancelled')).toMatchObject({
      category: 'transactional',
      audience: 'customer',
      channels: ['email', 'sms', 'in_app'],
      title: { en: 'Class cancelled by the studio', fr: 'Cours annulé par le studio' },
      customised: { en: false, fr: false },
    });
    expect(res.body.items.find((i: { key: string }) => i.key === 'rank.promotion_eligible_staff').audience).toBe('staff');
  });

  it('shows the default subject, blocks and allowed variables with samples', async () => {
    const res = await a.admin.get(url('waitlist.offered', 'fr'));

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ key: 'waitlist.offered', locale: 'fr', customised: false, requiresSubject: true, updatedAt: null });
    expect(res.body.subject).toContain('##{{class_name}}');
    expect(res.body.text).toContain('##{{numberOfMinutesToRespond}} minutes');
    expect(res.body.variables).toContainEqual(expect.objectContaining({ name: 'numberOfMinutesToRespond', sample: '60' }));
    expect(res.body.variables.map((v: { name: string }) => v.name)).toEqual(expect.arrayContaining(['first_name', 'last_name', 'studio_name']));
  });

  it('refuses unknown and misspelt variables, naming each and where it is', async () => {
    const res = await a.admin.put(url('class.cancelled'), {
      subject: 'Cancelled: ##{{class}}',
      blocks: [
        { id: 'x', kind: 'text', text: 'Hi ##{{firstname}}, ##{{first_name}} ##{{ first_name }}' },
        { id: 'y', kind: 'button', label: 'Go', urlVariable: 'offer_url' },
      ],
    });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('unknown_variables');
    expect(res.body.errors).toEqual([
      { path: 'subject', message: expect.stringContaining('##{{class}}') },
      { path: 'blocks.0.text', message: expect.stringContaining('##{{firstname}}') },
      { path: 'blocks.0.text', message: expect.stringContaining('##{{ first_name }}') },
      { path: 'blocks.1.urlVariable', message: expect.stringContaining('##{{offer_url}}') },
    ]);
    expect(res.body.details.unknown).toEqual([
      { path: 'subject', name: 'class' },
      { path: 'blocks.0.text', name: 'firstname' },
      { path: 'blocks.0.text', name: ' first_name ' },
      { path: 'blocks.1.urlVariable', name: 'offer_url' },
    ]);
    expect((await a.admin.get(url('class.cancelled'))).body.customised).toBe(false);
  });

  it('refuses an empty subject for an email template', async () => {
    const res = await a.admin.put(url('class.cancelled'), { subject: '   ', blocks: edited });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('subject_required');
    expect(res.body.errors).toEqual([{ path: 'subject', message: expect.any(String) }]);
  });

  it('refuses a block that is not one of the kinds', async () => {
    const res = await a.admin.put(url('class.cancelled'), { subject: 'S', blocks: [{ id: 'v', kind: 'video', url: 'https://x.test' }] });

    expect(res.status).toBe(400);
  });

  it('saves a locale, keeps the other on the default, and goes back to the default on delete', async () => {
    const saved = await a.admin.put(url('class.cancelled'), { subject: '  Cancelled: ##{{class_name}} ', blocks: edited });
    const en = await a.admin.get(url('class.cancelled'));
    const fr = await a.admin.get(url('class.cancelled', 'fr'));
    const listed = await a.admin.get('/api/v1/message-templates');

    expect(saved.status).toBe(200);
    expect(en.body).toMatchObject({ customised: true, subject: 'Cancelled: ##{{class_name}}', blocks: edited });
    expect(en.body.text).toBe('See you, ##{{first_name}}\n\n##{{class_name}} is cancelled.\n##{{noteToCustomers}}\n\nBook another class: ##{{manage_url}}');
    expect(en.body.updatedAt).toEqual(expect.any(String));
    expect(fr.body.customised).toBe(false);
    expect(listed.body.items.find((i: { key: string }) => i.key === 'class.cancelled').customised).toEqual({ en: true, fr: false });

    const reset = await a.admin.delete(url('class.cancelled'));

    expect(reset.status).toBe(200);
    expect(reset.body.customised).toBe(false);
    expect(reset.body.subject).toBe('Class cancelled: ##{{class_name}} on ##{{class_date}}');
  });

  it('previews a draft with the sample values and the studio branding', async () => {
    await a.admin.patch('/api/v1/studio', { brandColor: '#0b7285', accentColor: '#e8590c' });
    const logo = await a.admin.request('PUT', '/api/v1/studio/logo', { payload: gradientPng(64, 64, [10, 20, 30], [200, 100, 50]), headers: { 'content-type': 'image/png' } });

    const res = await a.admin.post(`${url('class.cancelled')}/preview`, { subject: 'Off: ##{{class_name}} ##{{clas_name}}', blocks: edited });

    expect(logo.status).toBe(200);
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Off: Vinyasa Flow ##{{clas_name}}');
    expect(res.body.html).toMatch(/^<!doctype html>/i);
    expect(res.body.html).toContain('See you, Ana');
    expect(res.body.html).toContain('Our teacher is ill; we are sorry.');
    expect(res.body.html).toContain('#0b7285');
    expect(res.body.html).toContain('#e8590c');
    expect(res.body.html).toContain(`src="http://enso.test/api/public/v1/studios/${a.slug}/logo?v=`);
    expect(res.body.text).toContain('Book another class: https://enso.example/s/lumiere/account');
    expect(res.body.unknownVariables).toEqual([{ path: 'subject', name: 'clas_name' }]);
  });

  it('previews the saved template when no draft is given', async () => {
    await a.admin.put(url('booking.confirmation', 'fr'), { subject: 'Réservé : ##{{class_name}}', blocks: [{ id: 'a', kind: 'text', text: 'Bonjour ##{{first_name}} !' }, { id: 'b', kind: 'text', text: 'Le ##{{class_date}}' }] });

    const res = await a.admin.post(`${url('booking.confirmation', 'fr')}/preview`, {});
    const fr = await a.admin.get(url('booking.confirmation', 'fr'));

    expect(res.body.subject).toBe('Réservé : Vinyasa Flow');
    expect(res.body.html).toContain('Bonjour Ana !');
    expect(res.body.html).toContain('lang="fr"');
    expect(res.body.html).toContain('Le lundi 12 janvier 2026');
    expect(fr.body.variables).toContainEqual(expect.objectContaining({ name: 'class_date', sample: 'lundi 12 janvier 2026' }));
  });

  it('renders a message for a sender with the studio version and the recipient values', async () => {
    const ctx = { studioId: a.studioId as StudioId, actor: { kind: 'system' as const }, clock: systemClock, requestId: 'test' };

    const email = await enso.services.messageTemplates.render(ctx, { key: 'booking.confirmation', locale: 'fr', values: { first_name: 'Zoé', class_name: '<Yin>' } });
    const fallback = await enso.services.messageTemplates.render(ctx, { key: 'booking.confirmation', locale: 'en', values: { first_name: 'Zoé' } });

    expect(email.subject).toBe('Réservé : <Yin>');
    expect(email.html).toContain('Bonjour Zoé !');
    expect(email.text).toContain('Bonjour Zoé !');
    expect(fallback.html).toContain('You&#39;re booked, Zoé!');
  });

  it('answers 404 for a template that does not exist', async () => {
    const res = await a.admin.get(url('no.such.template'));
    const put = await a.admin.put(url('no.such.template'), { subject: 'x', blocks: [] });

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('template_not_found');
    expect(put.status).toBe(404);
  });

  it('answers 400 for a locale other than en and fr', async () => {
    expect((await a.admin.get(url('class.cancelled', 'de'))).status).toBe(400);
  });

  it('lets admins and operators edit templates, not front desk or teachers', async () => {
    const operator = await a.staff('operator');
    const frontDesk = await a.staff('front_desk');
    const teacher = await a.staff('teacher');

    expect((await operator.get('/api/v1/message-templates')).status).toBe(200);
    expect((await frontDesk.get('/api/v1/message-templates')).status).toBe(403);
    expect((await teacher.put(url('class.cancelled'), { subject: 'x', blocks: [] })).status).toBe(403);
  });

  describe('studio isolation', () => {
    it('never shows one studio’s version to another, and another studio’s delete leaves it', async () => {
      await a.admin.put(url('waitlist.joined'), { subject: 'A only: ##{{class_name}}', blocks: [{ id: 'a', kind: 'text', text: 'A studio text' }] });

      const bGet = await b.admin.get(url('waitlist.joined'));
      const bList = await b.admin.get('/api/v1/message-templates');
      const bPreview = await b.admin.post(`${url('waitlist.joined')}/preview`, {});
      const bDelete = await b.admin.delete(url('waitlist.joined'));
      const aGet = await a.admin.get(url('waitlist.joined'));

      expect(bGet.body.customised).toBe(false);
      expect(bGet.body.subject).not.toContain('A only');
      expect(bList.body.items.find((i: { key: string }) => i.key === 'waitlist.joined').customised).toEqual({ en: false, fr: false });
      expect(bPreview.body.html).not.toContain('A studio text');
      expect(bDelete.status).toBe(200);
      expect(aGet.body).toMatchObject({ customised: true, subject: 'A only: ##{{class_name}}' });
    });

    it('keeps each studio’s own version of the same template', async () => {
      await b.admin.put(url('waitlist.joined'), { subject: 'B: ##{{class_name}}', blocks: [{ id: 'b', kind: 'text', text: 'B studio text' }] });

      expect((await a.admin.get(url('waitlist.joined'))).body.subject).toBe('A only: ##{{class_name}}');
      expect((await b.admin.get(url('waitlist.joined'))).body.subject).toBe('B: ##{{class_name}}');
    });
  });
});
