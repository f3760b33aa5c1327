/** The state of one occurrence that decides what its meeting needs. */
export interface MeetingState {
  status: string;
  online: boolean;
  /** The series' video provider: none | zoom. */
  provider: string;
  videoMeetingId: string | null;
  videoStatus: string;
}

/** A meeting is wanted for a scheduled online class of a Zoom series. */
export const wantsMeeting = (s: MeetingState) => s.status === 'scheduled' && s.online && s.provider === 'zoom';

/**
 * What the subscriber does for one class event. It reads the occurrence's current state rather
 * than the event (events may arrive late or out of order), so the answer is the same whichever
 * event prompts it, except that only `class.updated.v1` moves an existing meeting.
 * - create: a wanted meeting does not exist (a first one, or a retry after staff edit a failed class);
 * - update: the class changed and its meeting exists;
 * - remove: a meeting exists that is no longer wanted (cancelled, deleted, no longer online or Zoom);
 * - connect_first: a meeting is wanted but the studio has no Zoom account;
 * - clear: a failure is recorded on a class that no longer wants a meeting.
 */
export type MeetingAction = 'create' | 'update' | 'remove' | 'connect_first' | 'clear' | 'none';

export function meetingAction(state: MeetingState, hasAccount: boolean, eventType: string): MeetingAction {
  const wanted = wantsMeeting(state);
  if (state.videoMeetingId) {
    if (!wanted) return 'remove';
    return eventType === 'class.updated.v1' ? 'update' : 'none';
  }
  if (!wanted) return state.videoStatus === 'failed' ? 'clear' : 'none';
  // A create job is on its way; it compares the times again when it saves the meeting.
  if (state.videoStatus === 'pending') return 'none';
  return hasAccount ? 'create' : 'connect_first';
}
