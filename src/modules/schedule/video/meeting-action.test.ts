import { describe, expect, it } from 'vitest';
import { meetingAction, type MeetingState } from './meeting-action.ts';

const now = new Date('2025-03-01T08:00:00Z');
/** A series' new classes arrive together; each is decided on its own state. */
const scheduled = 'class.scheduled.v2';
const day = 86_400_000;
const inDays = (n: number) => new Date(now.getTime() + n * day);
const zoomClass: MeetingState = { status: 'scheduled', startsAt: inDays(3), endsAt: new Date(inDays(3).getTime() + 3_600_000), online: true, provider: 'zoom', videoMeetingId: null, videoStatus: 'none' };
const farClass: MeetingState = { ...zoomClass, startsAt: inDays(20), endsAt: new Date(inDays(20).getTime() + 3_600_000) };
const withMeeting: MeetingState = { ...zoomClass, videoMeetingId: '81000000001', videoStatus: 'ready' };

describe('what a class event does to its meeting', () => {
  it.each<[string, MeetingState, boolean, string, string]>([
    ['a new Zoom class gets a meeting', zoomClass, true, scheduled, 'create'],
    ['a new Zoom class without an account is marked', zoomClass, false, scheduled, 'connect_first'],
    ['a class being made waits for its job', { ...zoomClass, videoStatus: 'pending' }, true, 'class.updated.v1', 'none'],
    ['a failed class is retried when staff edit it', { ...zoomClass, videoStatus: 'failed' }, true, 'class.updated.v1', 'create'],
    ['a moved class moves its meeting', withMeeting, true, 'class.updated.v1', 'update'],
    ['a redelivered scheduled event changes nothing', withMeeting, true, scheduled, 'none'],
    ['a cancelled class loses its meeting', { ...withMeeting, status: 'cancelled' }, true, 'class.cancelled.v1', 'remove'],
    ['a deleted class loses its meeting', { ...withMeeting, status: 'deleted' }, true, 'class.deleted.v1', 'remove'],
    ['a class switched to in person loses its meeting', { ...withMeeting, online: false }, true, 'class.updated.v1', 'remove'],
    ['a class switched to a pasted link loses its meeting', { ...withMeeting, provider: 'none' }, true, 'class.updated.v1', 'remove'],
    ['a class switched away after a failure is cleared', { ...zoomClass, provider: 'none', videoStatus: 'failed' }, true, 'class.updated.v1', 'clear'],
    ['a class with a pasted link needs nothing', { ...zoomClass, provider: 'none' }, true, scheduled, 'none'],
    ['a cancelled class without a meeting needs nothing', { ...zoomClass, status: 'cancelled' }, true, 'class.cancelled.v1', 'none'],
    ['a class beyond the horizon waits for the daily sweep', farClass, true, scheduled, 'none'],
    ['a failed class moved beyond the horizon waits too', { ...farClass, videoStatus: 'failed' }, true, 'class.updated.v1', 'later'],
    ['a class 14 days ahead gets its meeting now', { ...zoomClass, startsAt: inDays(14), endsAt: inDays(14.1) }, true, scheduled, 'create'],
    ['a class beyond the horizon still says Zoom is not connected', farClass, false, scheduled, 'connect_first'],
    ['a new class announced before series batches (class.scheduled.v1) gets a meeting', zoomClass, true, 'class.scheduled.v1', 'create'],
    ['a class that is over gets no meeting', { ...zoomClass, startsAt: inDays(-2), endsAt: inDays(-1.9) }, true, scheduled, 'none'],
  ])('%s', (_name, state, hasAccount, eventType, expected) => {
    expect(meetingAction(state, hasAccount, eventType, now)).toBe(expected);
  });
});
