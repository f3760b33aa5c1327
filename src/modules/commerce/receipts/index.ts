export { defineReceiptJob, sendReceiptJobName, type SendReceiptJob, type SendReceiptPayload } from './job.ts';
export { renderReceipt, formatMinor, type ReceiptLocale } from './render.ts';
