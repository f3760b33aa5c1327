import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api.ts';
import type {
  BookingDto,
  BookingListDto,
  BookingPayment,
  BookingResultDto,
  BookingSettingsDto,
  CancelBookingInput,
  CancelPreviewDto,
  CheckInKeyDto,
  CustomerBookingsQuery,
  MoveBookingInput,
  PenaltyDto,
  PenaltyRuleDto,
  PenaltyRuleInput,
  PenaltyRulePatch,
  RosterDto,
  StaffBookingInput,
  StaffBookingOptionsDto,
  UpdateBookingSettings,
} from '../../../../../src/modules/booking/contracts.ts';

export type {
  BookingDto,
  BookingPayment,
  BookingResultDto,
  BookingSettingsDto,
  CancelPreviewDto,
  CheckInKeyDto,
  PenaltyDto,
  PenaltyRuleDto,
  PenaltyRuleInput,
  RosterDto,
  StaffBookingInput,
  StaffBookingOptionsDto,
  UpdateBookingSettings,
};
export type BookingStatus = BookingDto['status'];

const enc = encodeURIComponent;
const v1 = '/api/v1';

export const rosterKey = (occurrenceId: string) => ['booking', 'roster', occurrenceId] as const;
export const customerBookingsKey = (customerId: string) => ['booking', 'customer', customerId] as const;
export const bookingSettingsKey = ['booking', 'settings'] as const;
export const penaltyRulesKey = ['booking', 'penalty-rules'] as const;
export const penaltiesKey = (customerId: string) => ['booking', 'penalties', customerId] as const;
export const staffBookingOptionsKey = (occurrenceId: string, customerId: string) => ['booking', 'options', occurrenceId, customerId] as const;
export const checkInKeyKey = (customerId: string) => ['booking', 'check-in-key', customerId] as const;

/** Staff side of booking: rosters, booking anyone, cancel/move/check-in, the policy, penalties and check-in keys. */
export const staffBookingApi = {
  roster: (occurrenceId: string) => api.get<RosterDto>(`${v1}/occurrences/${enc(occurrenceId)}/roster`),
  /** A plain link (the browser downloads it with the session cookie). */
  rosterCsvUrl: (occurrenceId: string) => `${v1}/occurrences/${enc(occurrenceId)}/roster.csv`,
  /** The memberships that can pay for this class for this customer, and why the customer's others cannot. */
  bookingOptions: (occurrenceId: string, customerId: string) => api.get<StaffBookingOptionsDto>(`${v1}/occurrences/${enc(occurrenceId)}/booking-options`, { customerId }),
  /** One Idempotency-Key per booking attempt: a retried click never books or charges twice. */
  book: (body: StaffBookingInput, idempotencyKey: string) => api.post<BookingResultDto>(`${v1}/bookings`, body, { 'Idempotency-Key': idempotencyKey }),
  /** With `refundOverride`: what cancelling with the staff override would give back instead. */
  cancelPreview: (id: string, refundOverride?: boolean) =>
    api.get<CancelPreviewDto>(`${v1}/bookings/${enc(id)}/cancel-preview`, refundOverride === undefined ? undefined : { refundOverride: String(refundOverride) }),
  cancel: (id: string, body: CancelBookingInput) => api.post<BookingDto>(`${v1}/bookings/${enc(id)}/cancel`, body),
  move: (id: string, body: MoveBookingInput) => api.post<BookingDto>(`${v1}/bookings/${enc(id)}/move`, body),
  checkIn: (id: string) => api.post<BookingDto>(`${v1}/bookings/${enc(id)}/check-in`),
  undoCheckIn: (id: string) => api.del<BookingDto>(`${v1}/bookings/${enc(id)}/check-in`),
  /** Give a waitlisted customer the spot now (payment taken as the waitlist would: membership, saved card, credit). */
  promote: (id: string, payment?: BookingPayment) =>
    api.post<BookingResultDto>(`${v1}/bookings/${enc(id)}/promote`, payment ? { payment } : {}),
  customerBookings: (customerId: string, query: { when: NonNullable<CustomerBookingsQuery['when']>; cursor?: string; limit?: number }) =>
    api.get<BookingListDto>(`${v1}/customers/${enc(customerId)}/bookings`, { when: query.when, cursor: query.cursor, limit: query.limit }),
  settings: () => api.get<BookingSettingsDto>(`${v1}/booking-settings`),
  saveSettings: (body: UpdateBookingSettings) => api.patch<BookingSettingsDto>(`${v1}/booking-settings`, body),
  penaltyRules: () => api.get<{ items: PenaltyRuleDto[] }>(`${v1}/penalty-rules`),
  createPenaltyRule: (body: PenaltyRuleInput) => api.post<PenaltyRuleDto>(`${v1}/penalty-rules`, body),
  updatePenaltyRule: (id: string, body: PenaltyRulePatch) => api.patch<PenaltyRuleDto>(`${v1}/penalty-rules/${enc(id)}`, body),
  deletePenaltyRule: (id: string) => api.del<unknown>(`${v1}/penalty-rules/${enc(id)}`),
  penalties: (customerId: string) => api.get<{ items: PenaltyDto[]; nextCursor: string | null }>(`${v1}/penalties`, { customerId }),
  waivePenalty: (id: string) => api.post<PenaltyDto>(`${v1}/penalties/${enc(id)}/waive`),
  checkInKey: (customerId: string) => api.get<CheckInKeyDto>(`${v1}/customers/${enc(customerId)}/check-in-key`),
  regenerateCheckInKey: (customerId: string) => api.post<CheckInKeyDto>(`${v1}/customers/${enc(customerId)}/check-in-key`),
};

export function useRoster(occurrenceId: string, enabled = true) {
  return useQuery({ queryKey: rosterKey(occurrenceId), queryFn: () => staffBookingApi.roster(occurrenceId), enabled });
}

export function useBookingSettings(enabled = true) {
  return useQuery({ queryKey: bookingSettingsKey, queryFn: staffBookingApi.settings, enabled });
}

export function usePenaltyRules(enabled = true) {
  return useQuery({ queryKey: penaltyRulesKey, queryFn: staffBookingApi.penaltyRules, enabled, select: (d) => d.items });
}

export { newIdempotencyKey } from '../../../lib/api.ts';
