DROP INDEX "messaging_group_sends_created_idx";--> statement-breakpoint
DROP INDEX "messaging_inbound_customer_idx";--> statement-breakpoint
DROP INDEX "messaging_threads_last_idx";--> statement-breakpoint
DROP INDEX "messaging_threads_unread_idx";--> statement-breakpoint
DROP INDEX "outbound_messages_created_idx";--> statement-breakpoint
DROP INDEX "outbound_messages_customer_idx";--> statement-breakpoint
CREATE INDEX "messaging_group_sends_created_idx" ON "messaging_group_sends" USING btree ("studio_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "messaging_inbound_customer_idx" ON "messaging_inbound_messages" USING btree ("studio_id","customer_id","received_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "messaging_threads_last_idx" ON "messaging_threads" USING btree ("studio_id","last_message_at" DESC NULLS FIRST,"customer_id");--> statement-breakpoint
CREATE INDEX "messaging_threads_unread_idx" ON "messaging_threads" USING btree ("studio_id","last_message_at" DESC NULLS FIRST) WHERE unread_count > 0;--> statement-breakpoint
CREATE INDEX "outbound_messages_created_idx" ON "outbound_messages" USING btree ("studio_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "outbound_messages_customer_idx" ON "outbound_messages" USING btree ("studio_id","customer_id","created_at" DESC NULLS FIRST) WHERE customer_id is not null;