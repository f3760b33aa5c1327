import { z } from 'zod';

/** Request and response shapes of the booking routes; the web app imports their types. */

const minor = z.number().int();
const id = z.string().trim().min(1).max(64);

export const bookingStatuses = ['pending', 'booked', 'waitlisted', 'offered', 'cancelled', 'late_cancelled', 'no_show', 'removed'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
export const bookingSources = ['online', 'staff', 'pos', 'kiosk', 'waitlist', 'registration', 'move'] as const;
export const paymentMethods = ['membership', 'intro_offer', 'card', 'prepaid_credit', 'cash', 'terminal', 'free', 'complimentary', 'registration'] as const;
export type BookingPaymentMethod = (typeof paymentMethods)[number];
export const refundModes = ['all', 'packs_only', 'none'] as const;
export const waitlistModes = ['auto', 'confirm', 'first_come'] as const;
export const refundKinds = ['none', 'class_credit', 'dollar_credit', 'card', 'cash'] as const;

// ---- bookings

/**
 * How a booking is paid. `membership`: a credit of `membershipId` (or the first eligible one
 * when omitted; intro offers are memberships too); `card`: a saved card (`savedCardId`) or,
 * online, a card entered in the browser (the answer carries a Stripe client secret);
 * `prepaid_credit`: the customer's dollar credit; `cash` / `terminal`: taken at the desk (staff);
 * `free`: a class whose price is 0; `complimentary`: staff give the spot at no charge.
 */
export const bookingPaymentSchema = z
  .object({
    method: z.enum(['membership', 'card', 'prepaid_credit', 'cash', 'terminal', 'free', 'complimentary']),
    membershipId: id.optional(),
    savedCardId: id.optional(),
  })
  .strict();
export type BookingPayment = z.input<typeof bookingPaymentSchema>;

const bookingExtras = {
  /** A child of the customer (a family-shared membership may pay); the class must allow children. */
  forCustomerId: id.optional(),
  /** A spot on the room map, when the class has spot selection. */
  spotLabel: z.string().trim().min(1).max(20).optional(),
  discountCode: z.string().trim().min(1).max(64).optional(),
  /** Waiver versions the customer accepted at this checkout (checkbox). */
  acceptedWaiverVersionIds: z.array(id).max(10).default([]),
  /** Answers to the studio's checkout questions: custom field id → value. */
  answers: z.record(z.string().max(64), z.unknown()).default({}),
  /** When the class is full: join its waitlist instead of failing with `class_full`. */
  joinWaitlistIfFull: z.boolean().default(true),
};

/** A customer books for themselves (or their child) on the public pages. */
export const ownBookingSchema = z.object({ occurrenceId: id, payment: bookingPaymentSchema, ...bookingExtras }).strict();
export type OwnBookingInput = z.input<typeof ownBookingSchema>;

/** Staff book anyone from the roster or the point of sale. `autoCheckIn` books and checks in at once (walk-ins, classes in the past). */
export const staffBookingSchema = z
  .object({ occurrenceId: id, customerId: id, payment: bookingPaymentSchema, autoCheckIn: z.boolean().default(false), ...bookingExtras })
  .strict();
export type StaffBookingInput = z.input<typeof staffBookingSchema>;

export const bookingSchema = z.object({
  id: z.string(),
  occurrenceId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  payerId: z.string(),
  status: z.enum(bookingStatuses),
  source: z.enum(bookingSources),
  paymentMethod: z.enum(paymentMethods).nullable(),
  membershipId: z.string().nullable(),
  /** The plan's name when a membership paid. */
  membershipName: z.string().nullable(),
  orderId: z.string().nullable(),
  paidMinor: minor,
  currency: z.string().nullable(),
  discountCode: z.string().nullable(),
  spotLabel: z.string().nullable(),
  registrationId: z.string().nullable(),
  /** Place in the waitlist (1 = next), while waitlisted or offered. */
  waitlistPosition: z.number().int().nullable(),
  offerExpiresAt: z.string().nullable(),
  bookedAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  refundKind: z.enum(refundKinds).nullable(),
  refundMinor: minor,
  noShowAt: z.string().nullable(),
  createdAt: z.string(),
  /** The class, for lists across classes (a customer's bookings). */
  class: z.object({
    name: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    locationName: z.string().nullable(),
    status: z.enum(['scheduled', 'cancelled', 'deleted']),
  }),
});
export type BookingDto = z.infer<typeof bookingSchema>;

/** The answer to a booking request: the booking (booked, pending a card payment, or waitlisted). */
export const bookingResultSchema = z.object({
  booking: bookingSchema,
  /** Set when a card entered in the browser must confirm the payment (Stripe.js). */
  payment: z.object({ orderId: z.string().nullable(), status: z.string(), clientSecret: z.string().nullable() }).nullable(),
});
export type BookingResultDto = z.infer<typeof bookingResultSchema>;

export const bookingListSchema = z.object({ items: z.array(bookingSchema), nextCursor: z.string().nullable() });
export type BookingListDto = z.infer<typeof bookingListSchema>;

export const customerBookingsQuerySchema = z
  .object({
    when: z.enum(['upcoming', 'past', 'all']).default('upcoming'),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type CustomerBookingsQuery = z.input<typeof customerBookingsQuerySchema>;

export const cancelBookingSchema = z
  .object({
    /** Staff only: give the class credit or payment back even outside the policy (true) or keep it (false); default: the policy. */
    refundOverride: z.boolean().optional(),
    /** Staff only: do not count this as a late cancel (no penalty). */
    waiveLateCancel: z.boolean().default(false),
  })
  .strict();
export type CancelBookingInput = z.input<typeof cancelBookingSchema>;

/** What cancelling now would do, shown before the customer or staff confirm. */
export const cancelPreviewSchema = z.object({
  lateCancel: z.boolean(),
  refundKind: z.enum(refundKinds),
  refundMinor: minor,
  currency: z.string().nullable(),
  /** The instant until which a cancellation is refunded (start − credit cutoff). */
  refundableUntil: z.string(),
  allowed: z.boolean(),
});
export type CancelPreviewDto = z.infer<typeof cancelPreviewSchema>;

export const moveBookingSchema = z.object({ occurrenceId: id, spotLabel: z.string().trim().min(1).max(20).optional() }).strict();
export type MoveBookingInput = z.input<typeof moveBookingSchema>;

// ---- roster

export const rosterGroups = ['booked', 'waitlisted', 'checked_in', 'late_cancelled', 'no_show'] as const;
export const rosterSchema = z.object({
  occurrenceId: z.string(),
  capacity: z.number().int(),
  bookedCount: z.number().int(),
  spotsLeft: z.number().int(),
  counts: z.object({ booked: z.number().int(), waitlisted: z.number().int(), checked_in: z.number().int(), late_cancelled: z.number().int(), no_show: z.number().int(), cancelled: z.number().int() }),
  /** booked = booked and not yet checked in; checked_in = booked and checked in. */
  groups: z.object({
    booked: z.array(bookingSchema),
    waitlisted: z.array(bookingSchema),
    checked_in: z.array(bookingSchema),
    late_cancelled: z.array(bookingSchema),
    no_show: z.array(bookingSchema),
    cancelled: z.array(bookingSchema),
  }),
  /** Spot labels taken (pending or booked), when the room has a map. */
  spotsTaken: z.array(z.string()),
});
export type RosterDto = z.infer<typeof rosterSchema>;

// ---- what a customer may book with (the public booking panel)

export const bookingOptionsSchema = z.object({
  occurrenceId: z.string(),
  bookability: z.enum(['open', 'full', 'cancelled', 'started', 'sales_closed', 'not_yet_open']),
  priceMinor: minor,
  currency: z.string(),
  spotsLeft: z.number().int(),
  waitlistEnabled: z.boolean(),
  waitlistLength: z.number().int(),
  allowChildren: z.boolean(),
  spotSelection: z.boolean(),
  /** The room map when spot selection is on (same shape as the studios module's spot map). */
  spotMap: z
    .object({ rows: z.number().int(), columns: z.number().int(), cells: z.array(z.object({ row: z.number().int(), column: z.number().int(), kind: z.enum(['spot', 'landmark']), label: z.string() })) })
    .nullable(),
  spotsTaken: z.array(z.string()),
  /** For each person the customer may book for (themselves first, then children): memberships usable for this class. */
  attendees: z.array(
    z.object({
      customerId: z.string(),
      name: z.string(),
      isChild: z.boolean(),
      memberships: z.array(z.object({ membershipId: z.string(), planName: z.string(), kind: z.string(), creditsRemaining: z.number().int().nullable(), periodEnd: z.string().nullable() })),
      /** Waivers this person must accept before booking (customer, or child waiver for a child). */
      pendingWaivers: z.array(z.object({ waiverId: z.string(), versionId: z.string(), kind: z.string(), title: z.string(), body: z.string() })),
      /** Their current place in this class, if any. */
      existing: z.object({ bookingId: z.string(), status: z.enum(bookingStatuses), waitlistPosition: z.number().int().nullable(), offerExpiresAt: z.string().nullable() }).nullable(),
    }),
  ),
  prepaidCreditMinor: minor,
  savedCards: z.array(z.object({ id: z.string(), brand: z.string(), last4: z.string(), isDefault: z.boolean() })),
  /** Checkout questions to answer (custom fields marked as such). */
  questions: z.array(z.object({ fieldId: z.string(), label: z.string(), kind: z.string(), required: z.boolean(), options: z.array(z.string()) })),
  /** The cancellation policy in force, to show before booking. */
  policy: z.object({ refundMode: z.enum(refundModes), creditCutoffMin: z.number().int(), lateCancelMin: z.number().int() }),
  stripePublishableKey: z.string().nullable(),
});
export type BookingOptionsDto = z.infer<typeof bookingOptionsSchema>;

// ---- waitlist

export const claimOfferSchema = z.object({ payment: bookingPaymentSchema }).strict();
export type ClaimOfferInput = z.input<typeof claimOfferSchema>;
/** Staff give the spot to a waitlisted customer; without `payment`, it is taken as automatic promotion takes it. */
export const promoteBookingSchema = z.object({ payment: bookingPaymentSchema.optional() }).strict();
export type PromoteBookingInput = z.input<typeof promoteBookingSchema>;

// ---- settings (cancellation policy and waitlist)

export const bookingSettingsSchema = z.object({
  classRefundMode: z.enum(refundModes),
  classCreditCutoffMin: z.number().int(),
  classLateCancelMin: z.number().int(),
  appointmentRefundMode: z.enum(refundModes),
  appointmentCreditCutoffMin: z.number().int(),
  appointmentLateCancelMin: z.number().int(),
  waitlistEnabled: z.boolean(),
  waitlistMode: z.enum(waitlistModes),
  waitlistResponseMin: z.number().int(),
  customersMayCancel: z.boolean(),
});
export type BookingSettingsDto = z.infer<typeof bookingSettingsSchema>;

const minutes = z.number().int().min(0).max(43_200);
export const updateBookingSettingsSchema = z
  .object({
    classRefundMode: z.enum(refundModes),
    classCreditCutoffMin: minutes,
    classLateCancelMin: minutes,
    appointmentRefundMode: z.enum(refundModes),
    appointmentCreditCutoffMin: minutes,
    appointmentLateCancelMin: minutes,
    waitlistEnabled: z.boolean(),
    waitlistMode: z.enum(waitlistModes),
    waitlistResponseMin: z.number().int().min(5).max(10_080),
    customersMayCancel: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateBookingSettings = z.input<typeof updateBookingSettingsSchema>;

// ---- penalty rules and penalties

export const penaltyRuleInputSchema = z
  .object({
    offence: z.enum(['late_cancel', 'no_show']),
    /** Plans whose bookings count; empty: every booking. */
    planIds: z.array(id).max(100).default([]),
    countMode: z.enum(['every', 'minimum', 'exactly']),
    countN: z.number().int().min(1).max(100),
    periodKind: z.enum(['days', 'months', 'renewal_period']),
    /** Required for days and months; absent for renewal_period. */
    periodN: z.number().int().min(1).max(3650).nullable().default(null),
    feeMinor: z.number().int().min(1).max(100_000_00),
    active: z.boolean().default(true),
  })
  .strict();
export type PenaltyRuleInput = z.input<typeof penaltyRuleInputSchema>;

/** A change to a rule: the fields given replace the rule's; periodN must still fit periodKind. */
export const penaltyRulePatchSchema = z
  .object({
    offence: z.enum(['late_cancel', 'no_show']),
    planIds: z.array(id).max(100),
    countMode: z.enum(['every', 'minimum', 'exactly']),
    countN: z.number().int().min(1).max(100),
    periodKind: z.enum(['days', 'months', 'renewal_period']),
    periodN: z.number().int().min(1).max(3650).nullable(),
    feeMinor: z.number().int().min(1).max(100_000_00),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type PenaltyRulePatch = z.input<typeof penaltyRulePatchSchema>;

export const penaltyRuleSchema = z.object({
  id: z.string(),
  offence: z.enum(['late_cancel', 'no_show']),
  planIds: z.array(z.string()),
  countMode: z.enum(['every', 'minimum', 'exactly']),
  countN: z.number().int(),
  periodKind: z.enum(['days', 'months', 'renewal_period']),
  periodN: z.number().int().nullable(),
  feeMinor: minor,
  currency: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type PenaltyRuleDto = z.infer<typeof penaltyRuleSchema>;

export const penaltyStatuses = ['pending', 'charged', 'owed', 'waived'] as const;
export const penaltySchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  bookingId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  offence: z.enum(['late_cancel', 'no_show']),
  amountMinor: minor,
  currency: z.string(),
  status: z.enum(penaltyStatuses),
  orderId: z.string().nullable(),
  failureMessage: z.string().nullable(),
  className: z.string(),
  classStartsAt: z.string(),
  waivedAt: z.string().nullable(),
  chargedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type PenaltyDto = z.infer<typeof penaltySchema>;

export const penaltiesQuerySchema = z
  .object({ customerId: id.optional(), status: z.enum(penaltyStatuses).optional(), cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) })
  .strict();
export const penaltyListSchema = z.object({ items: z.array(penaltySchema), nextCursor: z.string().nullable() });

// ---- check-in and the kiosk

export const checkInKeySchema = z.object({ customerId: z.string(), key: z.string(), createdAt: z.string() });
export type CheckInKeyDto = z.infer<typeof checkInKeySchema>;

/** Today's classes at one location, with who is booked (first name and last initial only: the kiosk faces the public). */
export const kioskTodaySchema = z.object({
  location: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  classes: z.array(
    z.object({
      occurrenceId: z.string(),
      name: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      teacherName: z.string().nullable(),
      attendees: z.array(z.object({ bookingId: z.string(), displayName: z.string(), checkedIn: z.boolean() })),
    }),
  ),
});
export type KioskTodayDto = z.infer<typeof kioskTodaySchema>;

export const kioskCheckInSchema = z.union([
  z.object({ bookingId: id }).strict(),
  /** A self check-in key: checks the customer into their booking in the class starting soonest (or `occurrenceId`). */
  z.object({ key: z.string().trim().min(4).max(32), occurrenceId: id.optional() }).strict(),
]);
export type KioskCheckInInput = z.infer<typeof kioskCheckInSchema>;
export const kioskCheckInResultSchema = z.object({ bookingId: z.string(), displayName: z.string(), className: z.string(), startsAt: z.string() });

// ---- semester and course registrations

export const registrationInputSchema = z
  .object({ seriesId: id, customerId: id.optional(), payment: bookingPaymentSchema, forCustomerId: id.optional(), acceptedWaiverVersionIds: z.array(id).max(10).default([]), discountCode: z.string().trim().min(1).max(64).optional() })
  .strict();
export type RegistrationInput = z.input<typeof registrationInputSchema>;
export const registrationSchema = z.object({
  id: z.string(),
  seriesId: z.string(),
  customerId: z.string(),
  status: z.enum(['pending', 'active', 'cancelled']),
  paymentMethod: z.enum(paymentMethods).nullable(),
  paidMinor: minor,
  currency: z.string().nullable(),
  bookingIds: z.array(z.string()),
  createdAt: z.string(),
});
export type RegistrationDto = z.infer<typeof registrationSchema>;
export const registrationResultSchema = z.object({
  registration: registrationSchema,
  payment: z.object({ orderId: z.string().nullable(), status: z.string(), clientSecret: z.string().nullable() }).nullable(),
});

// ---- what staff may book a customer into one class with (the roster's Book dialog)

export const staffBookingOptionsQuerySchema = z.object({ customerId: id }).strict();
export type StaffBookingOptionsQuery = z.infer<typeof staffBookingOptionsQuerySchema>;
/** Why a current membership of the customer cannot pay for this class. */
export const notUsableReasons = ['pending', 'frozen', 'no_credits_left', 'not_for_this_class'] as const;
export const staffBookingOptionsSchema = z.object({
  occurrenceId: z.string(),
  customerId: z.string(),
  /** The memberships and packs that can pay for this class, the one used first first (as the server picks without a choice). */
  memberships: z.array(z.object({ membershipId: z.string(), planName: z.string(), kind: z.string(), creditsRemaining: z.number().int().nullable(), periodEnd: z.string().nullable() })),
  /** The customer's other current class memberships and packs, which cannot pay for this one, and why. */
  notUsable: z.array(z.object({ membershipId: z.string(), planName: z.string(), reason: z.enum(notUsableReasons) })),
});
export type StaffBookingOptionsDto = z.infer<typeof staffBookingOptionsSchema>;
