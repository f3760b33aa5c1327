CREATE TABLE "http_idempotency_keys" (
	"studio_id" text NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"actor" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"locked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "http_idempotency_keys_studio_id_key_pk" PRIMARY KEY("studio_id","key"),
	CONSTRAINT "http_idempotency_keys_status_check" CHECK ("http_idempotency_keys"."status" in ('in_progress', 'done')),
	CONSTRAINT "http_idempotency_keys_key_check" CHECK (length("http_idempotency_keys"."key") between 1 and 255)
);
--> statement-breakpoint
CREATE INDEX "http_idempotency_keys_created_idx" ON "http_idempotency_keys" USING btree ("studio_id","created_at");