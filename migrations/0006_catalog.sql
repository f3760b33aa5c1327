CREATE TABLE "commerce_credit_balances" (
	"studio_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"balance_minor" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_credit_balances_studio_id_customer_id_pk" PRIMARY KEY("studio_id","customer_id"),
	CONSTRAINT "commerce_credit_balances_balance_check" CHECK ("commerce_credit_balances"."balance_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "commerce_credit_ledger" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"delta_minor" bigint NOT NULL,
	"balance_after_minor" bigint NOT NULL,
	"reason" text NOT NULL,
	"order_id" text,
	"refund_id" text,
	"booking_id" text,
	"gift_card_id" text,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_credit_ledger_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_credit_ledger_reason_check" CHECK ("commerce_credit_ledger"."reason" in ('purchase', 'spend', 'refund', 'gift_card', 'cancellation', 'adjustment', 'expiry')),
	CONSTRAINT "commerce_credit_ledger_delta_check" CHECK ("commerce_credit_ledger"."delta_minor" <> 0),
	CONSTRAINT "commerce_credit_ledger_after_check" CHECK ("commerce_credit_ledger"."balance_after_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "commerce_discount_codes" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"code" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"percent_bp" integer,
	"amount_minor" bigint,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"max_uses" integer,
	"max_uses_per_customer" integer,
	"uses_count" integer DEFAULT 0 NOT NULL,
	"plan_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"template_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"product_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_discount_codes_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_discount_codes_kind_check" CHECK ("commerce_discount_codes"."kind" in ('percent', 'amount')),
	CONSTRAINT "commerce_discount_codes_value_check" CHECK (("commerce_discount_codes"."kind" = 'percent' and "commerce_discount_codes"."percent_bp" between 1 and 10000 and "commerce_discount_codes"."amount_minor" is null)
        or ("commerce_discount_codes"."kind" = 'amount' and "commerce_discount_codes"."amount_minor" > 0 and "commerce_discount_codes"."percent_bp" is null)),
	CONSTRAINT "commerce_discount_codes_window_check" CHECK ("commerce_discount_codes"."valid_from" is null or "commerce_discount_codes"."valid_until" is null or "commerce_discount_codes"."valid_from" < "commerce_discount_codes"."valid_until"),
	CONSTRAINT "commerce_discount_codes_limits_check" CHECK (("commerce_discount_codes"."max_uses" is null or "commerce_discount_codes"."max_uses" >= 1) and ("commerce_discount_codes"."max_uses_per_customer" is null or "commerce_discount_codes"."max_uses_per_customer" >= 1)),
	CONSTRAINT "commerce_discount_codes_uses_check" CHECK ("commerce_discount_codes"."uses_count" >= 0 and ("commerce_discount_codes"."max_uses" is null or "commerce_discount_codes"."uses_count" <= "commerce_discount_codes"."max_uses"))
);
--> statement-breakpoint
CREATE TABLE "commerce_discount_redemptions" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"discount_code_id" text NOT NULL,
	"customer_id" text,
	"order_id" text NOT NULL,
	"amount_minor" bigint DEFAULT 0 NOT NULL,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_discount_redemptions_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "commerce_gift_card_ledger" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"gift_card_id" text NOT NULL,
	"kind" text NOT NULL,
	"delta_minor" bigint NOT NULL,
	"balance_after_minor" bigint NOT NULL,
	"order_id" text,
	"refund_id" text,
	"credit_entry_id" text,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_gift_card_ledger_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_gift_card_ledger_kind_check" CHECK ("commerce_gift_card_ledger"."kind" in ('issued', 'redeemed', 'refunded', 'store_credit', 'adjustment')),
	CONSTRAINT "commerce_gift_card_ledger_delta_check" CHECK ("commerce_gift_card_ledger"."delta_minor" <> 0),
	CONSTRAINT "commerce_gift_card_ledger_after_check" CHECK ("commerce_gift_card_ledger"."balance_after_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "commerce_gift_card_lookup_failures" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"actor_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_gift_card_lookup_failures_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "commerce_gift_card_settings" (
	"studio_id" text NOT NULL,
	"min_amount_minor" bigint DEFAULT 1000 NOT NULL,
	"max_amount_minor" bigint DEFAULT 50000 NOT NULL,
	"validity_months" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_gift_card_settings_studio_id_pk" PRIMARY KEY("studio_id"),
	CONSTRAINT "commerce_gift_card_settings_amounts_check" CHECK ("commerce_gift_card_settings"."min_amount_minor" > 0 and "commerce_gift_card_settings"."max_amount_minor" >= "commerce_gift_card_settings"."min_amount_minor"),
	CONSTRAINT "commerce_gift_card_settings_validity_check" CHECK ("commerce_gift_card_settings"."validity_months" is null or "commerce_gift_card_settings"."validity_months" between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "commerce_gift_cards" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"code" text NOT NULL,
	"initial_amount_minor" bigint NOT NULL,
	"balance_minor" bigint NOT NULL,
	"source" text NOT NULL,
	"customer_id" text,
	"purchaser_customer_id" text,
	"recipient_name" text DEFAULT '' NOT NULL,
	"recipient_email" text,
	"message" text DEFAULT '' NOT NULL,
	"order_id" text,
	"order_line_id" text,
	"expires_at" timestamp with time zone,
	"issued_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_gift_cards_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_gift_cards_initial_check" CHECK ("commerce_gift_cards"."initial_amount_minor" > 0),
	CONSTRAINT "commerce_gift_cards_balance_check" CHECK ("commerce_gift_cards"."balance_minor" >= 0),
	CONSTRAINT "commerce_gift_cards_source_check" CHECK ("commerce_gift_cards"."source" in ('pos', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "commerce_products" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sku" text,
	"price_minor" bigint NOT NULL,
	"tax_rate_bp" integer DEFAULT 0 NOT NULL,
	"track_stock" boolean DEFAULT false NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"low_stock_threshold" integer,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_products_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_products_price_check" CHECK ("commerce_products"."price_minor" >= 0),
	CONSTRAINT "commerce_products_tax_check" CHECK ("commerce_products"."tax_rate_bp" between 0 and 10000),
	CONSTRAINT "commerce_products_on_hand_check" CHECK ("commerce_products"."on_hand" >= 0),
	CONSTRAINT "commerce_products_threshold_check" CHECK ("commerce_products"."low_stock_threshold" is null or "commerce_products"."low_stock_threshold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "commerce_stock_movements" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"product_id" text NOT NULL,
	"kind" text NOT NULL,
	"quantity_delta" integer NOT NULL,
	"on_hand_after" integer NOT NULL,
	"order_id" text,
	"order_line_id" text,
	"refund_id" text,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_stock_movements_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "commerce_stock_movements_kind_check" CHECK ("commerce_stock_movements"."kind" in ('sale', 'return', 'restock', 'adjustment')),
	CONSTRAINT "commerce_stock_movements_delta_check" CHECK ("commerce_stock_movements"."quantity_delta" <> 0),
	CONSTRAINT "commerce_stock_movements_after_check" CHECK ("commerce_stock_movements"."on_hand_after" >= 0)
);
--> statement-breakpoint
ALTER TABLE "commerce_credit_balances" ADD CONSTRAINT "commerce_credit_balances_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_credit_ledger" ADD CONSTRAINT "commerce_credit_ledger_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_discount_codes" ADD CONSTRAINT "commerce_discount_codes_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_discount_redemptions" ADD CONSTRAINT "commerce_discount_redemptions_studio_id_discount_code_id_commerce_discount_codes_studio_id_id_fk" FOREIGN KEY ("studio_id","discount_code_id") REFERENCES "public"."commerce_discount_codes"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_discount_redemptions" ADD CONSTRAINT "commerce_discount_redemptions_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_gift_card_ledger" ADD CONSTRAINT "commerce_gift_card_ledger_studio_id_gift_card_id_commerce_gift_cards_studio_id_id_fk" FOREIGN KEY ("studio_id","gift_card_id") REFERENCES "public"."commerce_gift_cards"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_gift_card_lookup_failures" ADD CONSTRAINT "commerce_gift_card_lookup_failures_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_gift_card_settings" ADD CONSTRAINT "commerce_gift_card_settings_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_gift_cards" ADD CONSTRAINT "commerce_gift_cards_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_gift_cards" ADD CONSTRAINT "commerce_gift_cards_customer_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_gift_cards" ADD CONSTRAINT "commerce_gift_cards_purchaser_fk" FOREIGN KEY ("studio_id","purchaser_customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_products" ADD CONSTRAINT "commerce_products_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_stock_movements" ADD CONSTRAINT "commerce_stock_movements_studio_id_product_id_commerce_products_studio_id_id_fk" FOREIGN KEY ("studio_id","product_id") REFERENCES "public"."commerce_products"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commerce_credit_ledger_customer_idx" ON "commerce_credit_ledger" USING btree ("studio_id","customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_discount_codes_code_key" ON "commerce_discount_codes" USING btree ("studio_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_discount_redemptions_order_key" ON "commerce_discount_redemptions" USING btree ("studio_id","order_id") WHERE "commerce_discount_redemptions"."released_at" is null;--> statement-breakpoint
CREATE INDEX "commerce_discount_redemptions_customer_idx" ON "commerce_discount_redemptions" USING btree ("studio_id","discount_code_id","customer_id");--> statement-breakpoint
CREATE INDEX "commerce_gift_card_ledger_card_idx" ON "commerce_gift_card_ledger" USING btree ("studio_id","gift_card_id","created_at");--> statement-breakpoint
CREATE INDEX "commerce_gift_card_lookup_failures_actor_idx" ON "commerce_gift_card_lookup_failures" USING btree ("studio_id","actor_key","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_gift_cards_code_key" ON "commerce_gift_cards" USING btree ("studio_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_gift_cards_order_line_key" ON "commerce_gift_cards" USING btree ("studio_id","order_line_id") WHERE "commerce_gift_cards"."order_line_id" is not null;--> statement-breakpoint
CREATE INDEX "commerce_gift_cards_customer_idx" ON "commerce_gift_cards" USING btree ("studio_id","customer_id");--> statement-breakpoint
CREATE INDEX "commerce_gift_cards_created_idx" ON "commerce_gift_cards" USING btree ("studio_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_products_sku_key" ON "commerce_products" USING btree ("studio_id",lower("sku")) WHERE "commerce_products"."sku" is not null;--> statement-breakpoint
CREATE INDEX "commerce_products_name_idx" ON "commerce_products" USING btree ("studio_id","name");--> statement-breakpoint
CREATE INDEX "commerce_stock_movements_product_idx" ON "commerce_stock_movements" USING btree ("studio_id","product_id","created_at");