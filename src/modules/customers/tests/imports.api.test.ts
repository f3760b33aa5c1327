import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioId } from '../../../kernel/ids.ts';
import { withStudio } from '../../../platform/db/tx.ts';
import { silentLogger } from '../../../platform/jobs/index.ts';
import { testDatabaseKinds } from '../../../platform/testing/database.ts';
import { createTestEnso, makeStudio, type StudioFixture, type TestEnso } from '../../../platform/testing/enso.ts';
import type { TestClient } from '../../../platform/testing/client.ts';
import { problem } from '../../../platform/testing/client.ts';

const sample = (name: string) => readFileSync(new URL(`../../../../docs/import-samples/${name}`, import.meta.url));

async function upload(client: TestClient, body: Buffer | string, fileName = 'customers.csv') {
  return client.request('POST', `/api/v1/customers/imports?fileName=${encodeURIComponent(fileName)}`, {
    payload: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
    headers: { 'content-type': 'text/csv' },
  });
}

describe.each(testDatabaseKinds())('customer imports API (%s)', (kind) => {
  let enso: TestEnso;
  let a: StudioFixture;
  let b: StudioFixture;

  const runJobs = () => enso.jobs.runDueJobs({ names: ['customers.run-import'] });

  /** Uploads, starts with the suggested mapping (or `columns`), runs the job; returns the finished import. */
  async function importFile(client: TestClient, body: Buffer | string, options: { dryRun?: boolean; columns?: string[]; locale?: 'en' | 'fr' } = {}) {
    const up = await upload(client, body);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const started = await client.post('/api/v1/customers/imports/start', {
      fileId: up.body.fileId,
      fileName: up.body.fileName,
      preset: up.body.suggestion.preset,
      columns: options.columns ?? up.body.suggestion.columns,
      dateFormat: up.body.suggestion.dateFormat,
      dryRun: options.dryRun ?? false,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ status: 'pending', processedRows: 0 });
    await runJobs();
    return (await client.get(`/api/v1/customers/imports/${started.body.id}`)).body;
  }

  async function findCustomer(client: TestClient, q: string) {
    const res = await client.get(`/api/v1/customers?q=${encodeURIComponent(q)}`);
    return res.body.items as { id: string; firstName: string; lastName: string; email: string | null; phone: string | null; birthDate: string | null; source: string }[];
  }

  beforeAll(async () => {
    enso = await createTestEnso(kind);
    a = await makeStudio(enso);
    b = await makeStudio(enso);
  });
  afterAll(() => enso?.dispose());

  it('reads the Momence sample: preset, mapping and a preview of mapped rows', async () => {
    const up = await upload(a.admin, sample('momence.csv'), 'momence.csv');
    const preview = await a.admin.post('/api/v1/customers/imports/preview', {
      fileId: up.body.fileId,
      columns: up.body.suggestion.columns,
      dateFormat: up.body.suggestion.dateFormat,
    });

    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: 'momence.csv', encoding: 'utf-8', delimiter: ',', rowCount: 6 });
    expect(up.body.suggestion).toEqual({
      preset: 'momence',
      dateFormat: 'ymd',
      columns: ['ignore', 'firstName', 'lastName', 'email', 'phone', 'birthDate', 'tags', 'ignore', 'ignore', 'ignore'],
    });
    expect(preview.status).toBe(200);
    expect(preview.body.rowCount).toBe(6);
    expect(preview.body.rows[0]).toEqual({
      row: 2,
      values: { firstName: 'Léa', lastName: 'Fontaine', email: 'lea.fontaine@example.com', phone: '+33 6 12 45 78 90', birthDate: '1991-03-14', tags: ['Vinyasa', 'Morning'], fields: [] },
      errors: [],
    });
    expect(preview.body.rows[3].values).toMatchObject({ email: 'chloe.dubois@example.com', tags: ['Yin', 'Teacher training'] });
  });

  it('imports the Mindbody and Glofox samples with their own date formats', async () => {
    const mindbody = await importFile(b.admin, sample('mindbody.csv'));
    const glofox = await importFile(b.admin, sample('glofox.csv'));

    expect(mindbody).toMatchObject({ preset: 'mindbody', createdCount: 5, errorCount: 0 });
    expect(glofox).toMatchObject({ preset: 'glofox', createdCount: 4, errorCount: 0 });
    expect(await findCustomer(b.admin, 'priya')).toEqual([expect.objectContaining({ birthDate: '1996-02-29', phone: '415.555.0190' })]);
    expect(await findCustomer(b.admin, 'daniel reyes')).toEqual([expect.objectContaining({ phone: '(415) 555-0178' })]);
    expect(await findCustomer(b.admin, 'siobhan')).toEqual([expect.objectContaining({ firstName: 'Siobhán', birthDate: '1990-03-17' })]);
  });

  it('dry-runs without writing, then imports, then re-imports the same file without duplicates', async () => {
    const dry = await importFile(a.admin, sample('momence.csv'), { dryRun: true });
    const afterDry = await findCustomer(a.admin, 'fontaine');

    const real = await importFile(a.admin, sample('momence.csv'));
    const again = await importFile(a.admin, sample('momence.csv'));

    expect(dry).toMatchObject({ dryRun: true, status: 'done', totalRows: 6, processedRows: 6, createdCount: 6, updatedCount: 0, errorCount: 0 });
    expect(afterDry).toEqual([]);
    expect(real).toMatchObject({ dryRun: false, status: 'done', preset: 'momence', createdCount: 6, updatedCount: 0, unchangedCount: 0, errorCount: 0 });
    expect(real.startedAt).not.toBeNull();
    expect(real.finishedAt).not.toBeNull();
    expect(again).toMatchObject({ status: 'done', createdCount: 0, updatedCount: 0, unchangedCount: 6, errorCount: 0 });
    const [lea] = await findCustomer(a.admin, 'lea fontaine');
    expect(lea).toMatchObject({ firstName: 'Léa', email: 'lea.fontaine@example.com', birthDate: '1991-03-14', source: 'import' });
    expect((await findCustomer(a.admin, 'noah petit')).length).toBe(1);
    const tags = await a.admin.get(`/api/v1/customers/${lea!.id}/tags`);
    expect(tags.body.items.map((t: { name: string }) => t.name).sort()).toEqual(['Morning', 'Vinyasa']);
    const activity = await a.admin.get(`/api/v1/customers/${lea!.id}/activity`);
    const types = activity.body.items.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'customer.created.v1')).toHaveLength(1);
    expect(activity.body.items.find((e: { type: string }) => e.type === 'customer.created.v1').payload).toEqual({ source: 'import' });
    expect(types.filter((t: string) => t === 'customer.tag_added.v1')).toHaveLength(2);
  });

  it('updates only what changed, names it in customer.updated.v1, and never clears with an empty cell', async () => {
    const header = 'First name,Last name,Email,Phone,Birthday,Tags\n';
    await importFile(a.admin, `${header}Zoé,Arnaud,zoe.arnaud@example.com,06 11 22 33 44,1990-05-06,Yoga\n`);

    const second = await importFile(a.admin, `${header}Zoé,Arnaud-Vidal,ZOE.ARNAUD@example.com,,1990-05-06,Yoga\n`);

    const [zoe] = await findCustomer(a.admin, 'zoe.arnaud@');
    expect(second).toMatchObject({ createdCount: 0, updatedCount: 1, unchangedCount: 0 });
    expect(zoe).toMatchObject({ lastName: 'Arnaud-Vidal', phone: '06 11 22 33 44', birthDate: '1990-05-06' });
    const activity = await a.admin.get(`/api/v1/customers/${zoe!.id}/activity`);
    expect(activity.body.items[0]).toMatchObject({ type: 'customer.updated.v1', payload: { changed: ['lastName'] } });
  });

  it('keeps going past bad rows in the middle, records each error and counts progress to the end', async () => {
    const lines = ['First name,Last name,Email,Birthday'];
    for (let i = 1; i <= 1_200; i++) lines.push(`Bulk${i},Chunky,bulk${i}@example.com,1990-01-01`);
    lines[600] = 'Bad,Row,not-an-email,1990-13-45';
    lines[900] = 'Twin,Chunky,bulk10@example.com,';
    lines[1_000] = ',NoFirstName,nofirst@example.com,';

    const done = await importFile(a.admin, lines.join('\r\n'));
    const errors = await a.admin.get(`/api/v1/customers/imports/${done.id}/errors?limit=2`);
    const rest = await a.admin.get(`/api/v1/customers/imports/${done.id}/errors?cursor=${errors.body.nextCursor}`);
    const csv = await a.admin.get(`/api/v1/customers/imports/${done.id}/errors.csv`);

    expect(done).toMatchObject({ status: 'done', totalRows: 1_200, processedRows: 1_200, createdCount: 1_197, errorCount: 3, failure: null });
    expect([...errors.body.items, ...rest.body.items]).toEqual([
      { row: 601, field: 'birthDate', message: expect.stringContaining('not a real date') },
      { row: 601, field: 'email', message: expect.stringContaining('not an email') },
      { row: 901, field: 'email', message: 'Row 11 has the same email: only the first of them is imported.' },
      { row: 1_001, field: 'firstName', message: 'The first name is empty.' },
    ]);
    expect(rest.body.nextCursor).toBeNull();
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('customers-errors.csv');
    expect(csv.body).toContain('901,email,Row 11 has the same email');
    expect((await findCustomer(a.admin, 'bulk10@')).map((c) => c.firstName)).toEqual(['Bulk10']);
  });

  it('matches rows without email by name and phone, so re-importing them creates nobody twice', async () => {
    const file = 'Name,Phone\nJules Verne,06 01 02 03 04\nJules Verne,06 99 99 99 99\nGeorge Sand,\nGeorge Sand,\n';

    const first = await importFile(a.admin, file);
    const second = await importFile(a.admin, file);

    expect(first).toMatchObject({ createdCount: 3, errorCount: 1 });
    expect(second).toMatchObject({ createdCount: 0, unchangedCount: 3, errorCount: 1 });
    expect((await findCustomer(a.admin, 'jules verne')).length).toBe(2);
    expect((await findCustomer(a.admin, 'george sand')).length).toBe(1);
    const errors = await a.admin.get(`/api/v1/customers/imports/${second.id}/errors`);
    expect(errors.body.items).toEqual([{ row: 5, field: '', message: expect.stringContaining('Row 4 has the same name and phone') }]);
  });

  it('reads a Windows-1252 file with semicolons and French headers, with day-first dates', async () => {
    const text = 'Prénom;Nom;Courriel;Date de naissance\r\nHélène;Lefèvre;helene.lefevre@example.fr;03/04/1980\r\n';
    const bytes = Buffer.from([...text].map((c) => c.charCodeAt(0)));

    const up = await upload(a.admin, bytes);
    const done = await importFile(a.admin, bytes, { columns: ['firstName', 'lastName', 'email', 'birthDate'] });

    expect(up.body).toMatchObject({ encoding: 'windows-1252', delimiter: ';', header: ['Prénom', 'Nom', 'Courriel', 'Date de naissance'] });
    expect(up.body.suggestion.columns).toEqual(['firstName', 'lastName', 'email', 'birthDate']);
    expect(done).toMatchObject({ createdCount: 1, errorCount: 0 });
    // The suggestion's format is YYYY-MM-DD for a file of no known platform; 03/04/1980 read day-first needs dmy.
    const dmy = await upload(a.admin, bytes);
    const preview = await a.admin.post('/api/v1/customers/imports/preview', { fileId: dmy.body.fileId, columns: dmy.body.suggestion.columns, dateFormat: 'dmy' });
    expect(preview.body.rows[0].values).toMatchObject({ firstName: 'Hélène', lastName: 'Lefèvre', birthDate: '1980-04-03' });
  });

  it('writes row errors in the language of the staff member who runs the import', async () => {
    const file = 'Prénom,Courriel\nAnaïs,pas-un-email\n';
    const up = await upload(a.admin, file);

    const preview = await a.admin.post('/api/v1/customers/imports/preview', { fileId: up.body.fileId, columns: ['firstName', 'email'], dateFormat: 'dmy', locale: 'fr' });
    const done = await importFile(a.admin, file, { locale: 'fr' });
    const errors = await a.admin.get(`/api/v1/customers/imports/${done.id}/errors`);

    expect(preview.body.rows[0].errors).toEqual([{ field: 'email', message: '« pas-un-email » n’est pas une adresse e-mail.' }]);
    expect(errors.body.items).toEqual([{ row: 2, field: 'email', message: '« pas-un-email » n’est pas une adresse e-mail.' }]);
  });

  it('sets custom field values from a column', async () => {
    const field = await a.admin.post('/api/v1/customer-fields', { label: 'Level', kind: 'choice', options: ['Beginner', 'Advanced'] });
    expect(field.status, JSON.stringify(field.body)).toBe(201);
    const up = await upload(a.admin, 'First name,Email,Level\nMira,mira@example.com,advanced\nOtto,otto@example.com,Expert\n');

    expect(up.body.suggestion.columns).toEqual(['firstName', 'email', `field:${field.body.id}`]);
    const done = await importFile(a.admin, 'First name,Email,Level\nMira,mira@example.com,advanced\nOtto,otto@example.com,Expert\n');
    const [mira] = await findCustomer(a.admin, 'mira@');
    const values = await a.admin.get(`/api/v1/customers/${mira!.id}/fields`);

    expect(done).toMatchObject({ createdCount: 1, errorCount: 1 });
    expect(JSON.stringify(values.body)).toContain('Advanced');
    const again = await importFile(a.admin, 'First name,Email,Level\nMira,MIRA@example.com,ADVANCED\n');
    const changed = await importFile(a.admin, 'First name,Email,Level\nMira,mira@example.com,Beginner\n');
    expect(again).toMatchObject({ createdCount: 0, updatedCount: 0, unchangedCount: 1 });
    expect(changed).toMatchObject({ updatedCount: 1 });
    const activity = await a.admin.get(`/api/v1/customers/${mira!.id}/activity`);
    expect(activity.body.items[0]).toMatchObject({ type: 'customer.custom_field_changed.v1', payload: { fieldId: field.body.id, label: 'Level' } });
  });

  it('answers 400 for a broken file, a JSON body and a bad mapping, 404 for an unknown file', async () => {
    const unterminated = await upload(a.admin, 'First name,Note\nAna,"never closed\n');
    const json = await a.admin.post('/api/v1/customers/imports', { firstName: 'x' });
    const up = await upload(a.admin, 'First name,Email\nAna,ana@example.com\n');
    const noName = await a.admin.post('/api/v1/customers/imports/preview', { fileId: up.body.fileId, columns: ['ignore', 'email'], dateFormat: 'ymd' });
    const wrongCount = await a.admin.post('/api/v1/customers/imports/start', {
      fileId: up.body.fileId,
      fileName: 'x.csv',
      columns: ['firstName'],
      dateFormat: 'ymd',
    });
    const unknown = await a.admin.post('/api/v1/customers/imports/preview', { fileId: 'fil_01JD00000000000000000000ZZ', columns: ['firstName'], dateFormat: 'ymd' });
    const nulName = await a.admin.post('/api/v1/customers/imports/start', { fileId: up.body.fileId, fileName: 'a\u0000b.csv', columns: ['firstName', 'email'], dateFormat: 'ymd' });

    expect(unterminated.body).toMatchObject({ ...problem(400, 'invalid_csv'), detail: expect.stringContaining('line 2') });
    expect(json.body).toMatchObject(problem(400, 'csv_expected'));
    expect(noName.body).toMatchObject({ ...problem(400, 'invalid_mapping'), errors: [{ path: 'columns' }] });
    expect(wrongCount.body).toMatchObject(problem(400, 'invalid_mapping'));
    expect(unknown.body).toMatchObject(problem(404, 'import_file_not_found'));
    expect(nulName.body).toMatchObject({ ...problem(400, 'validation_failed'), errors: [expect.objectContaining({ path: 'fileName' })] });
  });

  it('keeps each studio to its own files and imports', async () => {
    const up = await upload(a.admin, 'First name\nAna\n');
    const done = await importFile(a.admin, 'First name\nSolo\n');

    const preview = await b.admin.post('/api/v1/customers/imports/preview', { fileId: up.body.fileId, columns: ['firstName'], dateFormat: 'ymd' });
    const start = await b.admin.post('/api/v1/customers/imports/start', { fileId: up.body.fileId, fileName: 'x.csv', columns: ['firstName'], dateFormat: 'ymd' });
    const get = await b.admin.get(`/api/v1/customers/imports/${done.id}`);
    const errors = await b.admin.get(`/api/v1/customers/imports/${done.id}/errors`);
    const csv = await b.admin.get(`/api/v1/customers/imports/${done.id}/errors.csv`);
    const history = await b.admin.get('/api/v1/customers/imports');

    expect(preview.body).toMatchObject(problem(404, 'import_file_not_found'));
    expect(start.body).toMatchObject(problem(404, 'import_file_not_found'));
    for (const res of [get, errors, csv]) expect(res.body).toMatchObject(problem(404, 'import_not_found'));
    expect(history.body.items.map((i: { id: string }) => i.id)).not.toContain(done.id);
  });

  it('shows progress chunk by chunk: a run stopped after its first chunk reads 500 of 1,200, then finishes', async () => {
    const lines = ['First name,Email'];
    for (let i = 1; i <= 1_200; i++) lines.push(`Step${i},step${i}@example.com`);
    const up = await upload(a.admin, lines.join('\n'));
    const started = await a.admin.post('/api/v1/customers/imports/start', { fileId: up.body.fileId, fileName: 'steps.csv', columns: ['firstName', 'email'], dateFormat: 'ymd' });
    // The worker stops (shutdown, timeout) once the first chunk has committed: its signal reads aborted from then on.
    let checks = 0;
    const signal = { get aborted() { return ++checks > 1; } } as AbortSignal;
    const job = { jobId: 'manual', name: 'customers.run-import', attempt: 1, isLastAttempt: false, clock: enso.clock, logger: silentLogger, signal, database: enso.database, jobs: enso.jobs };

    await expect(enso.services.customerImports.runImportJob.handler({ studioId: a.studioId, importId: started.body.id, locale: 'en' }, job)).rejects.toThrow('resumes');
    const midway = (await a.admin.get(`/api/v1/customers/imports/${started.body.id}`)).body;
    await runJobs();
    const done = (await a.admin.get(`/api/v1/customers/imports/${started.body.id}`)).body;

    expect(midway).toMatchObject({ status: 'running', totalRows: 1_200, processedRows: 500, createdCount: 500 });
    expect(done).toMatchObject({ status: 'done', processedRows: 1_200, createdCount: 1_200, errorCount: 0 });
  });

  it('resumes a run at processed_rows, still knowing the emails of the rows before it', async () => {
    const file = 'First name,Email\nRan,ran@example.com\nAlready,already@example.com\nAfter,after@example.com\nDup,RAN@example.com\n';
    const up = await upload(a.admin, file);
    const started = await a.admin.post('/api/v1/customers/imports/start', { fileId: up.body.fileId, fileName: 'resume.csv', columns: ['firstName', 'email'], dateFormat: 'ymd' });
    // As if an earlier attempt had committed the first two rows, then crashed.
    await withStudio(enso.database, a.studioId as StudioId, (tx) =>
      tx.execute(sql`update customer_imports set status = 'running', processed_rows = 2, created_count = 2 where id = ${started.body.id}`),
    );

    await runJobs();

    const done = (await a.admin.get(`/api/v1/customers/imports/${started.body.id}`)).body;
    const errors = (await a.admin.get(`/api/v1/customers/imports/${started.body.id}/errors`)).body;
    expect(done).toMatchObject({ status: 'done', processedRows: 4, createdCount: 3, errorCount: 1 });
    expect(await findCustomer(a.admin, 'ran@')).toEqual([]);
    expect((await findCustomer(a.admin, 'after@')).length).toBe(1);
    expect(errors.items).toEqual([{ row: 5, field: 'email', message: expect.stringContaining('Row 2 has the same email') }]);
  });

  it('fails the run, saying why, when its file is gone from storage', async () => {
    const up = await upload(a.admin, 'First name\nGone\n');
    const started = await a.admin.post('/api/v1/customers/imports/start', { fileId: up.body.fileId, fileName: 'gone.csv', columns: ['firstName'], dateFormat: 'ymd' });
    await enso.storage.delete(`studios/${a.studioId}/customer-imports/${up.body.fileId}.csv`);

    await runJobs();

    const failed = (await a.admin.get(`/api/v1/customers/imports/${started.body.id}`)).body;
    expect(failed).toMatchObject({ status: 'failed', failure: expect.stringContaining('upload it again'), createdCount: 0 });
    expect(failed.finishedAt).not.toBeNull();
  });

  it('lists the history newest first, page by page', async () => {
    const first = await a.admin.get('/api/v1/customers/imports?limit=2');
    const second = await a.admin.get(`/api/v1/customers/imports?limit=2&cursor=${first.body.nextCursor}`);

    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].createdAt >= first.body.items[1].createdAt).toBe(true);
    expect(second.body.items[0].createdAt <= first.body.items[1].createdAt).toBe(true);
    expect(second.body.items.map((i: { id: string }) => i.id)).not.toContain(first.body.items[1].id);
  });

  it('lets admins and operators import, not front desk or teachers', async () => {
    const operator = await a.staff('operator');
    const frontDesk = await a.staff('front_desk');
    const teacher = await a.staff('teacher');

    const allowed = await upload(operator, 'First name\nAna\n');
    const denied = await Promise.all([upload(frontDesk, 'First name\nAna\n'), teacher.get('/api/v1/customers/imports')]);

    expect(allowed.status).toBe(201);
    for (const res of denied) expect(res.status).toBe(403);
  });
});
