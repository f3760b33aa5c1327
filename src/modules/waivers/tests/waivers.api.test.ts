import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeCustomer, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { TestClient } from '../../../platform/testing/client.ts';
import { signaturePng } from '../../../platform/testing/png.ts';
import { problem } from '../../../platform/testing/client.ts';

const password = 'a-long-and-unusual-passphrase';
const day = 24 * 60 * 60 * 1000;

describe.each(testDatabaseKinds())('waivers API (%s)', (kind) => {
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

  const tokenIn = (text: string | null) => decodeURIComponent(text?.match(/token=([A-Za-z0-9_%-]+)/)?.[1] ?? '');
  const base = (s: StudioFixture) => `/api/public/v1/studios/${s.slug}`;
  const systemCtx = (s: StudioFixture): Ctx => ({ studioId: s.studioId as StudioId, actor: { kind: 'system' }, clock, requestId: 'test' });

  /** A standard waiver of `kind` for a studio, archiving any active one first (each test starts clean). */
  async function freshWaiver(s: StudioFixture, waiverKind: 'customer' | 'membership' | 'child' | 'custom', body = 'I take part at my own risk.') {
    if (waiverKind !== 'custom') {
      const list = await s.admin.get('/api/v1/waivers');
      for (const w of list.body.items.filter((x: { kind: string }) => x.kind === waiverKind)) await s.admin.post(`/api/v1/waivers/${w.id}/archive`);
    }
    const res = await s.admin.post('/api/v1/waivers', { kind: waiverKind, title: `${waiverKind} waiver`, body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string; currentVersion: number; bodySha256: string };
  }

  /** A customer with an account on the studio's public page, signed in. */
  async function signedUpCustomer(s: StudioFixture, firstName: string): Promise<{ client: TestClient; id: string; email: string }> {
    const client = s.anonymous();
    const email = `${firstName.toLowerCase()}-${randomBytes(4).toString('hex')}@example.com`;
    const res = await client.post(`${base(s)}/signup`, { firstName, lastName: 'Client', email, password });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return { client, id: res.body.customer.id, email };
  }

  describe('waivers and versions', () => {
    it('creates a waiver, keeps at most one active per standard kind, and any number of custom ones', async () => {
      const created = await freshWaiver(a, 'membership');

      const second = await a.admin.post('/api/v1/waivers', { kind: 'membership', title: 'Again', body: 'Text' });
      const custom1 = await a.admin.post('/api/v1/waivers', { kind: 'custom', title: 'Photo consent', body: 'You may use photos.' });
      const custom2 = await a.admin.post('/api/v1/waivers', { kind: 'custom', title: 'Sauna', body: 'Hot.' });
      const list = await a.admin.get('/api/v1/waivers');

      expect(created).toMatchObject({ currentVersion: 1, bodySha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(second.body).toMatchObject({ ...problem(409, 'standard_kind_taken'), errors: [{ path: 'kind' }] });
      expect(custom1.status).toBe(201);
      expect(custom2.status).toBe(201);
      expect(list.body.items.map((w: { id: string }) => w.id)).toEqual(expect.arrayContaining([created.id, custom1.body.id, custom2.body.id]));
    });

    it('publishes a new version for a changed text only, never editing an old one', async () => {
      const waiver = await freshWaiver(a, 'customer', 'First text.');

      const same = await a.admin.patch(`/api/v1/waivers/${waiver.id}`, { body: 'First text.\r\n' });
      const changed = await a.admin.patch(`/api/v1/waivers/${waiver.id}`, { body: 'Second text.\n\nWith a <script>alert(1)</script> paragraph.' });
      const detail = await a.admin.get(`/api/v1/waivers/${waiver.id}`);

      expect(same.body).toMatchObject({ newVersion: false, notified: 0, waiver: { currentVersion: 1 } });
      expect(changed.body).toMatchObject({ newVersion: true, waiver: { currentVersion: 2 } });
      expect(detail.body.versions.map((v: { version: number; body: string }) => [v.version, v.body])).toEqual([
        [2, 'Second text.\n\nWith a <script>alert(1)</script> paragraph.'],
        [1, 'First text.'],
      ]);
      expect(detail.body.versions[1].bodySha256).toBe(waiver.bodySha256);
    });

    it('archives a waiver, which then cannot be edited or signed', async () => {
      const waiver = await freshWaiver(a, 'custom');

      const archived = await a.admin.post(`/api/v1/waivers/${waiver.id}/archive`);
      const edit = await a.admin.patch(`/api/v1/waivers/${waiver.id}`, { body: 'New' });
      const listed = await a.admin.get('/api/v1/waivers');
      const withArchived = await a.admin.get('/api/v1/waivers?archived=true');

      expect(archived.body.archived).toBe(true);
      expect(edit.body).toMatchObject(problem(409, 'waiver_archived'));
      expect(listed.body.items.map((w: { id: string }) => w.id)).not.toContain(waiver.id);
      expect(withArchived.body.items.map((w: { id: string }) => w.id)).toContain(waiver.id);
    });
  });

  describe('signing in person', () => {
    it('records the drawn signature, the witness and the version, and the profile shows it signed', async () => {
      const waiver = await freshWaiver(a, 'customer', 'Yoga is good.\n\nFalls happen.');
      const ana = await makeCustomer(a);

      const signed = await a.admin.post(`/api/v1/customers/${ana.id}/waivers/sign-in-person`, {
        waiverId: waiver.id,
        version: 1,
        signerName: 'Ana Client',
        signaturePng: `data:image/png;base64,${signaturePng()}`,
      });
      const profile = await a.admin.get(`/api/v1/customers/${ana.id}/waivers`);
      const record = await a.admin.get(`/api/v1/waiver-signatures/${signed.body.signature.id}`);
      const image = await a.admin.get(`/api/v1/waiver-signatures/${signed.body.signature.id}/image`);
      const feed = await a.admin.get(`/api/v1/customers/${ana.id}/activity`);

      expect(signed.status).toBe(201);
      expect(signed.body.signature).toMatchObject({ method: 'in_person', version: 1, customerId: ana.id, signerId: ana.id, signedAt: clock.now().toISOString() });
      const item = profile.body.items.find((i: { waiver: { id: string } }) => i.waiver.id === waiver.id);
      expect(item).toMatchObject({ status: 'signed', lastSignature: { id: signed.body.signature.id } });
      expect(record.body).toMatchObject({ body: 'Yoga is good.\n\nFalls happen.', bodySha256: waiver.bodySha256, witnessId: expect.stringMatching(/^usr_/), imageUrl: expect.any(String) });
      expect(image.status).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
      expect(feed.body.items[0]).toMatchObject({ type: 'waiver.signed.v1', payload: { waiverId: waiver.id, version: 1, method: 'in_person', signerId: ana.id } });
    });

    it('refuses an image that is not a PNG and a version that is no longer current', async () => {
      const waiver = await freshWaiver(a, 'customer');
      const ana = await makeCustomer(a);
      await a.admin.patch(`/api/v1/waivers/${waiver.id}`, { body: 'Changed.' });

      const notPng = await a.admin.post(`/api/v1/customers/${ana.id}/waivers/sign-in-person`, {
        waiverId: waiver.id,
        version: 2,
        signerName: 'Ana',
        signaturePng: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'.repeat(4)).toString('base64'),
      });
      const stale = await a.admin.post(`/api/v1/customers/${ana.id}/waivers/sign-in-person`, { waiverId: waiver.id, version: 1, signerName: 'Ana', signaturePng: signaturePng() });

      expect(notPng.body).toMatchObject({ ...problem(400, 'invalid_signature_image'), errors: [{ path: 'signaturePng' }] });
      expect(stale.body).toMatchObject({ ...problem(409, 'version_changed'), errors: [{ path: 'version' }] });
    });
  });

  describe('signing by emailed link', () => {
    it('emails a single-use link that signs the waiver once (method email_link)', async () => {
      const waiver = await a.admin.post('/api/v1/waivers', { kind: 'custom', title: 'Photo consent', body: 'Photos may be taken.' });
      const cleo = await makeCustomer(a, { email: 'cleo@example.com' });

      const sent = await a.admin.post(`/api/v1/customers/${cleo.id}/waivers/send`, { waiverId: waiver.body.id, note: 'Before Saturday, please.' });
      const mail = await enso.services.email.latestBodyTo('cleo@example.com');
      const token = tokenIn(mail);
      const opened = await a.anonymous().post(`${base(a)}/waiver-link`, { token });
      const signed = await a.anonymous().post(`${base(a)}/waiver-link/sign`, { token, version: 1, signerName: 'Cléo Client', agree: true });
      const again = await a.anonymous().post(`${base(a)}/waiver-link/sign`, { token, version: 1, signerName: 'Cléo Client', agree: true });
      const reopened = await a.anonymous().post(`${base(a)}/waiver-link`, { token });
      const profile = await a.admin.get(`/api/v1/customers/${cleo.id}/waivers`);

      expect(sent.body).toMatchObject({ to: 'cleo@example.com', expiresAt: new Date(clock.now().getTime() + 14 * day).toISOString() });
      expect(mail).toContain(`http://enso.test/s/${a.slug}/waivers/sign?token=`);
      expect(mail).toContain('Before Saturday, please.');
      expect(token).toHaveLength(43);
      expect(opened.body).toMatchObject({ waiver: { title: 'Photo consent', body: 'Photos may be taken.', version: 1, status: 'unsigned' }, note: 'Before Saturday, please.' });
      expect(signed.status).toBe(201);
      expect(signed.body.signature).toMatchObject({ method: 'email_link', signerId: cleo.id, signerName: 'Cléo Client' });
      expect(again.body).toMatchObject(problem(409, 'sign_link_used'));
      expect(reopened.body).toMatchObject(problem(409, 'sign_link_used'));
      expect(profile.body.items).toContainEqual(expect.objectContaining({ waiver: expect.objectContaining({ id: waiver.body.id, kind: 'custom' }), status: 'signed' }));
    });

    it('lets only one of two simultaneous signings through the same link', async () => {
      const waiver = await freshWaiver(a, 'custom');
      const eva = await makeCustomer(a, { email: 'eva.race@example.com' });
      await a.admin.post(`/api/v1/customers/${eva.id}/waivers/send`, { waiverId: waiver.id });
      const token = tokenIn(await enso.services.email.latestBodyTo('eva.race@example.com'));

      const results = await Promise.all(
        [1, 2].map(() => a.anonymous().post(`${base(a)}/waiver-link/sign`, { token, version: 1, signerName: 'Eva', agree: true })),
      );
      const profile = await a.admin.get(`/api/v1/customers/${eva.id}/waivers`);

      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(profile.body.signatures).toHaveLength(1);
    });

    it('refuses an expired link with a clear message, and a tampered one', async () => {
      const waiver = await freshWaiver(a, 'customer');
      const dan = await makeCustomer(a, { email: 'dan@example.com' });
      await a.admin.post(`/api/v1/customers/${dan.id}/waivers/send`, { waiverId: waiver.id });
      const token = tokenIn(await enso.services.email.latestBodyTo('dan@example.com'));
      const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

      const forged = await a.anonymous().post(`${base(a)}/waiver-link`, { token: tampered });
      const otherStudio = await b.anonymous().post(`${base(b)}/waiver-link`, { token });
      clock.advance(14 * day + 1000);
      const expired = await a.anonymous().post(`${base(a)}/waiver-link/sign`, { token, version: 1, signerName: 'Dan', agree: true });
      clock.advance(-(14 * day + 1000));

      expect(forged.body).toMatchObject(problem(404, 'sign_link_not_found'));
      expect(otherStudio.body).toMatchObject(problem(404, 'sign_link_not_found'));
      expect(expired.body).toMatchObject(problem(409, 'sign_link_expired'));
      expect(expired.body.detail).toMatch(/expired/);
    });

    it('requires the box to be ticked and a name typed', async () => {
      const res = await a.anonymous().post(`${base(a)}/waiver-link/sign`, { token: 'x'.repeat(43), version: 1, signerName: ' ', agree: false });

      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['signerName', 'agree']));
    });
  });

  describe('customer self-service (checkbox) and children', () => {
    it('lists what a customer must sign, for them and their child, and signs with a ticked box', async () => {
      const customerWaiver = await freshWaiver(a, 'customer');
      const childWaiver = await freshWaiver(a, 'child', 'I answer for my child.');
      const parent = await signedUpCustomer(a, 'Julie');
      const child = (await parent.client.post(`${base(a)}/me/children`, { firstName: 'Ben' })).body;

      const before = await parent.client.get(`${base(a)}/me/waivers`);
      const own = await parent.client.post(`${base(a)}/me/waivers/sign`, { customerId: parent.id, waiverId: customerWaiver.id, version: 1, signerName: 'Julie Client', agree: true });
      const forChild = await parent.client.post(`${base(a)}/me/waivers/sign`, { customerId: child.id, waiverId: childWaiver.id, version: 1, signerName: 'Julie Client', agree: true });
      const after = await parent.client.get(`${base(a)}/me/waivers`);
      const childProfile = await a.admin.get(`/api/v1/customers/${child.id}/waivers`);

      const pending = before.body.pending.map((p: { waiverId: string; customerId: string }) => [p.waiverId, p.customerId]);
      expect(pending).toEqual(expect.arrayContaining([[customerWaiver.id, parent.id], [childWaiver.id, child.id]]));
      expect(own.body.signature).toMatchObject({ method: 'checkbox', customerId: parent.id, signerId: parent.id });
      expect(forChild.body.signature).toMatchObject({ method: 'checkbox', customerId: child.id, signerId: parent.id });
      expect(after.body.pending.map((p: { waiverId: string }) => p.waiverId)).not.toEqual(expect.arrayContaining([customerWaiver.id]));
      expect(after.body.signed.map((s: { customerName: string }) => s.customerName)).toEqual(expect.arrayContaining(['Ben Client', 'Julie Client']));
      expect(childProfile.body).toMatchObject({ parentId: parent.id, items: [{ waiver: { id: childWaiver.id }, status: 'signed', lastSignature: { signerId: parent.id } }] });
    });

    it("refuses a child waiver signed by another customer than the child's parent", async () => {
      const childWaiver = await freshWaiver(a, 'child');
      const parent = await signedUpCustomer(a, 'Marc');
      const child = (await parent.client.post(`${base(a)}/me/children`, { firstName: 'Zoé' })).body;
      const stranger = await signedUpCustomer(a, 'Eve');

      const res = await stranger.client.post(`${base(a)}/me/waivers/sign`, { customerId: child.id, waiverId: childWaiver.id, version: 1, signerName: 'Eve', agree: true });
      const viaCheckout = withStudio(enso.database, a.studioId as StudioId, (tx) =>
        enso.services.waivers.acceptAtCheckout(tx, systemCtx(a), { customerId: child.id, waiverId: childWaiver.id, version: 1, signerId: stranger.id, signerName: 'Eve' }),
      );

      expect(res.body).toMatchObject(problem(403, 'not_the_parent'));
      await expect(viaCheckout).rejects.toMatchObject({ code: 'not_the_parent' });
    });

    it('emails a child waiver to the parent, and the link records the parent as signer', async () => {
      const childWaiver = await freshWaiver(a, 'child');
      const parent = await makeCustomer(a, { email: 'paul.parent@example.com' });
      const child = (await a.admin.post(`/api/v1/customers/${parent.id}/children`, { firstName: 'Lou' })).body;

      await a.admin.post(`/api/v1/customers/${child.id}/waivers/send`, { waiverId: childWaiver.id });
      const mail = await enso.services.email.latestBodyTo('paul.parent@example.com');
      const signed = await a.anonymous().post(`${base(a)}/waiver-link/sign`, { token: tokenIn(mail), version: 1, signerName: 'Paul Parent', agree: true });
      const toAdult = await a.admin.post(`/api/v1/customers/${parent.id}/waivers/send`, { waiverId: childWaiver.id });

      expect(mail).toContain('Lou');
      expect(signed.body.signature).toMatchObject({ customerId: child.id, signerId: parent.id, method: 'email_link' });
      expect(toAdult.body).toMatchObject(problem(400, 'not_a_child'));
    });

    it('tells booking and point of sale what must be signed, and records acceptance at checkout', async () => {
      const membershipWaiver = await freshWaiver(a, 'membership');
      const ines = await makeCustomer(a);
      const ctx = systemCtx(a);

      const before = await enso.services.waivers.pendingFor(ctx, ines.id, 'membership_purchase');
      await withStudio(enso.database, a.studioId as StudioId, (tx) =>
        enso.services.waivers.acceptAtCheckout(tx, ctx, { customerId: ines.id, waiverId: membershipWaiver.id, version: 1, signerName: 'Inès', ip: '203.0.113.9' }),
      );
      const after = await enso.services.waivers.pendingFor(ctx, ines.id, 'membership_purchase');

      expect(before).toEqual([expect.objectContaining({ waiverId: membershipWaiver.id, version: 1, status: 'unsigned', customerId: ines.id })]);
      expect(after).toEqual([]);
      await expect(enso.services.waivers.pendingFor(ctx, ines.id, 'child_booking')).rejects.toMatchObject({ code: 'not_a_child' });
    });
  });

  describe('re-sign requests after an update', () => {
    it('emails every customer who signed an earlier version, once, with the note', async () => {
      const waiver = await freshWaiver(a, 'customer', 'Version one.');
      const signers = [await makeCustomer(a, { email: 'rs1@example.com' }), await makeCustomer(a, { email: 'rs2@example.com', locale: 'fr' })];
      const bystander = await makeCustomer(a, { email: 'rs3@example.com' });
      for (const c of signers) {
        await a.admin.post(`/api/v1/customers/${c.id}/waivers/sign-in-person`, { waiverId: waiver.id, version: 1, signerName: c.firstName, signaturePng: signaturePng() });
      }

      const updated = await a.admin.patch(`/api/v1/waivers/${waiver.id}`, { body: 'Version two.', notifyCustomers: true, note: 'We added the sauna rules.' });
      await enso.jobs.runDueJobs();
      await enso.jobs.runDueJobs();
      const en = await enso.services.email.latestBodyTo('rs1@example.com');
      const fr = await enso.services.email.latestBodyTo('rs2@example.com');
      const none = await enso.services.email.latestBodyTo('rs3@example.com');
      const log = await a.admin.get('/api/v1/messages?limit=100');
      const signedAgain = await a.anonymous().post(`${base(a)}/waiver-link/sign`, { token: tokenIn(en), version: 2, signerName: 'RS1', agree: true });
      const profile = await a.admin.get(`/api/v1/customers/${signers[1]!.id}/waivers`);

      expect(updated.body).toMatchObject({ newVersion: true, notified: 2 });
      expect(en).toContain('We added the sauna rules.');
      expect(en).toContain('version 2');
      expect(fr).toContain('We added the sauna rules.');
      expect(fr).toContain('Merci de lire et signer la nouvelle version (version 2)');
      expect(await enso.jobs.findJobs('waivers.send-resign-request', { dedupeKey: `${waiver.id}:2:${signers[0]!.id}` })).toHaveLength(1);
      expect(none).toBeNull();
      expect(log.body.items.filter((m: { template: string }) => m.template === 'waiver.resign_request')).toHaveLength(2);
      expect(signedAgain.body.signature).toMatchObject({ version: 2, method: 'email_link' });
      expect(profile.body.items.find((i: { waiver: { id: string } }) => i.waiver.id === waiver.id)).toMatchObject({ status: 'outdated', pendingRequest: expect.any(Object) });
      expect(bystander.id).toBeDefined();
    });

    it('publishes without emailing when not asked to notify', async () => {
      const waiver = await freshWaiver(a, 'customer', 'Quiet one.');
      const c = await makeCustomer(a, { email: 'quiet@example.com' });
      await a.admin.post(`/api/v1/customers/${c.id}/waivers/sign-in-person`, { waiverId: waiver.id, version: 1, signerName: 'Q', signaturePng: signaturePng() });

      const updated = await a.admin.patch(`/api/v1/waivers/${waiver.id}`, { body: 'Quiet two.' });
      await enso.jobs.runDueJobs();

      expect(updated.body).toMatchObject({ newVersion: true, notified: 0 });
      expect(await enso.services.email.latestBodyTo('quiet@example.com')).toBeNull();
    });
  });

  describe('immutability', () => {
    it('refuses in the database any change to a signature or a version, and their deletion', async () => {
      const waiver = await freshWaiver(a, 'custom', 'Fixed text.');
      const c = await makeCustomer(a);
      const signed = await a.admin.post(`/api/v1/customers/${c.id}/waivers/sign-in-person`, { waiverId: waiver.id, version: 1, signerName: 'C', signaturePng: signaturePng() });
      const id = signed.body.signature.id as string;
      // The trigger's own message, whichever driver wraps it.
      const run = (statement: ReturnType<typeof sql>) =>
        withStudio(enso.database, a.studioId as StudioId, (tx) => tx.execute(statement)).catch((err: { message: string; cause?: { message?: string } }) => {
          throw new Error(`${err.message} ${err.cause?.message ?? ''}`);
        });

      await expect(run(sql`update waiver_signatures set body_sha256 = 'forged' where id = ${id}`)).rejects.toThrow(/a signed waiver cannot be altered/);
      await expect(run(sql`update waiver_signatures set signed_at = now() - interval '1 year' where id = ${id}`)).rejects.toThrow(/cannot be altered/);
      await expect(run(sql`delete from waiver_signatures where id = ${id}`)).rejects.toThrow(/waiver signatures cannot be deleted/);
      await expect(run(sql`update waiver_versions set body = 'forged' where waiver_id = ${waiver.id}`)).rejects.toThrow(/a waiver version cannot be altered/);
      await expect(run(sql`delete from waiver_versions where waiver_id = ${waiver.id}`)).rejects.toThrow(/a waiver version cannot be altered/);
      const record = await a.admin.get(`/api/v1/waiver-signatures/${id}`);
      expect(record.body).toMatchObject({ body: 'Fixed text.', bodySha256: waiver.bodySha256 });
    });
  });

  describe('customer data owner', () => {
    it('counts, moves, exports and erases what waivers hold about a customer', async () => {
      const waiver = await freshWaiver(a, 'custom', 'Owned text.');
      const from = await makeCustomer(a, { email: 'from@example.com' });
      const into = await makeCustomer(a);
      await a.admin.post(`/api/v1/customers/${from.id}/waivers/sign-in-person`, { waiverId: waiver.id, version: 1, signerName: 'F', signaturePng: signaturePng() });
      await a.admin.post(`/api/v1/customers/${from.id}/waivers/send`, { waiverId: waiver.id });
      const owner = enso.services.customers.dataOwners().find((o) => o.name === 'waivers')!;
      const ctx = systemCtx(a);

      const counted = await withStudio(enso.database, ctx.studioId, (tx) => owner.count(tx, ctx, from.id));
      const exported = (await withStudio(enso.database, ctx.studioId, (tx) => owner.exportFor(tx, ctx, from.id))) as { signatures: unknown[]; versionsSigned: { body: string }[] };
      await withStudio(enso.database, ctx.studioId, (tx) => owner.move(tx, ctx, from.id, into.id));
      const afterMove = await withStudio(enso.database, ctx.studioId, async (tx) => [
        await owner.count(tx, ctx, from.id),
        await owner.count(tx, ctx, into.id),
        await owner.hasHistory(tx, ctx, into.id),
      ]);
      await withStudio(enso.database, ctx.studioId, (tx) => owner.erase(tx, ctx, into.id));
      const afterErase = await withStudio(enso.database, ctx.studioId, (tx) => owner.count(tx, ctx, into.id));

      expect(counted).toEqual({ signatures: 1, requests: 1 });
      expect(exported.signatures).toHaveLength(1);
      expect(exported.versionsSigned).toEqual([expect.objectContaining({ body: 'Owned text.' })]);
      expect(afterMove).toEqual([{ signatures: 0, requests: 0 }, { signatures: 1, requests: 1 }, true]);
      expect(afterErase).toEqual({ signatures: 1, requests: 0 });
    });
  });

  describe('tenancy and permissions', () => {
    it("answers 404 for studio B's waivers, signatures and customers", async () => {
      const waiverOfB = await freshWaiver(b, 'custom');
      const customerOfB = await makeCustomer(b);
      const signatureOfB = (
        await b.admin.post(`/api/v1/customers/${customerOfB.id}/waivers/sign-in-person`, { waiverId: waiverOfB.id, version: 1, signerName: 'B', signaturePng: signaturePng() })
      ).body.signature.id;
      const mine = await makeCustomer(a);

      const responses = [
        await a.admin.get(`/api/v1/waivers/${waiverOfB.id}`),
        await a.admin.patch(`/api/v1/waivers/${waiverOfB.id}`, { body: 'Hijack' }),
        await a.admin.post(`/api/v1/waivers/${waiverOfB.id}/archive`),
        await a.admin.get(`/api/v1/waiver-signatures/${signatureOfB}`),
        await a.admin.get(`/api/v1/waiver-signatures/${signatureOfB}/image`),
        await a.admin.get(`/api/v1/customers/${customerOfB.id}/waivers`),
        await a.admin.post(`/api/v1/customers/${mine.id}/waivers/send`, { waiverId: waiverOfB.id }),
        await a.admin.post(`/api/v1/customers/${mine.id}/waivers/sign-in-person`, { waiverId: waiverOfB.id, version: 1, signerName: 'X', signaturePng: signaturePng() }),
      ];
      const list = await a.admin.get('/api/v1/waivers?archived=true');
      const untouched = await b.admin.get(`/api/v1/waivers/${waiverOfB.id}`);

      for (const res of responses) expect(res.status).toBe(404);
      expect(list.body.items.map((w: { id: string }) => w.id)).not.toContain(waiverOfB.id);
      expect(untouched.body).toMatchObject({ currentVersion: 1, archived: false });
    });

    it('lets the front desk have waivers signed but not edit them, and teachers see nothing', async () => {
      const waiver = await freshWaiver(a, 'custom');
      const frontDesk = await a.staff('front_desk');
      const teacher = await a.staff('teacher');
      const c = await makeCustomer(a, { email: 'fd@example.com' });

      const fdSend = await frontDesk.post(`/api/v1/customers/${c.id}/waivers/send`, { waiverId: waiver.id });
      const fdEdit = await frontDesk.patch(`/api/v1/waivers/${waiver.id}`, { body: 'No' });
      const fdCreate = await frontDesk.post('/api/v1/waivers', { kind: 'custom', title: 'X', body: 'Y' });
      const teacherRead = await teacher.get(`/api/v1/customers/${c.id}/waivers`);

      expect(fdSend.status).toBe(201);
      expect(fdEdit.status).toBe(403);
      expect(fdCreate.status).toBe(403);
      expect(teacherRead.status).toBe(403);
    });
  });
});
