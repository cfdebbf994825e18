/*
  Warnings:

  - A unique constraint covering the columns `[job_run_id]` on the table `wechat_events` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "JobRunEventType" AS ENUM ('STARTED', 'TAKEN_OVER', 'RESCHEDULED', 'RETRY_SCHEDULED', 'LEASE_LOST', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "WeChatEventHandling" AS ENUM ('PENDING', 'HANDLED', 'FAILED', 'UNHANDLED');

-- AlterEnum
ALTER TYPE "JobKind" ADD VALUE 'HANDLE_WECHAT_EVENT';

-- AlterTable
ALTER TABLE "job_runs" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "checkpoint" JSONB,
ADD COLUMN     "dispatched_at" TIMESTAMPTZ(3),
ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "lease_token" UUID;

-- AlterTable
ALTER TABLE "wechat_events" ADD COLUMN     "handled_at" TIMESTAMPTZ(3),
ADD COLUMN     "handling" "WeChatEventHandling" NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "handling_error" TEXT,
ADD COLUMN     "job_run_id" UUID;

-- CreateTable
CREATE TABLE "job_run_events" (
    "id" BIGSERIAL NOT NULL,
    "job_run_id" UUID NOT NULL,
    "type" "JobRunEventType" NOT NULL,
    "attempt" INTEGER NOT NULL,
    "detail" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_run_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mass_send_results" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "msg_id" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "total_count" INTEGER NOT NULL,
    "filter_count" INTEGER NOT NULL,
    "sent_count" INTEGER NOT NULL,
    "error_count" INTEGER NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "event_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mass_send_results_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "callback_nonces" (
    "account_id" UUID NOT NULL,
    "nonce" TEXT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "dedup_key" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "callback_nonces_pkey" PRIMARY KEY ("account_id","nonce")
);

-- CreateIndex
CREATE INDEX "job_run_events_job_run_id_id_idx" ON "job_run_events"("job_run_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "mass_send_results_event_id_key" ON "mass_send_results"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "mass_send_results_account_id_msg_id_key" ON "mass_send_results"("account_id", "msg_id");

-- CreateIndex
CREATE INDEX "callback_nonces_seen_at_idx" ON "callback_nonces"("seen_at");

-- CreateIndex
CREATE INDEX "job_runs_status_lease_expires_at_idx" ON "job_runs"("status", "lease_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "wechat_events_job_run_id_key" ON "wechat_events"("job_run_id");

-- AddForeignKey
ALTER TABLE "wechat_events" ADD CONSTRAINT "wechat_events_job_run_id_fkey" FOREIGN KEY ("job_run_id") REFERENCES "job_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_run_events" ADD CONSTRAINT "job_run_events_job_run_id_fkey" FOREIGN KEY ("job_run_id") REFERENCES "job_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mass_send_results" ADD CONSTRAINT "mass_send_results_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "official_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mass_send_results" ADD CONSTRAINT "mass_send_results_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "wechat_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "callback_nonces" ADD CONSTRAINT "callback_nonces_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "official_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
