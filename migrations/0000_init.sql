CREATE TABLE "customers" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"user_id" text,
	"first_name" text NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"email" text,
	"phone" text,
	"birth_date" date,
	"locale" text,
	"search_first" text NOT NULL,
	"search_last" text NOT NULL,
	"search_email" text DEFAULT '' NOT NULL,
	"phone_digits" text DEFAULT '' NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity_api_keys" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "identity_api_keys_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity_auth_tokens" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_auth_tokens_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity_login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_key" text NOT NULL,
	"ip" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_sessions" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"user_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "identity_sessions_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "identity_users" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"email" text NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"role" text,
	"status" text NOT NULL,
	"password_hash" text,
	"locale" text,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_users_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "studio_locations" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"address_line1" text DEFAULT '' NOT NULL,
	"address_line2" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"postal_code" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"time_zone" text NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studio_locations_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "studio_rooms" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"location_id" text NOT NULL,
	"name" text NOT NULL,
	"capacity" integer NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "studio_rooms_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "studio_rooms_capacity_check" CHECK ("studio_rooms"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "studios" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"currency" text NOT NULL,
	"time_zone" text NOT NULL,
	"default_locale" text NOT NULL,
	"brand_color" text DEFAULT '#4c6ef5' NOT NULL,
	"accent_color" text DEFAULT '#f59f00' NOT NULL,
	"logo" "bytea",
	"logo_content_type" text,
	"logo_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_messages" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"channel" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text,
	"body_text" text NOT NULL,
	"body_html" text,
	"template" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"provider" text,
	"provider_message_id" text,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbound_messages_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "outbound_messages_channel_check" CHECK ("outbound_messages"."channel" in ('email', 'sms')),
	CONSTRAINT "outbound_messages_status_check" CHECK ("outbound_messages"."status" in ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "event_receipts" (
	"studio_id" text NOT NULL,
	"subscriber" text NOT NULL,
	"event_id" text NOT NULL,
	"handled_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_receipts_studio_id_subscriber_event_id_pk" PRIMARY KEY("studio_id","subscriber","event_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"subject_id" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone,
	CONSTRAINT "events_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_studio_id_user_id_identity_users_studio_id_id_fk" FOREIGN KEY ("studio_id","user_id") REFERENCES "public"."identity_users"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_api_keys" ADD CONSTRAINT "identity_api_keys_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_auth_tokens" ADD CONSTRAINT "identity_auth_tokens_studio_id_user_id_identity_users_studio_id_id_fk" FOREIGN KEY ("studio_id","user_id") REFERENCES "public"."identity_users"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_sessions" ADD CONSTRAINT "identity_sessions_studio_id_user_id_identity_users_studio_id_id_fk" FOREIGN KEY ("studio_id","user_id") REFERENCES "public"."identity_users"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_users" ADD CONSTRAINT "identity_users_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_locations" ADD CONSTRAINT "studio_locations_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_rooms" ADD CONSTRAINT "studio_rooms_studio_id_location_id_studio_locations_studio_id_id_fk" FOREIGN KEY ("studio_id","location_id") REFERENCES "public"."studio_locations"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_key" ON "customers" USING btree ("studio_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_user_key" ON "customers" USING btree ("studio_id","user_id") WHERE user_id is not null;--> statement-breakpoint
CREATE INDEX "customers_search_first_idx" ON "customers" USING btree ("studio_id","search_first" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_search_last_idx" ON "customers" USING btree ("studio_id","search_last" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_search_email_idx" ON "customers" USING btree ("studio_id","search_email" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("studio_id","phone_digits" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_name_order_idx" ON "customers" USING btree ("studio_id","search_last","search_first","id");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_api_keys_token_key" ON "identity_api_keys" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_auth_tokens_token_key" ON "identity_auth_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "identity_login_attempts_account_idx" ON "identity_login_attempts" USING btree ("account_key","at");--> statement-breakpoint
CREATE INDEX "identity_login_attempts_ip_idx" ON "identity_login_attempts" USING btree ("ip","at");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_sessions_token_key" ON "identity_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "identity_sessions_user_idx" ON "identity_sessions" USING btree ("studio_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_users_email_key" ON "identity_users" USING btree ("studio_id","kind","email");--> statement-breakpoint
CREATE INDEX "identity_users_email_idx" ON "identity_users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "studio_locations_name_idx" ON "studio_locations" USING btree ("studio_id","name");--> statement-breakpoint
CREATE INDEX "studio_rooms_location_idx" ON "studio_rooms" USING btree ("studio_id","location_id");--> statement-breakpoint
CREATE UNIQUE INDEX "studios_slug_key" ON "studios" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "outbound_messages_created_idx" ON "outbound_messages" USING btree ("studio_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_subject_idx" ON "events" USING btree ("studio_id","subject_id","occurred_at");--> statement-breakpoint
CREATE INDEX "events_undispatched_idx" ON "events" USING btree ("occurred_at") WHERE dispatched_at is null;