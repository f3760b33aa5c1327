import { api } from '../../../lib/api.ts';
import type {
  BookingDto,
  BookingListDto,
  BookingOptionsDto,
  BookingResultDto,
  CancelBookingInput,
  CancelPreviewDto,
  ClaimOfferInput,
  CustomerBookingsQuery,
  KioskCheckInInput,
  KioskTodayDto,
  OwnBookingInput,
} from '../../../../../src/modules/booking/contracts.ts';
import type { kioskCheckInResultSchema } from '../../../../../src/modules/booking/contracts.ts';
import type { z } from 'zod';

export type {
  BookingDto,
  BookingListDto,
  BookingOptionsDto,
  BookingPayment,
  BookingResultDto,
  CancelPreviewDto,
  KioskTodayDto,
  OwnBookingInput,
} from '../../../../../src/modules/booking/contracts.ts';
export type KioskCheckInResultDto = z.infer<typeof kioskCheckInResultSchema>;
export type BookingOptionsAttendee = BookingOptionsDto['attendees'][number];

const enc = encodeURIComponent;
const base = (slug: string) => `/api/public/v1/studios/${enc(slug)}`;

export const ownBookingsKey = (slug: string) => ['me', slug, 'bookings'] as const;
export const ownBookingListKey = (slug: string, when: 'upcoming' | 'past') => ['me', slug, 'bookings', when] as const;
export const bookingOptionsKey = (slug: string, occurrenceId: string, key: string | null) => ['me', slug, 'booking-options', occurrenceId, key] as const;

/** The signed-in customer's bookings on the studio's public pages. */
export const ownBookingsApi = {
  /** What this customer may book the class with (who, how to pay, waivers, questions, spots, policy). */
  options: (slug: string, occurrenceId: string, key?: string | null) =>
    api.get<BookingOptionsDto>(`${base(slug)}/classes/${enc(occurrenceId)}/booking-options`, { key }),
  /** One booking attempt: the same key on a retry returns the first answer, never a second booking. */
  book: (slug: string, body: OwnBookingInput, idempotencyKey: string) =>
    api.post<BookingResultDto>(`${base(slug)}/me/bookings`, body, { 'idempotency-key': idempotencyKey }),
  list: (slug: string, query: { when: NonNullable<CustomerBookingsQuery['when']>; cursor?: string; limit?: number }) =>
    api.get<BookingListDto>(`${base(slug)}/me/bookings`, query),
  get: (slug: string, bookingId: string) => api.get<BookingDto>(`${base(slug)}/me/bookings/${enc(bookingId)}`),
  cancelPreview: (slug: string, bookingId: string) => api.get<CancelPreviewDto>(`${base(slug)}/me/bookings/${enc(bookingId)}/cancel-preview`),
  cancel: (slug: string, bookingId: string, body: CancelBookingInput = {}) => api.post<BookingDto>(`${base(slug)}/me/bookings/${enc(bookingId)}/cancel`, body),
  /** Takes the spot a waitlist offer holds, paying with `payment`. */
  claim: (slug: string, bookingId: string, body: ClaimOfferInput, idempotencyKey: string) =>
    api.post<BookingResultDto>(`${base(slug)}/me/bookings/${enc(bookingId)}/claim`, body, { 'idempotency-key': idempotencyKey }),
  decline: (slug: string, bookingId: string) => api.post<BookingDto>(`${base(slug)}/me/bookings/${enc(bookingId)}/decline`),
};

export const kioskTodayKey = (locationId: string) => ['kiosk', locationId, 'today'] as const;

/** The self check-in kiosk of one location (a staff session on the device). */
export const kioskApi = {
  today: (locationId: string) => api.get<KioskTodayDto>(`/api/v1/kiosk/locations/${enc(locationId)}/today`),
  checkIn: (locationId: string, body: KioskCheckInInput) => api.post<KioskCheckInResultDto>(`/api/v1/kiosk/locations/${enc(locationId)}/check-in`, body),
};
