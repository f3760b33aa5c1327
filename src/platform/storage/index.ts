import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type * as S3Sdk from '@aws-sdk/client-s3';
import { DomainError } from '../../kernel/errors.ts';

/**
 * Where Enso keeps uploaded files (customer documents, imports): a folder on disk by default,
 * an S3-compatible bucket when configured. Keys are slash-separated paths such as
 * `studios/<studioId>/customers/<customerId>/<documentId>`; the database row that points at a
 * file holds the key, so a file is never reachable without passing the owning module's checks.
 */
export interface Storage {
  readonly kind: 'disk' | 's3';
  /** Stores (or replaces) the object at `key`. A reader sees the old bytes or the new ones, never a mix. */
  put(key: string, bytes: Buffer | Uint8Array, contentType: string): Promise<void>;
  /** The object at `key`, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Removes the object at `key`; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
}

export interface StoredObject {
  body: Buffer;
  contentType: string;
}

export interface S3StorageConfig {
  /** e.g. `https://s3.eu-west-3.amazonaws.com` or a MinIO/Garage address; unset means AWS's default for the region. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `bucket` goes in the path (`endpoint/bucket/key`) instead of the host name; MinIO and most self-hosted stores want this. */
  forcePathStyle: boolean;
}

export interface StorageConfig {
  /** Files go under `<dataDir>/files` when no S3 bucket is configured. */
  dataDir: string;
  s3?: S3StorageConfig | undefined;
}

export type StorageErrorCode = 'invalid_storage_key';

export class StorageError extends DomainError<StorageErrorCode> {
  override readonly name = 'StorageError';
  constructor(code: StorageErrorCode, message: string) {
    super('invalid', code, message);
  }
}

const segmentPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const maxKeyLength = 512;

/**
 * Rejects keys that could escape the storage root or mean different things on disk and in S3:
 * absolute paths, `..`/`.` segments, empty segments, backslashes and anything beyond
 * `[A-Za-z0-9._-]`. Keys are built by Enso from ids, so a rejection is a bug, never user input.
 */
export function assertSafeKey(key: string): void {
  const segments = key.split('/');
  const ok =
    key.length > 0 &&
    key.length <= maxKeyLength &&
    segments.every((s) => segmentPattern.test(s) && s !== '.' && s !== '..' && !s.endsWith('.'));
  if (!ok) throw new StorageError('invalid_storage_key', `Unsafe storage key: ${JSON.stringify(key.slice(0, 80))}`);
}

export function createStorage(config: StorageConfig): Storage {
  return config.s3 ? createS3Storage(config.s3) : createDiskStorage(join(config.dataDir, 'files'));
}

/*
 * On disk one object is one file: a header line with the content type as JSON, then the bytes.
 * Keeping both in one file makes a put a single atomic rename (write a temp file beside the
 * target, fsync, rename over it), so a crash never leaves bytes without their type or the reverse.
 */
const headerMagic = 'enso-object-v1 ';

export function createDiskStorage(root: string): Storage {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    assertSafeKey(key);
    const path = resolve(base, key);
    // assertSafeKey already forbids escaping; this second wall costs nothing.
    if (!path.startsWith(base + sep)) throw new StorageError('invalid_storage_key', `Unsafe storage key: ${key}`);
    return path;
  };

  return {
    kind: 'disk',
    async put(key, bytes, contentType) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const header = Buffer.from(`${headerMagic}${JSON.stringify({ contentType })}\n`, 'utf8');
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writev([header, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
        await handle.sync();
      } catch (err) {
        await handle.close();
        await rm(temp, { force: true });
        throw err;
      }
      await handle.close();
      try {
        await rename(temp, path);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
    async get(key) {
      const path = pathOf(key);
      let raw: Buffer;
      try {
        raw = await readFile(path);
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
      const newline = raw.indexOf(0x0a);
      const headerText = newline < 0 ? '' : raw.subarray(0, newline).toString('utf8');
      if (!headerText.startsWith(headerMagic)) throw new Error(`Stored object ${key} has no Enso header`);
      const meta = JSON.parse(headerText.slice(headerMagic.length)) as { contentType?: unknown };
      return {
        body: raw.subarray(newline + 1),
        contentType: typeof meta.contentType === 'string' ? meta.contentType : 'application/octet-stream',
      };
    },
    async delete(key) {
      const path = pathOf(key);
      try {
        await unlink(path);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
  };
}

/**
 * The AWS SDK is loaded on first use: it adds about a quarter of a second to every start-up,
 * which installs that keep files on disk should not pay.
 */
export function createS3Storage(config: S3StorageConfig): Storage {
  const Bucket = config.bucket;
  let loaded: Promise<{ sdk: typeof S3Sdk; client: S3Sdk.S3Client }> | null = null;
  const s3 = () =>
    (loaded ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
        // Self-hosted stores (MinIO, Garage, Ceph) do not all speak the newer default checksums.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    })));

  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      assertSafeKey(key);
      const { sdk, client } = await s3();
      await client.send(new sdk.PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.byteLength }));
    },
    async get(key) {
      assertSafeKey(key);
      const { sdk, client } = await s3();
      try {
        const res = await client.send(new sdk.GetObjectCommand({ Bucket, Key: key }));
        if (!res.Body) return null;
        const body = Buffer.from(await res.Body.transformToByteArray());
        return { body, contentType: res.ContentType ?? 'application/octet-stream' };
      } catch (err) {
        if (err instanceof sdk.NoSuchKey) return null;
        if (err instanceof sdk.S3ServiceException && err.$metadata.httpStatusCode === 404) return null;
        throw err;
      }
    },
    async delete(key) {
      assertSafeKey(key);
      const { sdk, client } = await s3();
      // S3 answers 204 for a missing key too, which is the "not an error" we promise.
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code: unknown }).code === 'ENOENT';
}
