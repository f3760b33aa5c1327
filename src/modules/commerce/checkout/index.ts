export { createCheckoutService, surchargeKind, type CheckoutService, type CheckoutDeps, type CheckoutOptions } from './service.ts';
