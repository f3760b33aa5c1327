import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small in-memory peer that speaks the S3 object API (path-style PUT, GET, DELETE of one object)
 * and refuses any request whose AWS Signature Version 4 does not verify against the one access key
 * it knows. Tests run Enso's S3 storage against it; it is a protocol peer, not a mock of our code.
 */
export interface S3Stub {
  endpoint: string;
  /** Objects by `bucket/key`. */
  objects: Map<string, { body: Buffer; contentType: string }>;
  /** Every request seen, with whether its signature verified. */
  requests: { method: string; path: string; signed: boolean }[];
  close(): Promise<void>;
}

export async function startS3Stub(options: { accessKeyId: string; secretAccessKey: string; region: string }): Promise<S3Stub> {
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const requests: S3Stub['requests'] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://stub');
      const signed = verifySignature(req, url, body, options);
      requests.push({ method: req.method ?? '', path: url.pathname, signed });
      const xml = (status: number, code: string) => {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
      };
      if (!signed) return xml(403, 'SignatureDoesNotMatch');
      const name = decodeURIComponent(url.pathname.slice(1));
      if (!name.includes('/')) return xml(400, 'InvalidRequest');
      switch (req.method) {
        case 'PUT':
          objects.set(name, { body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream') });
          res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
          return res.end();
        case 'GET': {
          const found = objects.get(name);
          if (!found) return xml(404, 'NoSuchKey');
          res.writeHead(200, { 'content-type': found.contentType, 'content-length': String(found.body.length) });
          return res.end(found.body);
        }
        case 'DELETE':
          objects.delete(name);
          res.writeHead(204);
          return res.end();
        default:
          return xml(405, 'MethodNotAllowed');
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () => new Promise<void>((ok, fail) => server.close((err) => (err ? fail(err) : ok()))),
  };
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** Recomputes the request's SigV4 signature from the secret key and compares it with the one sent. */
function verifySignature(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  keys: { accessKeyId: string; secretAccessKey: string; region: string },
): boolean {
  const auth = req.headers.authorization ?? '';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
    auth,
  );
  if (!match) return false;
  const [, accessKeyId, day, region, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string];
  if (accessKeyId !== keys.accessKeyId || region !== keys.region) return false;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (!amzDate.startsWith(day)) return false;
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return false;

  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return false;
  const canonicalHeaders = signedHeaders
    .map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalQuery = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = [req.method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, day), region), 's3'), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex') === signature;
}

function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
