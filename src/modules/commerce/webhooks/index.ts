export { createWebhooksService, type WebhooksService, type WebhooksDeps } from './service.ts';
