export { createBookingSettingsService, defaultBookingSettings, bookingSettingsRoutes, type BookingSettingsService } from './settings/index.ts';
export { createPenaltiesService, penaltiesRoutes, penaltiesSubscriber, penaltyFeeKind, chargePenaltyJobName, type PenaltiesService } from './penalties/index.ts';
