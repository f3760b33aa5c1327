CREATE TABLE "commerce_card_setups" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"provider" text NOT NULL,
	"account_ref" text NOT NULL,
	"provider_customer_id" text NOT NULL,
	"started_by" text,
	"completed_at" timestamp with time zone,
	"saved_card_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_card_setups_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "commerce_provider_customers" (
	"studio_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"provider" text NOT NULL,
	"account_ref" text NOT NULL,
	"provider_customer_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commerce_provider_customers_studio_id_customer_id_provider_account_ref_pk" PRIMARY KEY("studio_id","customer_id","provider","account_ref")
);
--> statement-breakpoint
CREATE TABLE "commerce_saved_cards" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"provider" text NOT NULL,
	"account_ref" text NOT NULL,
	"provider_customer_id" text NOT NULL,
	"provider_payment_method_id" text NOT NULL,
	"brand" text NOT NULL,
	"last4" text NOT NULL,
	"exp_month" smallint NOT NULL,
	"exp_year" smallint NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"added_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "commerce_saved_cards_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
ALTER TABLE "commerce_card_setups" ADD CONSTRAINT "commerce_card_setups_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_provider_customers" ADD CONSTRAINT "commerce_provider_customers_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commerce_saved_cards" ADD CONSTRAINT "commerce_saved_cards_studio_id_customer_id_customers_studio_id_id_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_provider_customers_provider_id_key" ON "commerce_provider_customers" USING btree ("studio_id","provider","provider_customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_saved_cards_payment_method_key" ON "commerce_saved_cards" USING btree ("studio_id","provider","provider_payment_method_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commerce_saved_cards_one_default_key" ON "commerce_saved_cards" USING btree ("studio_id","customer_id") WHERE is_default and removed_at is null;--> statement-breakpoint
CREATE INDEX "commerce_saved_cards_customer_idx" ON "commerce_saved_cards" USING btree ("studio_id","customer_id");