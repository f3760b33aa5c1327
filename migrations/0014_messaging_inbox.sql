CREATE TABLE "messaging_calls" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"call_sid" text NOT NULL,
	"from_number" text NOT NULL,
	"customer_id" text,
	"status" text NOT NULL,
	"voicemail_url" text,
	"forwarded_to" text,
	"missed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "messaging_calls_studio_id_id_pk" PRIMARY KEY("studio_id","id")
);
--> statement-breakpoint
CREATE TABLE "messaging_group_sends" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"channel" text NOT NULL,
	"subject" text,
	"body_text" text NOT NULL,
	"audience" jsonb NOT NULL,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"queued_count" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "messaging_group_sends_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "messaging_group_sends_channel_check" CHECK ("messaging_group_sends"."channel" in ('email', 'sms', 'in_app')),
	CONSTRAINT "messaging_group_sends_status_check" CHECK ("messaging_group_sends"."status" in ('queued', 'sending', 'done'))
);
--> statement-breakpoint
CREATE TABLE "messaging_inbound_messages" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"channel" text NOT NULL,
	"customer_id" text,
	"from_address" text NOT NULL,
	"to_address" text DEFAULT '' NOT NULL,
	"subject" text,
	"body_text" text NOT NULL,
	"provider_message_id" text,
	"received_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "messaging_inbound_messages_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "messaging_inbound_channel_check" CHECK ("messaging_inbound_messages"."channel" in ('email', 'sms'))
);
--> statement-breakpoint
CREATE TABLE "messaging_inbox_tabs" (
	"studio_id" text NOT NULL,
	"user_id" text NOT NULL,
	"segment_ids" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_inbox_tabs_studio_id_user_id_pk" PRIMARY KEY("studio_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "messaging_settings" (
	"studio_id" text NOT NULL,
	"sms_tier" text DEFAULT 'starter' NOT NULL,
	"forwarding_phone" text,
	"sms_exhausted_notice_month" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_settings_studio_id_pk" PRIMARY KEY("studio_id")
);
--> statement-breakpoint
CREATE TABLE "messaging_threads" (
	"studio_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	"last_inbound_at" timestamp with time zone,
	"last_reply_at" timestamp with time zone,
	"last_channel" text NOT NULL,
	"last_category" text NOT NULL,
	"last_preview" text DEFAULT '' NOT NULL,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"location_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_threads_studio_id_customer_id_pk" PRIMARY KEY("studio_id","customer_id"),
	CONSTRAINT "messaging_threads_channel_check" CHECK ("messaging_threads"."last_channel" in ('email', 'sms', 'in_app')),
	CONSTRAINT "messaging_threads_category_check" CHECK ("messaging_threads"."last_category" in ('transactional', 'sequence', 'manual', 'inbound'))
);
--> statement-breakpoint
CREATE TABLE "messaging_unsubscribe_tokens" (
	"token" text PRIMARY KEY NOT NULL,
	"studio_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbound_messages" DROP CONSTRAINT "outbound_messages_channel_check";--> statement-breakpoint
ALTER TABLE "outbound_messages" DROP CONSTRAINT "outbound_messages_status_check";--> statement-breakpoint
ALTER TABLE "messaging_template_overrides" ADD COLUMN "sms_text" text;--> statement-breakpoint
ALTER TABLE "studios" ADD COLUMN "marketing_suite_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "customer_id" text;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "recipient_kind" text;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "category" text DEFAULT 'transactional' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "suppression" text;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "send_id" text;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "sender_id" text;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "segments" integer;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messaging_calls" ADD CONSTRAINT "messaging_calls_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_group_sends" ADD CONSTRAINT "messaging_group_sends_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_inbound_messages" ADD CONSTRAINT "messaging_inbound_messages_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_inbox_tabs" ADD CONSTRAINT "messaging_inbox_tabs_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_settings" ADD CONSTRAINT "messaging_settings_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_threads" ADD CONSTRAINT "messaging_threads_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_unsubscribe_tokens" ADD CONSTRAINT "messaging_unsubscribe_tokens_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "messaging_calls_sid_key" ON "messaging_calls" USING btree ("studio_id","call_sid");--> statement-breakpoint
CREATE INDEX "messaging_group_sends_created_idx" ON "messaging_group_sends" USING btree ("studio_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messaging_inbound_customer_idx" ON "messaging_inbound_messages" USING btree ("studio_id","customer_id","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "messaging_inbound_provider_key" ON "messaging_inbound_messages" USING btree ("studio_id","channel","provider_message_id") WHERE provider_message_id is not null;--> statement-breakpoint
CREATE INDEX "messaging_threads_last_idx" ON "messaging_threads" USING btree ("studio_id","last_message_at" DESC NULLS LAST,"customer_id");--> statement-breakpoint
CREATE INDEX "messaging_threads_unread_idx" ON "messaging_threads" USING btree ("studio_id","last_message_at" DESC NULLS LAST) WHERE unread_count > 0;--> statement-breakpoint
CREATE UNIQUE INDEX "messaging_unsubscribe_tokens_customer_key" ON "messaging_unsubscribe_tokens" USING btree ("studio_id","customer_id");--> statement-breakpoint
CREATE INDEX "outbound_messages_customer_idx" ON "outbound_messages" USING btree ("studio_id","customer_id","created_at" DESC NULLS LAST) WHERE customer_id is not null;--> statement-breakpoint
CREATE INDEX "outbound_messages_channel_idx" ON "outbound_messages" USING btree ("studio_id","channel","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_messages_send_ledger_key" ON "outbound_messages" USING btree ("studio_id","send_id","customer_id") WHERE send_id is not null;--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_category_check" CHECK ("outbound_messages"."category" in ('transactional', 'sequence', 'manual'));--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_recipient_kind_check" CHECK ("outbound_messages"."recipient_kind" in ('customer', 'staff'));--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_suppression_check" CHECK ("outbound_messages"."suppression" in ('email_transactional', 'email_marketing', 'sms', 'sms_marketing'));--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_channel_check" CHECK ("outbound_messages"."channel" in ('email', 'sms', 'in_app'));--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD CONSTRAINT "outbound_messages_status_check" CHECK ("outbound_messages"."status" in ('queued', 'sent', 'failed', 'suppressed'));