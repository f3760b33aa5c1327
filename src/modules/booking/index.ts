export { createBookingSettingsService, defaultBookingSettings, bookingSettingsRoutes, type BookingSettingsService } from './settings/index.ts';
