CREATE TABLE "commerce_order_lines" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text,
	"description" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"price_minor" bigint,
	"fulfilled_ref" text,
	"fulfilled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_order_lines_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "commerce_orders" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"customer_id" text,
	"currency" text NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"discount_minor" bigint DEFAULT 0 NOT NULL,
	"tax_minor" bigint DEFAULT 0 NOT NULL,
	"surcharge_minor" bigint DEFAULT 0 NOT NULL,
	"total_minor" bigint NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"discount_code_id" text,
	"discount_code" text,
	"idempotency_key" text,
	"request_hash" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text,
	"paid_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"failure_code" text,
	"failure_message" text,
	"receipt_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_orders_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_orders_refund_le_paid" CHECK ("commerce_orders"."refunded_minor" >= 0 and "commerce_orders"."refunded_minor" <= "commerce_orders"."paid_minor"),
	CONSTRAINT "commerce_orders_total" CHECK ("commerce_orders"."total_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "commerce_payments" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"method" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"status" text NOT NULL,
	"provider" text NOT NULL,
	"provider_payment_id" text,
	"ref_id" text,
	"client_secret" text,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"succeeded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_payments_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_payments_amount" CHECK ("commerce_payments"."amount_minor" > 0 and "commerce_payments"."refunded_minor" >= 0 and "commerce_payments"."refunded_minor" <= "commerce_payments"."amount_minor")
);
--> statement-breakpoint
CREATE TABLE "commerce_refunds" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"order_id" text NOT NULL,
	"line_id" text,
	"payment_id" text,
	"amount_minor" bigint NOT NULL,
	"destination" text NOT NULL,
	"status" text NOT NULL,
	"provider_refund_id" text,
	"reason" text DEFAULT '' NOT NULL,
	"idempotency_key" text,
	"request_hash" text,
	"failure_message" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_refunds_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_refunds_amount" CHECK ("commerce_refunds"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "commerce_settings" (
	"studio_id" text PRIMARY KEY NOT NULL,
	"card_fee_mode" text DEFAULT 'absorb' NOT NULL,
	"surcharge_bp" integer DEFAULT 0 NOT NULL,
	"surcharge_fixed_minor" bigint DEFAULT 0 NOT NULL,
	"stripe_secret_key" text,
	"stripe_publishable_key" text,
	"stripe_webhook_secret" text,
	"stripe_connected_at" timestamp with time zone,
	"last_order_number" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_settings_fee_mode" CHECK ("commerce_settings"."card_fee_mode" in ('absorb', 'surcharge')),
	CONSTRAINT "commerce_settings_surcharge" CHECK ("commerce_settings"."surcharge_bp" between 0 and 1000 and "commerce_settings"."surcharge_fixed_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "commerce_webhook_events" (
	"studio_id" text NOT NULL,
	"provider" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "commerce_webhook_events_studio_id_provider_id_pk" PRIMARY KEY("studio_id","provider","id")
);
--> statement-breakpoint
ALTER TABLE "commerce_order_lines" ADD CONSTRAINT "commerce_order_lines_studio_id_order_id_commerce_orders_studio_id_id_fk" FOREIGN KEY ("studio_id","order_id") REFERENCES "public"."commerce_orders"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_orders" ADD CONSTRAINT "commerce_orders_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_payments" ADD CONSTRAINT "commerce_payments_studio_id_order_id_commerce_orders_studio_id_id_fk" FOREIGN KEY ("studio_id","order_id") REFERENCES "public"."commerce_orders"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_refunds" ADD CONSTRAINT "commerce_refunds_studio_id_order_id_commerce_orders_studio_id_id_fk" FOREIGN KEY ("studio_id","order_id") REFERENCES "public"."commerce_orders"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_settings" ADD CONSTRAINT "commerce_settings_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commerce_order_lines_order_idx" ON "commerce_order_lines" USING btree ("studio_id","order_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_orders_number_key" ON "commerce_orders" USING btree ("studio_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_orders_idempotency_key" ON "commerce_orders" USING btree ("studio_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "commerce_orders_created_idx" ON "commerce_orders" USING btree ("studio_id","created_at","id");--> statement-breakpoint
CREATE INDEX "commerce_orders_customer_idx" ON "commerce_orders" USING btree ("studio_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "commerce_payments_order_idx" ON "commerce_payments" USING btree ("studio_id","order_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_payments_provider_key" ON "commerce_payments" USING btree ("studio_id","provider","provider_payment_id");--> statement-breakpoint
CREATE INDEX "commerce_refunds_order_idx" ON "commerce_refunds" USING btree ("studio_id","order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_refunds_idempotency_key" ON "commerce_refunds" USING btree ("studio_id","idempotency_key");