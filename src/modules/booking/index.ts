export { createBookingSettingsService, defaultBookingSettings, bookingSettingsRoutes, type BookingSettingsService } from './settings/index.ts';
export { createPenaltiesService, penaltiesRoutes, penaltiesSubscriber, penaltyFeeKind, chargePenaltyJobName, type PenaltiesService } from './penalties/index.ts';
export { createRosterService, rosterRoutes, type RosterService } from './roster/index.ts';
export { createKioskService, kioskRoutes, type KioskService, type CheckInFn } from './kiosk/index.ts';
export { createBookService, bookRoutes, publicBookRoutes, bookCronEntries, classBookingKind, waiverVersionId, type BookService, type BookHooks, type PromoteResult } from './book/index.ts';
export { takeSpot, releaseSpot, releaseBooking, type BookingPatch } from './capacity-repo.ts';
export { bookingDto, bookingDtos } from './dto.ts';
export { createCancelService, cancelRoutes, publicCancelRoutes, classCancelledSubscriber, type CancelService, type CancelHooks, type Cancelled } from './cancel/index.ts';
