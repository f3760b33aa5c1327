export { createAttendanceService, type AttendanceService, type AttendanceDeps, type CheckInBy, type CheckInResult } from './service.ts';
export { attendanceRoutes } from './routes.ts';
export { attendanceCronEntries, classTimesJobName } from './jobs.ts';
