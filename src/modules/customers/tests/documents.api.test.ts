import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { TestClient } from '../../../platform/testing/client.ts';
import { documentKey } from '../documents/service.ts';
import { problem } from '../../../platform/testing/client.ts';

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 250, 251, 252]), Buffer.from('\n%%EOF')]);

function upload(client: TestClient, customerId: string, fileName: string, bytes: Buffer, contentType = 'application/pdf') {
  return client.request('POST', `/api/v1/customers/${customerId}/documents?fileName=${encodeURIComponent(fileName)}`, {
    payload: bytes,
    headers: { 'content-type': contentType },
  });
}

describe.each(testDatabaseKinds())('customer documents API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  const newCustomer = async (s: StudioFixture, firstName = 'Doc') => (await s.admin.post('/api/v1/customers', { firstName })).body.id as string;

  it('uploads, lists, downloads and deletes a document, keeping the bytes exact', async () => {
    const id = await newCustomer(a);

    const created = await upload(a.admin, id, 'Certificat médical 2026.pdf', pdf);
    const list = await a.admin.get(`/api/v1/customers/${id}/documents`);
    const download = await a.admin.get(`/api/v1/customers/${id}/documents/${created.body.id}/download`);
    const activity = await a.admin.get(`/api/v1/customers/${id}/activity`);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      customerId: id,
      fileName: 'Certificat médical 2026.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      uploadedByName: 'Ada Admin',
    });
    expect(created.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(list.body.items).toEqual([created.body]);
    expect(download.status).toBe(200);
    expect(download.raw.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Certificat medical 2026.pdf"; filename*=UTF-8''Certificat%20m%C3%A9dical%202026.pdf`,
    );
    expect(activity.body.items[0]).toMatchObject({ type: 'customer.document_added.v1', payload: { documentId: created.body.id, fileName: 'Certificat médical 2026.pdf' } });

    const removed = await a.admin.delete(`/api/v1/customers/${id}/documents/${created.body.id}`);
    const after = await a.admin.get(`/api/v1/customers/${id}/documents`);
    const gone = await a.admin.get(`/api/v1/customers/${id}/documents/${created.body.id}/download`);

    expect(removed.body).toEqual({ ok: true });
    expect(after.body.items).toEqual([]);
    expect(gone.body).toMatchObject(problem(404, 'document_not_found'));
    expect(await enso.storage.get(documentKey(a.studioId, id, created.body.id))).toBeNull();
  });

  it('keeps the stored file under the studio and customer', async () => {
    const id = await newCustomer(a);

    const created = await upload(a.admin, id, 'photo.png', Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), 'image/png');

    const stored = await enso.storage.get(documentKey(a.studioId, id, created.body.id));
    expect(stored?.contentType).toBe('image/png');
    expect(stored?.body.length).toBe(8);
  });

  it('stores a JSON or HTML file as it is and serves it inert', async () => {
    const id = await newCustomer(a);
    const json = Buffer.from('{"not": "parsed"}');
    const html = Buffer.from('<script>alert(1)</script>');

    const asJson = await upload(a.admin, id, 'data.json', json, 'application/json; charset=utf-8');
    const asHtml = await upload(a.admin, id, 'page.html', html, 'text/html');
    const download = await a.admin.get(`/api/v1/customers/${id}/documents/${asHtml.body.id}/download`);
    const jsonDownload = await a.admin.get(`/api/v1/customers/${id}/documents/${asJson.body.id}/download`);

    expect(asJson.body).toMatchObject({ contentType: 'application/json', sizeBytes: json.length });
    expect(jsonDownload.raw.rawPayload.equals(json)).toBe(true);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['content-security-policy']).toContain('sandbox');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps the media type without parameters and refuses a malformed one', async () => {
    const id = await newCustomer(a);

    const text = await upload(a.admin, id, 'notes.txt', Buffer.from('hello'), 'Text/Plain; charset=utf-8');
    const malformed = await upload(a.admin, id, 'scan.bin', pdf, 'not a type');

    expect(text.body.contentType).toBe('text/plain');
    expect(malformed.status).toBe(415);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses an empty file, a file over 20 MB, and a bad or missing file name', async () => {
    const id = await newCustomer(a);

    const empty = await upload(a.admin, id, 'empty.pdf', Buffer.alloc(0));
    const huge = await upload(a.admin, id, 'huge.pdf', Buffer.alloc(20 * 1024 * 1024 + 1));
    const slash = await upload(a.admin, id, '../etc/passwd', pdf);
    const missing = await a.admin.request('POST', `/api/v1/customers/${id}/documents`, { payload: pdf, headers: { 'content-type': 'application/pdf' } });
    const list = await a.admin.get(`/api/v1/customers/${id}/documents`);

    expect(empty.body).toMatchObject(problem(400, 'empty_file'));
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
    expect(slash.status).toBe(400);
    expect(slash.body.errors?.[0]?.path).toBe('fileName');
    expect(missing.status).toBe(400);
    expect(list.body.items).toEqual([]);
  });

  it('accepts a file of exactly 20 MB', async () => {
    const id = await newCustomer(a);

    const res = await upload(a.admin, id, 'big.bin', Buffer.alloc(20 * 1024 * 1024, 7), 'application/octet-stream');

    expect(res.status).toBe(201);
    expect(res.body.sizeBytes).toBe(20 * 1024 * 1024);
  });

  it("never shows or serves another studio's documents", async () => {
    const ofB = await newCustomer(b);
    const docOfB = (await upload(b.admin, ofB, 'b.pdf', pdf)).body.id as string;
    const ofA = await newCustomer(a);

    const list = await a.admin.get(`/api/v1/customers/${ofB}/documents`);
    const up = await upload(a.admin, ofB, 'x.pdf', pdf);
    const download = await a.admin.get(`/api/v1/customers/${ofB}/documents/${docOfB}/download`);
    const viaOwnCustomer = await a.admin.get(`/api/v1/customers/${ofA}/documents/${docOfB}/download`);
    const del = await a.admin.delete(`/api/v1/customers/${ofA}/documents/${docOfB}`);

    expect(list.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(up.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(download.body).toMatchObject(problem(404, 'customer_not_found'));
    expect(viaOwnCustomer.body).toMatchObject(problem(404, 'document_not_found'));
    expect(del.body).toMatchObject(problem(404, 'document_not_found'));
    expect((await b.admin.get(`/api/v1/customers/${ofB}/documents`)).body.items).toHaveLength(1);
  });

  it('lets a teacher neither list nor upload documents', async () => {
    const id = await newCustomer(a);
    const teacher = await a.staff('teacher');

    const up = await upload(teacher, id, 'x.pdf', pdf);

    expect(up.status).toBe(403);
  });
});
