-- Job kinds are declared once, in the application's job registry: the column holds the kind's
-- key as text, so adding a kind needs no migration.
ALTER TABLE "job_runs" ALTER COLUMN "kind" SET DATA TYPE TEXT USING "kind"::text;

DROP TYPE "JobKind";
