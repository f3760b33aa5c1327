import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../../platform/testing/client.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import {
  createTestEnso,
  latestTokenFor,
  makeStudio,
  signIn,
  testPassword,
  type StudioFixture,
  type TestEnso,
} from '../../../platform/testing/enso.ts';

describe.each(testDatabaseKinds())('staff sign-in, sessions and accounts (%s)', (kind) => {
  let enso: TestEnso;
  let studio: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    studio = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('signs an admin in with an HttpOnly, SameSite=Lax session cookie and lists their permissions', async () => {
    const client = new TestClient(enso.app);

    const res = await client.post('/api/v1/auth/login', { email: studio.adminEmail, password: testPassword });

    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('admin');
    expect(res.body.permissions).toContain('staff:write');
    const cookie = (res.raw.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find((c) => c.name === 'enso_staff');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('gives a new session token at each sign-in', async () => {
    const client = new TestClient(enso.app);
    await client.post('/api/v1/auth/login', { email: studio.adminEmail, password: testPassword });
    const first = client.cookies.get('enso_staff');

    await client.post('/api/v1/auth/login', { email: studio.adminEmail, password: testPassword });

    expect(client.cookies.get('enso_staff')).not.toBe(first);
    const stale = new TestClient(enso.app);
    stale.cookies.set('enso_staff', first!);
    expect((await stale.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('refuses a wrong password with a problem document', async () => {
    const res = await new TestClient(enso.app).post('/api/v1/auth/login', { email: studio.adminEmail, password: 'not-the-password' });

    expect(res.status).toBe(401);
    expect(res.body.code).toBe('invalid_credentials');
  });

  it('locks an account after 10 failures, even for the right password, with Retry-After', async () => {
    const target = await makeStudio(enso);
    const client = new TestClient(enso.app);
    for (let i = 0; i < 10; i++) {
      expect((await client.post('/api/v1/auth/login', { email: target.adminEmail, password: `wrong-${i}-password` })).status).toBe(401);
    }

    const res = await client.post('/api/v1/auth/login', { email: target.adminEmail, password: testPassword });

    expect(res.status).toBe(429);
    expect(res.body.code).toBe('too_many_attempts');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a state-changing request without the CSRF header', async () => {
    const client = new TestClient(enso.app, { csrf: false });
    client.cookies.set('enso_staff', studio.admin.cookies.get('enso_staff')!);

    const res = await client.post('/api/v1/locations', { name: 'Annex', timeZone: 'Europe/Paris' });

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_failed');
  });

  it('sends security headers', async () => {
    const res = await studio.admin.get('/api/v1/studio');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });

  it('invites a teacher by email; the invitation is in Sent messages and its link sets the password', async () => {
    const invited = await studio.admin.post('/api/v1/staff', { email: 'new.teacher@example.com', firstName: 'Nina', role: 'teacher' });
    expect(invited.status).toBe(201);
    expect(invited.body.status).toBe('invited');
    const messages = await studio.admin.get('/api/v1/messages');
    expect(messages.body.items[0]).toMatchObject({ to: 'new.teacher@example.com', template: 'staff.invite' });
    const token = await latestTokenFor(enso, 'new.teacher@example.com');
    const teacher = new TestClient(enso.app);

    const weak = await teacher.post('/api/v1/auth/invites/accept', { token, password: 'password1' });
    const accepted = await teacher.post('/api/v1/auth/invites/accept', { token, password: 'a sunny studio morning' });

    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ role: 'teacher', email: 'new.teacher@example.com' });
    expect((await teacher.post('/api/v1/auth/invites/accept', { token, password: 'a sunny studio morning' })).body.code).toBe('token_invalid');
  });

  it('ends every session of a deactivated person at once', async () => {
    const teacher = await studio.staff('teacher');
    const other = await signIn(enso, (await teacher.get('/api/v1/auth/session')).body.user.email, testPassword);
    const id = (await teacher.get('/api/v1/auth/session')).body.user.id;

    const res = await studio.admin.post(`/api/v1/staff/${id}/deactivate`);

    expect(res.body.status).toBe('deactivated');
    expect((await teacher.get('/api/v1/auth/session')).status).toBe(401);
    expect((await other.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('keeps at least one active admin and forbids changing your own role', async () => {
    const me = (await studio.admin.get('/api/v1/auth/session')).body.user.id;

    const demote = await studio.admin.patch(`/api/v1/staff/${me}`, { role: 'teacher' });
    const deactivate = await studio.admin.post(`/api/v1/staff/${me}/deactivate`);

    expect(demote.status).toBe(409);
    expect(deactivate.status).toBe(409);
  });

  it('resets a password from the emailed link and ends the old sessions', async () => {
    const fresh = await makeStudio(enso);
    const anonymous = new TestClient(enso.app);

    const asked = await anonymous.post('/api/v1/auth/password-reset', { email: fresh.adminEmail });
    const unknown = await anonymous.post('/api/v1/auth/password-reset', { email: 'nobody@example.com' });
    const token = await latestTokenFor(enso, fresh.adminEmail);
    const confirmed = await anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'a brand new passphrase' });

    expect(asked.body).toEqual({ ok: true });
    expect(unknown.body).toEqual({ ok: true });
    expect(confirmed.status).toBe(200);
    expect((await fresh.admin.get('/api/v1/auth/session')).status).toBe(401);
    expect((await anonymous.post('/api/v1/auth/login', { email: fresh.adminEmail, password: 'a brand new passphrase' })).status).toBe(200);
    expect((await anonymous.post('/api/v1/auth/password-reset/confirm', { token, password: 'another new passphrase' })).status).toBe(400);
  });

  it('lets an API key act with its role, and not after it is revoked', async () => {
    const created = await studio.admin.post('/api/v1/api-keys', { name: 'Website', role: 'front_desk' });
    const bearer = new TestClient(enso.app, { headers: { authorization: `Bearer ${created.body.secret}` }, csrf: false });

    const read = await bearer.get('/api/v1/locations');
    const write = await bearer.post('/api/v1/locations', { name: 'Annex', timeZone: 'Europe/Paris' });
    await studio.admin.delete(`/api/v1/api-keys/${created.body.id}`);
    const afterRevoke = await bearer.get('/api/v1/locations');

    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^enso_sk_/);
    expect(read.status).toBe(200);
    expect(write.status).toBe(403);
    expect(afterRevoke.status).toBe(401);
    expect(JSON.stringify((await studio.admin.get('/api/v1/api-keys')).body)).not.toContain(created.body.secret);
  });

  it('signs out: the cookie is cleared and the session ends', async () => {
    const client = await signIn(enso, studio.adminEmail, testPassword);
    const token = client.cookies.get('enso_staff')!;

    await client.post('/api/v1/auth/logout');

    const replay = new TestClient(enso.app);
    replay.cookies.set('enso_staff', token);
    expect((await replay.get('/api/v1/auth/session')).status).toBe(401);
  });
});
