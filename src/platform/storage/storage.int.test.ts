import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { startS3Stub, type S3Stub } from '../testing/s3-stub.ts';
import { assertSafeKey, createDiskStorage, createS3Storage, createStorage, StorageError, type Storage } from './index.ts';

const keys = { accessKeyId: 'AKIAENSOTEST', secretAccessKey: 'enso-secret-for-tests', region: 'eu-west-3' };
const key = 'studios/stu_1/customers/cus_1/doc_1';
const pdf = Buffer.from('%PDF-1.4 enso test document\n\u0000\u00ff binary tail', 'latin1');

/** The behaviour both back ends promise, run against each. */
function sharedBehaviour(name: string, make: () => Storage) {
  describe(name, () => {
    it('returns what was put, with its content type', async () => {
      const storage = make();

      await storage.put(key, pdf, 'application/pdf');

      const got = await storage.get(key);
      expect(got?.contentType).toBe('application/pdf');
      expect(got?.body.equals(pdf)).toBe(true);
    });

    it('replaces an object put twice and accepts a Uint8Array', async () => {
      const storage = make();
      await storage.put(`${key}-twice`, pdf, 'application/pdf');

      await storage.put(`${key}-twice`, new Uint8Array([1, 2, 3]), 'image/png');

      const got = await storage.get(`${key}-twice`);
      expect(got?.contentType).toBe('image/png');
      expect([...(got?.body ?? [])]).toEqual([1, 2, 3]);
    });

    it('answers null for a missing object and deletes idempotently', async () => {
      const storage = make();
      await storage.put(`${key}-gone`, pdf, 'application/pdf');

      await storage.delete(`${key}-gone`);
      await storage.delete(`${key}-gone`);

      expect(await storage.get(`${key}-gone`)).toBeNull();
      expect(await storage.get('studios/never/put')).toBeNull();
    });

    it('stores an empty file', async () => {
      const storage = make();

      await storage.put(`${key}-empty`, Buffer.alloc(0), 'text/plain');

      expect((await storage.get(`${key}-empty`))?.body.length).toBe(0);
    });

    it.each(['../etc/passwd', '/etc/passwd', 'a/../../b', 'a//b', 'a/./b', '', 'a\\b', 'a/b/', 'é/b', 'a/..'])(
      'refuses the unsafe key %j',
      async (bad) => {
        const storage = make();

        await expect(storage.put(bad, pdf, 'application/pdf')).rejects.toBeInstanceOf(StorageError);
        await expect(storage.get(bad)).rejects.toBeInstanceOf(StorageError);
        await expect(storage.delete(bad)).rejects.toBeInstanceOf(StorageError);
      },
    );
  });
}

let root: string;
let stub: S3Stub;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'enso-storage-'));
  stub = await startS3Stub(keys);
});

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await stub.close();
});

sharedBehaviour('disk storage', () => createDiskStorage(join(root, 'files')));
sharedBehaviour('S3 storage', () => createS3Storage({ endpoint: stub.endpoint, bucket: 'enso-files', forcePathStyle: true, ...keys }));

describe('disk storage', () => {
  it('leaves no temporary file behind after a put', async () => {
    const storage = createDiskStorage(join(root, 'clean'));

    await storage.put('a/b/c', pdf, 'application/pdf');

    expect(readdirSync(join(root, 'clean', 'a', 'b'))).toEqual(['c']);
  });

  it('is chosen by default, under DATA_DIR/files', async () => {
    const config = loadConfig({ DATA_DIR: join(root, 'data') });
    const storage = createStorage({ dataDir: config.dataDir, s3: config.s3 });

    await storage.put('x/y', pdf, 'application/pdf');

    expect(storage.kind).toBe('disk');
    expect(readdirSync(join(root, 'data', 'files', 'x'))).toEqual(['y']);
  });
});

describe('S3 storage', () => {
  it('signs every request with the configured key and puts objects at bucket/key', async () => {
    const config = loadConfig({
      S3_ENDPOINT: stub.endpoint,
      S3_BUCKET: 'studio-files',
      S3_REGION: keys.region,
      S3_ACCESS_KEY_ID: keys.accessKeyId,
      S3_SECRET_ACCESS_KEY: keys.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    });
    const storage = createStorage({ dataDir: config.dataDir, s3: config.s3 });
    const before = stub.requests.length;

    await storage.put(key, pdf, 'application/pdf');
    await storage.get(key);
    await storage.delete(key);

    expect(storage.kind).toBe('s3');
    const seen = stub.requests.slice(before);
    expect(seen.map((r) => [r.method, r.path, r.signed])).toEqual([
      ['PUT', `/studio-files/${key}`, true],
      ['GET', `/studio-files/${key}`, true],
      ['DELETE', `/studio-files/${key}`, true],
    ]);
  });

  it('fails when the secret key is wrong (the peer checks the signature)', async () => {
    const storage = createS3Storage({ endpoint: stub.endpoint, bucket: 'enso-files', forcePathStyle: true, ...keys, secretAccessKey: 'wrong' });

    await expect(storage.put(key, pdf, 'application/pdf')).rejects.toThrow();

    expect(stub.requests.at(-1)?.signed).toBe(false);
  });

  it('refuses a bucket configured without credentials', () => {
    expect(() => loadConfig({ S3_BUCKET: 'studio-files' })).toThrow(/S3_ACCESS_KEY_ID/);
  });
});

describe('assertSafeKey', () => {
  it('accepts the keys Enso builds from ids', () => {
    expect(() => assertSafeKey('studios/stu_01J/customers/cus_01J/cdoc_01J')).not.toThrow();
    expect(() => assertSafeKey('imports/stu_1/imp_1.csv')).not.toThrow();
  });
});
