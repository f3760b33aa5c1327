import { defineSubscriber } from '../../../platform/events/subscribers.ts';
import type { VideoService } from './service.ts';

/**
 * Online classes follow their occurrence: a Zoom meeting is made when a class is scheduled
 * (`class.scheduled.v2` lists a series' new classes; `class.scheduled.v1`, one class, may
 * still be recorded from before it), moved when it is updated, deleted when it is cancelled or
 * deleted. The handler only queues jobs (it runs inside a transaction); the jobs call Zoom.
 */
export function videoMeetingsSubscriber(video: Pick<VideoService, 'onClassEvent'>) {
  return defineSubscriber({
    name: 'schedule.video-meetings',
    events: ['class.scheduled.v2', 'class.scheduled.v1', 'class.updated.v1', 'class.cancelled.v1', 'class.deleted.v1'],
    handle: (tx, event, ctx) => video.onClassEvent(tx, event, ctx),
  });
}
