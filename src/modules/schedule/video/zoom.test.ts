import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../kernel/clock.ts';
import { startZoomStub, type ZoomStub } from '../../../platform/testing/zoom-stub.ts';
import { VideoProviderError } from './provider.ts';
import { createZoomClient, ZoomTokenCache } from './zoom.ts';

let stub: ZoomStub;
beforeAll(async () => {
  stub = await startZoomStub({ tokenTtlSeconds: 3600 });
});
afterAll(() => stub.close());

const clock = fixedClock('2025-03-01T08:00:00Z');
let cache: ZoomTokenCache;
beforeEach(() => {
  cache = new ZoomTokenCache();
  stub.calls.length = 0;
});
const client = (overrides: Partial<ZoomStub['credentials']> = {}) =>
  createZoomClient({ apiUrl: stub.apiUrl, oauthUrl: stub.oauthUrl }, { ...stub.credentials, ...overrides }, { clock, cache });
const request = { topic: 'Vinyasa online', startsAt: new Date('2025-03-31T16:00:00Z'), durationMin: 60, timeZone: 'Europe/Paris', idempotencyKey: 'occ_1' };

async function failureOf(promise: Promise<unknown>): Promise<VideoProviderError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VideoProviderError);
  return err as VideoProviderError;
}

describe('Zoom client against the local Zoom peer', () => {
  it('creates, moves and deletes a meeting with a Server-to-Server OAuth token', async () => {
    const zoom = client();

    const meeting = await zoom.createMeeting(request);
    await zoom.updateMeeting(meeting.meetingId, { ...request, startsAt: new Date('2025-03-31T17:00:00Z'), durationMin: 45 });
    const moved = { ...stub.meetings.get(meeting.meetingId)! };
    await zoom.deleteMeeting(meeting.meetingId);

    expect(meeting.joinUrl).toMatch(/^https:\/\/zoom\.example\/j\//);
    expect(moved).toMatchObject({ topic: 'Vinyasa online', startTime: '2025-03-31T17:00:00Z', duration: 45, timezone: 'Europe/Paris' });
    expect(stub.meetings.has(meeting.meetingId)).toBe(false);
    expect(stub.calls.map((c) => `${c.method} ${c.path.split('?')[0]} ${c.status}`)).toEqual([
      'POST /oauth/token 200',
      'POST /v2/users/me/meetings 201',
      `PATCH /v2/meetings/${meeting.meetingId} 204`,
      `DELETE /v2/meetings/${meeting.meetingId} 204`,
    ]);
  });

  it('reuses the token until shortly before it expires', async () => {
    const zoom = client();
    const before = stub.tokensIssued();

    await zoom.createMeeting(request);
    await zoom.createMeeting(request);
    clock.advance(58 * 60_000);
    await zoom.createMeeting(request);
    clock.advance(60_000);
    await zoom.createMeeting(request);

    expect(stub.tokensIssued() - before).toBe(2);
  });

  it('fetches a new token once when Zoom answers 401', async () => {
    const zoom = client();
    await zoom.createMeeting(request);
    stub.expireTokens();
    stub.calls.length = 0;

    await zoom.createMeeting(request);

    expect(stub.calls.map((c) => `${c.method} ${c.path.split('?')[0]} ${c.status}`)).toEqual([
      'POST /v2/users/me/meetings 401',
      'POST /oauth/token 200',
      'POST /v2/users/me/meetings 201',
    ]);
  });

  it('classifies 500 and 429 as transient and other 4xx as permanent, with Zoom’s message', async () => {
    const zoom = client();

    stub.failNext(500);
    const serverError = await failureOf(zoom.createMeeting(request));
    stub.failNext(429, { message: 'Too many requests' });
    const limited = await failureOf(zoom.createMeeting(request));
    stub.failNext(400, { message: 'Invalid field.' });
    const refused = await failureOf(zoom.createMeeting(request));
    const retried = await zoom.createMeeting(request);

    expect(serverError).toMatchObject({ transient: true, status: 500 });
    expect(limited).toMatchObject({ transient: true, status: 429, message: 'Zoom answered 429: Too many requests' });
    expect(refused).toMatchObject({ transient: false, status: 400, message: 'Zoom answered 400: Invalid field.' });
    expect(retried.meetingId).toMatch(/^\d+$/);
  });

  it('refuses wrong credentials as permanent and bad-credential errors', async () => {
    const err = await failureOf(client({ clientSecret: 'wrong' }).verifyCredentials());

    expect(err).toMatchObject({ transient: false, badCredentials: true, status: 400 });
    expect(err.message).toContain('Invalid client_id or client_secret');
  });

  it('treats an unreachable Zoom as transient', async () => {
    const zoom = createZoomClient({ apiUrl: 'http://127.0.0.1:9/v2', oauthUrl: 'http://127.0.0.1:9/oauth/token' }, stub.credentials, { clock, cache });

    const err = await failureOf(zoom.createMeeting(request));

    expect(err.transient).toBe(true);
  });

  it('counts deleting a meeting that is already gone as done', async () => {
    await expect(client().deleteMeeting('424242')).resolves.toBeUndefined();
  });
});
