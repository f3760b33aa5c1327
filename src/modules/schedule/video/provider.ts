/**
 * What the schedule needs from a video service: one meeting per online class, moved when the
 * class moves and deleted when it is cancelled or deleted. `none` makes no meeting (staff paste
 * a link on the series or the occurrence); `zoom` (zoom.ts) calls the Zoom API.
 */
export interface MeetingRequest {
  topic: string;
  startsAt: Date;
  durationMin: number;
  /** The class's IANA zone: Zoom shows the meeting's time in it. */
  timeZone: string;
  /**
   * Names this piece of work (the occurrence): a provider that supports idempotent creation
   * uses it so that a retried job does not make a second meeting.
   */
  idempotencyKey: string;
}

export interface Meeting {
  meetingId: string;
  joinUrl: string;
}

export interface VideoProvider {
  readonly name: 'none' | 'zoom';
  /** Null when the provider makes no meetings (`none`). */
  createMeeting(request: MeetingRequest): Promise<Meeting | null>;
  updateMeeting(meetingId: string, request: Omit<MeetingRequest, 'idempotencyKey'>): Promise<void>;
  /** A meeting already gone counts as deleted. */
  deleteMeeting(meetingId: string): Promise<void>;
}

/**
 * A provider call that failed. `transient` (network, 429, 5xx): worth retrying later with
 * backoff. Otherwise permanent (bad credentials, a refused request): the message is recorded
 * for staff and retrying would only repeat it.
 */
export class VideoProviderError extends Error {
  override readonly name = 'VideoProviderError';
  constructor(
    message: string,
    readonly transient: boolean,
    /** The HTTP status the provider answered, when it answered. */
    readonly status: number | null = null,
    /** The credentials were refused (token endpoint said no). */
    readonly badCredentials = false,
  ) {
    super(message);
  }
}

/** The provider for classes whose link staff paste themselves. */
export const noVideoProvider: VideoProvider = {
  name: 'none',
  createMeeting: async () => null,
  updateMeeting: async () => {},
  deleteMeeting: async () => {},
};
