import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { problem } from '../../../platform/testing/client.ts';

const password = 'a-long-and-unusual-passphrase';
type Answer = { fieldId: string; label: string; value: unknown };

describe.each(testDatabaseKinds())('customer fields API (%s)', (kind) => {
  // 23:30 UTC on 12 May is already 13 May in Auckland, the studio's zone (a future date: the test client drops expired cookies by the host's clock).
  const clock = fixedClock('2027-05-12T23:30:00Z');
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso, { timeZone: 'Pacific/Auckland' });
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  const field = async (body: Record<string, unknown>, studio = a) => {
    const res = await studio.admin.post('/api/v1/customer-fields', body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; label: string };
  };
  const answerOf = (items: Answer[], fieldId: string) => items.find((i) => i.fieldId === fieldId)?.value;

  it('creates, edits, reorders and archives fields', async () => {
    const shoe = await field({ label: 'Shoe size', kind: 'number' });
    const level = await field({ label: 'Level', kind: 'choice', options: ['Beginner', 'Advanced'], askAtCheckout: true, required: true });

    const edited = await a.admin.patch(`/api/v1/customer-fields/${shoe.id}`, { label: 'Shoe size (EU)', customerEditable: false });
    const reordered = await a.admin.put('/api/v1/customer-fields/order', { ids: [level.id, shoe.id] });
    const archived = await a.admin.patch(`/api/v1/customer-fields/${shoe.id}`, { archived: true });
    const active = await a.admin.get('/api/v1/customer-fields');
    const all = await a.admin.get('/api/v1/customer-fields?archived=true');

    expect(edited.body).toMatchObject({ label: 'Shoe size (EU)', kind: 'number', customerEditable: false, badge: 'none', archived: false });
    expect(reordered.body.items.map((f: { id: string }) => f.id).slice(0, 2)).toEqual([level.id, shoe.id]);
    expect(archived.body.archived).toBe(true);
    expect(active.body.items.map((f: { id: string }) => f.id)).not.toContain(shoe.id);
    expect(all.body.items.map((f: { id: string }) => f.id)).toContain(shoe.id);
  });

  it('names the setting that is wrong', async () => {
    const noOptions = await a.admin.post('/api/v1/customer-fields', { label: 'Pick', kind: 'choice' });
    const dateBadge = await a.admin.post('/api/v1/customer-fields', { label: 'Note', kind: 'text', badge: 'on_date' });
    const badKind = await a.admin.post('/api/v1/customer-fields', { label: 'X', kind: 'colour' });

    expect(noOptions.body).toMatchObject({ ...problem(400, 'invalid_field_value'), errors: [{ path: 'options' }] });
    expect(dateBadge.body).toMatchObject({ ...problem(400, 'invalid_field_value'), errors: [{ path: 'badge' }] });
    expect(badKind.body.errors).toContainEqual(expect.objectContaining({ path: 'kind' }));
  });

  it('sets answers per kind, reports each invalid one by field, and publishes only real changes', async () => {
    const injury = await field({ label: 'Injury', kind: 'text', badge: 'when_set' });
    const size = await field({ label: 'Size', kind: 'number' });
    const days = await field({ label: 'Days', kind: 'multi_choice', options: ['Mon', 'Wed', 'Fri'] });
    const since = await field({ label: 'Since', kind: 'date' });
    const customer = await makeCustomer(a);
    const url = `/api/v1/customers/${customer.id}/fields`;

    const set = await a.admin.patch(url, { values: { [injury.id]: 'left knee', [size.id]: '38.50', [days.id]: ['Fri', 'Mon'] } });
    const same = await a.admin.patch(url, { values: { [injury.id]: 'left knee ', [size.id]: '38.5' } });
    const bad = await a.admin.patch(url, { values: { [size.id]: '1,5', [days.id]: ['Sun'], [since.id]: '2026-02-30', fld_unknown: 'x' } });
    const cleared = await a.admin.patch(url, { values: { [injury.id]: null } });
    const activity = await a.admin.get(`/api/v1/customers/${customer.id}/activity`);

    expect(answerOf(set.body.items, injury.id)).toBe('left knee');
    expect(answerOf(set.body.items, size.id)).toBe('38.5');
    expect(answerOf(set.body.items, days.id)).toEqual(['Mon', 'Fri']);
    expect(answerOf(same.body.items, size.id)).toBe('38.5');
    expect(bad.body).toMatchObject(problem(400, 'invalid_field_value'));
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [`values.${size.id}`, `values.${days.id}`, `values.${since.id}`, 'values.fld_unknown'].sort(),
    );
    expect(answerOf(cleared.body.items, injury.id)).toBeNull();
    const changes = activity.body.items.filter((e: { type: string }) => e.type === 'customer.custom_field_changed.v1');
    expect(changes.map((e: { payload: { label: string } }) => e.payload.label)).toEqual(['Injury', 'Days', 'Size', 'Injury']);
  });

  it('shows badges from badge tags, set fields and a birthday in the studio’s time zone', async () => {
    const injury = await field({ label: 'Blessure', kind: 'text', badge: 'when_set', badgeLabel: 'Injury' });
    const birthday = await field({ label: 'Anniversaire', kind: 'date', badge: 'on_date', badgeLabel: 'Birthday' });
    const vip = await a.admin.post('/api/v1/customer-tags', { name: 'VIP', color: 'yellow', badge: true });
    const customer = await makeCustomer(a);
    const other = await makeCustomer(a);
    await a.admin.post(`/api/v1/customers/${customer.id}/tags`, { tagId: vip.body.id });
    await a.admin.patch(`/api/v1/customers/${customer.id}/fields`, { values: { [injury.id]: 'left knee', [birthday.id]: '1990-05-13' } });
    await a.admin.patch(`/api/v1/customers/${other.id}/fields`, { values: { [birthday.id]: '1990-05-12' } });

    const badges = await a.admin.get(`/api/v1/customers/${customer.id}/badges`);
    const ctx: Ctx = { studioId: a.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 't' };
    const batch = await withStudio(enso.database, ctx.studioId, (tx) => enso.services.customerFields.badgesFor(tx, ctx, [customer.id, other.id, 'cus_nobody']));

    expect(badges.body.items).toEqual([
      { source: 'tag', sourceId: vip.body.id, label: 'VIP', detail: null, color: 'yellow' },
      { source: 'field', sourceId: injury.id, label: 'Injury', detail: 'left knee', color: null },
      { source: 'date', sourceId: birthday.id, label: 'Birthday', detail: '1990-05-13', color: null },
    ]);
    expect(batch.get(customer.id)).toEqual(badges.body.items);
    expect(batch.get(other.id)).toEqual([]);
    expect(batch.get('cus_nobody')).toEqual([]);
  });

  it('answers 404 for studio B’s fields and customers', async () => {
    const ofB = await field({ label: 'B field', kind: 'text' }, b);
    const customerOfB = await makeCustomer(b);
    const customerOfA = await makeCustomer(a);

    const responses = [
      await a.admin.patch(`/api/v1/customer-fields/${ofB.id}`, { label: 'Stolen' }),
      await a.admin.put('/api/v1/customer-fields/order', { ids: [ofB.id] }),
      await a.admin.get(`/api/v1/customers/${customerOfB.id}/fields`),
      await a.admin.patch(`/api/v1/customers/${customerOfB.id}/fields`, { values: {} }),
      await a.admin.get(`/api/v1/customers/${customerOfB.id}/badges`),
    ];
    const setOfB = await a.admin.patch(`/api/v1/customers/${customerOfA.id}/fields`, { values: { [ofB.id]: 'x' } });
    const stillB = await b.admin.get('/api/v1/customer-fields');

    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(responses[0]!.body).toMatchObject(problem(404, 'field_not_found'));
    expect(setOfB.body).toMatchObject({ ...problem(400, 'invalid_field_value'), errors: [{ path: `values.${ofB.id}` }] });
    expect(stillB.body.items).toContainEqual(expect.objectContaining({ id: ofB.id, label: 'B field' }));
  });

  it('keeps field settings to customers:settings and answers to customers:write', async () => {
    const frontDesk = await a.staff('front_desk');
    const teacher = await a.staff('teacher');
    const note = await field({ label: 'Desk note', kind: 'text' });
    const customer = await makeCustomer(a);

    const create = await frontDesk.post('/api/v1/customer-fields', { label: 'No', kind: 'text' });
    const answer = await frontDesk.patch(`/api/v1/customers/${customer.id}/fields`, { values: { [note.id]: 'ok' } });
    const read = await teacher.get(`/api/v1/customers/${customer.id}/fields`);

    expect(create.status).toBe(403);
    expect(answer.status).toBe(200);
    expect(read.status).toBe(403);
  });

  it('lets a customer see and edit only their customer-editable answers', async () => {
    const studio = await makeStudio(enso);
    const editable = await field({ label: 'Emergency contact', kind: 'text', required: true }, studio);
    const hidden = await field({ label: 'Staff only', kind: 'text', customerEditable: false }, studio);
    const visitor = studio.anonymous();
    const base = `/api/public/v1/studios/${studio.slug}/me/fields`;
    await visitor.post(`/api/public/v1/studios/${studio.slug}/signup`, { firstName: 'Lou', email: 'lou@example.com', password });

    const before = await visitor.get(base);
    const saved = await visitor.patch(base, { values: { [editable.id]: 'Sam 06 00 00 00 00' } });
    const cleared = await visitor.patch(base, { values: { [editable.id]: '' } });
    const sneaky = await visitor.patch(base, { values: { [hidden.id]: 'mine now' } });
    const staffOnly = await studio.admin.get(base);

    expect(before.body.items.map((i: Answer) => i.fieldId)).toEqual([editable.id]);
    expect(answerOf(saved.body.items, editable.id)).toBe('Sam 06 00 00 00 00');
    expect(cleared.body).toMatchObject({ ...problem(400, 'invalid_field_value'), errors: [{ path: `values.${editable.id}` }] });
    expect(sneaky.body).toMatchObject({ ...problem(400, 'invalid_field_value'), errors: [{ path: `values.${hidden.id}` }] });
    expect(staffOnly.status).toBe(401);
  });

  it('saves checkout answers in the caller’s transaction and enforces required questions', async () => {
    const studio = await makeStudio(enso);
    const level = await field({ label: 'Level', kind: 'choice', options: ['New', 'Regular'], askAtCheckout: true, required: true }, studio);
    const agree = await field({ label: 'I am fit to train', kind: 'checkbox', askAtCheckout: true, required: true }, studio);
    await field({ label: 'Not asked', kind: 'text' }, studio);
    const customer = await makeCustomer(studio);
    const ctx: Ctx = { studioId: studio.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 't' };
    const save = (answers: Record<string, unknown>) =>
      withStudio(enso.database, ctx.studioId, (tx) => enso.services.customerFields.saveAnswers(tx, ctx, customer.id, answers));

    const questions = await enso.services.customerFields.listCheckoutQuestions(ctx);
    const missing = await save({ [level.id]: 'New' }).catch((err: unknown) => err);
    const saved = await save({ [level.id]: 'New', [agree.id]: true });
    const later = await save({ [level.id]: 'Regular' });

    expect(questions.map((q) => q.label)).toEqual(['Level', 'I am fit to train']);
    expect(missing).toMatchObject({ code: 'invalid_field_value', fields: [{ path: `answers.${agree.id}` }] });
    expect(saved).toEqual({ changed: 2 });
    expect(later).toEqual({ changed: 1 });
  });
});
