CREATE INDEX "customers_by_profile_field" ON "customers" USING gin ("profile");--> statement-breakpoint
CREATE INDEX "events_by_type" ON "events" USING btree ("customer_id","type","occurred_at");