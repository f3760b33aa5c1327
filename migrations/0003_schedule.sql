CREATE TABLE "schedule_calendar_feeds" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"target_id" text NOT NULL,
	"token" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "schedule_calendar_feeds_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "schedule_calendar_feeds_kind_check" CHECK ("schedule_calendar_feeds"."kind" in ('teacher', 'location'))
);
--> statement-breakpoint
CREATE TABLE "schedule_occurrences" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"series_id" text NOT NULL,
	"template_id" text NOT NULL,
	"slot_key" text NOT NULL,
	"local_date" date NOT NULL,
	"time_zone" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"teacher_id" text,
	"substituted_for" text,
	"location_id" text,
	"room_id" text,
	"capacity" integer NOT NULL,
	"booked_count" integer DEFAULT 0 NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"video_url" text,
	"video_meeting_id" text,
	"video_status" text DEFAULT 'none' NOT NULL,
	"video_error" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	"cancel_note" text,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_occurrences_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "schedule_occurrences_status_check" CHECK ("schedule_occurrences"."status" in ('scheduled', 'cancelled', 'deleted')),
	CONSTRAINT "schedule_occurrences_times_check" CHECK ("schedule_occurrences"."ends_at" > "schedule_occurrences"."starts_at"),
	CONSTRAINT "schedule_occurrences_capacity_check" CHECK ("schedule_occurrences"."capacity" between 1 and 10000),
	CONSTRAINT "schedule_occurrences_booked_check" CHECK ("schedule_occurrences"."booked_count" >= 0),
	CONSTRAINT "schedule_occurrences_video_check" CHECK ("schedule_occurrences"."video_status" in ('none', 'pending', 'ready', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "schedule_series" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"template_id" text NOT NULL,
	"kind" text NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"share_token" text NOT NULL,
	"pattern" text NOT NULL,
	"weekdays" smallint[] DEFAULT '{}'::smallint[] NOT NULL,
	"start_minutes" smallint[] DEFAULT '{}'::smallint[] NOT NULL,
	"duration_min" integer NOT NULL,
	"time_zone" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"weeks_ahead" integer DEFAULT 8 NOT NULL,
	"materialised_until" date,
	"teacher_id" text,
	"location_id" text,
	"room_id" text,
	"online" boolean DEFAULT false NOT NULL,
	"video_provider" text DEFAULT 'none' NOT NULL,
	"video_url" text,
	"capacity" integer NOT NULL,
	"price_minor" bigint,
	"sales_cutoff_min" integer DEFAULT 0 NOT NULL,
	"booking_window_days" integer,
	"allow_children" boolean DEFAULT false NOT NULL,
	"spot_selection" boolean DEFAULT false NOT NULL,
	"split_from_series_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_series_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "schedule_series_kind_check" CHECK ("schedule_series"."kind" in ('class', 'workshop', 'course', 'semester', 'retreat', 'private')),
	CONSTRAINT "schedule_series_visibility_check" CHECK ("schedule_series"."visibility" in ('public', 'link', 'hidden')),
	CONSTRAINT "schedule_series_pattern_check" CHECK ("schedule_series"."pattern" in ('weekly', 'dates')),
	CONSTRAINT "schedule_series_capacity_check" CHECK ("schedule_series"."capacity" between 1 and 10000),
	CONSTRAINT "schedule_series_duration_check" CHECK ("schedule_series"."duration_min" between 1 and 20160),
	CONSTRAINT "schedule_series_weeks_ahead_check" CHECK ("schedule_series"."weeks_ahead" between 1 and 104),
	CONSTRAINT "schedule_series_cutoff_check" CHECK ("schedule_series"."sales_cutoff_min" >= 0),
	CONSTRAINT "schedule_series_window_check" CHECK ("schedule_series"."booking_window_days" is null or "schedule_series"."booking_window_days" >= 1),
	CONSTRAINT "schedule_series_price_check" CHECK ("schedule_series"."price_minor" is null or "schedule_series"."price_minor" >= 0),
	CONSTRAINT "schedule_series_video_check" CHECK ("schedule_series"."video_provider" in ('none', 'zoom'))
);
--> statement-breakpoint
CREATE TABLE "schedule_teachers" (
	"studio_id" text NOT NULL,
	"user_id" text NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"photo_file_key" text,
	"photo_content_type" text,
	"photo_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_teachers_studio_id_user_id_pk" PRIMARY KEY("studio_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "schedule_templates" (
	"studio_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"welcome_message" text DEFAULT '' NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"default_duration_min" integer NOT NULL,
	"default_capacity" integer NOT NULL,
	"price_minor" bigint DEFAULT 0 NOT NULL,
	"color" text DEFAULT '#4c6ef5' NOT NULL,
	"banner_file_key" text,
	"banner_content_type" text,
	"banner_updated_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_templates_studio_id_id_pk" PRIMARY KEY("studio_id","id"),
	CONSTRAINT "schedule_templates_duration_check" CHECK ("schedule_templates"."default_duration_min" between 1 and 20160),
	CONSTRAINT "schedule_templates_capacity_check" CHECK ("schedule_templates"."default_capacity" between 1 and 10000),
	CONSTRAINT "schedule_templates_price_check" CHECK ("schedule_templates"."price_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "schedule_video_accounts" (
	"studio_id" text NOT NULL,
	"provider" text NOT NULL,
	"account_id" text NOT NULL,
	"client_id" text NOT NULL,
	"client_secret" text NOT NULL,
	"connected_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_video_accounts_studio_id_pk" PRIMARY KEY("studio_id"),
	CONSTRAINT "schedule_video_accounts_provider_check" CHECK ("schedule_video_accounts"."provider" in ('zoom'))
);
--> statement-breakpoint
ALTER TABLE "studio_rooms" ADD COLUMN "spot_map" jsonb;--> statement-breakpoint
ALTER TABLE "schedule_calendar_feeds" ADD CONSTRAINT "schedule_calendar_feeds_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_occurrences" ADD CONSTRAINT "schedule_occurrences_studio_id_series_id_schedule_series_studio_id_id_fk" FOREIGN KEY ("studio_id","series_id") REFERENCES "public"."schedule_series"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_occurrences" ADD CONSTRAINT "schedule_occurrences_studio_id_template_id_schedule_templates_studio_id_id_fk" FOREIGN KEY ("studio_id","template_id") REFERENCES "public"."schedule_templates"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_occurrences" ADD CONSTRAINT "schedule_occurrences_studio_id_teacher_id_identity_users_studio_id_id_fk" FOREIGN KEY ("studio_id","teacher_id") REFERENCES "public"."identity_users"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_occurrences" ADD CONSTRAINT "schedule_occurrences_studio_id_location_id_studio_locations_studio_id_id_fk" FOREIGN KEY ("studio_id","location_id") REFERENCES "public"."studio_locations"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_occurrences" ADD CONSTRAINT "schedule_occurrences_studio_id_room_id_studio_rooms_studio_id_id_fk" FOREIGN KEY ("studio_id","room_id") REFERENCES "public"."studio_rooms"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_series" ADD CONSTRAINT "schedule_series_studio_id_template_id_schedule_templates_studio_id_id_fk" FOREIGN KEY ("studio_id","template_id") REFERENCES "public"."schedule_templates"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_series" ADD CONSTRAINT "schedule_series_studio_id_teacher_id_identity_users_studio_id_id_fk" FOREIGN KEY ("studio_id","teacher_id") REFERENCES "public"."identity_users"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_series" ADD CONSTRAINT "schedule_series_studio_id_location_id_studio_locations_studio_id_id_fk" FOREIGN KEY ("studio_id","location_id") REFERENCES "public"."studio_locations"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_series" ADD CONSTRAINT "schedule_series_studio_id_room_id_studio_rooms_studio_id_id_fk" FOREIGN KEY ("studio_id","room_id") REFERENCES "public"."studio_rooms"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_teachers" ADD CONSTRAINT "schedule_teachers_studio_id_user_id_identity_users_studio_id_id_fk" FOREIGN KEY ("studio_id","user_id") REFERENCES "public"."identity_users"("studio_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_templates" ADD CONSTRAINT "schedule_templates_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_video_accounts" ADD CONSTRAINT "schedule_video_accounts_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_calendar_feeds_token_key" ON "schedule_calendar_feeds" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_calendar_feeds_target_key" ON "schedule_calendar_feeds" USING btree ("studio_id","kind","target_id") WHERE revoked_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_occurrences_slot_key" ON "schedule_occurrences" USING btree ("studio_id","series_id","slot_key");--> statement-breakpoint
CREATE INDEX "schedule_occurrences_starts_idx" ON "schedule_occurrences" USING btree ("studio_id","starts_at");--> statement-breakpoint
CREATE INDEX "schedule_occurrences_series_idx" ON "schedule_occurrences" USING btree ("studio_id","series_id","starts_at");--> statement-breakpoint
CREATE INDEX "schedule_occurrences_teacher_idx" ON "schedule_occurrences" USING btree ("studio_id","teacher_id","starts_at");--> statement-breakpoint
CREATE INDEX "schedule_occurrences_room_idx" ON "schedule_occurrences" USING btree ("studio_id","room_id","starts_at");--> statement-breakpoint
CREATE INDEX "schedule_series_template_idx" ON "schedule_series" USING btree ("studio_id","template_id");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_series_share_token_key" ON "schedule_series" USING btree ("share_token");--> statement-breakpoint
CREATE INDEX "schedule_series_materialise_idx" ON "schedule_series" USING btree ("materialised_until") WHERE pattern = 'weekly';--> statement-breakpoint
CREATE INDEX "schedule_templates_name_idx" ON "schedule_templates" USING btree ("studio_id","name");