import { compareLocalDates, type LocalDate } from '../../../kernel/time.ts';
import type { FieldError } from '../../../kernel/errors.ts';

export interface PlannedInstalment {
  dueDate: LocalDate;
  amountMinor: number;
}

export const maxInstalments = 24;

/**
 * The rule of a payment plan: a deposit (paid at the sale, may be 0 only when instalments
 * cover the whole price) plus 1 to 24 instalments, each > 0, due on strictly increasing dates
 * after the sale day; deposit + instalments = the price exactly (no rounding left over).
 * Returns the field errors (empty when the plan holds).
 */
export function checkPaymentPlan(priceMinor: number, depositMinor: number, instalments: readonly PlannedInstalment[], today: LocalDate): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isInteger(depositMinor) || depositMinor < 0) errors.push({ path: 'paymentPlan.depositMinor', message: 'The deposit is a whole amount of 0 or more.' });
  if (instalments.length < 1 || instalments.length > maxInstalments) {
    errors.push({ path: 'paymentPlan.instalments', message: `A payment plan has 1 to ${maxInstalments} instalments.` });
  }
  let previous: LocalDate = today;
  instalments.forEach((i, index) => {
    if (!Number.isInteger(i.amountMinor) || i.amountMinor <= 0) errors.push({ path: `paymentPlan.instalments.${index}.amountMinor`, message: 'Each instalment is more than 0.' });
    if (compareLocalDates(i.dueDate, previous) <= 0) {
      errors.push({ path: `paymentPlan.instalments.${index}.dueDate`, message: index === 0 ? 'The first instalment is due after today.' : 'Each instalment is due after the one before.' });
    }
    previous = i.dueDate;
  });
  const sum = depositMinor + instalments.reduce((s, i) => s + i.amountMinor, 0);
  if (errors.length === 0 && sum !== priceMinor) {
    errors.push({ path: 'paymentPlan.instalments', message: `The deposit and instalments add up to ${sum}, not the price ${priceMinor}.` });
  }
  return errors;
}

/**
 * The rule when staff edit the instalments still to pay: paid ones are fixed, and the pending
 * ones must still make up the rest of the price (price − deposit − paid instalments).
 */
export function checkRemainingInstalments(remainingMinor: number, pending: readonly PlannedInstalment[], today: LocalDate): FieldError[] {
  const errors: FieldError[] = [];
  pending.forEach((i, index) => {
    if (!Number.isInteger(i.amountMinor) || i.amountMinor <= 0) errors.push({ path: `instalments.${index}.amountMinor`, message: 'Each instalment is more than 0.' });
    if (compareLocalDates(i.dueDate, today) < 0) errors.push({ path: `instalments.${index}.dueDate`, message: 'A due date is today or later.' });
  });
  const sum = pending.reduce((s, i) => s + i.amountMinor, 0);
  if (errors.length === 0 && sum !== remainingMinor) {
    errors.push({ path: 'instalments', message: `The instalments add up to ${sum}, not the ${remainingMinor} left to pay.` });
  }
  return errors;
}
