CREATE TABLE "membership_charge_attempts" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"membership_id" text NOT NULL,
	"renewal_id" text,
	"instalment_id" text,
	"attempt" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'started' NOT NULL,
	"order_id" text,
	"failure_message" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "membership_charge_attempts_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "membership_charge_attempts_status_check" CHECK ("membership_charge_attempts"."status" in ('started', 'paid', 'failed', 'requires_action'))
);
--> statement-breakpoint
CREATE TABLE "membership_credit_ledger" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"membership_id" text NOT NULL,
	"delta" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"reason" text NOT NULL,
	"booking_id" text,
	"occurrence_id" text,
	"order_id" text,
	"period_start" date,
	"note" text DEFAULT '' NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_credit_ledger_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "membership_credit_ledger_reason_check" CHECK ("membership_credit_ledger"."reason" in ('grant', 'period_grant', 'booking', 'booking_returned', 'expiry', 'adjustment')),
	CONSTRAINT "membership_credit_ledger_balance_check" CHECK ("membership_credit_ledger"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "membership_freezes" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"membership_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"applied_at" timestamp with time zone,
	"lifted_at" timestamp with time zone,
	"shifted_days" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_freezes_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "membership_freezes_status_check" CHECK ("membership_freezes"."status" in ('scheduled', 'active', 'done', 'cancelled')),
	CONSTRAINT "membership_freezes_times_check" CHECK ("membership_freezes"."ends_at" is null or "membership_freezes"."ends_at" > "membership_freezes"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "membership_instalments" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"membership_id" text NOT NULL,
	"seq" integer NOT NULL,
	"due_date" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"order_id" text,
	"failure_message" text,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_instalments_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "membership_instalments_status_check" CHECK ("membership_instalments"."status" in ('pending', 'paid', 'failed', 'cancelled')),
	CONSTRAINT "membership_instalments_amount_check" CHECK ("membership_instalments"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"time_zone" text NOT NULL,
	"start_date" date NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date,
	"anchor_day" smallint NOT NULL,
	"auto_renew" boolean DEFAULT false NOT NULL,
	"renewal_cancelled_at" timestamp with time zone,
	"price_minor" bigint NOT NULL,
	"renewal_price_minor" bigint,
	"currency" text NOT NULL,
	"credits_remaining" integer,
	"credits_per_period" integer,
	"intro_offer" boolean DEFAULT false NOT NULL,
	"order_id" text,
	"cancelled_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "memberships_status_check" CHECK ("memberships"."status" in ('pending', 'active', 'frozen', 'past_due', 'expired', 'cancelled')),
	CONSTRAINT "memberships_credits_check" CHECK ("memberships"."credits_remaining" is null or "memberships"."credits_remaining" >= 0),
	CONSTRAINT "memberships_price_check" CHECK ("memberships"."price_minor" >= 0 and ("memberships"."renewal_price_minor" is null or "memberships"."renewal_price_minor" >= 0)),
	CONSTRAINT "memberships_anchor_check" CHECK ("memberships"."anchor_day" between 1 and 31)
);
--> statement-breakpoint
CREATE TABLE "membership_plans" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"interval_count" integer,
	"interval_unit" text,
	"specific_start_date" date,
	"specific_end_date" date,
	"expiry_count" integer,
	"expiry_unit" text,
	"price_mode" text DEFAULT 'fixed' NOT NULL,
	"price_minor" bigint DEFAULT 0 NOT NULL,
	"price_min_minor" bigint,
	"price_max_minor" bigint,
	"currency" text NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"credits_mode" text DEFAULT 'unlimited' NOT NULL,
	"credits_count" integer,
	"dollar_credit_minor" bigint,
	"usable_template_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"usable_service_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"usable_location_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"shareable_with_children" boolean DEFAULT false NOT NULL,
	"waiver_required" boolean DEFAULT false NOT NULL,
	"featured" boolean DEFAULT false NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"customer_can_freeze" boolean DEFAULT false NOT NULL,
	"customer_can_cancel" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_plans_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "membership_plans_kind_check" CHECK ("membership_plans"."kind" in ('subscription_absolute', 'subscription_specific', 'class_pack', 'dollar_pack', 'on_demand', 'intro_offer')),
	CONSTRAINT "membership_plans_interval_check" CHECK ("membership_plans"."interval_unit" is null or ("membership_plans"."interval_unit" in ('day', 'week', 'month') and "membership_plans"."interval_count" between 1 and 366)),
	CONSTRAINT "membership_plans_expiry_check" CHECK ("membership_plans"."expiry_unit" is null or ("membership_plans"."expiry_unit" in ('day', 'week', 'month') and "membership_plans"."expiry_count" between 1 and 3660)),
	CONSTRAINT "membership_plans_price_mode_check" CHECK ("membership_plans"."price_mode" in ('fixed', 'sliding')),
	CONSTRAINT "membership_plans_price_check" CHECK ("membership_plans"."price_minor" >= 0 and ("membership_plans"."price_min_minor" is null or "membership_plans"."price_min_minor" >= 0) and ("membership_plans"."price_max_minor" is null or "membership_plans"."price_max_minor" >= 0)),
	CONSTRAINT "membership_plans_tax_check" CHECK ("membership_plans"."tax_rate_bp" between 0 and 10000),
	CONSTRAINT "membership_plans_credits_mode_check" CHECK ("membership_plans"."credits_mode" in ('unlimited', 'per_period', 'total')),
	CONSTRAINT "membership_plans_credits_check" CHECK ("membership_plans"."credits_count" is null or "membership_plans"."credits_count" between 1 and 100000),
	CONSTRAINT "membership_plans_visibility_check" CHECK ("membership_plans"."visibility" in ('public', 'hidden'))
);
--> statement-breakpoint
CREATE TABLE "membership_renewals" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"membership_id" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'due' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"order_id" text,
	"failure_message" text,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_renewals_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "membership_renewals_status_check" CHECK ("membership_renewals"."status" in ('due', 'charging', 'paid', 'failed', 'abandoned')),
	CONSTRAINT "membership_renewals_amount_check" CHECK ("membership_renewals"."amount_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "membership_charge_attempts" ADD CONSTRAINT "membership_charge_attempts_studio_id_membership_id_memberships_studio_id_id_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_credit_ledger" ADD CONSTRAINT "membership_credit_ledger_studio_id_membership_id_memberships_studio_id_id_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_freezes" ADD CONSTRAINT "membership_freezes_studio_id_membership_id_memberships_studio_id_id_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_instalments" ADD CONSTRAINT "membership_instalments_studio_id_membership_id_memberships_studio_id_id_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_studio_id_plan_id_membership_plans_studio_id_id_fk" FOREIGN KEY ("studio_id","plan_id") REFERENCES "public"."membership_plans"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_plans" ADD CONSTRAINT "membership_plans_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_renewals" ADD CONSTRAINT "membership_renewals_studio_id_membership_id_memberships_studio_id_id_fk" FOREIGN KEY ("studio_id","membership_id") REFERENCES "public"."memberships"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "membership_charge_attempts_key" ON "membership_charge_attempts" USING btree ("studio_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "membership_charge_attempts_membership_idx" ON "membership_charge_attempts" USING btree ("studio_id","membership_id","started_at");--> statement-breakpoint
CREATE INDEX "membership_credit_ledger_membership_idx" ON "membership_credit_ledger" USING btree ("studio_id","membership_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_credit_ledger_booking_key" ON "membership_credit_ledger" USING btree ("studio_id","membership_id","booking_id","reason") WHERE booking_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "membership_credit_ledger_period_key" ON "membership_credit_ledger" USING btree ("studio_id","membership_id","period_start") WHERE reason = 'period_grant';--> statement-breakpoint
CREATE INDEX "membership_freezes_membership_idx" ON "membership_freezes" USING btree ("studio_id","membership_id");--> statement-breakpoint
CREATE INDEX "membership_freezes_due_idx" ON "membership_freezes" USING btree ("status","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_instalments_seq_key" ON "membership_instalments" USING btree ("studio_id","membership_id","seq");--> statement-breakpoint
CREATE INDEX "membership_instalments_due_idx" ON "membership_instalments" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "memberships_customer_idx" ON "memberships" USING btree ("studio_id","customer_id");--> statement-breakpoint
CREATE INDEX "memberships_period_end_idx" ON "memberships" USING btree ("period_end","status");--> statement-breakpoint
CREATE INDEX "membership_plans_name_idx" ON "membership_plans" USING btree ("studio_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_renewals_period_key" ON "membership_renewals" USING btree ("studio_id","membership_id","period_start");--> statement-breakpoint
CREATE INDEX "membership_renewals_retry_idx" ON "membership_renewals" USING btree ("status","next_attempt_at");