export { toOrderDto, toOrderSummary } from './dto.ts';
