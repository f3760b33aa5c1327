import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import type { Ctx } from '../../../kernel/ctx.ts';
import type { StudioId, UserId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import { latestTokenFor } from '../../../platform/testing/enso.ts';
import type { CustomerDto, CustomerSignedIn, CustomersService } from '../index.ts';
import { customers as customersTable } from '../schema.ts';

const meta = { ip: '203.0.113.7', userAgent: 'vitest' };
const password = 'a-long-and-unusual-passphrase';

describe.each(testDatabaseKinds())('customers service (%s)', (kind) => {
  let enso: TestEnso;
  let customers: CustomersService;
  let a: StudioFixture;
  let b: StudioFixture;
  let ctxA: Ctx;
  let ctxB: Ctx;
  const clock = fixedClock('2030-01-15T09:00:00Z');

  async function staffCtx(studio: StudioFixture): Promise<Ctx> {
    const session = await studio.admin.get('/api/v1/auth/session');
    const userId = session.body.user.id as UserId;
    return { studioId: studio.studioId as StudioId, actor: { kind: 'staff', userId, role: 'admin' }, clock, requestId: 'test' };
  }

  /** A sign-up of a new email: signed in at once. */
  async function signUpNow(slug: string, input: Parameters<CustomersService['signUp']>[1]): Promise<CustomerSignedIn> {
    const result = await customers.signUp(slug, input, meta);
    if ('confirmEmail' in result) throw new Error('expected an immediate sign-in');
    return result;
  }

  const names = (list: CustomerDto[]) => list.map((c) => `${c.firstName} ${c.lastName}`);
  const search = async (q: string, ctx = ctxA) => names((await customers.searchCustomers(ctx, { q, limit: 100 })).items);

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    customers = enso.services.customers;
    a = await makeStudio(enso);
    b = await makeStudio(enso);
    ctxA = await staffCtx(a);
    ctxB = await staffCtx(b);
  });
  afterAll(() => enso?.dispose());

  describe('create and get', () => {
    it('stores a new customer with a lower-cased email and empty fields as null', async () => {
      const created = await customers.createCustomer(ctxA, { firstName: ' Inès ', lastName: 'Moreau', email: 'Ines.Moreau@Example.com', phone: '' });

      const read = await customers.getCustomer(ctxA, created.id);

      expect(read).toEqual({
        id: created.id,
        firstName: 'Inès',
        lastName: 'Moreau',
        email: 'ines.moreau@example.com',
        phone: null,
        birthDate: null,
        locale: null,
        hasAccount: false,
        source: 'dashboard',
        parentId: null,
        referredById: null,
        visitCount: 0,
        lastVisitAt: null,
        membershipStatus: 'none',
        subscriptions: { emailMarketing: true, emailTransactional: true, smsMarketing: true, sms: true },
        anonymized: false,
        createdAt: '2030-01-15T09:00:00.000Z',
      });
      expect(created.id).toMatch(/^cus_/);
    });

    it('answers customer_not_found for an unknown id', async () => {
      await expect(customers.getCustomer(ctxA, 'cus_01JD00000000000000000000ZZ')).rejects.toMatchObject({
        kind: 'not_found',
        code: 'customer_not_found',
      });
    });
  });

  describe('search', () => {
    let ctx: Ctx;

    beforeAll(async () => {
      // A studio of its own, so other tests' customers don't show up in the expectations.
      ctx = await staffCtx(await makeStudio(enso));
      const people = [
        { firstName: 'Marie', lastName: 'Dupont', email: 'marie.dupont@example.com' },
        { firstName: 'Marc', lastName: 'Durand', phone: '+33 7 00 00 00 01' },
        { firstName: 'Éloïse', lastName: 'Dupré', email: 'eloise@example.org' },
        { firstName: 'Jean', lastName: 'Martin', email: 'jm@example.net', phone: '06 12 34 56 78' },
        { firstName: 'Ana', lastName: 'Da Silva' },
        { firstName: 'Zed', lastName: 'Alpha', email: 'alpha@example.com' },
        { firstName: 'Yann', lastName: 'Beta', email: 'zed@example.com' },
        { firstName: 'Percy', lastName: '100% Pure' },
      ];
      for (const person of people) await customers.createCustomer(ctx, person);
    });

    const find = (q: string) => search(q, ctx);

    it('lists everyone for an empty query, by last name then first name', async () => {
      expect(await find('')).toEqual([
        'Percy 100% Pure',
        'Zed Alpha',
        'Yann Beta',
        'Ana Da Silva',
        'Marie Dupont',
        'Éloïse Dupré',
        'Marc Durand',
        'Jean Martin',
      ]);
    });

    it('finds by a prefix of the first name', async () => {
      expect(await find('mari')).toEqual(['Marie Dupont']);
    });

    it('finds by a prefix of the last name', async () => {
      expect(await find('dur')).toEqual(['Marc Durand']);
    });

    it('finds by a prefix of either name', async () => {
      expect(await find('mar')).toEqual(['Marie Dupont', 'Marc Durand', 'Jean Martin']);
    });

    it('needs every term to match: "mar dup" is Marie Dupont', async () => {
      expect(await find('mar dup')).toEqual(['Marie Dupont']);
      expect(await find('dup mar')).toEqual(['Marie Dupont']);
    });

    it('ignores accents and case on both sides', async () => {
      expect(await find('eloise dupre')).toEqual(['Éloïse Dupré']);
      expect(await find('ÉLO')).toEqual(['Éloïse Dupré']);
      expect(await find('duprÉ')).toEqual(['Éloïse Dupré']);
    });

    it('finds by a prefix of the email', async () => {
      expect(await find('marie.d')).toEqual(['Marie Dupont']);
    });

    it('matches a term with @ against the email only', async () => {
      expect(await find('zed')).toEqual(['Zed Alpha', 'Yann Beta']);
      expect(await find('zed@')).toEqual(['Yann Beta']);
    });

    it('finds by the digits of the phone, however they are typed', async () => {
      expect(await find('0612')).toEqual(['Jean Martin']);
      expect(await find('06 12 34')).toEqual(['Jean Martin']);
      expect(await find('06.12.34.56.78')).toEqual(['Jean Martin']);
      expect(await find('+33 7')).toEqual(['Marc Durand']);
    });

    it('finds a multi-word last name by its words', async () => {
      expect(await find('da silva')).toEqual(['Ana Da Silva']);
      expect(await find('ana da')).toEqual(['Ana Da Silva']);
    });

    it('treats LIKE wildcards in the query as plain characters', async () => {
      expect(await find('%')).toEqual([]);
      expect(await find('m_r')).toEqual([]);
      expect(await find('100%')).toEqual(['Percy 100% Pure']);
    });

    it('returns nothing when a term matches no one', async () => {
      expect(await find('marie zzz')).toEqual([]);
    });

    it('gives the total with the first page', async () => {
      const page = await customers.searchCustomers(ctx, { q: 'mar', limit: 2 });

      expect(page.items).toHaveLength(2);
      expect(page.total).toBe(3);
      expect(page.nextCursor).not.toBeNull();
    });
  });

  describe('keyset pagination', () => {
    let ctx: Ctx;
    let all: string[];

    beforeAll(async () => {
      ctx = await staffCtx(await makeStudio(enso));
      // Same last name everywhere and some identical full names: the id breaks the ties.
      const firstNames = ['Ada', 'Bea', 'Cy', 'Ada', 'Dee', 'Éva', 'Eva', 'Fay', 'Gus', 'Ada', 'Hal', 'Ivo', 'Jo', 'Kim', 'Lu', 'Mo', 'Ned'];
      await customers.importCustomers(ctx, firstNames.map((firstName) => ({ firstName, lastName: 'Page' })));
      await customers.createCustomer(ctx, { firstName: 'Zoë', lastName: 'Other' });
      all = (await customers.searchCustomers(ctx, { q: 'page', limit: 100 })).items.map((c) => c.id);
    });

    it('walks every match exactly once, in order, page by page', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await customers.searchCustomers(ctx, { q: 'page', limit: 4, cursor });
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);

      expect(all).toHaveLength(17);
      expect(seen).toEqual(all);
      expect(pages).toBe(5);
    });

    it('sends the total on the first page only', async () => {
      const first = await customers.searchCustomers(ctx, { q: 'page', limit: 4 });
      const second = await customers.searchCustomers(ctx, { q: 'page', limit: 4, cursor: first.nextCursor! });

      expect(first.total).toBe(17);
      expect(second.total).toBeUndefined();
    });

    it('does not shift when a customer is added before the cursor', async () => {
      const first = await customers.searchCustomers(ctx, { q: 'page', limit: 4 });
      await customers.createCustomer(ctx, { firstName: 'Aaron', lastName: 'Page' });

      const second = await customers.searchCustomers(ctx, { q: 'page', limit: 4, cursor: first.nextCursor! });

      expect(second.items.map((c) => c.id)).toEqual(all.slice(4, 8));
    });

    it('rejects a cursor it did not make', async () => {
      await expect(customers.searchCustomers(ctx, { cursor: 'garbage' })).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_cursor' });
    });
  });

  describe('in a studio larger than one search probe', () => {
    let ctx: Ctx;
    let everyone: CustomerDto[];
    const firstNames = ['Alba', 'Bruno', 'Carla', 'Dario', 'Elena', 'Fabio', 'Gina', 'Hugo', 'Ines', 'Marco'];
    const lastNames = ['Abbott', 'Baker', 'Carter', 'Dalton', 'Ellis', 'Foster', 'Grant', 'Hayes', 'Irwin', 'Marsh'];

    /** The same rule as the search, written plainly: every term starts a name or the email. */
    const matches = (c: CustomerDto, q: string) =>
      q
        .toLowerCase()
        .split(' ')
        .every((t) => [c.firstName, c.lastName, c.email ?? ''].some((v) => v.toLowerCase().startsWith(t)));

    async function walk(q: string, limit: number) {
      const seen: CustomerDto[] = [];
      let cursor: string | undefined;
      let total: number | undefined;
      do {
        const page = await customers.searchCustomers(ctx, { q, limit, cursor });
        if (!cursor) total = page.total;
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return { ids: seen.map((c) => c.id), total };
    }

    beforeAll(async () => {
      ctx = await staffCtx(await makeStudio(enso));
      const rows = Array.from({ length: 1_150 }, (_, i) => ({
        firstName: firstNames[(i * 7) % firstNames.length]!,
        // The last 40 share a last name that sorts after everyone else: their matches cluster at the end.
        lastName: i >= 1_110 ? 'Zimmer' : lastNames[i % lastNames.length]!,
        email: `person${i}@example.com`,
      }));
      await customers.importCustomers(ctx, rows);
      everyone = [];
      let cursor: string | undefined;
      do {
        const page = await customers.searchCustomers(ctx, { limit: 100, cursor });
        everyone.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    });

    it.each(['m', 'ma', 'marco', 'zim', 'zimmer alba', 'hugo zim', 'person11', 'person114'])(
      'finds exactly the matches of %j, in order, across pages',
      async (q) => {
        const expected = everyone.filter((c) => matches(c, q)).map((c) => c.id);

        const found = await walk(q, 25);

        expect(everyone).toHaveLength(1_150);
        expect(expected.length).toBeGreaterThan(0);
        expect(found.ids).toEqual(expected);
        if (found.total !== undefined) expect(found.total).toBe(expected.length);
      },
    );

    it('gives the total of matches clustered after the first thousand customers', async () => {
      const found = await walk('zim', 25);

      expect(found.total).toBe(40);
    });

    it('leaves the total out for a term that matches most customers', async () => {
      const page = await customers.searchCustomers(ctx, { q: 'person', limit: 25 });

      expect(page.items).toHaveLength(25);
      expect(page.total).toBeUndefined();
    });
  });

  describe('update and activity', () => {
    it('publishes customer.updated.v1 naming only the fields that changed', async () => {
      const created = await customers.createCustomer(ctxA, { firstName: 'Léa', lastName: 'Petit', email: 'lea@example.com' });
      clock.advance(60_000);

      const updated = await customers.updateCustomer(ctxA, created.id, { firstName: 'Léa', lastName: 'Petit-Roux', email: 'LEA@example.com', phone: '0600000000' });
      const feed = await customers.listActivity(ctxA, created.id);

      expect(updated).toMatchObject({ lastName: 'Petit-Roux', email: 'lea@example.com', phone: '0600000000' });
      expect(feed.items.map((e) => e.type)).toEqual(['customer.updated.v1', 'customer.created.v1']);
      expect(feed.items[0]).toMatchObject({ payload: { changed: ['lastName', 'phone'] }, actorKind: 'staff', actorName: 'Ada Admin' });
      expect(feed.items[1]).toMatchObject({ payload: { source: 'dashboard' }, occurredAt: created.createdAt });
    });

    it('publishes nothing when an edit changes nothing', async () => {
      const created = await customers.createCustomer(ctxA, { firstName: 'Noé', email: 'noe@example.com' });

      await customers.updateCustomer(ctxA, created.id, { firstName: 'Noé', email: 'NOE@example.com', phone: '' });
      const feed = await customers.listActivity(ctxA, created.id);

      expect(feed.items.map((e) => e.type)).toEqual(['customer.created.v1']);
    });

    it('finds the customer under their new name after an edit', async () => {
      const created = await customers.createCustomer(ctxA, { firstName: 'Quentin', lastName: 'Xavierre' });

      await customers.updateCustomer(ctxA, created.id, { lastName: 'Ybarra' });

      expect(await search('quentin ybar')).toEqual(['Quentin Ybarra']);
      expect(await search('quentin xav')).toEqual([]);
    });

    it('pages the activity feed newest first', async () => {
      const created = await customers.createCustomer(ctxA, { firstName: 'Paul' });
      for (const lastName of ['One', 'Two', 'Three']) {
        clock.advance(1_000);
        await customers.updateCustomer(ctxA, created.id, { lastName });
      }

      const first = await customers.listActivity(ctxA, created.id, { limit: 2 });
      const second = await customers.listActivity(ctxA, created.id, { limit: 2, cursor: first.nextCursor! });

      expect(first.items.map((e) => e.occurredAt)).toEqual(['2030-01-15T09:01:03.000Z', '2030-01-15T09:01:02.000Z']);
      expect(second.items.map((e) => e.type)).toEqual(['customer.updated.v1', 'customer.created.v1']);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('unique emails', () => {
    it('refuses a second customer with the same email, whatever its case', async () => {
      await customers.createCustomer(ctxA, { firstName: 'Hugo', email: 'hugo@example.com' });

      const attempt = customers.createCustomer(ctxA, { firstName: 'Other', email: 'HUGO@example.com' });

      await expect(attempt).rejects.toMatchObject({ kind: 'conflict', code: 'email_taken', fields: [expect.objectContaining({ path: 'email' })] });
    });

    it('refuses an edit to another customer’s email', async () => {
      await customers.createCustomer(ctxA, { firstName: 'Jade', email: 'jade@example.com' });
      const other = await customers.createCustomer(ctxA, { firstName: 'Lina', email: 'lina@example.com' });

      const attempt = customers.updateCustomer(ctxA, other.id, { email: 'jade@example.com' });

      await expect(attempt).rejects.toMatchObject({ code: 'email_taken', fields: [expect.objectContaining({ path: 'email' })] });
    });

    // PGlite has one connection, so only PostgreSQL can race. The check in the transaction can't
    // see a concurrent insert: the unique index customers_email_key (studio_id, email) must.
    it.runIf(kind === 'postgres')('keeps one customer per email when creations race', async () => {
      const attempts = Array.from({ length: 8 }, (_, i) => customers.createCustomer(ctxA, { firstName: `Racer${i}`, email: 'race@example.com' }));

      const results = await Promise.allSettled(attempts);

      const created = results.filter((r) => r.status === 'fulfilled');
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
      expect(created, 'needs the unique index customers_email_key on customers (studio_id, email)').toHaveLength(1);
      expect(refused).toEqual(Array(7).fill('email_taken'));
    });

    it('lets two customers have no email', async () => {
      await customers.createCustomer(ctxA, { firstName: 'No', lastName: 'Mail' });

      await expect(customers.createCustomer(ctxA, { firstName: 'No', lastName: 'Mail', email: '' })).resolves.toMatchObject({ email: null });
    });

    it('lets two studios each have a customer with the same email', async () => {
      await customers.createCustomer(ctxA, { firstName: 'Tom', email: 'tom@example.com' });

      await expect(customers.createCustomer(ctxB, { firstName: 'Tom', email: 'tom@example.com' })).resolves.toMatchObject({ email: 'tom@example.com' });
    });

    it('skips imported rows whose email is taken, and reports them', async () => {
      await customers.createCustomer(ctxA, { firstName: 'Taken', email: 'taken@example.com' });

      const result = await customers.importCustomers(ctxA, [
        { firstName: 'New', email: 'new-import@example.com' },
        { firstName: 'Dup', email: 'TAKEN@example.com' },
        { firstName: 'Again', email: 'new-import@example.com' },
        { firstName: 'Nomail', email: null, phone: null },
      ]);

      expect(result).toEqual({ created: 2, skipped: [{ row: 1, reason: 'email_taken' }, { row: 2, reason: 'email_taken' }] });
    });
  });

  describe('studio isolation', () => {
    let ofA: CustomerDto;

    beforeAll(async () => {
      ofA = await customers.createCustomer(ctxA, { firstName: 'Isolde', lastName: 'Onlyina', email: 'isolde@example.com' });
    });

    it('hides studio A’s customer from studio B’s get, update and activity', async () => {
      const notFound = { kind: 'not_found', code: 'customer_not_found' };

      await expect(customers.getCustomer(ctxB, ofA.id)).rejects.toMatchObject(notFound);
      await expect(customers.updateCustomer(ctxB, ofA.id, { firstName: 'Hacked' })).rejects.toMatchObject(notFound);
      await expect(customers.listActivity(ctxB, ofA.id)).rejects.toMatchObject(notFound);
      expect((await customers.getCustomer(ctxA, ofA.id)).firstName).toBe('Isolde');
    });

    it('leaves studio A’s customer out of studio B’s search', async () => {
      expect(await search('isolde', ctxB)).toEqual([]);
      expect(await search('', ctxB)).not.toContain('Isolde Onlyina');
      expect(await search('isolde', ctxA)).toEqual(['Isolde Onlyina']);
    });
  });

  describe('customer accounts', () => {
    it('signs a visitor up: profile, account, session and events acted by the customer', async () => {
      const { customer, session } = await signUpNow(a.slug, { firstName: 'Sofía', lastName: 'Ruiz', email: 'Sofia@Example.com', password });
      const feed = await customers.listActivity(ctxA, customer.id);

      expect(customer).toMatchObject({ firstName: 'Sofía', email: 'sofia@example.com', hasAccount: true });
      expect(session.token.length).toBeGreaterThan(20);
      expect(feed.items.map((e) => e.type).sort()).toEqual(['customer.created.v1', 'customer.signed_up.v1']);
      expect(feed.items.every((e) => e.actorKind === 'customer' && e.actorName === 'Sofía Ruiz')).toBe(true);
      expect(feed.items.find((e) => e.type === 'customer.created.v1')?.payload).toEqual({ source: 'signup' });
    });

    it('signs a customer in and lets them read and edit their own profile', async () => {
      await customers.signUp(a.slug, { firstName: 'Omar', email: 'omar@example.com', password }, meta);

      const signedIn = await customers.signIn(a.slug, { email: 'omar@example.com', password }, meta);
      const own: Ctx = { ...ctxA, actor: { kind: 'customer', userId: await userIdOf(signedIn.customer.id), customerId: '' } };
      const updated = await customers.updateOwnProfile(own, { lastName: 'Haddad', phone: '06 99 88 77 66' });
      const feed = await customers.listActivity(ctxA, signedIn.customer.id);

      expect(signedIn.customer.firstName).toBe('Omar');
      expect(await customers.getOwnProfile(own)).toEqual(updated);
      expect(updated).toMatchObject({ lastName: 'Haddad', phone: '06 99 88 77 66', email: 'omar@example.com' });
      expect(feed.items[0]).toMatchObject({ type: 'customer.updated.v1', payload: { changed: ['lastName', 'phone'] }, actorKind: 'customer', actorName: 'Omar Haddad' });
    });

    it('lets a customer the front desk created finish their account from an emailed link, keeping their profile', async () => {
      const walkIn = await customers.createCustomer(ctxA, { firstName: 'Walkin', lastName: 'Desk', email: 'walkin@example.com', phone: '0611' + '223344' });

      const result = await customers.signUp(a.slug, { firstName: 'Someone', email: 'WALKIN@example.com', password }, meta);
      const refused = await customers.signIn(a.slug, { email: 'walkin@example.com', password }, meta).catch((e: unknown) => e);
      const token = await latestTokenFor(enso, 'walkin@example.com');
      const finished = await customers.acceptAccountInvite(a.slug, { token, password: 'another-long-passphrase' }, meta);
      const reused = await customers.acceptAccountInvite(a.slug, { token, password: 'yet-another-passphrase' }, meta).catch((e: unknown) => e);

      expect(result).toEqual({ confirmEmail: true });
      expect(refused).toMatchObject({ code: 'invalid_credentials' });
      expect(finished.customer).toMatchObject({ id: walkIn.id, firstName: 'Walkin', lastName: 'Desk', hasAccount: true, phone: '0611223344' });
      expect(finished.session.token.length).toBeGreaterThan(20);
      expect(reused).toMatchObject({ kind: 'invalid', code: 'token_invalid' });
      expect((await customers.signIn(a.slug, { email: 'walkin@example.com', password: 'another-long-passphrase' }, meta)).customer.id).toBe(walkIn.id);
      expect(await search('walkin')).toEqual(['Walkin Desk']);
    });

    it('refuses a sign-up with the email of a customer who already has an account', async () => {
      await signUpNow(a.slug, { firstName: 'Taken', email: 'already.signed.up@example.com', password });

      const attempt = customers.signUp(a.slug, { firstName: 'Other', email: 'already.signed.up@example.com', password }, meta);

      await expect(attempt).rejects.toMatchObject({ code: 'email_taken', fields: [expect.objectContaining({ path: 'email' })] });
    });

    it('does not accept a studio A account link on studio B', async () => {
      await customers.createCustomer(ctxA, { firstName: 'Cross', email: 'cross@example.com' });
      await customers.signUp(a.slug, { firstName: 'Cross', email: 'cross@example.com', password }, meta);
      const token = await latestTokenFor(enso, 'cross@example.com');

      await expect(customers.acceptAccountInvite(b.slug, { token, password }, meta)).rejects.toMatchObject({ kind: 'invalid' });
      expect((await customers.acceptAccountInvite(a.slug, { token, password }, meta)).customer.firstName).toBe('Cross');
    });

    it('refuses a weak password and creates nothing', async () => {
      const attempt = customers.signUp(a.slug, { firstName: 'Weak', email: 'weak@example.com', password: 'password' }, meta);

      await expect(attempt).rejects.toMatchObject({ kind: 'invalid', code: 'weak_password' });
      expect(await search('weak@')).toEqual([]);
    });

    it('answers not_found for an unknown studio', async () => {
      await expect(customers.signUp('no-such-studio', { firstName: 'X', email: 'x@example.com', password }, meta)).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('rejects a wrong password', async () => {
      await customers.signUp(a.slug, { firstName: 'Rita', email: 'rita@example.com', password }, meta);

      await expect(customers.signIn(a.slug, { email: 'rita@example.com', password: 'not-the-password' }, meta)).rejects.toMatchObject({
        kind: 'unauthenticated',
        code: 'invalid_credentials',
      });
    });

    it('does not sign a customer of studio A in on studio B', async () => {
      await customers.signUp(a.slug, { firstName: 'Uma', email: 'uma@example.com', password }, meta);

      await expect(customers.signIn(b.slug, { email: 'uma@example.com', password }, meta)).rejects.toMatchObject({ code: 'invalid_credentials' });
    });

    it('moves the sign-in email when staff change a customer’s email, and keeps it required', async () => {
      const { customer } = await signUpNow(a.slug, { firstName: 'Vera', email: 'vera@example.com', password });

      await customers.updateCustomer(ctxA, customer.id, { email: 'vera.new@example.com' });
      const signedIn = await customers.signIn(a.slug, { email: 'vera.new@example.com', password }, meta);
      const clearing = customers.updateCustomer(ctxA, customer.id, { email: '' });

      expect(signedIn.customer.id).toBe(customer.id);
      await expect(clearing).rejects.toMatchObject({ kind: 'invalid', code: 'email_required' });
    });

    it('refuses own-profile calls from a staff ctx', async () => {
      await expect(customers.getOwnProfile(ctxA)).rejects.toMatchObject({ code: 'not_a_customer' });
    });
  });

  /** The login behind a profile, as the customer's session would carry it. */
  async function userIdOf(customerId: string): Promise<UserId> {
    const [row] = await withStudio(enso.database, ctxA.studioId, (tx) =>
      tx.select({ userId: customersTable.userId }).from(customersTable).where(eq(customersTable.id, customerId)),
    );
    return row!.userId as UserId;
  }
});
