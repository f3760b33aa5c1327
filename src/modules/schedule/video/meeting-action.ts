/** The state of one occurrence that decides what its meeting needs. */
export interface MeetingState {
  status: string;
  startsAt: Date;
  endsAt: Date;
  online: boolean;
  /** The series' video provider: none | zoom. */
  provider: string;
  videoMeetingId: string | null;
  videoStatus: string;
}

/**
 * Meetings are made this many days ahead, not for every materialised week: Zoom allows about
 * 100 meeting creations and updates per user and day, which eight weeks of a busy timetable
 * would use up at once. A daily sweep makes the meetings of classes entering the window.
 */
export const meetingHorizonDays = 14;
const dayMs = 86_400_000;
export const horizonEnd = (now: Date) => new Date(now.getTime() + meetingHorizonDays * dayMs);

/** A meeting is wanted for a scheduled online class of a Zoom series. */
export const wantsMeeting = (s: MeetingState) => s.status === 'scheduled' && s.online && s.provider === 'zoom';

/**
 * What the subscriber does for one class event. It reads the occurrence's current state rather
 * than the event (events may arrive late or out of order), so the answer is the same whichever
 * event prompts it, except that only `class.updated.v1` moves an existing meeting.
 * - create: a wanted meeting does not exist (a first one, or a retry after staff edit a failed class)
 *   and the class starts within the horizon (later ones: `later`, made by the daily sweep);
 * - update: the class changed and its meeting exists;
 * - remove: a meeting exists that is no longer wanted (cancelled, deleted, no longer online or Zoom);
 * - connect_first: a meeting is wanted but the studio has no Zoom account;
 * - clear: a failure is recorded on a class that no longer wants a meeting.
 */
export type MeetingAction = 'create' | 'later' | 'update' | 'remove' | 'connect_first' | 'clear' | 'none';

export function meetingAction(state: MeetingState, hasAccount: boolean, eventType: string, now: Date): MeetingAction {
  const wanted = wantsMeeting(state);
  if (state.videoMeetingId) {
    if (!wanted) return 'remove';
    return eventType === 'class.updated.v1' ? 'update' : 'none';
  }
  if (!wanted) return state.videoStatus === 'failed' ? 'clear' : 'none';
  // Over already: a meeting would never be used.
  if (state.endsAt.getTime() <= now.getTime()) return 'none';
  // A create job is on its way; it compares the times again when it saves the meeting.
  if (state.videoStatus === 'pending') return 'none';
  if (!hasAccount) return 'connect_first';
  if (state.startsAt.getTime() > horizonEnd(now).getTime()) return state.videoStatus === 'none' ? 'none' : 'later';
  return 'create';
}
