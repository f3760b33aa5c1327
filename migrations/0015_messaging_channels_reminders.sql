CREATE TABLE "messaging_class_reminders" (
	"studio_id" text NOT NULL,
	"booking_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"occurrence_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "messaging_class_reminders_studio_id_booking_id_starts_at_pk" PRIMARY KEY("studio_id","booking_id","starts_at")
);
--> statement-breakpoint
CREATE TABLE "messaging_template_channels" (
	"studio_id" text NOT NULL,
	"template_key" text NOT NULL,
	"email" boolean DEFAULT true NOT NULL,
	"sms" boolean DEFAULT false NOT NULL,
	"in_app" boolean DEFAULT false NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_template_channels_studio_id_template_key_pk" PRIMARY KEY("studio_id","template_key")
);
--> statement-breakpoint
ALTER TABLE "messaging_inbound_messages" DROP CONSTRAINT "messaging_inbound_channel_check";--> statement-breakpoint
ALTER TABLE "messaging_settings" ADD COLUMN "class_reminder_hours" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "messaging_class_reminders" ADD CONSTRAINT "messaging_class_reminders_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messaging_template_channels" ADD CONSTRAINT "messaging_template_channels_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messaging_class_reminders_occurrence_idx" ON "messaging_class_reminders" USING btree ("studio_id","occurrence_id");--> statement-breakpoint
ALTER TABLE "messaging_inbound_messages" ADD CONSTRAINT "messaging_inbound_channel_check" CHECK ("messaging_inbound_messages"."channel" in ('email', 'sms', 'in_app'));--> statement-breakpoint
ALTER TABLE "messaging_settings" ADD CONSTRAINT "messaging_settings_reminder_hours_check" CHECK ("messaging_settings"."class_reminder_hours" between 0 and 168);