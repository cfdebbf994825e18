-- CreateEnum
CREATE TYPE "AbTestRule" AS ENUM ('HIGHEST_READ_RATE', 'TIE_MORE_DELIVERED', 'TIE_LOWER_POSITION', 'NO_DATA_FIRST_GROUP');

-- CreateTable
CREATE TABLE "ab_test_samplings" (
    "task_id" UUID NOT NULL,
    "seed" TEXT NOT NULL,
    "audience_count" INTEGER NOT NULL,
    "drawn_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ab_test_samplings_pkey" PRIMARY KEY ("task_id")
);

-- CreateTable
CREATE TABLE "ab_test_samples" (
    "task_id" UUID NOT NULL,
    "follower_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ab_test_samples_pkey" PRIMARY KEY ("task_id","follower_id")
);

-- CreateTable
CREATE TABLE "ab_test_results" (
    "record_id" UUID NOT NULL,
    "winner_position" INTEGER NOT NULL,
    "rule" "AbTestRule" NOT NULL,
    "missing_data" BOOLEAN NOT NULL,
    "variants" JSONB NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ab_test_results_pkey" PRIMARY KEY ("record_id")
);

-- CreateIndex
CREATE INDEX "ab_test_samples_task_id_position_idx" ON "ab_test_samples"("task_id", "position");

-- AddForeignKey
ALTER TABLE "ab_test_samplings" ADD CONSTRAINT "ab_test_samplings_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "broadcast_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ab_test_samples" ADD CONSTRAINT "ab_test_samples_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "broadcast_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ab_test_samples" ADD CONSTRAINT "ab_test_samples_follower_id_fkey" FOREIGN KEY ("follower_id") REFERENCES "followers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ab_test_results" ADD CONSTRAINT "ab_test_results_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "send_records"("id") ON DELETE CASCADE ON UPDATE CASCADE;
