import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import { rowsOf, withSystem } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { TestClient } from '../../../platform/testing/client.ts';
import { signaturePng } from '../../../platform/testing/png.ts';
import { documentKey } from '../documents/service.ts';
import { privacyExportCoverage } from '../records/service.ts';
import { problem } from '../../../platform/testing/client.ts';

const password = 'a-long-and-unusual-passphrase';

describe.each(testDatabaseKinds())('customer merge, delete and privacy export (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;
  const clock = fixedClock('2027-03-01T09:00:00Z');

  beforeAll(async () => {
    enso = await createTestEnso(kind, { clock });
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  let counter = 0;
  async function customer(s: StudioFixture, body: Record<string, unknown>): Promise<string> {
    const res = await s.admin.post('/api/v1/customers', body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id;
  }
  async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
    const r = await res;
    if (r.status !== status) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  const upload = (s: StudioFixture, id: string, name: string, text: string) =>
    ok(s.admin.request('POST', `/api/v1/customers/${id}/documents?fileName=${name}`, { payload: Buffer.from(text), headers: { 'content-type': 'text/plain' } }), 201);

  async function field(s: StudioFixture, label: string, fieldKind = 'text') {
    return (await ok(s.admin.post('/api/v1/customer-fields', { label, kind: fieldKind }), 201)).id as string;
  }

  async function waiver(s: StudioFixture) {
    const list = await s.admin.get('/api/v1/waivers');
    const active = list.body.items.find((w: { kind: string; archived?: boolean; status?: string }) => w.kind === 'customer' && !w.archived && w.status !== 'archived');
    if (active) return active.id as string;
    return (await ok(s.admin.post('/api/v1/waivers', { kind: 'customer', title: 'Liability', body: 'I take part at my own risk.' }), 201)).id as string;
  }
  async function sign(s: StudioFixture, customerId: string) {
    const waiverId = await waiver(s);
    const res = await ok(
      s.admin.post(`/api/v1/customers/${customerId}/waivers/sign-in-person`, {
        waiverId,
        version: 1,
        signerName: 'Signer',
        signaturePng: `data:image/png;base64,${signaturePng()}`,
      }),
      201,
    );
    return res.signature.id as string;
  }

  async function signUp(s: StudioFixture, firstName: string, email: string) {
    const client = new TestClient(enso.app);
    const res = await client.post(`/api/public/v1/studios/${s.slug}/signup`, { firstName, lastName: 'Client', email, password });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return { client, id: res.body.customer.id as string };
  }

  describe('merge', () => {
    it('moves every note, document, tag, field answer, child, referral and waiver signature to the survivor', async () => {
      counter += 1;
      const survivor = await customer(a, { firstName: 'Ana', lastName: 'Silva', email: `ana${counter}@example.com` });
      const duplicate = await customer(a, { firstName: 'Anna', lastName: 'Silva', email: `anna${counter}@work.example`, phone: '06 12 34 56 78' });
      const injury = await field(a, `Injury ${counter}`);
      const shoe = await field(a, `Shoe size ${counter}`);
      await ok(a.admin.patch(`/api/v1/customers/${survivor}/fields`, { values: { [injury]: 'Knee' } }));
      await ok(a.admin.patch(`/api/v1/customers/${duplicate}/fields`, { values: { [injury]: 'Back', [shoe]: '38' } }));
      await ok(a.admin.post(`/api/v1/customers/${survivor}/tags`, { name: `Morning ${counter}` }));
      await ok(a.admin.post(`/api/v1/customers/${duplicate}/tags`, { name: `Morning ${counter}` }));
      await ok(a.admin.post(`/api/v1/customers/${duplicate}/tags`, { name: `VIP ${counter}` }));
      await ok(a.admin.post(`/api/v1/customers/${survivor}/notes`, { body: 'Prefers the back row' }), 201);
      await ok(a.admin.post(`/api/v1/customers/${duplicate}/notes`, { body: 'Old note on the duplicate' }), 201);
      await ok(a.admin.post(`/api/v1/customers/${duplicate}/notes`, { body: 'Second note' }), 201);
      const doc = await upload(a, duplicate, 'waiver-scan.txt', 'scan');
      const child = await ok(a.admin.post(`/api/v1/customers/${duplicate}/children`, { firstName: 'Léo' }), 201);
      const referred = await customer(a, { firstName: 'Referred' });
      await ok(a.admin.put(`/api/v1/customers/${referred}/referrer`, { referrerId: duplicate }));
      const signatureOfDuplicate = await sign(a, duplicate);
      const signatureOfSurvivor = await sign(a, survivor);

      const preview = await ok(a.admin.get(`/api/v1/customers/${survivor}/merge-preview?from=${duplicate}`));

      expect(preview.moves).toEqual({
        notes: 2,
        documents: 1,
        tags: 2,
        customFieldValues: 2,
        children: 1,
        referrals: 1,
        activityEvents: expect.any(Number),
      });
      expect(preview.moves.activityEvents).toBeGreaterThanOrEqual(8);
      expect(preview.owners.waivers).toMatchObject({ signatures: 1 });
      expect(preview.login).toBe('none');
      expect(preview.fields).toContainEqual({ field: 'phone', survivor: null, duplicate: '06 12 34 56 78', kept: 'duplicate' });
      expect(preview.fields).toContainEqual({ field: 'email', survivor: `ana${counter}@example.com`, duplicate: `anna${counter}@work.example`, kept: 'survivor' });

      const merged = await ok(a.admin.post(`/api/v1/customers/${survivor}/merge`, { fromId: duplicate, keep: { firstName: 'duplicate' } }));

      expect(merged.customer).toMatchObject({ id: survivor, firstName: 'Anna', email: `ana${counter}@example.com`, phone: '06 12 34 56 78' });
      const notes = await ok(a.admin.get(`/api/v1/customers/${survivor}/notes`));
      expect(notes.items.map((n: { body: string }) => n.body).sort()).toEqual(['Old note on the duplicate', 'Prefers the back row', 'Second note']);
      const docs = await ok(a.admin.get(`/api/v1/customers/${survivor}/documents`));
      expect(docs.items.map((d: { id: string }) => d.id)).toEqual([doc.id]);
      const download = await a.admin.get(`/api/v1/customers/${survivor}/documents/${doc.id}/download`);
      expect(download.body).toBe('scan');
      const tags = await ok(a.admin.get(`/api/v1/customers/${survivor}/tags`));
      expect(tags.items.map((t: { name: string }) => t.name).sort()).toEqual([`Morning ${counter}`, `VIP ${counter}`]);
      const answers = await ok(a.admin.get(`/api/v1/customers/${survivor}/fields`));
      const value = (id: string) => answers.items.find((x: { fieldId: string }) => x.fieldId === id)?.value;
      expect(value(injury)).toBe('Knee');
      expect(value(shoe)).toBe('38');
      const children = await ok(a.admin.get(`/api/v1/customers/${survivor}/children`));
      expect(children.items.map((c: { id: string }) => c.id)).toEqual([child.id]);
      expect((await ok(a.admin.get(`/api/v1/customers/${referred}`))).referredById).toBe(survivor);
      const waivers = await ok(a.admin.get(`/api/v1/customers/${survivor}/waivers`));
      expect(JSON.stringify(waivers)).toContain(signatureOfSurvivor);
      const signature = await ok(a.admin.get(`/api/v1/waiver-signatures/${signatureOfDuplicate}`));
      expect(signature.customerId ?? signature.signature?.customerId).toBe(survivor);
    });

    it("shows the duplicate's past on the survivor's activity, hides the duplicate and frees its email", async () => {
      const survivor = await customer(a, { firstName: 'Paul', lastName: 'Mergeactivity' });
      const duplicate = await customer(a, { firstName: 'Paulo', lastName: 'Mergeactivity', email: 'paulo@merge.example' });
      await ok(a.admin.patch(`/api/v1/customers/${duplicate}`, { phone: '0611223344' }));

      await ok(a.admin.post(`/api/v1/customers/${survivor}/merge`, { fromId: duplicate }));

      const activity = await ok(a.admin.get(`/api/v1/customers/${survivor}/activity`));
      expect(activity.items[0]).toMatchObject({ type: 'customer.merged.v1', payload: { fromId: duplicate } });
      expect(activity.items.filter((e: { type: string }) => e.type === 'customer.created.v1')).toHaveLength(2);
      expect(activity.items.some((e: { type: string; payload: { changed?: string[] } }) => e.type === 'customer.updated.v1' && e.payload.changed?.includes('phone'))).toBe(true);
      const search = await ok(a.admin.get('/api/v1/customers?q=mergeactivity'));
      expect(search.items.map((c: { id: string }) => c.id)).toEqual([survivor]);
      expect((await ok(a.admin.get(`/api/v1/customers/${survivor}`))).email).toBe('paulo@merge.example');
      const again = await a.admin.post(`/api/v1/customers/${survivor}/merge`, { fromId: duplicate });
      expect(again.body).toMatchObject(problem(409, 'merge_into_retired'));
    });

    it("moves the duplicate's login to a survivor without one, and ends the duplicate's login when both have one", async () => {
      const onlyDuplicate = await signUp(a, 'Louise', 'louise@login.example');
      const survivor = await customer(a, { firstName: 'Louise', lastName: 'Client' });

      const preview = await ok(a.admin.get(`/api/v1/customers/${survivor}/merge-preview?from=${onlyDuplicate.id}`));
      await ok(a.admin.post(`/api/v1/customers/${survivor}/merge`, { fromId: onlyDuplicate.id }));
      const me = await onlyDuplicate.client.get(`/api/public/v1/studios/${a.slug}/me`);

      expect(preview.login).toBe('duplicate_moves');
      expect(me.body.customer).toMatchObject({ id: survivor, email: 'louise@login.example', hasAccount: true });

      const first = await signUp(a, 'Marc', 'marc@login.example');
      const second = await signUp(a, 'Marco', 'marco@login.example');

      await ok(a.admin.post(`/api/v1/customers/${first.id}/merge`, { fromId: second.id, keep: { email: 'duplicate' } }));
      const ended = await second.client.get(`/api/public/v1/studios/${a.slug}/me`);
      const kept = await first.client.get(`/api/public/v1/studios/${a.slug}/me`);
      const relogin = await new TestClient(enso.app).post(`/api/public/v1/studios/${a.slug}/login`, { email: 'marco@login.example', password });

      expect(ended.status).toBe(401);
      expect(kept.body.customer).toMatchObject({ id: first.id, email: 'marco@login.example' });
      expect(relogin.status).toBe(200);
      expect(relogin.body.customer.id).toBe(first.id);
    });

    it('refuses merging into itself, into a retired profile, a parent into its child, and across studios', async () => {
      const parent = await customer(a, { firstName: 'Parent' });
      const kid = await ok(a.admin.post(`/api/v1/customers/${parent}/children`, { firstName: 'Kid' }), 201);
      const other = await customer(a, { firstName: 'Other' });
      const ofB = await customer(b, { firstName: 'Bea' });
      const gone = await customer(a, { firstName: 'Gone' });
      await ok(a.admin.delete(`/api/v1/customers/${gone}`));

      const self = await a.admin.post(`/api/v1/customers/${other}/merge`, { fromId: other });
      const parentIntoChild = await a.admin.get(`/api/v1/customers/${kid.id}/merge-preview?from=${parent}`);
      const intoGone = await a.admin.post(`/api/v1/customers/${gone}/merge`, { fromId: other });
      const crossStudio = await a.admin.post(`/api/v1/customers/${other}/merge`, { fromId: ofB });
      const unknownKeep = await a.admin.post(`/api/v1/customers/${other}/merge`, { fromId: parent, keep: { password: 'duplicate' } });

      expect(self.body).toMatchObject(problem(400, 'merge_into_self'));
      expect(parentIntoChild.body).toMatchObject(problem(409, 'merge_parent_into_child'));
      expect(intoGone.body).toMatchObject(problem(404, 'customer_not_found'));
      expect(crossStudio.body).toMatchObject(problem(404, 'customer_not_found'));
      expect(unknownKeep.status).toBe(400);
      expect((await ok(b.admin.get(`/api/v1/customers/${ofB}`))).firstName).toBe('Bea');
    });

    it('refuses a front desk merge into a child when the duplicate has children of its own', async () => {
      const grandParent = await customer(a, { firstName: 'Top' });
      const child = await ok(a.admin.post(`/api/v1/customers/${grandParent}/children`, { firstName: 'Middle' }), 201);
      const duplicateParent = await customer(a, { firstName: 'Dup' });
      await ok(a.admin.post(`/api/v1/customers/${duplicateParent}/children`, { firstName: 'Little' }), 201);
      const frontDesk = await a.staff('front_desk');

      const res = await frontDesk.post(`/api/v1/customers/${child.id}/merge`, { fromId: duplicateParent });

      expect(res.body).toMatchObject(problem(409, 'merge_family_conflict'));
    });
  });

  describe('delete', () => {
    it('erases a customer without history: rows and stored files go', async () => {
      const id = await customer(a, { firstName: 'Erase', lastName: 'Me', email: 'erase@example.com' });
      await ok(a.admin.post(`/api/v1/customers/${id}/notes`, { body: 'note' }), 201);
      await ok(a.admin.post(`/api/v1/customers/${id}/tags`, { name: 'Erasable' }));
      const doc = await upload(a, id, 'id.txt', 'identity card');

      const preview = await ok(a.admin.get(`/api/v1/customers/${id}/delete-preview`));
      const res = await ok(a.admin.delete(`/api/v1/customers/${id}`));

      expect(preview).toEqual({ outcome: 'erase', reasons: [] });
      expect(res).toEqual({ outcome: 'deleted' });
      expect((await a.admin.get(`/api/v1/customers/${id}`)).body).toMatchObject(problem(404, 'customer_not_found'));
      expect(await enso.storage.get(documentKey(a.studioId, id, doc.id))).toBeNull();
      const events = await withSystem(enso.database, (tx) =>
        tx.execute(sql`select type from events where studio_id = ${a.studioId} and subject_id = ${id} and type = 'customer.deleted.v1'`),
      );
      expect(rowsOf(events)).toHaveLength(1);
      // The email is free again.
      expect((await a.admin.post('/api/v1/customers', { firstName: 'New', email: 'erase@example.com' })).status).toBe(201);
    });

    it('anonymises a customer with a waiver signature: personal data goes, the row and signature stay', async () => {
      const { client, id } = await signUp(a, 'Zoé', 'zoe@delete.example');
      await ok(a.admin.patch(`/api/v1/customers/${id}`, { phone: '0699887766', birthDate: '1991-05-06', locale: 'fr' }));
      await ok(a.admin.post(`/api/v1/customers/${id}/notes`, { body: 'private' }), 201);
      const doc = await upload(a, id, 'note.txt', 'private file');
      const signatureId = await sign(a, id);

      const preview = await ok(a.admin.get(`/api/v1/customers/${id}/delete-preview`));
      const res = await ok(a.admin.delete(`/api/v1/customers/${id}`));
      const profile = await ok(a.admin.get(`/api/v1/customers/${id}`));

      expect(preview).toEqual({ outcome: 'anonymize', reasons: ['history:waivers'] });
      expect(res).toEqual({ outcome: 'anonymized' });
      expect(profile).toMatchObject({
        firstName: 'Deleted customer',
        lastName: '',
        email: null,
        phone: null,
        birthDate: null,
        locale: null,
        hasAccount: false,
        anonymized: true,
      });
      expect((await ok(a.admin.get(`/api/v1/customers/${id}/notes`))).items).toEqual([]);
      expect((await ok(a.admin.get(`/api/v1/customers/${id}/documents`))).items).toEqual([]);
      expect(await enso.storage.get(documentKey(a.studioId, id, doc.id))).toBeNull();
      expect((await a.admin.get(`/api/v1/waiver-signatures/${signatureId}`)).status).toBe(200);
      expect((await client.get(`/api/public/v1/studios/${a.slug}/me`)).status).toBe(401);
      expect((await new TestClient(enso.app).post(`/api/public/v1/studios/${a.slug}/login`, { email: 'zoe@delete.example', password })).status).toBe(401);
      expect((await ok(a.admin.get('/api/v1/customers?q=zoe'))).items).toEqual([]);
      expect((await ok(a.admin.get('/api/v1/customers?q=deleted'))).items.map((c: { id: string }) => c.id)).not.toContain(id);
      expect((await a.admin.delete(`/api/v1/customers/${id}`)).body).toMatchObject(problem(404, 'customer_not_found'));
      const activity = await ok(a.admin.get(`/api/v1/customers/${id}/activity`));
      expect(activity.items[0].type).toBe('customer.anonymized.v1');
    });

    it('anonymises a parent and a referrer instead of erasing them', async () => {
      const parent = await customer(a, { firstName: 'Parent', lastName: 'Deleted' });
      await ok(a.admin.post(`/api/v1/customers/${parent}/children`, { firstName: 'Child' }), 201);
      const referrer = await customer(a, { firstName: 'Referrer' });
      const friend = await customer(a, { firstName: 'Friend' });
      await ok(a.admin.put(`/api/v1/customers/${friend}/referrer`, { referrerId: referrer }));

      const parentPreview = await ok(a.admin.get(`/api/v1/customers/${parent}/delete-preview`));
      const referrerRes = await ok(a.admin.delete(`/api/v1/customers/${referrer}`));

      expect(parentPreview).toEqual({ outcome: 'anonymize', reasons: ['children'] });
      expect(referrerRes).toEqual({ outcome: 'anonymized' });
      expect((await ok(a.admin.get(`/api/v1/customers/${friend}`))).referredById).toBe(referrer);
    });

    it('deletes the profiles merged into the customer with them', async () => {
      const survivor = await customer(a, { firstName: 'Keep', lastName: 'Together' });
      const duplicate = await customer(a, { firstName: 'Dup', lastName: 'Together', phone: '0612121212' });
      await ok(a.admin.post(`/api/v1/customers/${survivor}/merge`, { fromId: duplicate }));

      await ok(a.admin.delete(`/api/v1/customers/${survivor}`));

      const left = await withSystem(enso.database, (tx) =>
        tx.execute(sql`select id from customers where studio_id = ${a.studioId} and id in (${survivor}, ${duplicate})`),
      );
      expect(rowsOf(left)).toEqual([]);
    });

    it('lets only roles with customers:delete delete, and never across studios', async () => {
      const id = await customer(a, { firstName: 'Protected' });
      const ofB = await customer(b, { firstName: 'B' });
      const frontDesk = await a.staff('front_desk');

      const denied = await frontDesk.delete(`/api/v1/customers/${id}`);
      const cross = await a.admin.delete(`/api/v1/customers/${ofB}`);

      expect(denied.status).toBe(403);
      expect(cross.body).toMatchObject(problem(404, 'customer_not_found'));
      expect((await ok(b.admin.get(`/api/v1/customers/${ofB}`))).firstName).toBe('B');
    });
  });

  it('rolls the whole merge back when one data owner fails', async () => {
    // An app of its own: the failing owner must not disturb the other tests.
    const own = await createTestEnso(kind);
    try {
      const s = await makeStudio(own);
      own.services.customers.registerDataOwner({
        name: 'ledger',
        count: async () => ({ entries: 1 }),
        move: async () => {
          throw new Error('ledger unavailable');
        },
        hasHistory: async () => false,
        erase: async () => {},
        exportFor: async () => ({ entries: [] }),
      });
      const survivor = (await s.admin.post('/api/v1/customers', { firstName: 'Sur' })).body.id as string;
      const duplicate = (await s.admin.post('/api/v1/customers', { firstName: 'Dup', email: 'dup@rollback.example' })).body.id as string;
      await s.admin.post(`/api/v1/customers/${duplicate}/notes`, { body: 'stays with the duplicate' });

      const preview = await s.admin.get(`/api/v1/customers/${survivor}/merge-preview?from=${duplicate}`);
      const res = await s.admin.post(`/api/v1/customers/${survivor}/merge`, { fromId: duplicate });

      expect(preview.body.owners).toMatchObject({ ledger: { entries: 1 } });
      expect(res.status).toBe(500);
      const dup = await s.admin.get(`/api/v1/customers/${duplicate}`);
      expect(dup.body).toMatchObject({ email: 'dup@rollback.example', anonymized: false });
      expect((await s.admin.get(`/api/v1/customers/${duplicate}/notes`)).body.items).toHaveLength(1);
      expect((await s.admin.get(`/api/v1/customers/${survivor}/notes`)).body.items).toHaveLength(0);
      expect((await s.admin.get('/api/v1/customers?q=dup')).body.items.map((c: { id: string }) => c.id)).toEqual([duplicate]);
    } finally {
      await own.dispose();
    }
  });

  describe('privacy export', () => {
    it('downloads everything held about the customer as a JSON attachment', async () => {
      const { id } = await signUp(a, 'Export', 'export@example.com');
      const duplicate = await customer(a, { firstName: 'Exp', lastName: 'Dup' });
      const answer = await field(a, 'Allergies');
      await ok(a.admin.patch(`/api/v1/customers/${id}/fields`, { values: { [answer]: 'Peanuts' } }));
      await ok(a.admin.post(`/api/v1/customers/${id}/tags`, { name: 'Exported' }));
      await ok(a.admin.post(`/api/v1/customers/${id}/notes`, { body: 'Exported note' }), 201);
      await upload(a, id, 'exported.txt', 'file');
      await ok(a.admin.post(`/api/v1/customers/${id}/children`, { firstName: 'Kiddo' }), 201);
      const friend = await customer(a, { firstName: 'Friend' });
      await ok(a.admin.put(`/api/v1/customers/${friend}/referrer`, { referrerId: id }));
      await sign(a, id);
      await ok(a.admin.post(`/api/v1/customers/${id}/merge`, { fromId: duplicate }));

      const res = await a.admin.get(`/api/v1/customers/${id}/privacy-export`);

      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="personal-data-${id}.json"; filename*=UTF-8''personal-data-${id}.json`);
      const data = res.body;
      expect(data).toMatchObject({
        format: 'enso.customer-export.v1',
        exportedAt: clock.now().toISOString(),
        studio: { id: a.studioId },
        profile: { id, firstName: 'Export', email: 'export@example.com' },
        login: { email: 'export@example.com', status: 'active', createdAt: expect.any(String) },
        tags: [{ name: 'Exported' }],
        customFields: [{ label: 'Allergies', textValue: 'Peanuts' }],
        notes: [{ body: 'Exported note' }],
        documents: [{ fileName: 'exported.txt', sizeBytes: 4 }],
        children: [{ firstName: 'Kiddo' }],
        referrals: [{ id: friend }],
        mergedProfiles: [{ id: duplicate, firstName: 'Exp' }],
      });
      expect(data.login.lastSignInAt).not.toBeUndefined();
      expect(data.activity.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['customer.signed_up.v1', 'customer.merged.v1', 'customer.created.v1']));
      expect(data.modules.waivers).toBeDefined();
      expect(JSON.stringify(data.modules.waivers)).toContain('Liability');
    });

    it("covers every customer_* table that has a customer_id column (a new table fails here until exported)", async () => {
      const tables = await withSystem(enso.database, (tx) =>
        tx.execute(sql`
          select distinct table_name from information_schema.columns
          where table_schema = 'public' and column_name = 'customer_id' and table_name like 'customer\\_%'
          order by table_name`),
      );
      const names = rowsOf<{ table_name: string }>(tables).map((r) => r.table_name);

      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((n) => !(n in privacyExportCoverage))).toEqual([]);
    });

    it('is refused to a role without customers:export and across studios', async () => {
      const id = await customer(a, { firstName: 'Private' });
      const ofB = await customer(b, { firstName: 'B' });
      const frontDesk = await a.staff('front_desk');

      expect((await frontDesk.get(`/api/v1/customers/${id}/privacy-export`)).status).toBe(403);
      expect((await a.admin.get(`/api/v1/customers/${ofB}/privacy-export`)).body).toMatchObject(problem(404, 'customer_not_found'));
    });
  });
});
