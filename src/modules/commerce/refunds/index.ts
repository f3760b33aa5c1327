export { createRefundsService, type RefundsService, type RefundsDeps } from './service.ts';
