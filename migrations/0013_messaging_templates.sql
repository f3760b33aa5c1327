CREATE TABLE "messaging_template_overrides" (
	"studio_id" text NOT NULL,
	"template_key" text NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"blocks" jsonb NOT NULL,
	"body_text" text NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messaging_template_overrides_studio_id_template_key_locale_pk" PRIMARY KEY("studio_id","template_key","locale"),
	CONSTRAINT "messaging_template_overrides_locale" CHECK (locale in ('en', 'fr'))
);
--> statement-breakpoint
ALTER TABLE "messaging_template_overrides" ADD CONSTRAINT "messaging_template_overrides_studio_id_studios_id_fk" FOREIGN KEY ("studio_id") REFERENCES "public"."studios"("id") ON DELETE no action ON UPDATE no action;