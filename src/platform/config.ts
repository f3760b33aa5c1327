import { z } from 'zod';
import type { TwilioConfig } from './sms/twilio.ts';
import type { S3StorageConfig } from './storage/index.ts';

/**
 * Every setting Enso reads from the environment, parsed once at start-up.
 * The README's configuration table lists the same variables; keep them in step.
 */
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Enso <no-reply@localhost>'),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio account SID (AC + 32 hex digits)').optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'a Messaging Service SID (MG + 32 hex digits)').optional(),
  TWILIO_API_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL')
    .optional(),
  INBOUND_EMAIL_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  ENSO_WORKER: z.enum(['inline', 'off']).default('inline'),
  ENSO_DEMO: z.enum(['auto', 'off']).default('auto'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  ZOOM_API_URL: z.string().url().default('https://api.zoom.us/v2'),
  ZOOM_OAUTH_URL: z.string().url().default('https://zoom.us/oauth/token'),
  STRIPE_API_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//.test(v), 'must be an http(s) URL')
    .default('https://api.stripe.com'),
  STRIPE_JS_URL: z.string().url().default('https://js.stripe.com/v3/'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** The address users reach Enso at; links in emails point here. */
  publicUrl: string;
  production: boolean;
  logLevel: Env['LOG_LEVEL'];
  smtpUrl: string | undefined;
  mailFrom: string;
  /** SMS go through this Twilio account when set, else they stay in the outbox. */
  twilio: TwilioConfig | undefined;
  /** The bearer token a mail relay sends with each inbound email; unset: the ingest webhook answers 404. */
  inboundEmailSecret: string | undefined;
  workerInline: boolean;
  seedDemo: boolean;
  poolSize: number;
  trustProxy: boolean;
  /** Cookies are `__Host-` + Secure whenever the public address is https. */
  secureCookies: boolean;
  /** Uploaded files go to this S3-compatible bucket when set, else under `<dataDir>/files`. */
  s3: S3StorageConfig | undefined;
  /** Zoom's REST API and OAuth token endpoint (a local stub in tests). Credentials are per studio, in the database. */
  zoom: { apiUrl: string; oauthUrl: string };
  /**
   * Where the Stripe SDK sends its calls (Stripe's API, or the local stub in tests) and the
   * Stripe.js the web app loads. Keys are per studio, in the database.
   */
  stripe: StripeEndpoint;
}

export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
  /** The Stripe.js script the browser loads for card entry. */
  jsUrl: string;
}

/** `http://127.0.0.1:12111` → the SDK's host/port/protocol settings. */
export function stripeEndpointOf(apiUrl: string, jsUrl: string): StripeEndpoint {
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol, jsUrl };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // `DATABASE_URL= npm start` means "no database URL": an empty variable counts as unset.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.S3_BUCKET && (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY)) {
    throw new Error('Invalid configuration:\n  S3_BUCKET is set: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required too');
  }
  if (e.TWILIO_ACCOUNT_SID && (!e.TWILIO_AUTH_TOKEN || !(e.TWILIO_FROM || e.TWILIO_MESSAGING_SERVICE_SID))) {
    throw new Error('Invalid configuration:\n  TWILIO_ACCOUNT_SID is set: TWILIO_AUTH_TOKEN and TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID) are required too');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            from: e.TWILIO_FROM,
            messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
            apiUrl: e.TWILIO_API_URL,
          }
        : undefined,
    inboundEmailSecret: e.INBOUND_EMAIL_SECRET,
    workerInline: e.ENSO_WORKER === 'inline',
    seedDemo: e.ENSO_DEMO === 'auto',
    poolSize: e.DATABASE_POOL_SIZE,
    trustProxy: e.TRUST_PROXY,
    secureCookies: publicUrl.startsWith('https://'),
    s3:
      e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? {
            endpoint: e.S3_ENDPOINT,
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : undefined,
    zoom: { apiUrl: e.ZOOM_API_URL.replace(/\/$/, ''), oauthUrl: e.ZOOM_OAUTH_URL },
    stripe: stripeEndpointOf(e.STRIPE_API_URL, e.STRIPE_JS_URL),
  };
}
