CREATE SEQUENCE "public"."booking_waitlist_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "booking_bookings" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"occurrence_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"payer_id" text NOT NULL,
	"status" text NOT NULL,
	"source" text DEFAULT 'online' NOT NULL,
	"payment_method" text,
	"membership_id" text,
	"order_id" text,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text,
	"discount_code" text,
	"spot_label" text,
	"registration_id" text,
	"moved_from_booking_id" text,
	"waitlist_seq" bigint,
	"offered_at" timestamp with time zone,
	"offer_expires_at" timestamp with time zone,
	"hold_expires_at" timestamp with time zone,
	"booked_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"checked_in_by" text,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"refund_kind" text,
	"refund_minor" bigint DEFAULT 0 NOT NULL,
	"no_show_at" timestamp with time zone,
	"attendance_emitted_at" timestamp with time zone,
	"created_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_bookings_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "booking_bookings_status_check" CHECK ("booking_bookings"."status" in ('pending', 'booked', 'waitlisted', 'offered', 'cancelled', 'late_cancelled', 'no_show', 'removed')),
	CONSTRAINT "booking_bookings_source_check" CHECK ("booking_bookings"."source" in ('online', 'staff', 'pos', 'kiosk', 'waitlist', 'registration', 'move')),
	CONSTRAINT "booking_bookings_payment_check" CHECK ("booking_bookings"."payment_method" is null or "booking_bookings"."payment_method" in ('membership', 'intro_offer', 'card', 'prepaid_credit', 'cash', 'terminal', 'free', 'complimentary', 'registration')),
	CONSTRAINT "booking_bookings_refund_check" CHECK ("booking_bookings"."refund_kind" is null or "booking_bookings"."refund_kind" in ('none', 'class_credit', 'dollar_credit', 'card')),
	CONSTRAINT "booking_bookings_money_check" CHECK ("booking_bookings"."paid_minor" >= 0 and "booking_bookings"."refund_minor" >= 0 and "booking_bookings"."refund_minor" <= "booking_bookings"."paid_minor"),
	CONSTRAINT "booking_bookings_checkin_check" CHECK ("booking_bookings"."checked_in_at" is null or "booking_bookings"."status" = 'booked')
);
--> statement-breakpoint
CREATE TABLE "booking_check_in_keys" (
	"studio_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_check_in_keys_studio_id_customer_id_pk" PRIMARY KEY("studio_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "booking_penalties" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"rule_id" text NOT NULL,
	"booking_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"offence" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"order_id" text,
	"failure_message" text,
	"waived_at" timestamp with time zone,
	"waived_by" text,
	"charged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_penalties_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "booking_penalties_status_check" CHECK ("booking_penalties"."status" in ('pending', 'charged', 'owed', 'waived')),
	CONSTRAINT "booking_penalties_offence_check" CHECK ("booking_penalties"."offence" in ('late_cancel', 'no_show')),
	CONSTRAINT "booking_penalties_amount_check" CHECK ("booking_penalties"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "booking_penalty_rules" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"offence" text NOT NULL,
	"plan_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"count_mode" text NOT NULL,
	"count_n" integer NOT NULL,
	"period_kind" text NOT NULL,
	"period_n" integer,
	"fee_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_penalty_rules_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "booking_penalty_rules_offence_check" CHECK ("booking_penalty_rules"."offence" in ('late_cancel', 'no_show')),
	CONSTRAINT "booking_penalty_rules_count_check" CHECK ("booking_penalty_rules"."count_mode" in ('every', 'minimum', 'exactly') and "booking_penalty_rules"."count_n" between 1 and 100),
	CONSTRAINT "booking_penalty_rules_period_check" CHECK (("booking_penalty_rules"."period_kind" in ('days', 'months') and "booking_penalty_rules"."period_n" between 1 and 3650) or ("booking_penalty_rules"."period_kind" = 'renewal_period' and "booking_penalty_rules"."period_n" is null)),
	CONSTRAINT "booking_penalty_rules_fee_check" CHECK ("booking_penalty_rules"."fee_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "booking_registrations" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"series_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"payer_id" text NOT NULL,
	"status" text NOT NULL,
	"payment_method" text,
	"membership_id" text,
	"order_id" text,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"currency" text,
	"cancelled_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_registrations_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "booking_registrations_status_check" CHECK ("booking_registrations"."status" in ('pending', 'active', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "booking_settings" (
	"studio_id" text NOT NULL,
	"class_refund_mode" text DEFAULT 'all' NOT NULL,
	"class_credit_cutoff_min" integer DEFAULT 720 NOT NULL,
	"class_late_cancel_min" integer DEFAULT 60 NOT NULL,
	"appointment_refund_mode" text DEFAULT 'all' NOT NULL,
	"appointment_credit_cutoff_min" integer DEFAULT 1440 NOT NULL,
	"appointment_late_cancel_min" integer DEFAULT 60 NOT NULL,
	"waitlist_enabled" boolean DEFAULT true NOT NULL,
	"waitlist_mode" text DEFAULT 'auto' NOT NULL,
	"waitlist_response_min" integer DEFAULT 60 NOT NULL,
	"customers_may_cancel" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "booking_settings_studio_id_pk" PRIMARY KEY("studio_id"),
	CONSTRAINT "booking_settings_class_refund_check" CHECK ("booking_settings"."class_refund_mode" in ('all', 'packs_only', 'none')),
	CONSTRAINT "booking_settings_appointment_refund_check" CHECK ("booking_settings"."appointment_refund_mode" in ('all', 'packs_only', 'none')),
	CONSTRAINT "booking_settings_waitlist_mode_check" CHECK ("booking_settings"."waitlist_mode" in ('auto', 'confirm', 'first_come')),
	CONSTRAINT "booking_settings_minutes_check" CHECK ("booking_settings"."class_credit_cutoff_min" between 0 and 43200 and "booking_settings"."class_late_cancel_min" between 0 and 43200 and "booking_settings"."appointment_credit_cutoff_min" between 0 and 43200 and "booking_settings"."appointment_late_cancel_min" between 0 and 43200 and "booking_settings"."waitlist_response_min" between 5 and 10080)
);
--> statement-breakpoint
ALTER TABLE "booking_bookings" ADD CONSTRAINT "booking_bookings_studio_id_occurrence_id_schedule_occurrences_studio_id_id_fk" FOREIGN KEY ("studio_id","occurrence_id") REFERENCES "public"."schedule_occurrences"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_bookings" ADD CONSTRAINT "booking_bookings_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_bookings" ADD CONSTRAINT "booking_bookings_studio_id_payer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","payer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_check_in_keys" ADD CONSTRAINT "booking_check_in_keys_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_penalties" ADD CONSTRAINT "booking_penalties_studio_id_rule_id_booking_penalty_rules_studio_id_id_fk" FOREIGN KEY ("studio_id","rule_id") REFERENCES "public"."booking_penalty_rules"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_penalties" ADD CONSTRAINT "booking_penalties_studio_id_booking_id_booking_bookings_studio_id_id_fk" FOREIGN KEY ("studio_id","booking_id") REFERENCES "public"."booking_bookings"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_penalties" ADD CONSTRAINT "booking_penalties_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_penalty_rules" ADD CONSTRAINT "booking_penalty_rules_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_registrations" ADD CONSTRAINT "booking_registrations_studio_id_series_id_schedule_series_studio_id_id_fk" FOREIGN KEY ("studio_id","series_id") REFERENCES "public"."schedule_series"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_registrations" ADD CONSTRAINT "booking_registrations_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_settings" ADD CONSTRAINT "booking_settings_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_bookings_active_key" ON "booking_bookings" USING btree ("studio_id","occurrence_id","customer_id") WHERE status in ('pending', 'booked', 'waitlisted', 'offered');--> statement-breakpoint
CREATE UNIQUE INDEX "booking_bookings_spot_key" ON "booking_bookings" USING btree ("studio_id","occurrence_id","spot_label") WHERE status in ('pending', 'booked') and spot_label is not null;--> statement-breakpoint
CREATE INDEX "booking_bookings_occurrence_idx" ON "booking_bookings" USING btree ("studio_id","occurrence_id","status");--> statement-breakpoint
CREATE INDEX "booking_bookings_customer_idx" ON "booking_bookings" USING btree ("studio_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "booking_bookings_payer_idx" ON "booking_bookings" USING btree ("studio_id","payer_id","created_at");--> statement-breakpoint
CREATE INDEX "booking_bookings_waitlist_idx" ON "booking_bookings" USING btree ("studio_id","occurrence_id","waitlist_seq") WHERE status in ('waitlisted', 'offered');--> statement-breakpoint
CREATE INDEX "booking_bookings_order_idx" ON "booking_bookings" USING btree ("studio_id","order_id");--> statement-breakpoint
CREATE INDEX "booking_bookings_registration_idx" ON "booking_bookings" USING btree ("studio_id","registration_id");--> statement-breakpoint
CREATE INDEX "booking_bookings_hold_idx" ON "booking_bookings" USING btree ("hold_expires_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "booking_bookings_offer_idx" ON "booking_bookings" USING btree ("offer_expires_at") WHERE status = 'offered';--> statement-breakpoint
CREATE UNIQUE INDEX "booking_check_in_keys_key" ON "booking_check_in_keys" USING btree ("studio_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "booking_penalties_rule_booking_key" ON "booking_penalties" USING btree ("studio_id","rule_id","booking_id");--> statement-breakpoint
CREATE INDEX "booking_penalties_customer_idx" ON "booking_penalties" USING btree ("studio_id","customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "booking_registrations_active_key" ON "booking_registrations" USING btree ("studio_id","series_id","customer_id") WHERE status in ('pending', 'active');