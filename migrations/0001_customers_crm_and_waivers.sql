CREATE TABLE "customer_documents" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_documents_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_field_values" (
	"studio_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"field_id" text NOT NULL,
	"text_value" text,
	"number_value" numeric,
	"date_value" date,
	"bool_value" boolean,
	"choice_values" text[],
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_field_values_studio_id_customer_id_field_id_pk" PRIMARY KEY("studio_id","customer_id","field_id")
);
--> statement-breakpoint
CREATE TABLE "customer_fields" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"label" text NOT NULL,
	"kind" text NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"ask_at_checkout" boolean DEFAULT false NOT NULL,
	"customer_editable" boolean DEFAULT true NOT NULL,
	"badge" text DEFAULT 'none' NOT NULL,
	"badge_label" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_fields_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_import_errors" (
	"studio_id" text NOT NULL,
	"import_id" text NOT NULL,
	"line" integer NOT NULL,
	"field" text DEFAULT '' NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "customer_import_errors_studio_id_import_id_line_field_pk" PRIMARY KEY("studio_id","import_id","line","field")
);
--> statement-breakpoint
CREATE TABLE "customer_imports" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"file_name" text NOT NULL,
	"storage_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"preset" text,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"failure" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "customer_imports_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_notes" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"author_id" text,
	"body" text NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_notes_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_referral_settings" (
	"studio_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"referrer_reward_minor" bigint DEFAULT 0 NOT NULL,
	"referee_reward_minor" bigint DEFAULT 0 NOT NULL,
	"reward_on" text DEFAULT 'first_purchase' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_segments" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_segments_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "customer_tag_links" (
	"studio_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"tag_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_tag_links_studio_id_customer_id_tag_id_pk" PRIMARY KEY("studio_id","customer_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "customer_tags" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"color" text DEFAULT 'gray' NOT NULL,
	"badge" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_tags_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "waiver_sign_requests" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"waiver_id" text NOT NULL,
	"version" integer NOT NULL,
	"customer_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"signature_id" text,
	CONSTRAINT "waiver_sign_requests_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "waiver_signatures" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"waiver_id" text NOT NULL,
	"version" integer NOT NULL,
	"customer_id" text NOT NULL,
	"signer_id" text NOT NULL,
	"signer_name" text NOT NULL,
	"method" text NOT NULL,
	"body_sha256" text NOT NULL,
	"signature_image" "bytea",
	"ip" text,
	"user_agent" text,
	"witness_id" text,
	"request_id" text,
	"signed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "waiver_signatures_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "waiver_versions" (
	"studio_id" text NOT NULL,
	"waiver_id" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"body_sha256" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waiver_versions_studio_id_waiver_id_version_pk" PRIMARY KEY("studio_id","waiver_id","version")
);
--> statement-breakpoint
CREATE TABLE "waivers" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waivers_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "source" text DEFAULT 'dashboard' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "parent_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "referral_code" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "referred_by_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "visit_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_visit_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "membership_status" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_marketing_opt_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_transactional_opt_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "sms_marketing_opt_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "sms_stopped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "anonymized_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_documents" ADD CONSTRAINT "customer_documents_customer_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_field_values" ADD CONSTRAINT "customer_field_values_customer_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_field_values" ADD CONSTRAINT "customer_field_values_studio_id_field_id_customer_fields_studio_id_id_fk" FOREIGN KEY ("studio_id","field_id") REFERENCES "public"."customer_fields"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_fields" ADD CONSTRAINT "customer_fields_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_import_errors" ADD CONSTRAINT "customer_import_errors_studio_id_import_id_customer_imports_studio_id_id_fk" FOREIGN KEY ("studio_id","import_id") REFERENCES "public"."customer_imports"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_imports" ADD CONSTRAINT "customer_imports_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_notes" ADD CONSTRAINT "customer_notes_customer_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_referral_settings" ADD CONSTRAINT "customer_referral_settings_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_segments" ADD CONSTRAINT "customer_segments_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tag_links" ADD CONSTRAINT "customer_tag_links_customer_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tag_links" ADD CONSTRAINT "customer_tag_links_studio_id_tag_id_customer_tags_studio_id_id_fk" FOREIGN KEY ("studio_id","tag_id") REFERENCES "public"."customer_tags"("studio_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tags" ADD CONSTRAINT "customer_tags_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_sign_requests" ADD CONSTRAINT "waiver_sign_requests_version_fk" FOREIGN KEY ("studio_id","waiver_id","version") REFERENCES "public"."waiver_versions"("studio_id","waiver_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_sign_requests" ADD CONSTRAINT "waiver_sign_requests_customer_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_signatures" ADD CONSTRAINT "waiver_signatures_version_fk" FOREIGN KEY ("studio_id","waiver_id","version") REFERENCES "public"."waiver_versions"("studio_id","waiver_id","version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_signatures" ADD CONSTRAINT "waiver_signatures_customer_fk" FOREIGN KEY ("studio_id","customer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_signatures" ADD CONSTRAINT "waiver_signatures_signer_fk" FOREIGN KEY ("studio_id","signer_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiver_versions" ADD CONSTRAINT "waiver_versions_studio_id_waiver_id_waivers_studio_id_id_fk" FOREIGN KEY ("studio_id","waiver_id") REFERENCES "public"."waivers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waivers" ADD CONSTRAINT "waivers_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_documents_customer_idx" ON "customer_documents" USING btree ("studio_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "customer_field_values_text_idx" ON "customer_field_values" USING btree ("studio_id","field_id","text_value");--> statement-breakpoint
CREATE INDEX "customer_field_values_number_idx" ON "customer_field_values" USING btree ("studio_id","field_id","number_value");--> statement-breakpoint
CREATE INDEX "customer_field_values_number_float_idx" ON "customer_field_values" USING btree ("studio_id","field_id",("number_value"::float8));--> statement-breakpoint
CREATE INDEX "customer_field_values_date_idx" ON "customer_field_values" USING btree ("studio_id","field_id","date_value");--> statement-breakpoint
CREATE INDEX "customer_notes_customer_idx" ON "customer_notes" USING btree ("studio_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "customer_tag_links_tag_idx" ON "customer_tag_links" USING btree ("studio_id","tag_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_tags_name_key" ON "customer_tags" USING btree ("studio_id","name_key");--> statement-breakpoint
CREATE UNIQUE INDEX "waiver_sign_requests_token_key" ON "waiver_sign_requests" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "waiver_sign_requests_customer_idx" ON "waiver_sign_requests" USING btree ("studio_id","customer_id");--> statement-breakpoint
CREATE INDEX "waiver_signatures_customer_idx" ON "waiver_signatures" USING btree ("studio_id","customer_id","waiver_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "waivers_standard_kind_key" ON "waivers" USING btree ("studio_id","kind") WHERE kind <> 'custom' and archived_at is null;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_parent_fk" FOREIGN KEY ("studio_id","parent_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_referred_by_fk" FOREIGN KEY ("studio_id","referred_by_id") REFERENCES "public"."customers"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_referral_code_key" ON "customers" USING btree ("studio_id","referral_code") WHERE referral_code is not null;--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("studio_id","created_at","id");--> statement-breakpoint
CREATE INDEX "customers_last_visit_idx" ON "customers" USING btree ("studio_id","last_visit_at","id");--> statement-breakpoint
CREATE INDEX "customers_visit_count_idx" ON "customers" USING btree ("studio_id","visit_count","id");--> statement-breakpoint
CREATE INDEX "customers_parent_idx" ON "customers" USING btree ("studio_id","parent_id") WHERE parent_id is not null;--> statement-breakpoint
CREATE INDEX "customers_referred_by_idx" ON "customers" USING btree ("studio_id","referred_by_id") WHERE referred_by_id is not null;--> statement-breakpoint
CREATE INDEX "customers_merged_into_idx" ON "customers" USING btree ("studio_id","merged_into_id") WHERE merged_into_id is not null;