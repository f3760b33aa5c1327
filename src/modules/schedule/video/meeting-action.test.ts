import { describe, expect, it } from 'vitest';
import { meetingAction, type MeetingState } from './meeting-action.ts';

const zoomClass: MeetingState = { status: 'scheduled', online: true, provider: 'zoom', videoMeetingId: null, videoStatus: 'none' };
const withMeeting: MeetingState = { ...zoomClass, videoMeetingId: '81000000001', videoStatus: 'ready' };

describe('what a class event does to its meeting', () => {
  it.each<[string, MeetingState, boolean, string, string]>([
    ['a new Zoom class gets a meeting', zoomClass, true, 'class.scheduled.v1', 'create'],
    ['a new Zoom class without an account is marked', zoomClass, false, 'class.scheduled.v1', 'connect_first'],
    ['a class being made waits for its job', { ...zoomClass, videoStatus: 'pending' }, true, 'class.updated.v1', 'none'],
    ['a failed class is retried when staff edit it', { ...zoomClass, videoStatus: 'failed' }, true, 'class.updated.v1', 'create'],
    ['a moved class moves its meeting', withMeeting, true, 'class.updated.v1', 'update'],
    ['a redelivered scheduled event changes nothing', withMeeting, true, 'class.scheduled.v1', 'none'],
    ['a cancelled class loses its meeting', { ...withMeeting, status: 'cancelled' }, true, 'class.cancelled.v1', 'remove'],
    ['a deleted class loses its meeting', { ...withMeeting, status: 'deleted' }, true, 'class.deleted.v1', 'remove'],
    ['a class switched to in person loses its meeting', { ...withMeeting, online: false }, true, 'class.updated.v1', 'remove'],
    ['a class switched to a pasted link loses its meeting', { ...withMeeting, provider: 'none' }, true, 'class.updated.v1', 'remove'],
    ['a class switched away after a failure is cleared', { ...zoomClass, provider: 'none', videoStatus: 'failed' }, true, 'class.updated.v1', 'clear'],
    ['a class with a pasted link needs nothing', { ...zoomClass, provider: 'none' }, true, 'class.scheduled.v1', 'none'],
    ['a cancelled class without a meeting needs nothing', { ...zoomClass, status: 'cancelled' }, true, 'class.cancelled.v1', 'none'],
  ])('%s', (_name, state, hasAccount, eventType, expected) => {
    expect(meetingAction(state, hasAccount, eventType)).toBe(expected);
  });
});
