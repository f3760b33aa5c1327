export { createSettingsService, secretHint, type SettingsService, type SettingsDeps, type CardAccount, type SaleSettings } from './service.ts';
