export { createBookingSettingsService, defaultBookingSettings, type BookingSettingsService, type BookingSettingsDeps } from './service.ts';
export { bookingSettingsRoutes } from './routes.ts';
