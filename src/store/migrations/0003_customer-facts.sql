CREATE TABLE "customer_facts" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"facts" jsonb NOT NULL,
	"stage" text NOT NULL,
	"churn_type" text,
	"stage_since" timestamp with time zone NOT NULL,
	"stage_due_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "customer_facts" ADD CONSTRAINT "customer_facts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_facts_by_stage" ON "customer_facts" USING btree ("stage","customer_id");--> statement-breakpoint
CREATE INDEX "customer_facts_due" ON "customer_facts" USING btree ("stage_due_at");