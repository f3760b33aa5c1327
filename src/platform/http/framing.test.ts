import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../kernel/clock.ts';
import { buildApp, isEmbeddedSchedule, type App } from './app.ts';

describe('framing', () => {
  let app: App;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'enso-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Enso</title>');
    writeFileSync(join(webRoot, 'embed.js'), '/* embed */');
    app = await buildApp({
      modules: [],
      authenticator: { staff: async () => null, customer: async () => null, can: () => false },
      clock: systemClock,
      logLevel: process.env.DEBUG_LOG ? 'error' : 'silent',
      secureCookies: false,
      webRoot,
    });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('lets any site frame the public schedule in embed mode, and only that page', async () => {
    const embedded = await get('/s/yoga-loft/schedule?embed=1');

    expect(embedded.statusCode).toBe(200);
    expect(embedded.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(embedded.headers['content-security-policy']).not.toContain("frame-ancestors 'none'");
    expect(embedded.headers['content-security-policy']).toContain("default-src 'self'");
    expect(embedded.headers['x-frame-options']).toBeUndefined();
  });

  it.each([
    '/s/yoga-loft/schedule',
    '/s/yoga-loft/schedule?embed=0',
    '/s/yoga-loft/classes/occ_1?embed=1',
    '/s/yoga-loft/account?embed=1',
    '/s/yoga-loft?embed=1',
    '/customers?embed=1',
    '/s/yoga-loft/schedule/../account?embed=1',
    '/',
  ])('keeps %s unframeable', async (url) => {
    const res = await get(url);

    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('keeps the API unframeable', async () => {
    const res = await get('/api/public/v1/studios/yoga-loft/schedule?embed=1');

    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves the embed script to other sites (cross-origin resource policy)', async () => {
    const script = await get('/embed.js');
    const page = await get('/s/yoga-loft/schedule?embed=1');

    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('recognises the embedded schedule by path and query only', () => {
    expect(isEmbeddedSchedule('/s/a-b-c/schedule?embed=1')).toBe(true);
    expect(isEmbeddedSchedule('/s/a-b-c/schedule/?lang=fr&embed=1')).toBe(true);
    expect(isEmbeddedSchedule('/s/a-b-c/schedule?embed=1&embed=0')).toBe(true);
    expect(isEmbeddedSchedule('/s/a-b-c/schedule?embed=true')).toBe(false);
    expect(isEmbeddedSchedule('/s/a/b/schedule?embed=1')).toBe(false);
    expect(isEmbeddedSchedule('/x/s/a/schedule?embed=1')).toBe(false);
  });
});
