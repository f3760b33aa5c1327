export { defineReceiptJob, sendReceiptJobName, type SendReceiptJob, type SendReceiptPayload } from './job.ts';
export { renderReceipt, receiptValues, formatMinor, type ReceiptLocale } from './render.ts';
