CREATE TABLE "suppressed_identities" (
	"kind" text NOT NULL,
	"digest" text NOT NULL,
	"suppressed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppressed_identities_kind_digest_pk" PRIMARY KEY("kind","digest")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "erased_at" timestamp with time zone;